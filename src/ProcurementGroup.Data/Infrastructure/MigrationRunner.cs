using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ProcurementGroup.Data.Infrastructure;

/// <summary>Runs the embedded, numbered scripts of sql/sqlite or sql/sqlserver (forward only), once each, through DbUp.</summary>
public sealed class MigrationRunner
{
    // Several app nodes may start together: on SQL Server the first takes this lock and the others wait for it.
    private const string AppLockResource = "ProcurementGroup.Migrations";

    private readonly DbConnectionFactory _factory;
    private readonly ILogger _logger;

    public MigrationRunner(DbConnectionFactory factory, ILogger<MigrationRunner> logger)
    {
        _factory = factory;
        _logger = logger;
    }

    public static Assembly ScriptAssembly => typeof(MigrationRunner).Assembly;

    public static string ResourcePrefix(DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer ? "sql.sqlserver." : "sql.sqlite.";

    /// <summary>The names of the embedded scripts of a provider, in the order DbUp runs them.</summary>
    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider) =>
        ScriptAssembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix(provider), StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    public static string ReadScript(string resourceName)
    {
        using var stream = ScriptAssembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"No embedded script {resourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public int Run()
    {
        if (_factory.Provider == DatabaseProvider.SqlServer)
        {
            return RunSqlServer();
        }

        var builder = new SqliteConnectionStringBuilder(_factory.ConnectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // WAL lets readers work while a writer writes; it is a property of the file, set once.
        using (var connection = new SqliteConnection(_factory.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        return Upgrade(DeployChanges.To.SqliteDatabase(_factory.ConnectionString));
    }

    private int RunSqlServer()
    {
        EnsureDatabase.For.SqlDatabase(_factory.ConnectionString, new NullUpgradeLog());
        using var lockConnection = new SqlConnection(_factory.ConnectionString);
        lockConnection.Open();
        using (var take = lockConnection.CreateCommand())
        {
            take.CommandText = "DECLARE @r int; EXEC @r = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000; SELECT @r;";
            take.Parameters.AddWithValue("@Resource", AppLockResource);
            take.CommandTimeout = 130;
            var result = Convert.ToInt32(take.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (result < 0)
            {
                throw new InvalidOperationException($"Could not take the migration lock (sp_getapplock returned {result}).");
            }
        }

        try
        {
            return Upgrade(DeployChanges.To.SqlDatabase(_factory.ConnectionString));
        }
        finally
        {
            using var release = lockConnection.CreateCommand();
            release.CommandText = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session';";
            release.Parameters.AddWithValue("@Resource", AppLockResource);
            release.ExecuteNonQuery();
        }
    }

    private int Upgrade(DbUp.Builder.UpgradeEngineBuilder builder)
    {
        var prefix = ResourcePrefix(_factory.Provider);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new LoggerUpgradeLog(_logger))
            .Build();

        var pending = engine.GetScriptsToExecute();
        if (pending.Count == 0)
        {
            return 0;
        }

        DatabaseUpgradeResult result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
        }

        _logger.LogInformation("Applied {Count} migration script(s).", pending.Count);
        return pending.Count;
    }

    /// <summary>True when every embedded script has been applied (used by /health).</summary>
    public bool IsUpToDate()
    {
        var prefix = ResourcePrefix(_factory.Provider);
        var builder = _factory.Provider == DatabaseProvider.SqlServer
            ? DeployChanges.To.SqlDatabase(_factory.ConnectionString)
            : DeployChanges.To.SqliteDatabase(_factory.ConnectionString);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .LogTo(new NullUpgradeLog())
            .Build();
        return !engine.IsUpgradeRequired();
    }

    private sealed class NullUpgradeLog : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args)
        {
        }

        public void LogWarning(string format, params object[] args)
        {
        }

        public void LogError(string format, params object[] args)
        {
        }

        public void LogError(Exception ex, string format, params object[] args)
        {
        }
    }

    private sealed class LoggerUpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{Message}", Format(format, args));

        public void LogDebug(string format, params object[] args) => logger.LogDebug("{Message}", Format(format, args));

        public void LogInformation(string format, params object[] args) => logger.LogDebug("{Message}", Format(format, args));

        public void LogWarning(string format, params object[] args) => logger.LogWarning("{Message}", Format(format, args));

        public void LogError(string format, params object[] args) => logger.LogError("{Message}", Format(format, args));

        public void LogError(Exception ex, string format, params object[] args) => logger.LogError("{Message}: {Error}", Format(format, args), ex.Message);

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
