using System.Data.Common;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// The least a mailer does: writes the e-mail to the outbox, where administrators can read it. Registered with
/// TryAdd by the accounts feature; the platform feature's mailer (outbox + SMTP job with retries) replaces it.
/// </summary>
public sealed class OutboxOnlyMailer(IOutboxRepository outbox, TimeProvider clock) : IMailer
{
    public Task<long> QueueAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        outbox.InsertAsync(OutboxMailer.Row(message, clock), cancellationToken);

    public Task<long> QueueAsync(DbConnection connection, DbTransaction transaction, EmailMessage message, CancellationToken cancellationToken = default) =>
        outbox.AddAsync(connection, transaction, OutboxMailer.Row(message, clock));

    public void SendSoon(IEnumerable<long> outboxIds)
    {
        // No sender here: the rows wait in the outbox.
    }
}
