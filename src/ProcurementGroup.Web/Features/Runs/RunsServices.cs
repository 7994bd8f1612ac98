using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Runs;

public static class RunsServices
{
    /// <summary>Allocation runs: their persistence (preview, issue with the locked statement counter, rectifying runs), the issuing service, the accounting export and the finance demo (step 90).</summary>
    public static IServiceCollection AddRunsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IAllocationRunRepository, AllocationRunRepository>();
        services.AddScoped<RunService>();
        services.AddScoped<RunExport>();
        services.AddScoped<IDemoSeedStep, FinanceDemoSeed>();
        return services;
    }
}
