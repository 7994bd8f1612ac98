using System.Globalization;
using Hangfire;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>Section <c>Backup</c>: the scheduled online backup of the SQLite database. No folder, no scheduled backup.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>Where the copies go (relative to the content root). Empty: no scheduled backup.</summary>
    public string? Folder { get; set; }

    /// <summary>Cron expression (default: every day at 02:30 UTC).</summary>
    public string Cron { get; set; } = "30 2 * * *";

    /// <summary>How many copies are kept: the newest ones; older ones are deleted after a successful backup.</summary>
    public int Keep { get; set; } = 7;
}

/// <summary>
/// Runs <see cref="SqliteBackup"/> into <see cref="BackupOptions.Folder"/> as <c>procurement-yyyyMMdd-HHmmss.db</c> and
/// keeps the newest <see cref="BackupOptions.Keep"/> copies. SQLite only: on SQL Server the database server's own
/// backups apply (docs/operations.md).
/// </summary>
public sealed class ScheduledBackupJob(SqliteBackup backup, DbConnectionFactory factory, BackupOptions options, IHostEnvironment environment, TimeProvider clock, ILogger<ScheduledBackupJob> logger)
{
    public const string JobId = "database-backup";
    public const string FilePrefix = "procurement-";
    public const string FileExtension = ".db";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);

    /// <summary>Writes the copy stamped <paramref name="nowUtc"/>; returns its path, or null when there is nothing to do.</summary>
    public async Task<string?> RunAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (factory.Provider != DatabaseProvider.Sqlite)
        {
            logger.LogWarning("Sauvegarde planifiée ignorée : la base est SQL Server, sauvegardée par le serveur de bases de données.");
            return null;
        }

        if (Folder() is not { } folder)
        {
            return null;
        }

        var target = Path.Combine(folder, FilePrefix + nowUtc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + FileExtension);
        await backup.BackupAsync(target, cancellationToken);
        var removed = Prune(folder, Math.Max(1, options.Keep));
        logger.LogInformation("Sauvegarde écrite : {Path} ({Removed} ancienne(s) supprimée(s)).", target, removed);
        return target;
    }

    /// <summary>The copies in the folder, newest first (the stamp in the name sorts as the date).</summary>
    public static IReadOnlyList<string> Copies(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, FilePrefix + "*" + FileExtension).OrderByDescending(Path.GetFileName, StringComparer.Ordinal).ToList()
            : [];

    public string? Folder() =>
        string.IsNullOrWhiteSpace(options.Folder) ? null : Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Folder));

    private static int Prune(string folder, int keep)
    {
        var removed = 0;
        foreach (var old in Copies(folder).Skip(keep))
        {
            File.Delete(old);
            removed++;
        }

        return removed;
    }
}

/// <summary>Registers the scheduled backup when a folder is configured; removes it otherwise.</summary>
public sealed class ScheduledBackupJobSetup(BackupOptions options) : IRecurringJobSetup
{
    public void Register(IRecurringJobManager manager)
    {
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            manager.RemoveIfExists(ScheduledBackupJob.JobId);
            return;
        }

        manager.AddOrUpdate<ScheduledBackupJob>(ScheduledBackupJob.JobId, job => job.RunAsync(CancellationToken.None), options.Cron);
    }
}
