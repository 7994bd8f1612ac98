using Dapper;
using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// Migration scripts are numbered 0001, 0002, … without gaps (an applied script is never renamed; an unused number is
/// filled by a reserved script that does nothing), and DbUp applies a script added below the highest number on a
/// database that already has the later ones.
/// </summary>
public sealed class MigrationNumberingTests
{
    private static readonly string[] Reserved = ["0004_reserved.sql", "0006_reserved.sql"];

    public static TheoryData<DatabaseProvider> Providers() => new(DatabaseProvider.Sqlite, DatabaseProvider.SqlServer);

    [Theory]
    [MemberData(nameof(Providers))]
    public void ScriptNames_AreNumberedWithoutGap(DatabaseProvider provider)
    {
        var files = FileNames(provider);

        Assert.All(files, f => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", f));
        Assert.Equal(files.Count, files.Select(f => f[..4]).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(SqlSchemas.MissingNumbers(files));
        Assert.Subset(files.ToHashSet(StringComparer.Ordinal), Reserved.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void MissingNumbers_FindsAGapButAcceptsAnyContiguousNumbering()
    {
        Assert.Equal(new[] { 3 }, SqlSchemas.MissingNumbers(["0001_a.sql", "0002_b.sql", "0004_c.sql"]));
        Assert.Equal(new[] { 1, 2 }, SqlSchemas.MissingNumbers(["0003_a.sql"]));
        Assert.Empty(SqlSchemas.MissingNumbers(["0001_a.sql", "0002_b.sql", "0003_c.sql", "0010_x.sql", "0004_d.sql", "0005_e.sql", "0006_f.sql", "0007_g.sql", "0008_h.sql", "0009_i.sql"]));
    }

    [Fact]
    public void ReservedScripts_ChangeNothing()
    {
        var withoutReserved = SqlSchemas.SqliteSchema(
            MigrationRunner.ScriptNames(DatabaseProvider.Sqlite).Where(n => !IsReserved(n)).Select(MigrationRunner.ReadScript));

        Assert.Empty(SqlSchemas.Differences(withoutReserved, SqlSchemas.SqliteSchema()));
        foreach (var name in MigrationRunner.ScriptNames(DatabaseProvider.SqlServer).Where(IsReserved))
        {
            var fragment = SqlSchemas.Parse(MigrationRunner.ReadScript(name), out var errors);
            Assert.Empty(errors);
            var statement = Assert.Single(Assert.Single(((Microsoft.SqlServer.TransactSql.ScriptDom.TSqlScript)fragment).Batches).Statements);
            Assert.IsType<Microsoft.SqlServer.TransactSql.ScriptDom.SelectStatement>(statement);
        }
    }

    [Fact]
    public void ExistingDatabaseWithLaterScripts_AppliesTheReservedScriptsOnceAndKeepsItsRows()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pg-tests", "migrate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var connectionString = DbConnectionFactory.SqliteConnectionString(Path.Combine(folder, "existing.db"));

            // A database migrated before the reserved scripts existed: every script but 0004 and 0006 applied.
            var prefix = MigrationRunner.ResourcePrefix(DatabaseProvider.Sqlite);
            var old = DeployChanges.To.SqliteDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(MigrationRunner.ScriptAssembly, n => n.StartsWith(prefix, StringComparison.Ordinal) && !IsReserved(n))
                .WithTransactionPerScript()
                .Build()
                .PerformUpgrade();
            Assert.True(old.Successful, old.Error?.Message);
            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Execute("INSERT INTO PurchasingGroups (Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc) VALUES ('Groupement existant', 'groupement existant', 1, '2026-01-01', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
            }

            var runner = new MigrationRunner(new DbConnectionFactory(DatabaseProvider.Sqlite, connectionString), NullLogger<MigrationRunner>.Instance);
            var applied = runner.Run();
            var again = runner.Run();

            Assert.Equal(2, applied);
            Assert.Equal(0, again);
            Assert.True(runner.IsUpToDate());
            using var check = new SqliteConnection(connectionString);
            var journal = check.Query<string>("SELECT ScriptName FROM SchemaVersions ORDER BY SchemaVersionID").ToList();
            Assert.Equal(MigrationRunner.ScriptNames(DatabaseProvider.Sqlite).Count, journal.Count);
            Assert.Equal(new[] { prefix + Reserved[0], prefix + Reserved[1] }, journal.TakeLast(2));
            Assert.Equal("Groupement existant", check.QuerySingle<string>("SELECT Name FROM PurchasingGroups"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
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

    private static bool IsReserved(string resourceName) => Reserved.Any(r => resourceName.EndsWith(r, StringComparison.Ordinal));

    private static List<string> FileNames(DatabaseProvider provider) =>
        MigrationRunner.ScriptNames(provider).Select(n => n[MigrationRunner.ResourcePrefix(provider).Length..]).ToList();
}
