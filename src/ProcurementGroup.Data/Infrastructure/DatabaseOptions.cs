namespace ProcurementGroup.Data.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Section <c>Database</c> of the configuration, plus <c>ConnectionStrings:Default</c> for SQL Server.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite database file; relative paths are resolved against the application's content root.</summary>
    public string SqlitePath { get; set; } = "data/procurement.db";

    /// <summary>The Hangfire SQLite database file (kept apart: Hangfire owns its tables).</summary>
    public string HangfireSqlitePath { get; set; } = "data/hangfire.db";

    /// <summary>SQL Server connection string (from <c>ConnectionStrings:Default</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long start-up waits for SQL Server before giving up.</summary>
    public int StartupTimeoutSeconds { get; set; } = 20;
}
