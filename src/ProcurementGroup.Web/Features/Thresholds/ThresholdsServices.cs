using ProcurementGroup.Data.Procedures;

namespace ProcurementGroup.Web.Features.Thresholds;

public static class ThresholdsServices
{
    /// <summary>The dated table of procedure thresholds that the procedure advice reads.</summary>
    public static IServiceCollection AddThresholdsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IThresholdRepository, ThresholdRepository>();
        services.AddScoped<ThresholdService>();
        return services;
    }
}
