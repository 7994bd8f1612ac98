namespace ProcurementGroup.Web.Infrastructure.Mail;

public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>
/// Queues an e-mail: it is written to the outbox table and sent by a background job with retries (through SMTP when
/// configured; otherwise it stays in the outbox where administrators can read and resend it).
/// </summary>
public interface IMailer
{
    Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
