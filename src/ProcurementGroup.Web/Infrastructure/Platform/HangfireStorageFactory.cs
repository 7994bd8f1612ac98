using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>
/// Builds Hangfire's storage: its own SQLite file by default, the application's SQL Server database otherwise
/// (Hangfire creates and owns its tables in the HangFire schema; they stay out of our migrations).
/// Called lazily when <see cref="JobStorage"/> is first resolved, which happens after the start-up database check.
/// </summary>
public static class HangfireStorageFactory
{
    public static JobStorage Create(DatabaseOptions database, DbConnectionFactory factory, JobsOptions jobs, string contentRoot)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, jobs.PollIntervalSeconds));
        if (database.Provider == DatabaseProvider.SqlServer)
        {
            return new SqlServerStorage(factory.ConnectionString, new SqlServerStorageOptions
            {
                PrepareSchemaIfNecessary = true,
                SqlClientFactory = Microsoft.Data.SqlClient.SqlClientFactory.Instance,
                QueuePollInterval = TimeSpan.Zero,
                CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
                SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                DisableGlobalLocks = true,
            });
        }

        var path = DbConnectionFactory.ResolvePath(database.HangfireSqlitePath, contentRoot);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // A busy timeout so that the workers and the dashboard wait for each other instead of failing on a lock.
        var connections = new SQLiteDbConnectionFactory(() => new SQLite.SQLiteConnection(
            path,
            SQLite.SQLiteOpenFlags.ReadWrite | SQLite.SQLiteOpenFlags.Create | SQLite.SQLiteOpenFlags.FullMutex,
            storeDateTimeAsTicks: true)
        {
            BusyTimeout = TimeSpan.FromSeconds(30),
        });
        return new SQLiteStorage(connections, new SQLiteStorageOptions
        {
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
            QueuePollInterval = poll,
            InvisibilityTimeout = TimeSpan.FromSeconds(Math.Max(1, jobs.InvisibilityTimeoutSeconds)),
        });
    }
}
