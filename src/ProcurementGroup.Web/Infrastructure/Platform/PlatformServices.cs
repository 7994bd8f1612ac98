using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Security;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>Jobs, e-mail, health and data-protection keys.</summary>
public static class PlatformServices
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database)
    {
        var jobs = new JobsOptions();
        configuration.GetSection(JobsOptions.SectionName).Bind(jobs);
        services.AddSingleton(jobs);
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName));
        // Bound from the final configuration when first needed (a test host's settings arrive after this call).
        services.AddSingleton(sp => Bind<OutboxOptions>(sp.GetRequiredService<IConfiguration>(), OutboxOptions.SectionName));
        services.AddSingleton(sp => Bind<RetentionOptions>(sp.GetRequiredService<IConfiguration>(), RetentionOptions.SectionName));
        services.AddSingleton(sp => Bind<BackupOptions>(sp.GetRequiredService<IConfiguration>(), BackupOptions.SectionName));

        // Data protection: keys in our database, so that every node shares logins and antiforgery tokens.
        services.AddSingleton<DatabaseXmlRepository>();
        var dataProtection = services.AddDataProtection().SetApplicationName("ProcurementGroup");

        // With a certificate configured, each key is stored encrypted with it: someone who reads the database (or a
        // backup of it) cannot forge login cookies without the certificate's private key as well. See docs/operations.md.
        if (DataProtectionCertificate.Load(configuration) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate.Current);
            dataProtection.UnprotectKeysWithAnyCertificate([certificate.Current, .. certificate.Previous]);
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = sp.GetRequiredService<DatabaseXmlRepository>()));

        // Hangfire. Our own JobStorage singleton (registered before AddHangfire, whose TryAdd then keeps it) rather than
        // the static JobStorage.Current: it is built lazily, after StartupTasks has checked the database, and two hosts in
        // one process (tests, several apps) never share a storage.
        services.AddSingleton<JobStorage>(sp => HangfireStorageFactory.Create(
            database,
            sp.GetRequiredService<DbConnectionFactory>(),
            jobs,
            environment.ContentRootPath));

        // Same for the job activator: AddHangfire would register the static JobActivator.Current, which the last host
        // configured overwrites; ours creates job classes from this host's own container.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostSafeLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>()))));
        if (jobs.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, jobs.WorkerCount);
                o.ShutdownTimeout = TimeSpan.FromSeconds(5);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Max(1, jobs.PollIntervalSeconds));
            });
        }

        // E-mail: outbox + job. Plain registrations (not TryAdd) so that ours replaces any temporary mailer.
        services.RemoveAll<IMailer>();
        services.AddScoped<IMailer, OutboxMailer>();
        services.AddScoped<SendEmailJob>();
        services.AddScoped<OutboxSenderJob>();
        services.AddScoped<OutboxRetentionJob>();
        services.AddSingleton<IRecurringJobSetup, OutboxJobsSetup>();
        services.AddSingleton<SqliteBackup>();
        services.AddScoped<ScheduledBackupJob>();
        services.AddSingleton<IRecurringJobSetup, ScheduledBackupJobSetup>();
        return services;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }

    public static void MapPlatformEndpoints(this WebApplication app)
    {
        app.MapGet("/health", [AllowAnonymous] async (MigrationRunner migrations, IDbConnectionFactory factory) =>
        {
            try
            {
                await using var connection = await factory.OpenAsync();
                return migrations.IsUpToDate() ? Results.Text("ok") : Results.Text("migrations pending", statusCode: 503);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                return Results.Text("database unreachable", statusCode: 503);
            }
        });

        // Mapped after UseAuthentication (see AppHost.ConfigurePipeline) so that HttpContext.User is the cookie's user:
        // anonymous visitors meet the fallback policy (login page), other roles the filter (403).
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            DashboardTitle = "ProcurementGroup — tâches de fond",
            AppPath = "/",
        }).RequireAuthorization(Authorization.Policies.Administrator);
    }
}
