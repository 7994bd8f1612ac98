namespace ProcurementGroup.Web.Features.Members;

public static class MembersServices
{
    public static IServiceCollection AddMembersFeature(this IServiceCollection services)
    {
        return services;
    }
}
