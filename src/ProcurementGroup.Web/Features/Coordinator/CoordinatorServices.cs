using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Coordinator;

public static class CoordinatorServices
{
    /// <summary>The coordinator's settings (printed on letters and statements) and its demo data (seed step 10).</summary>
    public static IServiceCollection AddCoordinatorFeature(this IServiceCollection services)
    {
        services.AddSingleton<ICoordinatorRepository, CoordinatorRepository>();
        services.AddScoped<CoordinatorService>();
        services.AddScoped<IDemoSeedStep, CoordinatorDemoSeed>();
        return services;
    }
}
