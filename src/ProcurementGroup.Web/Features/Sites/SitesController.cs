using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Sites;

/// <summary>
/// A member's register of sites, managed by its buyers and the coordinator's staff. Another member's sites answer 404
/// (by URL or POST), never their data.
/// </summary>
[Authorize(Policy = Policies.StaffOrMemberBuyer)]
public sealed class SitesController(
    IMemberSiteRepository sites,
    IMemberRepository members,
    IUserMemberRepository userMembers,
    IMemberScope scope,
    SiteService service,
    IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(long? memberId, CancellationToken cancellationToken)
    {
        if (memberId is null)
        {
            var choices = await MemberChoicesAsync(cancellationToken);
            return choices.Count == 1
                ? RedirectToAction(nameof(Index), new { memberId = choices[0].Id })
                : View(new SitesIndexViewModel { Members = choices });
        }

        if (await scope.MemberAsync(User, memberId.Value, cancellationToken) is not { } member)
        {
            return NotFound();
        }

        return View(new SitesIndexViewModel
        {
            MemberId = member.Id,
            MemberName = member.Name,
            Sites = await sites.ListAsync(member.Id, includeArchived: true, cancellationToken),
        });
    }

    public async Task<IActionResult> Create(long memberId, CancellationToken cancellationToken)
    {
        if (await scope.MemberAsync(User, memberId, cancellationToken) is null)
        {
            return NotFound();
        }

        return View(new SiteForm { MemberId = memberId });
    }

    [HttpPost]
    public async Task<IActionResult> Create(long memberId, SiteForm form, CancellationToken cancellationToken)
    {
        if (await scope.MemberAsync(User, memberId, cancellationToken) is null)
        {
            return NotFound();
        }

        form.MemberId = memberId;
        var result = await service.CreateAsync(form.ToSite(), cancellationToken);
        if (result.Outcome == FormOutcome.Done)
        {
            TempData["Success"] = t["Le site a été ajouté."].Value;
            return RedirectToAction(nameof(Index), new { memberId });
        }

        AddErrors(result);
        return View(form);
    }

    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await AccessibleSiteAsync(id, cancellationToken) is { } site ? View(SiteForm.From(site)) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Edit(long id, SiteForm form, CancellationToken cancellationToken)
    {
        if (await AccessibleSiteAsync(id, cancellationToken) is not { } site)
        {
            return NotFound();
        }

        form.Id = id;
        form.MemberId = site.MemberId;
        var result = await service.UpdateAsync(form.ToSite(), cancellationToken);
        switch (result.Outcome)
        {
            case FormOutcome.NotFound:
                return NotFound();
            case FormOutcome.Done:
                TempData["Success"] = t["Le site a été enregistré."].Value;
                return RedirectToAction(nameof(Index), new { memberId = site.MemberId });
            case FormOutcome.Conflict:
                // The stale page is shown again with what was typed; the stored site is untouched.
                AddErrors(result);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(form);
            default:
                AddErrors(result);
                return View(form);
        }
    }

    /// <summary>Archives a site (restore = false) or brings it back (restore = true).</summary>
    [HttpPost]
    public async Task<IActionResult> Archive(long id, bool restore, CancellationToken cancellationToken)
    {
        if (await AccessibleSiteAsync(id, cancellationToken) is not { } site)
        {
            return NotFound();
        }

        await service.SetArchivedAsync(id, !restore, cancellationToken);
        TempData["Success"] = restore ? t["Le site a été rétabli."].Value : t["Le site a été archivé."].Value;
        return RedirectToAction(nameof(Index), new { memberId = site.MemberId });
    }

    private Task<Core.Needs.MemberSite?> AccessibleSiteAsync(long id, CancellationToken cancellationToken) => scope.SiteAsync(User, id, cancellationToken);

    private async Task<IReadOnlyList<(long Id, string Name)>> MemberChoicesAsync(CancellationToken cancellationToken)
    {
        var ids = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        if (ids is null)
        {
            return (await members.ListAllAsync(cancellationToken)).OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => (m.Id, m.Name)).ToList();
        }

        return MemberAccess.UserId(User) is { } userId ? await userMembers.MembersForUserAsync(userId, cancellationToken) : [];
    }

    private void AddErrors(FormResult result)
    {
        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field, t[message]);
        }
    }
}
