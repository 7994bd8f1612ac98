using Microsoft.AspNetCore.Authorization;
using ProcurementGroup.Core.Accounts;

namespace ProcurementGroup.Web.Infrastructure.Authorization;

/// <summary>Named policies, one per role, plus the member-scoped resource check.</summary>
public static class Policies
{
    public const string Administrator = "Administrator";
    public const string ProcurementOfficer = "ProcurementOfficer";
    public const string Finance = "Finance";
    public const string MemberBuyer = "MemberBuyer";

    /// <summary>The coordinator's staff: administrators, procurement officers and finance.</summary>
    public const string Staff = "Staff";

    /// <summary>Resource policy: the user may act for the <see cref="MemberResource"/>'s member.</summary>
    public const string MemberAccess = "MemberAccess";

    public static void Register(AuthorizationOptions options)
    {
        // Every page needs a login unless it says [AllowAnonymous].
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        options.AddPolicy(ProcurementOfficer, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcurementOfficer, Roles.Administrator));
        options.AddPolicy(Finance, p => p.RequireAuthenticatedUser().RequireRole(Roles.Finance, Roles.Administrator));
        options.AddPolicy(MemberBuyer, p => p.RequireAuthenticatedUser().RequireRole(Roles.MemberBuyer));
        options.AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.ProcurementOfficer, Roles.Finance));
        options.AddPolicy(MemberAccess, p => p.RequireAuthenticatedUser().AddRequirements(new MemberAccessRequirement()));
    }
}
