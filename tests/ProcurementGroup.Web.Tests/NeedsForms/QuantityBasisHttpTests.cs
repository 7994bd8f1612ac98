using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.NeedsForms.NeedsFormScenarios;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>Issue 7, item 3: a one-off item's quantity per year counts duration / 12 times, in the form, the aggregation and the advice.</summary>
public sealed class QuantityBasisHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private const string Officer = "marches@demo.local";

    private static string Money(long cents) => new Core.Money.Money(cents).ToString(CultureInfo.GetCultureInfo("fr-FR"));

    private static Dictionary<string, string> Fields(int version, string command, params (long ItemId, string Quantity)[] lines)
    {
        var fields = new Dictionary<string, string> { ["Input.Version"] = version.ToString(CultureInfo.InvariantCulture), ["command"] = command };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Input.Lines[{i}].ItemId"] = lines[i].ItemId.ToString(CultureInfo.InvariantCulture);
            fields[$"Input.Lines[{i}].SiteId"] = string.Empty;
            fields[$"Input.Lines[{i}].Quantity"] = lines[i].Quantity;
            fields[$"Input.Lines[{i}].Comment"] = string.Empty;
        }

        return fields;
    }

    [Fact]
    public async Task Buyer_ThirtyPcsAYear_OverFortyEightMonths_IsEstimatedAsOneHundredTwentyPcs_InFormAggregationAndAdvice()
    {
        var campaign = await CreateAsync(app, durationMonths: 48, catalogue: c => c.Lot(1, "Postes", l => l
            .Item("PC", 80_000, PricePeriod.OneOff, i => i.PerYear())
            .Item("ECRAN", 15_000, PricePeriod.OneOff)));
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var buyer = await app.LoginAsync(VimeuBuyer);

        var saved = await buyer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("PC"), "30"), (campaign.ItemId("ECRAN"), "10")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // 30 PCs a year × 4 years × 800 € = 96,000 €; 10 screens for the whole duration × 150 € = 1,500 €.
        var doc = await buyer.GetDocumentAsync(page);
        Assert.Equal("par an", doc.QuerySelector("tr[data-item=PC] [data-testid=quantity-basis]")!.TextContent.Trim());
        Assert.Equal("sur la durée", doc.QuerySelector("tr[data-item=ECRAN] [data-testid=quantity-basis]")!.TextContent.Trim());
        Assert.Equal(Money(9_600_000), doc.QuerySelector("tr[data-item=PC] [data-testid=line-amount]")!.TextContent.Trim());
        Assert.Equal(Money(150_000), doc.QuerySelector("tr[data-item=ECRAN] [data-testid=line-amount]")!.TextContent.Trim());
        Assert.Equal(Money(9_750_000), doc.QuerySelector("[data-testid=total-ht]")!.TextContent.Trim());

        var submitted = await buyer.PostFormAsync(page, page, Fields(2, "submit", (campaign.ItemId("PC"), "30"), (campaign.ItemId("ECRAN"), "10")));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        var officer = await app.LoginAsync(Officer);
        var aggregation = await officer.GetDocumentAsync($"/Aggregation/{campaign.CampaignId}");
        Assert.Equal("30", aggregation.QuerySelector("#items tr[data-item=PC] td[data-col=quantity]")!.TextContent.Trim());
        Assert.Equal(Money(9_600_000), aggregation.QuerySelector("#items tr[data-item=PC] td[data-col=ht]")!.TextContent.Trim());
        Assert.Equal(Money(150_000), aggregation.QuerySelector("#items tr[data-item=ECRAN] td[data-col=ht]")!.TextContent.Trim());

        var advice = await officer.GetDocumentAsync($"/Aggregation/{campaign.CampaignId}/Advice");
        Assert.Equal(Money(9_750_000), advice.QuerySelector("#estimate")!.TextContent.Trim());
    }

    [Fact]
    public async Task Buyer_ThirtyPcsAYear_OverThirtyMonths_CountsTwoAndAHalfYears()
    {
        var campaign = await CreateAsync(app, durationMonths: 30, catalogue: c => c.Lot(1, "Postes", l => l.Item("PC", 80_000, PricePeriod.OneOff, i => i.PerYear())));
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var buyer = await app.LoginAsync(VimeuBuyer);

        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("PC"), "30")))).StatusCode);

        // 30 × 2.5 × 800 € = 60,000 €.
        var doc = await buyer.GetDocumentAsync(page);
        Assert.Equal(Money(6_000_000), doc.QuerySelector("tr[data-item=PC] [data-testid=line-amount]")!.TextContent.Trim());
        Assert.Equal(Money(6_000_000), doc.QuerySelector("[data-testid=total-ht]")!.TextContent.Trim());
    }
}
