using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// The least a mailer does: writes the e-mail to the outbox, where administrators can read it. Registered with
/// TryAdd by the accounts feature; the platform feature's mailer (outbox + SMTP job with retries) replaces it.
/// </summary>
public sealed class OutboxOnlyMailer(IOutboxRepository outbox, TimeProvider clock) : IMailer
{
    public Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        outbox.InsertAsync(
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
}
