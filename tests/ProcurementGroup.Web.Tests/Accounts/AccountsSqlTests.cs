using Microsoft.SqlServer.TransactSql.ScriptDom;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

public sealed class AccountsSqlTests
{
    private static void AssertParses(string sql)
    {
        new TSql180Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")) + "\n" + sql);
    }

    [Fact]
    public void AccountsMigration_SqlServer_Parses_AndBothProvidersHaveIt()
    {
        AssertParses(MigrationRunner.ReadScript("sql.sqlserver.0002_accounts.sql"));
        Assert.Contains("SearchText", MigrationRunner.ReadScript("sql.sqlite.0002_accounts.sql"), StringComparison.Ordinal);
    }

    [Fact]
    public void UserInsert_OnSqlServer_Parses()
    {
        AssertParses(new SqlServerDialect().InsertReturningId("Users", UserStore.InsertColumns, UserStore.InsertValues));
        AssertParses(new SqlServerDialect().Page($"SELECT {UserStore.Columns} FROM Users WHERE (CHARINDEX(@Search, SearchText) > 0) ORDER BY NormalizedEmail, Id"));
    }
}
