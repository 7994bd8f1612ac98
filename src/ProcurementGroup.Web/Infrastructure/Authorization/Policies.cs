using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using ProcurementGroup.Core.Accounts;

namespace ProcurementGroup.Web.Infrastructure.Authorization;

/// <summary>
/// Named policies. Every controller action names one of them or says [AllowAnonymous] (deny by default: a test walks
/// every endpoint and fails on a bare [Authorize] or none); views ask these policies, never role names.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user, whatever its roles (home page, own password, the coordinator's logo).</summary>
    public const string SignedIn = "SignedIn";

    public const string Administrator = "Administrator";
    public const string ProcurementOfficer = "ProcurementOfficer";
    public const string Finance = "Finance";
    public const string MemberBuyer = "MemberBuyer";

    /// <summary>The coordinator's staff: administrators, procurement officers and finance.</summary>
    public const string Staff = "Staff";

    /// <summary>Who reads the supplier register: procurement officers, administrators and finance (contracts and invoices name suppliers).</summary>
    public const string SupplierReader = "SupplierReader";

    /// <summary>Who creates and edits suppliers: procurement officers and administrators.</summary>
    public const string SupplierWriter = "SupplierWriter";

    /// <summary>Who reads allocation runs, their statements and exports: finance and administrators.</summary>
    public const string FinanceReader = "FinanceReader";

    /// <summary>Who previews, issues and rectifies allocation runs: finance and administrators.</summary>
    public const string FinanceWriter = "FinanceWriter";

    /// <summary>Staff or a member buyer: the member-scoped pages (members, sites, needs forms), filtered by <see cref="MemberAccess"/>.</summary>
    public const string StaffOrMemberBuyer = "StaffOrMemberBuyer";

    /// <summary>Resource policy: the user may act for the <see cref="MemberResource"/>'s member (see <see cref="IMemberScope"/>).</summary>
    public const string MemberAccess = "MemberAccess";

    /// <summary>The policies an action may name (MemberAccess is a resource policy, asked by <see cref="IMemberScope"/>).</summary>
    public static readonly IReadOnlyList<string> EndpointPolicies = [SignedIn, Administrator, ProcurementOfficer, Finance, MemberBuyer, Staff, StaffOrMemberBuyer, SupplierReader, SupplierWriter, FinanceReader, FinanceWriter];

    public static void Register(AuthorizationOptions options)
    {
        // An endpoint that forgot its policy still needs a login; the deny-by-default test makes it fail anyway.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        options.AddPolicy(ProcurementOfficer, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcurementOfficer, Roles.Administrator));
        options.AddPolicy(Finance, p => p.RequireAuthenticatedUser().RequireRole(Roles.Finance, Roles.Administrator));
        options.AddPolicy(MemberBuyer, p => p.RequireAuthenticatedUser().RequireRole(Roles.MemberBuyer));
        options.AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.ProcurementOfficer, Roles.Finance));
        options.AddPolicy(SupplierReader, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcurementOfficer, Roles.Administrator, Roles.Finance));
        options.AddPolicy(SupplierWriter, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcurementOfficer, Roles.Administrator));
        options.AddPolicy(FinanceReader, p => p.RequireAuthenticatedUser().RequireRole(Roles.Finance, Roles.Administrator));
        options.AddPolicy(FinanceWriter, p => p.RequireAuthenticatedUser().RequireRole(Roles.Finance, Roles.Administrator));
        options.AddPolicy(StaffOrMemberBuyer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.ProcurementOfficer, Roles.Finance, Roles.MemberBuyer));
        options.AddPolicy(MemberAccess, p => p.RequireAuthenticatedUser().AddRequirements(new MemberAccessRequirement()));
    }
}

/// <summary>For views and controllers: <c>await Authorization.AllowsAsync(User, Policies.Finance)</c>.</summary>
public static class AuthorizationServiceExtensions
{
    public static async Task<bool> AllowsAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
