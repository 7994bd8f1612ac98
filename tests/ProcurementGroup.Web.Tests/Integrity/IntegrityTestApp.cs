using System.Data.Common;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Tests.Platform;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>Faults a test switches on to stand for a crash at a chosen point of a write.</summary>
public sealed class FaultSwitch
{
    /// <summary>Every outbox write throws (the database refusing the e-mail's row).</summary>
    public volatile bool OutboxWriteFails;

    /// <summary>The audit row of this action throws (a failure after the e-mail's row was written, before the commit).</summary>
    public volatile string? AuditFailsOn;
}

/// <summary>
/// The app with an SMTP listener, a recurring sender that never fires by itself (tests run it by hand, so counts are
/// exact) and <see cref="FaultSwitch"/> wrapped around the outbox and the audit trail.
/// </summary>
public sealed class IntegrityTestApp : SmtpTestApp
{
    public const string PublicBaseUrl = "https://achats.example.org";

    public FaultSwitch Faults { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Outbox:SendCron"] = Cron.Never();
            settings["Retention:OutboxDays"] = "90";
            settings["App:PublicBaseUrl"] = PublicBaseUrl;
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Faults);
            services.AddSingleton<OutboxRepository>();
            services.Replace(ServiceDescriptor.Singleton<IOutboxRepository>(sp => new FaultyOutbox(sp.GetRequiredService<OutboxRepository>(), Faults)));
            services.AddScoped<AuditTrail>();
            services.Replace(ServiceDescriptor.Scoped<IAuditTrail>(sp => new FaultyAudit(sp.GetRequiredService<AuditTrail>(), Faults)));
        });
    }

    private sealed class FaultyOutbox(OutboxRepository inner, FaultSwitch faults) : IOutboxRepository
    {
        public Task<long> AddAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message) =>
            faults.OutboxWriteFails ? throw new InvalidOperationException("Panne simulée de la boîte d'envoi.") : inner.AddAsync(connection, transaction, message);

        public Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
            faults.OutboxWriteFails ? throw new InvalidOperationException("Panne simulée de la boîte d'envoi.") : inner.InsertAsync(message, cancellationToken);

        public Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<(IReadOnlyList<OutboxMessage> Rows, int Total)> ListAsync(OutboxStatus? status, int skip, int take, CancellationToken cancellationToken = default) =>
            inner.ListAsync(status, skip, take, cancellationToken);

        public Task MarkSentAsync(long id, DateTime sentAtUtc, CancellationToken cancellationToken = default) => inner.MarkSentAsync(id, sentAtUtc, cancellationToken);

        public Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken = default) => inner.MarkFailedAsync(id, error, cancellationToken);

        public Task MarkPendingAsync(long id, CancellationToken cancellationToken = default) => inner.MarkPendingAsync(id, cancellationToken);

        public Task<IReadOnlyList<long>> DueAsync(DateTime staleClaimBeforeUtc, int maxAttempts, int take, CancellationToken cancellationToken = default) =>
            inner.DueAsync(staleClaimBeforeUtc, maxAttempts, take, cancellationToken);

        public Task<bool> ClaimAsync(long id, DateTime nowUtc, DateTime staleClaimBeforeUtc, CancellationToken cancellationToken = default) =>
            inner.ClaimAsync(id, nowUtc, staleClaimBeforeUtc, cancellationToken);

        public Task<int> PurgeBodiesAsync(DateTime createdBeforeUtc, DateTime nowUtc, CancellationToken cancellationToken = default) =>
            inner.PurgeBodiesAsync(createdBeforeUtc, nowUtc, cancellationToken);
    }

    private sealed class FaultyAudit(AuditTrail inner, FaultSwitch faults) : IAuditTrail
    {
        public Task WriteAsync(DbConnection connection, DbTransaction? transaction, string entityType, long? entityId, string action, object? before, object? after) =>
            faults.AuditFailsOn == action
                ? throw new InvalidOperationException("Panne simulée avant la validation de la transaction.")
                : inner.WriteAsync(connection, transaction, entityType, entityId, action, before, after);
    }
}
