using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// An officer's change to a form the member submitted: the reason, and the e-mails to the member's buyers, queued in the
/// transaction of the change and sent once it is committed.
/// </summary>
public sealed class OfficerChangeNotice(string reason, IReadOnlyList<EmailMessage> emails, IMailer mailer)
{
    private readonly List<long> _queued = [];

    public string Reason => reason;

    public async Task QueueAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var email in emails)
        {
            _queued.Add(await mailer.QueueAsync(connection, transaction, email, cancellationToken));
        }
    }

    public void SendSoon() => mailer.SendSoon(_queued);
}
