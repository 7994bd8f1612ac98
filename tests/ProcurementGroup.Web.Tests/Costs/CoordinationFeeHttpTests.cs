using System.Net;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Costs;

/// <summary>The coordination fee set by finance, and its own line in the run preview (a class of its own: the setting is global).</summary>
public sealed class CoordinationFeeHttpTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Fee_OfTwoPercent_IsEachMembersOwnLine_WithItsVat()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", new DateOnly(2020, 1, 1)), ("B", new DateOnly(2020, 1, 1)));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        var saved = await finance.PostFormAsync("/Costs/Fee", "/Costs/Fee", new Dictionary<string, string> { ["Kind"] = "percent", ["Value"] = "2", ["VatRate"] = "20" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-1", "Hub", "1 000,00", vat: "0"));

        var runId = await CostsHttpTests.PreviewAsync(finance, s.GroupId);

        // 500,00 € HT each; 2 % = 10,00 € HT of fee, 2,00 € of VAT at 20 %.
        var fees = await app.QueryAsync<(long MemberId, long Ht, long Vat)>(
            "SELECT MemberId, HtCents, VatCents FROM RunShares WHERE RunId = @runId AND RunCostLineId IS NULL ORDER BY MemberId", new { runId });
        Assert.Equal([(s.MemberId("A"), 1_000L, 200L), (s.MemberId("B"), 1_000L, 200L)], fees);
        var run = Assert.Single(await app.QueryAsync<(long Kind, long Value, long Vat)>(
            "SELECT FeeKind, FeeValue, FeeVatRateBasisPoints FROM AllocationRuns WHERE Id = @runId", new { runId }));
        Assert.Equal((1L, 200L, 2000L), run);
        var page = await finance.GetDocumentAsync("/Costs/Run/" + TestApp.Id(runId));
        Assert.Equal(TestApp.Money(102_400), page.QuerySelector("[data-testid=run-total-ttc]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Fee_AnInvalidValue_IsRefusedInFrench_AndTheSettingIsKept()
    {
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        var before = await app.ScalarAsync<long>("SELECT Version FROM CoordinatorSettings WHERE Id = 1");

        var response = await finance.PostFormAsync("/Costs/Fee", "/Costs/Fee", new Dictionary<string, string> { ["Kind"] = "flat", ["Value"] = "-3", ["VatRate"] = "19,6" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(CoordinationFeeService.FlatInvalid, page.QuerySelector("[data-valmsg-for=Value]")!.TextContent.Trim());
        Assert.Equal(Core.Allocation.CostEntryRules.VatInvalid, page.QuerySelector("[data-valmsg-for=VatRate]")!.TextContent.Trim());
        Assert.Equal("-3", page.QuerySelector("input[name=Value]")!.GetAttribute("value"));
        Assert.Equal(before, await app.ScalarAsync<long>("SELECT Version FROM CoordinatorSettings WHERE Id = 1"));
    }
}
