using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

public static class OcdsServices
{
    /// <summary>The OCDS 1.1.5 export (issue 10): its reader, its one release builder, the export service and the contracts' OCDS check (beside the DECP one).</summary>
    public static IServiceCollection AddOcdsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IOcdsRepository, OcdsRepository>();
        services.AddSingleton<OcdsReleaseBuilder>();
        services.AddScoped<OcdsExport>();
        services.AddScoped<IOpenDataContractValidator, OcdsContractValidator>();
        return services;
    }
}
