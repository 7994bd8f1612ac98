using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Web.Features.Thresholds;

namespace ProcurementGroup.Web.Features.Aggregation;

public static class AggregationServices
{
    /// <summary>The needs aggregation, its exports, the procedure advice and the thresholds table.</summary>
    public static IServiceCollection AddAggregationFeature(this IServiceCollection services)
    {
        services.AddSingleton<IAggregationQueries, AggregationQueries>();
        services.AddSingleton<IThresholdRepository, ThresholdRepository>();
        services.AddSingleton<IProcedureAdviceRepository, ProcedureAdviceRepository>();
        services.AddScoped<AggregationService>();
        services.AddScoped<ProcedureAdviceService>();
        services.AddScoped<ThresholdService>();
        return services;
    }
}
