using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Members;

public static class MembersServices
{
    /// <summary>Members, their allocation bases, their XLSX/CSV export and import, and the demo members and groupements (seed step 20).</summary>
    public static IServiceCollection AddMembersFeature(this IServiceCollection services)
    {
        services.AddSingleton<IMemberRepository, MemberRepository>();
        services.AddScoped<MemberService>();
        services.AddScoped<MemberSpreadsheetExport>();
        services.AddScoped<MemberSpreadsheetImport>();
        services.AddScoped<IDemoSeedStep, MembersDemoSeed>();
        return services;
    }
}
