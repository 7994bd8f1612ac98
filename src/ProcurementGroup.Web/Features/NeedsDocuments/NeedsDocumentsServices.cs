namespace ProcurementGroup.Web.Features.NeedsDocuments;

public static class NeedsDocumentsServices
{
    public static IServiceCollection AddNeedsDocumentsFeature(this IServiceCollection services)
    {
        return services;
    }
}
