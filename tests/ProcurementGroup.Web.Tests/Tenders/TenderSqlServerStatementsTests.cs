using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The two tender INSERTs the recording database cannot reach (they run only after reading a closed campaign or a
/// published tender) parse on SQL Server and name existing columns, like every other statement.
/// </summary>
public sealed class TenderSqlServerStatementsTests
{
    public static TheoryData<string> Inserts()
    {
        var d = new SqlServerDialect();
        return new TheoryData<string>(
            d.InsertReturningId("Tenders", TenderRepository.InsertTenderColumns, TenderRepository.InsertTenderValues),
            d.InsertReturningId("TenderOffers", OfferRepository.InsertColumns, OfferRepository.InsertValues));
    }

    [Theory]
    [MemberData(nameof(Inserts))]
    public void Insert_ParsesAndNamesExistingColumns(string sql)
    {
        var fragment = SqlSchemas.Parse(sql, out var errors);

        Assert.Empty(errors);
        Assert.Empty(StatementNames.Problems(fragment, SqlSchemas.SqlServer()));
    }

    [Fact]
    public async Task Recording_ReachesTheTenderTransition()
    {
        var recorded = await SqlServerStatements.RecordedAsync();

        Assert.Contains(recorded, s => s.Source == "TenderRepository.TransitionAsync" && s.Sql.Contains("State IN (", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "OfferRepository.LoadScoringAsync");
    }
}
