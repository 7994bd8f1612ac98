using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Platform;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Campaigns;

public static class CampaignsServices
{
    /// <summary>Campaigns and their catalogue, the opening/closing job and the demo campaigns (seed step 40).</summary>
    public static IServiceCollection AddCampaignsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ICampaignRepository, CampaignRepository>();
        services.AddScoped<CampaignEmails>();
        services.AddScoped<CampaignScheduler>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CatalogueSpreadsheet>();
        services.AddSingleton<IRecurringJobSetup, CampaignJobsSetup>();
        services.AddScoped<IDemoSeedStep, CampaignsDemoSeed>();
        return services;
    }
}
