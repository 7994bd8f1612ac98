using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Web.Features.Sites;

public static class SitesServices
{
    /// <summary>The register of each member's sites, which its needs lines may name.</summary>
    public static IServiceCollection AddSitesFeature(this IServiceCollection services)
    {
        services.AddSingleton<IMemberSiteRepository, MemberSiteRepository>();
        services.AddScoped<SiteService>();
        return services;
    }
}
