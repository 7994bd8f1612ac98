using Hangfire;
using Microsoft.Extensions.Options;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Platform;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// Sends the pending outbox rows (the e-mails committed with the change that caused them), retrying failed ones up to
/// <see cref="OutboxOptions.MaxAttempts"/>. Safe to run twice at once: each row is claimed before it is sent, so it goes
/// once; a claim left by a crashed run is taken again after <see cref="OutboxOptions.ClaimTimeout"/>.
/// </summary>
public sealed class OutboxSenderJob(IOutboxRepository outbox, SendEmailJob sender, IOptions<SmtpOptions> smtp, OutboxOptions options, TimeProvider clock)
{
    public const string JobId = "outbox-send";

    /// <summary>Returns the number of e-mails this run delivered.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!smtp.Value.IsConfigured)
        {
            // Without SMTP the outbox is where administrators read the e-mails: they stay Pending.
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sent = 0;
        foreach (var id in await outbox.DueAsync(now - options.ClaimTimeout, Math.Max(1, options.MaxAttempts), Math.Max(1, options.BatchSize), cancellationToken))
        {
            if (await sender.TrySendAsync(id, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }
}

/// <summary>Retention: removes the bodies of outbox rows older than <see cref="RetentionOptions.OutboxDays"/>.</summary>
public sealed class OutboxRetentionJob(IOutboxRepository outbox, RetentionOptions options, TimeProvider clock, ILogger<OutboxRetentionJob> logger)
{
    public const string JobId = "outbox-retention";

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var purged = await outbox.PurgeBodiesAsync(now.AddDays(-Math.Max(1, options.OutboxDays)), now, cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Rétention : corps de {Count} courriel(s) de plus de {Days} jours effacés.", purged, options.OutboxDays);
        }

        return purged;
    }
}

/// <summary>Registers the outbox sender (every minute by default) and the retention purge (daily).</summary>
public sealed class OutboxJobsSetup(OutboxOptions outbox, RetentionOptions retention) : IRecurringJobSetup
{
    public void Register(IRecurringJobManager manager)
    {
        manager.AddOrUpdate<OutboxSenderJob>(OutboxSenderJob.JobId, job => job.RunAsync(CancellationToken.None), outbox.SendCron);
        manager.AddOrUpdate<OutboxRetentionJob>(OutboxRetentionJob.JobId, job => job.RunAsync(CancellationToken.None), retention.Cron);
    }
}
