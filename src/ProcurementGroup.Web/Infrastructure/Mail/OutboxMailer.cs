using System.Data.Common;
using Hangfire;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// Writes the e-mail to the outbox; <see cref="OutboxSenderJob"/> (recurring) sends the pending rows, so a message is
/// never lost if SMTP is down or the process stops, and administrators can read and resend it from the outbox pages.
/// </summary>
public sealed class OutboxMailer(IOutboxRepository outbox, IBackgroundJobClient jobs, TimeProvider clock) : IMailer
{
    public async Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var id = await outbox.InsertAsync(Row(message, clock), cancellationToken);

        // Committed on its own: it may go at once.
        SendSoon([id]);
        return id;
    }

    public Task<long> QueueAsync(DbConnection connection, DbTransaction transaction, EmailMessage message, CancellationToken cancellationToken = default) =>
        outbox.AddAsync(connection, transaction, Row(message, clock));

    public void SendSoon(IEnumerable<long> outboxIds)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);

        // Should an enqueue be lost, the recurring sender still finds the row; the claim keeps the two from sending it twice.
        foreach (var id in outboxIds)
        {
            jobs.Enqueue<SendEmailJob>(job => job.SendAsync(id, CancellationToken.None));
        }
    }

    public static OutboxMessage Row(EmailMessage message, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(clock);
        return new OutboxMessage
        {
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            ToAddress = message.To,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Status = OutboxStatus.Pending,
        };
    }
}
