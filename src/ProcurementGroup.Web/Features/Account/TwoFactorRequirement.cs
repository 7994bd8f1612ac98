using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>Marks the pages a user who must turn on two-factor authentication may still reach (setting it up, logging out).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowWithoutTwoFactorAttribute : Attribute;

/// <summary>
/// <c>Security:RequireTwoFactorForRoles</c>: the roles whose accounts must use two-factor authentication, separated by
/// commas (or as a list). Empty in Development so that the demo logins work with a password alone.
/// </summary>
public sealed class TwoFactorRequirement
{
    public const string Key = "Security:RequireTwoFactorForRoles";

    public TwoFactorRequirement(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var values = section.GetChildren().Any()
            ? section.GetChildren().Select(c => c.Value ?? string.Empty)
            : (section.Value ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Roles = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> Roles { get; }

    /// <summary>The account holds a role that requires two-factor authentication.</summary>
    public bool AppliesTo(ClaimsPrincipal user) => Roles.Any(user.IsInRole);

    public bool IsMissingFor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && AppliesTo(user) && !user.HasClaim(c => c.Type == AppClaimsPrincipalFactory.TwoFactorClaimType);
}

/// <summary>Sends a signed-in user whose role requires two-factor authentication, and who has not turned it on, to set it up first.</summary>
public sealed class TwoFactorRequirementMiddleware(RequestDelegate next, TwoFactorRequirement requirement)
{
    public const string EnablePath = "/TwoFactor/Enable";

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || endpoint.Metadata.GetMetadata<AllowWithoutTwoFactorAttribute>() is not null
            || !requirement.IsMissingFor(context.User))
        {
            return next(context);
        }

        context.Response.Redirect(context.Request.PathBase + EnablePath);
        return Task.CompletedTask;
    }
}
