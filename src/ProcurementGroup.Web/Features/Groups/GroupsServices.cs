using ProcurementGroup.Data.Groups;

namespace ProcurementGroup.Web.Features.Groups;

public static class GroupsServices
{
    /// <summary>The groupements and their adhesions (the demo groupements are seeded with the members, step 20).</summary>
    public static IServiceCollection AddGroupsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IPurchasingGroupRepository, PurchasingGroupRepository>();
        services.AddScoped<GroupService>();
        return services;
    }
}
