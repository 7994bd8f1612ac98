using ProcurementGroup.Data.Allocation;

namespace ProcurementGroup.Web.Features.Runs;

public static class RunsServices
{
    /// <summary>Allocation runs: their persistence (preview, issue with the locked statement counter, rectifying runs), the issuing service and the accounting export.</summary>
    public static IServiceCollection AddRunsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IAllocationRunRepository, AllocationRunRepository>();
        services.AddScoped<RunService>();
        services.AddScoped<RunExport>();
        return services;
    }
}
