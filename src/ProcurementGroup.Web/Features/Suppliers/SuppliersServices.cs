using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Suppliers;

public static class SuppliersServices
{
    /// <summary>The supplier register and its demo suppliers.</summary>
    public static IServiceCollection AddSuppliersFeature(this IServiceCollection services)
    {
        services.AddSingleton<ISupplierRepository, SupplierRepository>();
        services.AddScoped<SupplierService>();
        services.AddScoped<IDemoSeedStep, SuppliersDemoSeed>();
        return services;
    }
}
