using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// Sends one outbox message through SMTP. Takes an id (never the message) and is safe to run twice: a message already
/// sent is skipped. A failure marks the row Failed with the error and rethrows so that Hangfire retries.
/// </summary>
public sealed class SendEmailJob(IOutboxRepository outbox, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<SendEmailJob> logger)
{
    public const int Attempts = 5;

    [AutomaticRetry(Attempts = Attempts, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task SendAsync(long outboxId, CancellationToken cancellationToken)
    {
        var message = await outbox.GetAsync(outboxId, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("Courriel {OutboxId} introuvable dans la boîte d'envoi : rien à envoyer.", outboxId);
            return;
        }

        if (message.Status == OutboxStatus.Sent)
        {
            return;
        }

        var smtp = options.Value;
        if (!smtp.IsConfigured)
        {
            logger.LogInformation("SMTP non configuré : le courriel {OutboxId} reste dans la boîte d'envoi.", outboxId);
            return;
        }

        try
        {
            await SendAsync(smtp, message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await outbox.MarkFailedAsync(outboxId, ex.Message, CancellationToken.None);
            logger.LogWarning("Envoi du courriel {OutboxId} à {To} échoué : {Reason}", outboxId, message.ToAddress, ex.Message);
            throw;
        }

        await outbox.MarkSentAsync(outboxId, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
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
