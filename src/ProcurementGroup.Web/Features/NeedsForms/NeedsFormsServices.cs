using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.NeedsForms;

public static class NeedsFormsServices
{
    /// <summary>Needs forms (buyers and officers) and their demo data (step 50).</summary>
    public static IServiceCollection AddNeedsFormsFeature(this IServiceCollection services)
    {
        services.AddSingleton<INeedsFormRepository, NeedsFormRepository>();
        services.AddScoped<NeedsFormQueries>();
        services.AddScoped<NeedsFormWorkflow>();
        services.AddScoped<IDemoSeedStep, NeedsFormsDemoSeed>();
        return services;
    }
}
