using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Contracts;

public static class ContractsServices
{
    /// <summary>Contracts, their amendments and orders, and the demo's ENT contract signed before the app.</summary>
    public static IServiceCollection AddContractsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IContractRepository, ContractRepository>();
        services.AddScoped<ContractService>();
        services.AddScoped<IDemoSeedStep, ContractsDemoSeed>();
        return services;
    }
}
