using Hangfire;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// Writes the e-mail to the outbox, then enqueues <see cref="SendEmailJob"/> with the row's id: the message is never
/// lost if SMTP is down (Hangfire retries), and administrators can read and resend it from the outbox pages.
/// </summary>
public sealed class OutboxMailer(IOutboxRepository outbox, IBackgroundJobClient jobs, TimeProvider clock) : IMailer
{
    public async Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = await outbox.InsertAsync(
            new OutboxMessage
            {
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
                ToAddress = message.To,
                Subject = message.Subject,
                TextBody = message.TextBody,
                HtmlBody = message.HtmlBody,
                Status = OutboxStatus.Pending,
            },
            cancellationToken);
        jobs.Enqueue<SendEmailJob>(job => job.SendAsync(id, CancellationToken.None));
        return id;
    }
}
