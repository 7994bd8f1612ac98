using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Users;

[Authorize(Policy = Policies.Administrator)]
public sealed class UsersController(
    IUserRepository users,
    IAccountMemberDirectory members,
    UserAdministration administration,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(string? q, UserSort sort = UserSort.Email, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 1_000_000);
        var (rows, total) = await users.ListAsync(new UserListQuery(q, sort, (page - 1) * PageSize, PageSize), cancellationToken);
        return View(new UserListViewModel { Search = q, Sort = sort, Page = page, Total = total, Rows = rows, PageSize = PageSize });
    }

    [HttpGet]
    public async Task<IActionResult> Invite(CancellationToken cancellationToken) =>
        View(await FillAsync(new UserFormViewModel(), cancellationToken));

    [HttpPost]
    public async Task<IActionResult> Invite(UserFormViewModel form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await administration.InviteAsync(form.ToInput(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Success"] = t["Invitation envoyée à {0}.", form.Email!.Trim()].Value;
                return RedirectToAction(nameof(Index));
            }

            AddErrors(result);
        }

        return View(await FillAsync(form, cancellationToken));
    }

    [HttpGet]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        var details = await users.GetDetailsAsync(id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        return View(await FillAsync(UserFormViewModel.From(details), cancellationToken));
    }

    [HttpPost]
    public async Task<IActionResult> Edit(long id, UserFormViewModel form, CancellationToken cancellationToken)
    {
        var details = await users.GetDetailsAsync(id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        // The e-mail address identifies the account and is not edited here.
        form.Id = id;
        form.Email = details.User.Email;
        form.IsDisabled = details.User.IsDisabled;
        form.HasPassword = details.User.PasswordHash is not null;
        ModelState.Remove(nameof(UserFormViewModel.Email));
        if (ModelState.IsValid)
        {
            var result = await administration.UpdateAsync(id, form.ToInput(), MemberAccess.UserId(User), form.ConcurrencyStamp ?? string.Empty, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Success"] = t["Le compte {0} a été enregistré.", details.User.Email].Value;
                return RedirectToAction(nameof(Index));
            }

            AddErrors(result);
            if (result.Conflicted)
            {
                // The stale page is shown again with what was typed; the stored account is untouched.
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
        }

        return View(await FillAsync(form, cancellationToken));
    }

    [HttpPost]
    public Task<IActionResult> Disable(long id, CancellationToken cancellationToken) => SetDisabledAsync(id, true, cancellationToken);

    [HttpPost]
    public Task<IActionResult> Enable(long id, CancellationToken cancellationToken) => SetDisabledAsync(id, false, cancellationToken);

    [HttpPost]
    public async Task<IActionResult> ResendInvitation(long id, CancellationToken cancellationToken)
    {
        var result = await administration.ResendInvitationAsync(id, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Success"] = t["Invitation renvoyée."].Value;
        }
        else
        {
            TempData["Error"] = t[result.Errors.Values.First()].Value;
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    private async Task<IActionResult> SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        var result = await administration.SetDisabledAsync(id, disabled, MemberAccess.UserId(User), cancellationToken);
        if (result.Succeeded)
        {
            TempData["Success"] = disabled ? t["Compte désactivé : ses sessions sont fermées."].Value : t["Compte réactivé."].Value;
        }
        else
        {
            TempData["Error"] = t[result.Errors.Values.First()].Value;
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    private void AddErrors(UserChangeResult result)
    {
        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field, t[message]);
        }
    }

    private async Task<UserFormViewModel> FillAsync(UserFormViewModel form, CancellationToken cancellationToken)
    {
        var list = await members.ListIdsAndNamesAsync(cancellationToken);
        var chosen = form.MemberIds.ToHashSet();
        form.MemberOptions = list.Select(m => new SelectListItem(m.Name, m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), chosen.Contains(m.Id))).ToList();
        form.RoleOptions = Roles.All;
        return form;
    }
}
