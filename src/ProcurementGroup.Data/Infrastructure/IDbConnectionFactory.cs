using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace ProcurementGroup.Data.Infrastructure;

/// <summary>Opens one connection per call for the configured provider. Repositories are stateless and use it.</summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    DatabaseProvider Provider { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}

public sealed class DbConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    public DbConnectionFactory(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        _connectionString = connectionString;
        Dialect = provider == DatabaseProvider.SqlServer ? new SqlServerDialect() : new SqliteDialect();
        DapperSetup.EnsureRegistered();
    }

    public ISqlDialect Dialect { get; }

    public DatabaseProvider Provider { get; }

    public string ConnectionString => _connectionString;

    /// <summary>Builds the factory from options; a relative SQLite path is resolved against <paramref name="contentRoot"/>.</summary>
    public static DbConnectionFactory FromOptions(DatabaseOptions options, string contentRoot)
    {
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Default is empty.");
            }

            return new DbConnectionFactory(DatabaseProvider.SqlServer, options.ConnectionString);
        }

        return new DbConnectionFactory(DatabaseProvider.Sqlite, SqliteConnectionString(ResolvePath(options.SqlitePath, contentRoot)));
    }

    public static string ResolvePath(string path, string contentRoot) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(contentRoot, path));

    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        ForeignKeys = true,
        // Waits this long on a locked database before failing (busy timeout).
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(_connectionString)
            : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
