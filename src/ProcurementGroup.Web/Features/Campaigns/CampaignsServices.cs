namespace ProcurementGroup.Web.Features.Campaigns;

public static class CampaignsServices
{
    public static IServiceCollection AddCampaignsFeature(this IServiceCollection services)
    {
        return services;
    }
}
