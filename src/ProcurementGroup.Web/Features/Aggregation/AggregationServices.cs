namespace ProcurementGroup.Web.Features.Aggregation;

public static class AggregationServices
{
    public static IServiceCollection AddAggregationFeature(this IServiceCollection services)
    {
        return services;
    }
}
