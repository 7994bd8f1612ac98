using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Web.Infrastructure.Authorization;

/// <summary>
/// The one path by which a member-scoped resource (a member, its sites, its needs forms; later its contract shares,
/// orders and statements) is loaded for a user: the resource is read, its member found, and the
/// <see cref="Policies.MemberAccess"/> policy asked through <see cref="IAuthorizationService"/>. A resource of a member
/// the user does not act for comes back null, exactly like one that does not exist, so the action answers 404 and
/// never tells the two apart. Lists are filtered by <see cref="VisibleMemberIdsAsync"/>, from the same rule.
/// </summary>
public interface IMemberScope
{
    /// <summary>The member ids the user may see, or null when it may see every member (staff).</summary>
    Task<IReadOnlySet<long>?> VisibleMemberIdsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>Loads any member-scoped resource: null when it does not exist or belongs to a member the user does not act for.</summary>
    Task<T?> LoadAsync<T>(ClaimsPrincipal user, Func<CancellationToken, Task<T?>> load, Func<T, long> memberIdOf, CancellationToken cancellationToken = default)
        where T : class;

    Task<Member?> MemberAsync(ClaimsPrincipal user, long memberId, CancellationToken cancellationToken = default);

    Task<MemberSite?> SiteAsync(ClaimsPrincipal user, long siteId, CancellationToken cancellationToken = default);

    Task<NeedsForm?> NeedsFormAsync(ClaimsPrincipal user, long formId, CancellationToken cancellationToken = default);
}

public sealed class MemberScope(
    IAuthorizationService authorization,
    IMemberAccess access,
    IMemberRepository members,
    IMemberSiteRepository sites,
    INeedsFormRepository forms) : IMemberScope
{
    public Task<IReadOnlySet<long>?> VisibleMemberIdsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        access.AccessibleMemberIdsAsync(user, cancellationToken);

    public async Task<T?> LoadAsync<T>(ClaimsPrincipal user, Func<CancellationToken, Task<T?>> load, Func<T, long> memberIdOf, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(memberIdOf);
        if (await load(cancellationToken) is not { } resource)
        {
            return null;
        }

        var result = await authorization.AuthorizeAsync(user, new MemberResource(memberIdOf(resource)), Policies.MemberAccess);
        return result.Succeeded ? resource : null;
    }

    public Task<Member?> MemberAsync(ClaimsPrincipal user, long memberId, CancellationToken cancellationToken = default) =>
        LoadAsync(user, ct => members.GetAsync(memberId, ct), m => m.Id, cancellationToken);

    public Task<MemberSite?> SiteAsync(ClaimsPrincipal user, long siteId, CancellationToken cancellationToken = default) =>
        LoadAsync(user, ct => sites.GetAsync(siteId, ct), s => s.MemberId, cancellationToken);

    public Task<NeedsForm?> NeedsFormAsync(ClaimsPrincipal user, long formId, CancellationToken cancellationToken = default) =>
        LoadAsync(user, ct => forms.GetAsync(formId, ct), f => f.MemberId, cancellationToken);
}
