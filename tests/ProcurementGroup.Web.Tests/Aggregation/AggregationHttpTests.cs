using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>The aggregation page and its exports, as the procurement officer sees them, against figures worked out by hand.</summary>
public sealed class AggregationHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";

    private static string Money(long cents) => TestApp.Money(cents);

    /// <summary>
    /// 30 months. Lot 1: MOB 12.00 € per month, TERM 250.00 € once. Lot 2: LIC 4.20 € per year, FORM 650.00 € once (fractional).
    /// Alpha submitted (MOB 10, TERM 2, LIC 100), Beta validated (MOB 5, FORM 1.5), Gamma draft (MOB 3), Delta returned (LIC 7),
    /// Epsilon takes part without a form (it joined after the opening).
    /// </summary>
    private Task<ScenarioResult> HandCampaignAsync() =>
        app.ClosedCampaign(30, new DateOnly(2027, 1, 15), c => c
                .Lot(1, "Téléphonie mobile", l => l.Item("MOB", 1200, PricePeriod.Monthly).Item("TERM", 25_000, PricePeriod.OneOff))
                .Lot(2, "ENT", l => l.Item("LIC", 420, PricePeriod.Annual).Item("FORM", 65_000, PricePeriod.OneOff, i => i.Fractions())))
            .Member("Alpha").Member("Beta").Member("Gamma").Member("Delta").Member("Epsilon", m => m.AddedAfterOpening())
            .Form("Alpha", f => f.Line("MOB", 10).Line("TERM", 2).Line("LIC", 100).Submitted())
            .Form("Beta", f => f.Line("MOB", 5).Line("FORM", 1.5m).Validated())
            .Form("Gamma", f => f.Line("MOB", 3))
            .Form("Delta", f => f.Line("LIC", 7).Returned())
            .BuildAsync();

    [Fact]
    public async Task Page_EqualsTheHandCalculation()
    {
        var b = await HandCampaignAsync();
        var client = await app.LoginAsync(Officer);
        var doc = await client.GetDocumentAsync($"/Aggregation/{b.CampaignId}");

        string Cell(string item, string col) => doc.QuerySelector($"#items tr[data-item={item}] td[data-col={col}]")!.TextContent.Trim();

        // MOB: (10 + 5) × 12 € × 30 months = 5,400.00 € HT, 6,480.00 € TTC; Gamma's draft would add 3 × 12 × 30 = 1,080.00 €.
        Assert.Equal("15", Cell("MOB", "quantity"));
        Assert.Equal("2", Cell("MOB", "members"));
        Assert.Equal(Money(540_000), Cell("MOB", "ht"));
        Assert.Equal(Money(648_000), Cell("MOB", "ttc"));
        Assert.Equal("3", Cell("MOB", "pending-quantity"));
        Assert.Equal(Money(108_000), Cell("MOB", "pending-ht"));
        // TERM: 2 × 250 € once = 500.00 €.
        Assert.Equal(Money(50_000), Cell("TERM", "ht"));
        // LIC: 100 × 4.20 € × 30/12 years = 1,050.00 € (annual price over a duration that is not a multiple of 12); Delta's 7 would add 73.50 €.
        Assert.Equal(Money(105_000), Cell("LIC", "ht"));
        Assert.Equal(Money(7_350), Cell("LIC", "pending-ht"));
        // FORM: 1.5 × 650 € = 975.00 €.
        Assert.Equal("1,5", Cell("FORM", "quantity"));
        Assert.Equal(Money(97_500), Cell("FORM", "ht"));

        // Lots and campaign: 5,900.00 + 2,025.00 = 7,925.00 € HT, 9,510.00 € TTC.
        Assert.Contains(Money(590_000), doc.QuerySelector("#items tr[data-lot='1']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Money(202_500), doc.QuerySelector("#items tr[data-lot='2']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Money(792_500), doc.QuerySelector("#total-ht")!.TextContent.Trim());
        Assert.Equal(Money(951_000), doc.QuerySelector("#total-ttc")!.TextContent.Trim());
        Assert.Equal(Money(115_350), doc.QuerySelector("#pending-ht")!.TextContent.Trim());

        // Counts: one submitted, one validated, one draft, one returned.
        Assert.Equal("1", doc.QuerySelector("[data-count=submitted]")!.TextContent.Trim());
        Assert.Equal("1", doc.QuerySelector("[data-count=validated]")!.TextContent.Trim());
        Assert.Equal("1", doc.QuerySelector("[data-count=draft]")!.TextContent.Trim());
        Assert.Equal("1", doc.QuerySelector("[data-count=returned]")!.TextContent.Trim());

        // Per member: Alpha 3,600 + 500 + 1,050 = 5,150.00 €; Beta 1,800 + 975 = 2,775.00 €. Gamma and Delta only apart.
        var members = doc.QuerySelector("#members")!;
        Assert.Contains(Money(515_000), members.QuerySelector($"tr[data-member='{b.MemberId("Alpha")}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Money(277_500), members.QuerySelector($"tr[data-member='{b.MemberId("Beta")}']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(members.QuerySelector($"tr[data-member='{b.MemberId("Gamma")}']"));
        var pending = doc.QuerySelector("#pending")!;
        Assert.Contains(Money(108_000), pending.QuerySelector($"tr[data-member='{b.MemberId("Gamma")}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Brouillon", pending.QuerySelector($"tr[data-member='{b.MemberId("Gamma")}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retourné", pending.QuerySelector($"tr[data-member='{b.MemberId("Delta")}']")!.TextContent, StringComparison.Ordinal);

        // Not submitted: Gamma (draft), Delta (returned), Epsilon (no form).
        var missing = doc.QuerySelectorAll("#not-submitted li").Select(li => li.GetAttribute("data-member")).ToHashSet();
        Assert.Equal(new HashSet<string?> { $"{b.MemberId("Gamma")}", $"{b.MemberId("Delta")}", $"{b.MemberId("Epsilon")}" }, missing);

        // Charts drawn in the page, accessible.
        var chart = doc.QuerySelector("svg#chart-lots")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Contains("Valeur estimée HT par lot", chart.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, chart.QuerySelectorAll("rect").Length);
        Assert.NotNull(doc.QuerySelector("svg#chart-members"));
    }

    [Fact]
    public async Task CsvExport_HasBom_Semicolons_DecimalCommas()
    {
        var b = await HandCampaignAsync();
        var client = await app.LoginAsync(Officer);
        var response = await client.GetAsync($"/Aggregation/{b.CampaignId}/Export?format=csv&table=items");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Lot;Titre du lot;Code;", lines[0], StringComparison.Ordinal);
        var form = lines.Single(l => l.Contains(";FORM;", StringComparison.Ordinal)).Split(';');
        Assert.Equal("650", form[5]); // unit price
        Assert.Equal("1,5", form[7]); // quantity
        Assert.Equal("975", form[9]); // HT
        Assert.Equal("1170", form[10]); // TTC, no thousands separator
        var lic = lines.Single(l => l.Contains(";LIC;", StringComparison.Ordinal)).Split(';');
        Assert.Equal("4,2", lic[5]);
        Assert.Equal("73,5", lic[12]); // what Delta's returned form would add

        var members = await client.GetByteArrayAsync($"/Aggregation/{b.CampaignId}/Export?format=csv&table=members");
        var text = Encoding.UTF8.GetString(members, 3, members.Length - 3);
        Assert.Contains($"{b.MemberName("Alpha")};Soumis;5150;6180", text, StringComparison.Ordinal);

        var xlsx = await client.GetAsync($"/Aggregation/{b.CampaignId}/Export?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var zip = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', zip[0]);
        Assert.Equal((byte)'K', zip[1]);
    }

    [Fact]
    public async Task Buyer_Gets403_OnAggregationAndAdvice()
    {
        var b = await HandCampaignAsync();
        var client = await app.LoginAsync("acheteur.amiens@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Aggregation/{b.CampaignId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Aggregation/{b.CampaignId}/Advice")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Aggregation/{b.CampaignId}/Export?format=csv")).StatusCode);
    }

    [Fact]
    public async Task MemberTotals_SeveralVatRates_AndValuesBeyond64BitProducts_StayExact()
    {
        // 90,000,000 € per month × 1,000,000 units × 48 months: price × thousandths × factor (9e9 × 1e9 × 576) exceeds 2^63,
        // the total (4.32e17 cents) does not.
        var b = await app.ClosedCampaign(48, new DateOnly(2027, 1, 15), c => c
                .Lot(1, "TVA", l => l.Item("V20", 1000, PricePeriod.OneOff).Item("V55", 1000, PricePeriod.OneOff, i => i.Vat(550)))
                .Lot(2, "Énorme", l => l.Item("HUGE", 9_000_000_000, PricePeriod.Monthly)))
            .Member("Mixte").Member("Géant")
            .Form("Mixte", f => f.Line("V20", 1).Line("V55", 1).Submitted())
            .Form("Géant", f => f.Line("HUGE", 1_000_000).Validated())
            .BuildAsync();

        using var scope = app.Services.CreateScope();
        var model = (await scope.ServiceProvider.GetRequiredService<Web.Features.Aggregation.AggregationService>().BuildAsync(b.CampaignId))!;
        var mixed = model.CountedMembers.Single(m => m.MemberId == b.MemberId("Mixte"));
        Assert.Equal(2_000, mixed.Ht.Cents); // 10.00 + 10.00
        Assert.Equal(2_255, mixed.Ttc.Cents); // 12.00 + 10.55
        var giant = model.CountedMembers.Single(m => m.MemberId == b.MemberId("Géant"));
        Assert.Equal(432_000_000_000_000_000, giant.Ht.Cents);
        Assert.Equal(518_400_000_000_000_000, giant.Ttc.Cents);
        Assert.Equal(432_000_000_000_002_000, model.Result.Counted.Ht.Cents);
    }

    [Fact]
    public async Task Item_LinesOnSeveralSites_CountTheMemberOnce()
    {
        var b = await app.ClosedCampaign(12, new DateOnly(2027, 1, 15), c => c
                .Lot(1, "Sites", l => l.Item("S", 100, PricePeriod.OneOff).Item("T", 100, PricePeriod.OneOff)))
            .Member("Multi").Member("Autre").Member("Attente")
            .Form("Multi", f => f.Line("S", 1).Line("T", 4).Line("S", 2, site: "Site A").Line("S", 3, site: "Site B").Submitted())
            .Form("Autre", f => f.Line("S", 10).Validated())
            .Form("Attente", f => f.Line("S", 5, site: "Site A").Line("S", 6, site: "Site B"))
            .BuildAsync();

        var client = await app.LoginAsync(Officer);
        var doc = await client.GetDocumentAsync($"/Aggregation/{b.CampaignId}");
        string Cell(string item, string col) => doc.QuerySelector($"#items tr[data-item={item}] td[data-col={col}]")!.TextContent.Trim();
        Assert.Equal("16", Cell("S", "quantity")); // 1 + 2 + 3 + 10
        Assert.Equal("2", Cell("S", "members")); // Multi once, Autre
        Assert.Equal("11", Cell("S", "pending-quantity"));
        Assert.Equal(Money(1_600), Cell("S", "ht"));
        Assert.Equal("1", Cell("T", "members"));
        Assert.Contains(">2<", doc.QuerySelector("#items tr[data-lot='1']")!.InnerHtml, StringComparison.Ordinal); // lot members
    }

    [Fact]
    public async Task UnknownCampaign_Is404()
    {
        var client = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Aggregation/987654")).StatusCode);
    }

    // ------------------------------------------------------------------ procedure advice

    private async Task<string> ProcedureAsync(ScenarioResult b)
    {
        var client = await app.LoginAsync(Officer);
        var doc = await client.GetDocumentAsync($"/Aggregation/{b.CampaignId}/Advice");
        return doc.QuerySelector("#required-procedure")!.GetAttribute("data-procedure")!;
    }

    [Theory]
    // EU threshold 221,000 € until 31/12/2025, 216,000 € from 01/01/2026: 218,000 € is MAPA the day before, formalised the day of.
    [InlineData(218_000, "2025-12-31", "Mapa")]
    [InlineData(218_000, "2026-01-01", "Formalised")]
    // R2122-8: 40,000 € until 31/03/2026, 60,000 € from 01/04/2026: 50,000 € needs a MAPA the day before, no procedure the day of.
    [InlineData(50_000, "2026-03-31", "Mapa")]
    [InlineData(50_000, "2026-04-01", "None")]
    public async Task Advice_UsesTheThresholdsInForceOnTheLaunchDate(int euros, string launch, string expected)
    {
        var b = await app.ValuedCampaign(euros, DateOnly.Parse(launch, System.Globalization.CultureInfo.InvariantCulture)).BuildAsync();
        Assert.Equal(expected, await ProcedureAsync(b));
    }

    [Fact]
    public async Task Advice_ShowsArticle_NoSplittingReminder_AndTheFigureWithDrafts()
    {
        var b = await app.ValuedCampaign(50_000, new DateOnly(2026, 4, 1))
            .Member("Brouillon").Form("Brouillon", f => f.Line("U", 20_000))
            .BuildAsync();
        var client = await app.LoginAsync(Officer);
        var doc = await client.GetDocumentAsync($"/Aggregation/{b.CampaignId}/Advice");
        Assert.Equal("R2122-8", doc.QuerySelector("#advice-article")!.TextContent.Trim());
        Assert.Equal(Money(5_000_000), doc.QuerySelector("#estimated-value")!.TextContent.Trim());
        Assert.Equal(Money(7_000_000), doc.QuerySelector("#estimated-with-pending")!.TextContent.Trim());
        Assert.Contains("R2121-4", doc.Body!.TextContent, StringComparison.Ordinal);
        // With the draft the 60,000 € threshold is crossed: the page warns.
        Assert.Contains("Procédure adaptée (MAPA)", doc.QuerySelector(".alert-warning")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Formalised (260,000 € on 15/01/2027): lot 1 200,000 €, lot 2 40,000 €, lot 3 20,000 €; 20 % = 52,000 €.</summary>
    private Task<ScenarioResult> FormalisedCampaignAsync() =>
        app.ClosedCampaign(12, new DateOnly(2027, 1, 15), c => c
                .Lot(1, "Gros lot", l => l.Item("G", 100, PricePeriod.OneOff))
                .Lot(2, "Petit lot A", l => l.Item("PA", 100, PricePeriod.OneOff))
                .Lot(3, "Petit lot B", l => l.Item("PB", 100, PricePeriod.OneOff)))
            .Member("Un")
            .Form("Un", f => f.Line("G", 200_000).Line("PA", 40_000).Line("PB", 20_000).Validated())
            .BuildAsync();

    [Fact]
    public async Task SmallLots_Over20Percent_RefusedInFrench_NothingStored()
    {
        var b = await FormalisedCampaignAsync();
        var client = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        var doc = await client.GetDocumentAsync(page);
        Assert.Equal("Formalised", doc.QuerySelector("#required-procedure")!.GetAttribute("data-procedure"));
        // Only the lots under 80,000 € are offered.
        Assert.Equal(2, doc.QuerySelectorAll("input[name=selectedLotIds]").Length);

        var token = await client.AntiforgeryTokenAsync(page);
        var response = await client.PostAsync(page, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("selectedLotIds", b.LotId(2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("selectedLotIds", b.LotId(3).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var summary = html.QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("au-delà de 20 % de la valeur totale", summary, StringComparison.Ordinal);
        Assert.Equal(0, await app.AdviceCountAsync(b.CampaignId));
        // The officer's choice is kept on the page.
        Assert.Equal(2, html.QuerySelectorAll("input[name=selectedLotIds][checked]").Length);
    }

    [Fact]
    public async Task SmallLots_ValidSelection_StoredWithItsThresholdRows()
    {
        var b = await FormalisedCampaignAsync();
        var client = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        var token = await client.AntiforgeryTokenAsync(page);
        var response = await client.PostAsync(page, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("selectedLotIds", b.LotId(2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var c = await app.ConnectionFactory.OpenAsync();
        var advice = await c.QuerySingleAsync<(long Id, long Value, long Procedure, string Article, long NoProcedureId, long EuId, long SmallTotal, long? UserId)>(
            "SELECT Id, EstimatedValueCents, RequiredProcedure, Article, NoProcedureThresholdId, EuThresholdId, SmallLotsTotalCents, ComputedByUserId FROM ProcedureAdvices WHERE CampaignId = @CampaignId",
            new { b.CampaignId });
        Assert.Equal(26_000_000, advice.Value);
        Assert.Equal(2, advice.Procedure);
        Assert.Equal("R2124-1", advice.Article);
        Assert.Equal(4_000_000, advice.SmallTotal);
        Assert.NotNull(advice.UserId);
        // The rows in force on 15/01/2027: EU 216,000 € from 01/01/2026 and R2122-8 60,000 € from 01/04/2026.
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 1 AND ValidFrom = '2026-01-01'"), advice.EuId);
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 4 AND ValidFrom = '2026-04-01'"), advice.NoProcedureId);
        var lot = await c.QuerySingleAsync<(long LotId, long ValueCents)>("SELECT LotId, ValueCents FROM ProcedureAdviceSmallLots WHERE AdviceId = @Id", new { advice.Id });
        Assert.Equal((b.LotId(2), 4_000_000L), lot);

        // The history shows it.
        var doc = await client.GetDocumentAsync(page);
        Assert.Contains("lot 2", doc.QuerySelector("#advice-history")!.TextContent, StringComparison.Ordinal);
    }
}
