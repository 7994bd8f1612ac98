using System.Data.Common;

namespace ProcurementGroup.Web.Infrastructure.Mail;

public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>
/// Queues an e-mail: it is written to the outbox table and sent by a background job with retries (through SMTP when
/// configured; otherwise it stays in the outbox where administrators can read and resend it).
/// </summary>
public interface IMailer
{
    /// <summary>An e-mail that goes with no other change (a password reset): written to the outbox on its own.</summary>
    Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// An e-mail caused by a change: written to the outbox in the change's transaction, so both are committed or neither
    /// is. The recurring outbox sender delivers it once committed (Hangfire's storage cannot join our transaction).
    /// </summary>
    Task<long> QueueAsync(DbConnection connection, DbTransaction transaction, EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// After the commit: asks for the committed rows to be sent now rather than at the sender's next run. Only a
    /// shortcut: if this request is lost (a crash right after the commit), the recurring sender still sends them.
    /// </summary>
    void SendSoon(IEnumerable<long> outboxIds);
}
