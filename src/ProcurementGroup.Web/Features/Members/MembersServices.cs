using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Features.Coordinator;
using ProcurementGroup.Web.Features.Groups;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Members;

public static class MembersServices
{
    /// <summary>Members, groupements, the coordinator's settings, the audit browser and their demo data.</summary>
    public static IServiceCollection AddMembersFeature(this IServiceCollection services)
    {
        services.AddSingleton<IMemberRepository, MemberRepository>();
        services.AddSingleton<ICoordinatorRepository, CoordinatorRepository>();
        services.AddSingleton<IPurchasingGroupRepository, PurchasingGroupRepository>();
        services.AddScoped<MemberService>();
        services.AddScoped<MemberSpreadsheet>();
        services.AddScoped<GroupService>();
        services.AddScoped<CoordinatorService>();
        services.AddScoped<IDemoSeedStep, CoordinatorDemoSeed>();
        services.AddScoped<IDemoSeedStep, MembersDemoSeed>();
        return services;
    }
}
