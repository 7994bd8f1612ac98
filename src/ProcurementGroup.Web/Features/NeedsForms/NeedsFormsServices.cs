using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.Sites;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.NeedsForms;

public static class NeedsFormsServices
{
    /// <summary>Needs forms (buyers and officers), the members' sites and their demo data (step 50).</summary>
    public static IServiceCollection AddNeedsFormsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IMemberSiteRepository, MemberSiteRepository>();
        services.AddSingleton<INeedsFormRepository, NeedsFormRepository>();
        services.AddScoped<NeedsFormService>();
        services.AddScoped<SiteService>();
        services.AddScoped<IDemoSeedStep, NeedsFormsDemoSeed>();
        return services;
    }
}
