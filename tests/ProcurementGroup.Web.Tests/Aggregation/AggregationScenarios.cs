using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>The campaigns the aggregation, advice and participation tests share, arranged with <see cref="Scenario"/>.</summary>
internal static class AggregationScenarios
{
    public const string Officer = "marches@demo.local";

    /// <summary>Opened on 1 September 2026 at 8:00 Paris time, closed on 15 October 2026 at 18:00.</summary>
    public static readonly DateTime OpenedUtc = new(2026, 9, 1, 6, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime ClosedUtc = new(2026, 10, 15, 16, 0, 0, DateTimeKind.Utc);

    /// <summary>A campaign of a new groupement, opened and closed in the autumn of 2026, over <paramref name="months"/>, launched on <paramref name="launch"/>.</summary>
    public static Scenario ClosedCampaign(this TestApp app, int months, DateOnly launch, Action<ScenarioCampaign> catalogue) =>
        app.Arrange()
            .Campaign("Campagne test " + Guid.NewGuid().ToString("N")[..8], c => catalogue(c.Dates(OpenedUtc, ClosedUtc).Duration(months).Launch(launch)))
            .Closed();

    /// <summary>One lot, one item U at 1.00 € one-off over 12 months, and "Seul" that submitted <paramref name="units"/> units: <paramref name="units"/> € HT.</summary>
    public static Scenario ValuedCampaign(this TestApp app, int units, DateOnly launch) =>
        app.ClosedCampaign(12, launch, c => c.Lot(1, "Lot unique", l => l.Item("U", 100, PricePeriod.OneOff)))
            .Member("Seul")
            .Form("Seul", f => f.Line("U", units).Submitted());

    /// <summary>Changes the campaign as the officer's edit page does, through the campaign service.</summary>
    public static async Task ChangeCampaignAsync(this TestApp app, long campaignId, Action<NeedsCampaign> change)
    {
        using var scope = app.Services.CreateScope();
        var campaign = (await scope.ServiceProvider.GetRequiredService<ICampaignRepository>().GetCampaignAsync(campaignId))!;
        change(campaign);
        Assert.Equal(SaveStatus.Saved, (await scope.ServiceProvider.GetRequiredService<CampaignService>().UpdateAsync(campaign)).Status);
    }

    /// <summary>The officer stores the advice shown on the campaign's advice page (no small lot chosen).</summary>
    public static async Task<HttpResponseMessage> StoreAdviceAsync(this HttpClient officer, long campaignId)
    {
        var page = $"/Aggregation/{campaignId}/Advice";
        var token = await officer.AntiforgeryTokenAsync(page);
        return await officer.PostAsync(page, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
    }

    /// <summary>The stored advice of a campaign that has exactly one.</summary>
    public static Task<long> AdviceIdAsync(this TestApp app, long campaignId) =>
        app.ScalarAsync<long>("SELECT Id FROM ProcedureAdvices WHERE CampaignId = @campaignId", new { campaignId });

    public static Task<long> AdviceCountAsync(this TestApp app, long campaignId) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM ProcedureAdvices WHERE CampaignId = @campaignId", new { campaignId });
}
