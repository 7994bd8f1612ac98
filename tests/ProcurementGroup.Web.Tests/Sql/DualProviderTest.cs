using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// Runs one test body on a fresh, migrated SQLite file always, and on SQL Server when PROCUREMENT_TEST_SQLSERVER holds
/// a connection string (a visible skip otherwise). Derive, implement <see cref="RunAsync"/>; the test tolerates rows
/// left by earlier runs on a shared SQL Server database (assert on what it wrote itself).
/// </summary>
public abstract class DualProviderTest
{
    [Fact]
    public async Task OnSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pg-tests", "repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(folder, "repo.db")));
            new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
            await RunAsync(factory);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS temp cleaner.
            }
        }
    }

    [SkippableFact]
    public async Task OnSqlServer()
    {
        var connectionString = Requires.SqlServer();
        var factory = new DbConnectionFactory(DatabaseProvider.SqlServer, connectionString);
        new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
        await RunAsync(factory);
    }

    protected abstract Task RunAsync(IDbConnectionFactory factory);
}
