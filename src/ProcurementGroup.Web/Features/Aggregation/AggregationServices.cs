using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Web.Features.Thresholds;

namespace ProcurementGroup.Web.Features.Aggregation;

public static class AggregationServices
{
    /// <summary>The needs aggregation, its exports and the procedure advice.</summary>
    public static IServiceCollection AddAggregationFeature(this IServiceCollection services)
    {
        services.AddSingleton<IAggregationQueries, AggregationQueries>();
        services.AddSingleton<IProcedureAdviceRepository, ProcedureAdviceRepository>();
        services.AddScoped<AggregationService>();
        services.AddScoped<ProcedureAdviceService>();
        return services;
    }
}
