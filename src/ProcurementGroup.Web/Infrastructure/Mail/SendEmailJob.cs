using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// Sends one outbox message through SMTP. Takes an id (never the message) and is safe to run twice, even at the same
/// time: the row is claimed first (<see cref="IOutboxRepository.ClaimAsync"/>) and only the claimer sends. A failure
/// marks the row Failed with the error and releases the claim; <see cref="OutboxSenderJob"/> retries it at its next run.
/// </summary>
public sealed class SendEmailJob(IOutboxRepository outbox, IOptions<SmtpOptions> options, OutboxOptions outboxOptions, TimeProvider clock, ILogger<SendEmailJob> logger)
{
    /// <summary>Retries are the recurring sender's (<see cref="OutboxOptions.MaxAttempts"/>), not Hangfire's.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(long outboxId, CancellationToken cancellationToken) =>
        await TrySendAsync(outboxId, cancellationToken);

    /// <summary>True when this call delivered the message.</summary>
    public async Task<bool> TrySendAsync(long outboxId, CancellationToken cancellationToken)
    {
        var message = await outbox.GetAsync(outboxId, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("Courriel {OutboxId} introuvable dans la boîte d'envoi : rien à envoyer.", outboxId);
            return false;
        }

        if (message.Status == OutboxStatus.Sent)
        {
            return false;
        }

        var smtp = options.Value;
        if (!smtp.IsConfigured)
        {
            logger.LogInformation("SMTP non configuré : le courriel {OutboxId} reste dans la boîte d'envoi.", outboxId);
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!await outbox.ClaimAsync(outboxId, now, now - outboxOptions.ClaimTimeout, cancellationToken))
        {
            // Sent meanwhile, or being sent by another run.
            return false;
        }

        try
        {
            await SendAsync(smtp, message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await outbox.MarkFailedAsync(outboxId, ex.Message, CancellationToken.None);
            logger.LogWarning("Envoi du courriel {OutboxId} à {To} échoué : {Reason}", outboxId, message.ToAddress, ex.Message);
            return false;
        }

        await outbox.MarkSentAsync(outboxId, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        return true;
    }

    private static async Task SendAsync(SmtpOptions smtp, OutboxMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.ToAddress));
        mime.Subject = message.Subject;
        var body = new BodyBuilder { TextBody = message.TextBody };
        if (!string.IsNullOrEmpty(message.HtmlBody))
        {
            body.HtmlBody = message.HtmlBody;
        }

        mime.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        var security = smtp.UseStartTls
            ? SecureSocketOptions.StartTls
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
