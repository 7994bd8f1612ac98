using System.Net;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>The app with the abnormally-low threshold set to 30 % in configuration (<c>Tenders:AbnormallyLowPercent</c>).</summary>
public sealed class ThirtyPercentApp : TestApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Tenders:AbnormallyLowPercent"] = "30" };
}

/// <summary>The evaluation page reads the abnormally-low threshold from configuration: 25 % below is flagged at 20 %, not at 30 %.</summary>
public sealed class OfferThresholdTests(ThirtyPercentApp app) : IClassFixture<ThirtyPercentApp>
{
    [Fact]
    public async Task AbnormallyLow_ThresholdFromConfiguration_ThirtyPercent_ExactlyThirtyNotFlagged_BeyondFlagged()
    {
        var now = OfferPagesTests.Minute(DateTime.UtcNow);
        var a = await OfferPagesTests.TenderAsync(app, now.AddDays(-40), now.AddHours(-1));
        var low = await OfferPagesTests.OfferAsync(app, a, "Basse");
        var beta = await OfferPagesTests.OfferAsync(app, a, "Beta");
        var client = await app.LoginAsync("marches@demo.local");
        await OfferPagesTests.OpenAsync(client, a);

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
}
