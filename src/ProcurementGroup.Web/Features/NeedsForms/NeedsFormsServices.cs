namespace ProcurementGroup.Web.Features.NeedsForms;

public static class NeedsFormsServices
{
    public static IServiceCollection AddNeedsFormsFeature(this IServiceCollection services)
    {
        return services;
    }
}
