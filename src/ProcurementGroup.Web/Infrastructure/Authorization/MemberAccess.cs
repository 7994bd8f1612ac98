using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;

namespace ProcurementGroup.Web.Infrastructure.Authorization;

/// <summary>A resource that belongs to one member (its record, its needs form, its statement...).</summary>
public sealed record MemberResource(long MemberId);

public sealed class MemberAccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Who may act for which member. Staff (administrator, officer, finance) act for all members; a MemberBuyer only for the
/// members an administrator assigned to it, read from the database on each request so a change applies at once.
/// </summary>
public interface IMemberAccess
{
    /// <summary>The member ids the user may act for, or null when it may act for every member.</summary>
    Task<IReadOnlySet<long>?> AccessibleMemberIdsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    Task<bool> CanAccessAsync(ClaimsPrincipal user, long memberId, CancellationToken cancellationToken = default);
}

public sealed class MemberAccess(IUserMemberRepository userMembers) : IMemberAccess
{
    // Cached per request (the service is scoped): a page may ask for several resources.
    private IReadOnlySet<long>? _cached;
    private bool _loaded;

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.ProcurementOfficer) || user.IsInRole(Roles.Finance);

    public static long? UserId(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public async Task<IReadOnlySet<long>?> AccessibleMemberIdsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return new HashSet<long>();
        }

        if (IsStaff(user))
        {
            return null;
        }

        if (!_loaded)
        {
            var userId = UserId(user);
            _cached = userId is null || !user.IsInRole(Roles.MemberBuyer)
                ? new HashSet<long>()
                : (await userMembers.MemberIdsForUserAsync(userId.Value, cancellationToken)).ToHashSet();
            _loaded = true;
        }

        return _cached;
    }

    public async Task<bool> CanAccessAsync(ClaimsPrincipal user, long memberId, CancellationToken cancellationToken = default)
    {
        var ids = await AccessibleMemberIdsAsync(user, cancellationToken);
        return ids is null || ids.Contains(memberId);
    }
}

/// <summary>The <see cref="Policies.MemberAccess"/> requirement, asked by <see cref="MemberScope"/> for every member-scoped resource.</summary>
public sealed class MemberAccessHandler(IMemberAccess access) : AuthorizationHandler<MemberAccessRequirement, MemberResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MemberAccessRequirement requirement, MemberResource resource)
    {
        if (await access.CanAccessAsync(context.User, resource.MemberId))
        {
            context.Succeed(requirement);
        }
    }
}
