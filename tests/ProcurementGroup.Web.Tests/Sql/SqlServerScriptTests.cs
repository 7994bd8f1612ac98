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
    public void ScriptFolders_DefineTheSameTablesAndColumns()
    {
        var sqlite = SqlSchemas.Sqlite();
        var sqlServer = SqlSchemas.SqlServer();

        Assert.Contains("OutboxMessages", sqlServer.Keys, SqlSchemas.Names);
        Assert.Equal(sqlite.Keys.Order(SqlSchemas.Names), sqlServer.Keys.Order(SqlSchemas.Names), SqlSchemas.Names);
        foreach (var (table, columns) in sqlite)
        {
            var other = sqlServer[table];
            Assert.True(
                columns.SetEquals(other),
                $"{table}: only in SQLite [{string.Join(", ", columns.Except(other, SqlSchemas.Names))}], only in SQL Server [{string.Join(", ", other.Except(columns, SqlSchemas.Names))}]");
        }
    }
}
