using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

public sealed class SqlServerScriptTests
{
    public static TheoryData<string> SqlServerScripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in MigrationRunner.ScriptNames(DatabaseProvider.SqlServer))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SqlServerScripts))]
    public void SqlServerScript_ParsesWithTSql180(string resourceName)
    {
        SqlSchemas.Parse(MigrationRunner.ReadScript(resourceName), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{resourceName} line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void ScriptFolders_HaveTheSameNumberedScripts()
    {
        static IEnumerable<string> Files(DatabaseProvider p) =>
            MigrationRunner.ScriptNames(p).Select(n => n[MigrationRunner.ResourcePrefix(p).Length..]);

        Assert.Equal(Files(DatabaseProvider.Sqlite), Files(DatabaseProvider.SqlServer));
    }

    [Fact]
    public void ScriptFolders_DefineTheSameTablesColumnsTypesNullabilityAndIndexes()
    {
        var sqlite = SqlSchemas.SqliteSchema();
        var sqlServer = SqlSchemas.SqlServerSchema();

        Assert.Contains("OutboxMessages", sqlServer.Tables.Keys, SqlSchemas.Names);
        Assert.Contains("UX_Members_Siren", sqlServer.Indexes.Keys, SqlSchemas.Names);
        var differences = SqlSchemas.Differences(sqlite, sqlServer);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Theory]
    [InlineData("Amount INTEGER NOT NULL", "Amount bigint NOT NULL", null)]
    [InlineData("Amount INTEGER NOT NULL", "Amount int NOT NULL", null)]
    [InlineData("Done INTEGER NOT NULL DEFAULT 0", "Done bit NOT NULL DEFAULT 0", null)]
    [InlineData("AtUtc TEXT NULL", "AtUtc datetime2 NULL", null)]
    [InlineData("Label TEXT NOT NULL", "Label nvarchar(50) NOT NULL", null)]
    [InlineData("Label TEXT NULL", "Label nvarchar(50)", null)]
    [InlineData("Amount INTEGER NOT NULL", "Amount nvarchar(20) NOT NULL", "T.Amount: SQLite [INTEGER NOT NULL], SQL Server [TEXT NOT NULL]")]
    [InlineData("Label TEXT NOT NULL", "Label nvarchar(50) NULL", "T.Label: SQLite [TEXT NOT NULL], SQL Server [TEXT NULL]")]
    [InlineData("Label TEXT NULL", "Label nvarchar(50) NOT NULL", "T.Label: SQLite [TEXT NULL], SQL Server [TEXT NOT NULL]")]
    [InlineData("Logo BLOB NULL", "Logo varbinary(max) NULL", null)]
    [InlineData("Logo BLOB NULL", "Logo nvarchar(max) NULL", "T.Logo: SQLite [BLOB NULL], SQL Server [TEXT NULL]")]
    public void Differences_ComparesStorageClassAndNullability(string sqliteColumn, string sqlServerColumn, string? expected)
    {
        var sqlite = SqlSchemas.SqliteSchema([$"CREATE TABLE T (Id INTEGER PRIMARY KEY AUTOINCREMENT, {sqliteColumn});"]);
        var sqlServer = SqlSchemas.SqlServerSchema([("t", $"CREATE TABLE dbo.T (Id bigint IDENTITY(1,1) NOT NULL PRIMARY KEY, {sqlServerColumn});")]);

        var differences = SqlSchemas.Differences(sqlite, sqlServer);

        Assert.Equal(expected is null ? Array.Empty<string>() : new[] { expected }, differences);
    }

    [Theory]
    [InlineData("CREATE INDEX IX_T_A ON T (A, B);", "CREATE INDEX IX_T_A ON dbo.T (A, B);", null)]
    [InlineData("CREATE INDEX IX_T_A ON T (A, B);", "CREATE INDEX IX_T_A ON dbo.T (A) INCLUDE (B);", "index IX_T_A: SQLite [ON T (A, B)], SQL Server [ON T (A)]")]
    [InlineData("CREATE INDEX IX_T_A ON T (A, B);", "CREATE INDEX IX_T_A ON dbo.T (B, A);", "index IX_T_A: SQLite [ON T (A, B)], SQL Server [ON T (B, A)]")]
    [InlineData("CREATE UNIQUE INDEX IX_T_A ON T (A);", "CREATE INDEX IX_T_A ON dbo.T (A);", "index IX_T_A: SQLite [UNIQUE ON T (A)], SQL Server [ON T (A)]")]
    [InlineData("CREATE UNIQUE INDEX IX_T_A ON T (A) WHERE A IS NOT NULL;", "CREATE UNIQUE INDEX IX_T_A ON dbo.T (A) WHERE A IS NOT NULL;", null)]
    [InlineData("CREATE UNIQUE INDEX IX_T_A ON T (A) WHERE A IS NOT NULL;", "CREATE UNIQUE INDEX IX_T_A ON dbo.T (A);", "index IX_T_A: SQLite [UNIQUE ON T (A) WHERE …], SQL Server [UNIQUE ON T (A)]")]
    [InlineData("SELECT 1;", "CREATE INDEX IX_T_A ON dbo.T (A);", "index IX_T_A: SQLite [absent], SQL Server [ON T (A)]")]
    [InlineData("CREATE INDEX IX_T_A ON T (A);", "CREATE INDEX IX_T_A ON dbo.T (A); DROP INDEX IX_T_A ON dbo.T;", "index IX_T_A: SQLite [ON T (A)], SQL Server [absent]")]
    public void Differences_ComparesIndexes(string sqliteIndex, string sqlServerIndex, string? expected)
    {
        var sqlite = SqlSchemas.SqliteSchema(["CREATE TABLE T (A INTEGER NOT NULL, B TEXT NOT NULL);", sqliteIndex]);
        var sqlServer = SqlSchemas.SqlServerSchema([("t", "CREATE TABLE dbo.T (A bigint NOT NULL, B nvarchar(50) NOT NULL);"), ("i", sqlServerIndex)]);

        var differences = SqlSchemas.Differences(sqlite, sqlServer);

        Assert.Equal(expected is null ? Array.Empty<string>() : new[] { expected }, differences);
    }

    [Fact]
    public void Differences_ReportsATableOrColumnOnlyOneProviderHas()
    {
        var sqlite = SqlSchemas.SqliteSchema(["CREATE TABLE T (A INTEGER NOT NULL);", "CREATE TABLE OnlyHere (A INTEGER NOT NULL);"]);
        var sqlServer = SqlSchemas.SqlServerSchema([("t", "CREATE TABLE dbo.T (A bigint NOT NULL); ALTER TABLE dbo.T ADD B nvarchar(10) NULL;")]);

        Assert.Equal(
            new[] { "table OnlyHere: only in SQLite", "T.B: SQLite [absent], SQL Server [TEXT NULL]" },
            SqlSchemas.Differences(sqlite, sqlServer));
    }
}
