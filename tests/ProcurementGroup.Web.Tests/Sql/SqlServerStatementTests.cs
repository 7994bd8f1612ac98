using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// Every statement the SQL Server path can send parses with TSql180 and names only tables and columns of the SQL Server
/// schema: a syntax error or a misspelt column cannot ship even though the tests run on SQLite.
/// </summary>
public sealed class SqlServerStatementTests
{
    [Fact]
    public async Task EveryStatement_ParsesAndNamesExistingTablesAndColumns()
    {
        var statements = SqlServerStatements.DialectOutputs()
            .Concat(SqlServerStatements.Constants())
            .Concat(await SqlServerStatements.RecordedAsync())
            .DistinctBy(s => s.Sql)
            .ToList();
        var schema = SqlSchemas.SqlServer();

        var failures = new List<string>();
        foreach (var (source, sql) in statements)
        {
            var fragment = SqlSchemas.Parse(sql, out var errors);
            if (errors.Count > 0)
            {
                failures.Add($"{source}: {errors[0].Message}\n    {sql}");
                continue;
            }

            failures.AddRange(StatementNames.Problems(fragment, schema).Select(p => $"{source}: {p}\n    {sql}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Recording_ReachesTheFoundationRepositories()
    {
        // Guards the collector itself: if reflection stopped finding repositories, the test above would pass on nothing.
        var recorded = await SqlServerStatements.RecordedAsync();
        Assert.Contains(recorded, s => s.Source == "OutboxRepository.InsertAsync" && s.Sql.Contains("OUTPUT INSERTED.Id", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "OutboxRepository.ListAsync" && s.Sql.Contains("FETCH NEXT @Take ROWS ONLY", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "AuditLogRepository.SearchAsync");
        Assert.Contains(recorded, s => s.Source == "DatabaseXmlRepository.StoreElement");
        Assert.Contains(recorded, s => s.Source == "SupplierRepository.SearchAsync" && s.Sql.Contains("CHARINDEX(@SiretSearch, s.Siret)", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "SupplierRepository.UpdateAsync" && s.Sql.Contains("Version = @Version", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recording_ReachesTheSetBasedInserts()
    {
        // Built at run time (multi-row VALUES, expanded IN lists), so only the recording shows them to the checks above.
        var recorded = await SqlServerStatements.RecordedAsync();
        Assert.Contains(recorded, s => s.Source == "CatalogueRepository.InsertLotsAsync" && s.Sql.StartsWith("INSERT INTO CampaignLots", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "CatalogueRepository.InsertItemsAsync" && s.Sql.StartsWith("INSERT INTO CatalogueItems", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "CampaignRepository.InsertMissingFormsAsync" && s.Sql.Contains("INSERT INTO NeedsForms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT Nom FROM Members", "unknown column Nom")]
    [InlineData("SELECT m.Id FROM Membres m", "unknown table Membres")]
    [InlineData("UPDATE OutboxMessages SET Statut = 1 WHERE Id = @Id", "unknown column Statut")]
    [InlineData("SELECT a.Id FROM Adhesions a JOIN Members m ON m.Id = a.MembreId", "unknown column Adhesions.MembreId")]
    public void NameCheck_FindsMisspeltNames(string sql, string expected)
    {
        var fragment = SqlSchemas.Parse(sql, out var errors);
        Assert.Empty(errors);
        Assert.Contains(StatementNames.Problems(fragment, SqlSchemas.SqlServer()), p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parser_RejectsSqliteOnlySyntax()
    {
        SqlSchemas.Parse("SELECT Id FROM Members ORDER BY Name LIMIT @Take OFFSET @Skip", out var errors);
        Assert.NotEmpty(errors);
    }
}
