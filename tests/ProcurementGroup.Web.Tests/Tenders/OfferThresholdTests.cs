using System.Net;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The app with the abnormally-low threshold of new tenders set to 30 % in configuration
/// (<c>Tenders:AbnormallyLowPercent</c>, read by <see cref="Web.Features.Tenders.TenderService"/> at creation).
/// </summary>
public sealed class ThirtyPercentApp : TestApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [Web.Features.Tenders.TenderService.AbnormallyLowPercentKey] = "30" };
}

/// <summary>
/// The evaluation page uses the threshold stored with the tender: 25 % below is flagged at 20 %, not at 30 %; a change
/// of configuration afterwards does not move it.
/// </summary>
public sealed class OfferThresholdTests(ThirtyPercentApp app) : IClassFixture<ThirtyPercentApp>
{
    [Fact]
    public async Task AbnormallyLow_ThresholdStoredWithTheTender_ThirtyPercent_ExactlyThirtyNotFlagged_BeyondFlagged()
    {
        var now = OfferPagesTests.Minute(DateTime.UtcNow);
        var a = await OfferPagesTests.TenderAsync(app, now.AddDays(-40), now.AddHours(-1), abnormallyLowPercent: 30);
        var low = await OfferPagesTests.OfferAsync(app, a, "Basse");
        var beta = await OfferPagesTests.OfferAsync(app, a, "Beta");
        var client = await app.LoginAsync("marches@demo.local");
        await OfferPagesTests.OpenAsync(app, client, a);

        // Beta: 12,50 × 240 = 3 000 €. 25 % below (2 250 € = 9,375 × 240) would be flagged at the default 20 %, not at 30 %.
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, beta, "0", "12,5")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, low, "0", "9,375")).StatusCode);
        var page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Contains("plus de 30 % sous la moyenne", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("[data-testid=abnormally-low]"));

        // Exactly 30 % below: 2 100 € = 8,75 × 240, not flagged; 8,7499 × 240 = 2 099,976 → 2 099,98 €, flagged.
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, low, "0", "8,75")).StatusCode);
        Assert.Empty((await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}")).QuerySelectorAll("[data-testid=abnormally-low]"));
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, low, "0", "8,7499")).StatusCode);
        page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Equal("Anormalement basse", OfferPagesTests.Cell(OfferPagesTests.Row(page, "ranking", low), "abnormally-low"));
    }

    [Fact]
    public async Task AbnormallyLow_TenderStoredWithTwentyPercent_KeepsIt_WhateverTheConfigurationSaysNow()
    {
        var now = OfferPagesTests.Minute(DateTime.UtcNow);
        var a = await OfferPagesTests.TenderAsync(app, now.AddDays(-40), now.AddHours(-1), abnormallyLowPercent: 20);
        var low = await OfferPagesTests.OfferAsync(app, a, "Basse");
        var beta = await OfferPagesTests.OfferAsync(app, a, "Beta");
        var client = await app.LoginAsync("marches@demo.local");
        await OfferPagesTests.OpenAsync(app, client, a);

        // 25 % below the other offer (9,375 against 12,50): flagged at the tender's 20 %, although new tenders get 30 %.
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, beta, "0", "12,5")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfferPagesTests.PricesAsync(app, client, a, low, "0", "9,375")).StatusCode);
        var page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Contains("plus de 20 % sous la moyenne", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Anormalement basse", OfferPagesTests.Cell(OfferPagesTests.Row(page, "ranking", low), "abnormally-low"));
    }

    [Fact]
    public async Task NewTender_TakesTheConfiguredThreshold()
    {
        var s = await TenderScenario.CampaignAsync(app.ConnectionFactory);
        await s.MemberAsync("A", Core.Needs.NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("MIN", 1_000_000));
        var officer = await app.LoginAsync("marches@demo.local");
        var url = TenderPagesTests.CreateUrl(s);

        var response = await officer.PostFormAsync(url, url, TenderPagesTests.CreateFields(s, TenderPagesTests.Reference(s)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(30L, await app.ScalarAsync<long>("SELECT AbnormallyLowPercent FROM Tenders WHERE CampaignId = @id", new { id = s.CampaignId }));
    }
}
