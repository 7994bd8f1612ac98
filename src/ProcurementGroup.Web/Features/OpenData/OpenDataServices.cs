using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

public static class OpenDataServices
{
    /// <summary>Open data (issue 10): the embedded schemas, the stored per-contract checks, the version stamp and the exports.</summary>
    public static IServiceCollection AddOpenDataFeature(this IServiceCollection services)
    {
        services.AddSingleton<OpenDataSchemas>();
        services.AddSingleton<IOpenDataRepository, OpenDataRepository>();
        services.AddScoped<OpenDataCheck>();
        services.AddScoped<OpenDataStamp>();
        return services;
    }
}
