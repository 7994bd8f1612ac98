using ProcurementGroup.Data.Costs;

namespace ProcurementGroup.Web.Features.Costs;

public static class CostsServices
{
    /// <summary>Cost entries and their import, allocation keys, the run preview and comparison, the coordination fee.</summary>
    public static IServiceCollection AddCostsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ICostEntryRepository, CostEntryRepository>();
        services.AddSingleton<IAllocationKeyRepository, AllocationKeyRepository>();
        services.AddSingleton<IAllocationInputQueries, AllocationInputQueries>();
        services.AddSingleton<ICoordinationFeeRepository, CoordinationFeeRepository>();
        services.AddScoped<CostEntryService>();
        services.AddScoped<AllocationKeyService>();
        services.AddScoped<AllocationPreviewService>();
        services.AddScoped<CoordinationFeeService>();
        return services;
    }
}
