using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Web.Features.Runs;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// Issue 9 item 11: what finance sees of the demo's quarter (demo step 90): the invoices of the last full quarter, each
/// original run issued with one statement per member sharing, totals equal to the invoices plus the 2 % fee, and one
/// rectifying run of the telecom run carrying only differences (a credit statement for those who paid too much). The step
/// is registered: the app seeded it at start-up with the other demo steps, and the tests read what it left.
/// </summary>
public sealed class FinanceDemoSeedTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The demo's invoices: mobile 18 450,00 + hub 12 000,00 + internet 9 873,45 + fixed lines 6 240,17 + ENT 31 512,00 € HT.</summary>
    private const long InvoicesHtCents = 18_450_00 + 12_000_00 + 9_873_45 + 6_240_17 + 31_512_00;

    private const string Originals = "SELECT {0} FROM AllocationRuns WHERE State = 1 AND RectifiesRunId IS NULL";

    /// <summary>The step run again by hand, as a second start on the same database would.</summary>
    private async Task SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        await ActivatorUtilities.CreateInstance<FinanceDemoSeed>(scope.ServiceProvider).SeedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Quarter_InvoicesOfTheLastFullQuarter_KeyedByPopulationQuantityAndPupils()
    {
        var period = FinanceDemoSeed.LastFullQuarter(DateTime.UtcNow);

        Assert.Equal(5, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries"));
        Assert.Equal(InvoicesHtCents, await app.ScalarAsync<long>("SELECT SUM(AmountHtCents) FROM CostEntries"));
        Assert.Equal(5, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE PeriodFrom = @from AND PeriodTo = @to", new { from = period.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), to = period.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE AllocationKeyId IS NOT NULL AND Label = @label", new { label = FinanceDemoSeed.HubLabel }));
        Assert.Equal(200, await app.ScalarAsync<long>("SELECT CoordinationFeeValue FROM CoordinatorSettings"));
    }

    [Fact]
    public async Task IssuedRuns_OneStatementPerMemberSharing_TotalsAreTheInvoicesPlusTheFee()
    {
        var runs = await app.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, Originals, "COUNT(*)"));
        Assert.Equal(ExpectedRuns, runs);

        // Every cost line is the invoice, to the cent, and every member sharing has one numbered statement.
        Assert.Equal(InvoicesHtCents, await app.ScalarAsync<long>("SELECT SUM(l.HtCents) FROM RunCostLines l JOIN AllocationRuns r ON r.Id = l.RunId WHERE r.RectifiesRunId IS NULL"));
        Assert.Equal(InvoicesHtCents, await app.ScalarAsync<long>("SELECT SUM(s.HtCents) FROM RunShares s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL AND s.RunCostLineId IS NOT NULL"));
        Assert.Equal(ExpectedStatements, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL"));
        Assert.Equal(
            await app.ScalarAsync<long>("SELECT COUNT(*) FROM (SELECT DISTINCT s.RunId, s.MemberId FROM RunShares s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL) x"),
            await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL"));

        // The fee: 2 % of each member's HT, one line per member, within a cent per member of 2 % of the invoices.
        var fee = await app.ScalarAsync<long>("SELECT SUM(s.HtCents) FROM RunShares s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL AND s.RunCostLineId IS NULL");
        Assert.InRange(fee, (InvoicesHtCents * 2 / 100) - ExpectedStatements, (InvoicesHtCents * 2 / 100) + ExpectedStatements);
        Assert.Equal(InvoicesHtCents + fee, await app.ScalarAsync<long>("SELECT SUM(s.HtCents) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NULL"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements WHERE TtcCents <> HtCents + VatCents"));
    }

    [Fact]
    public async Task RectifyingRun_OfTheTelecomRun_IssuedWithTheDifferencesOnly_AndCreditStatements()
    {
        var original = await app.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, Originals, "MIN(Id)"));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AllocationRuns WHERE RectifiesRunId IS NOT NULL"));
        Assert.Equal(original, await app.ScalarAsync<long>("SELECT RectifiesRunId FROM AllocationRuns WHERE RectifiesRunId IS NOT NULL"));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT State FROM AllocationRuns WHERE RectifiesRunId IS NOT NULL"));

        // The same invoices split again: the differences of each cost line add up to nothing, some members pay less.
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COALESCE(SUM(s.HtCents), 0) FROM RunShares s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NOT NULL AND s.RunCostLineId IS NOT NULL"));
        Assert.True(await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NOT NULL AND s.IsCredit = 1") > 0);
        Assert.True(await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.RectifiesRunId IS NOT NULL AND s.IsCredit = 0") > 0);

        // Numbers gapless from 1 in the year of issue.
        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements");
        Assert.Equal(count, await app.ScalarAsync<long>("SELECT MAX(Sequence) FROM Statements"));
    }

    [Fact]
    public async Task DemoAccounts_FinanceHasNothingLeftToAllocate_EachBuyerListsOnlyItsMembersStatements()
    {
        // Finance's home page: every invoice of the quarter is in an issued run, and no preview is waiting.
        var finance = await app.LoginAsync("finances@demo.local");
        var todo = (await finance.GetDocumentAsync("/")).QuerySelector("[data-testid=finance-todo]")!;
        Assert.Equal(("0", "0"), (todo.QuerySelector("[data-todo=costs] strong")!.TextContent.Trim(), todo.QuerySelector("[data-todo=previews] strong")!.TextContent.Trim()));

        // « Mes états »: Vimeu takes part in the telecom and ENT contracts, so its buyer finds three statements (telecom, ENT,
        // the rectification's difference); Amiens takes part in the ENT contract only: one, and none of Vimeu's.
        const string OfMember = "SELECT s.Number FROM Statements s JOIN Members m ON m.Id = s.MemberId WHERE m.Name = @name ORDER BY s.Number";
        var vimeu = await app.QueryAsync<string>(OfMember, new { name = NeedsForms.NeedsFormScenarios.Vimeu });
        var amiens = await app.QueryAsync<string>(OfMember, new { name = NeedsForms.NeedsFormScenarios.Amiens });
        Assert.Equal((3, 1), (vimeu.Count, amiens.Count));
        Assert.Equal(vimeu, await ListedAsync("acheteur.vimeu@demo.local"));
        Assert.Equal(amiens, await ListedAsync("acheteur.amiens@demo.local"));
    }

    /// <summary>The statement numbers « Mes états » lists to <paramref name="email"/> (a credit statement's prefixed « Avoir »).</summary>
    private async Task<List<string>> ListedAsync(string email)
    {
        var page = await (await app.LoginAsync(email)).GetDocumentAsync("/Statements/Mine");
        return [.. page.QuerySelectorAll("#statements tbody tr td:first-child").Select(td => td.TextContent.Trim().Replace("Avoir ", string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task SeedingAgain_AddsNothing()
    {
        await SeedAsync();
        const string Counts = "SELECT (SELECT COUNT(*) FROM CostEntries) * 1000000 + (SELECT COUNT(*) FROM AllocationRuns) * 10000 + (SELECT COUNT(*) FROM Statements) * 10 + (SELECT COUNT(*) FROM AllocationKeys)";
        var before = await app.ScalarAsync<long>(Counts);
        var audit = await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog");

        await SeedAsync();

        Assert.Equal(before, await app.ScalarAsync<long>(Counts));
        Assert.Equal(audit, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog"));
    }

    private const long ExpectedRuns = 2;

    private const long ExpectedStatements = 27;
}
