using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Groups;

[Authorize(Policy = Policies.Staff)]
public sealed class GroupsController(
    IPurchasingGroupRepository groups,
    IMemberRepository members,
    GroupService service,
    IStringLocalizer<SharedResource> t) : Controller
{
    private const int PageSize = 50;

    public async Task<IActionResult> Index(string? q, GroupSort sort = GroupSort.Name, bool desc = false, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        q = q is { Length: > 200 } ? q[..200] : q;
        var (rows, total) = await groups.SearchAsync(new GroupQuery(q, sort, desc, (page - 1) * PageSize, PageSize), cancellationToken);
        return View(new GroupIndexViewModel
        {
            Q = q,
            Sort = sort,
            Desc = desc,
            Page = page,
            PageCount = Math.Max(1, (total + PageSize - 1) / PageSize),
            Total = total,
            Rows = rows,
        });
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await DetailsModelAsync(id, new AdhesionForm { JoinedOn = FrenchDate.ForInput(DateOnly.FromDateTime(DateTime.UtcNow)) }, cancellationToken) is { } model
            ? View(model)
            : NotFound();

    [Authorize(Policy = Policies.Administrator)]
    public IActionResult Create() => View("Edit", new GroupForm { StartDate = FrenchDate.ForInput(DateOnly.FromDateTime(DateTime.UtcNow)) });

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public Task<IActionResult> Create(GroupForm form, CancellationToken cancellationToken)
    {
        form.Id = 0;
        return SaveAsync(form, cancellationToken);
    }

    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await groups.GetAsync(id, cancellationToken) is { } g ? View(GroupForm.From(g)) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public Task<IActionResult> Edit(long id, GroupForm form, CancellationToken cancellationToken)
    {
        form.Id = id;
        return SaveAsync(form, cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(GroupForm form, CancellationToken cancellationToken)
    {
        var (group, errors) = form.Parse();
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.SaveAsync(group, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            return View("Edit", form);
        }

        TempData["Success"] = t["Le groupement a été enregistré."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Id });
    }

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> AddAdhesion(long id, [Bind(Prefix = "NewAdhesion")] AdhesionForm form, CancellationToken cancellationToken)
    {
        var (adhesion, errors) = form.Parse(id);
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.SaveAdhesionAsync(adhesion, cancellationToken);
        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["L'adhésion a été enregistrée."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        if (result.Status == SaveStatus.NotFound || await DetailsModelAsync(id, form, cancellationToken) is not { } model)
        {
            return NotFound();
        }

        this.ShowErrors(result, "NewAdhesion");
        return View(nameof(Details), model);
    }

    /// <summary>Ends an adhesion on the given day (the member leaves the groupement; its history stays).</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> EndAdhesion(long id, long adhesionId, string? leftOn, int version, CancellationToken cancellationToken)
    {
        var current = (await groups.AdhesionsOfGroupAsync(id, cancellationToken)).FirstOrDefault(a => a.Id == adhesionId);
        if (current is null)
        {
            return NotFound();
        }

        if (!FrenchDate.TryParse(leftOn, out var left))
        {
            TempData["Error"] = t["Saisissez la date de sortie au format jj/mm/aaaa."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        var adhesion = current.ToAdhesion();
        adhesion.LeftOn = left;

        // The Version the page showed, not the one just read: a change made since then is a conflict.
        adhesion.Version = version;
        var result = await service.SaveAdhesionAsync(adhesion, cancellationToken);
        if (result.Status == SaveStatus.Conflict && await DetailsModelAsync(id, new AdhesionForm(), cancellationToken) is { } model)
        {
            TempData["Error"] = t[GroupService.AdhesionConflictMessage].Value;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(nameof(Details), model);
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["La sortie du membre a été enregistrée."].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", (result.Errors ?? []).Select(e => t[e.Message].Value));
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> RemoveAdhesion(long id, long adhesionId, CancellationToken cancellationToken)
    {
        var result = await service.RemoveAdhesionAsync(id, adhesionId, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Invalid)
        {
            TempData["Error"] = string.Join(" ", (result.Errors ?? []).Select(e => t[e.Message].Value));
            return RedirectToAction(nameof(Details), new { id });
        }

        TempData["Success"] = t["L'adhésion a été retirée."].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private async Task<GroupDetailsViewModel?> DetailsModelAsync(long id, AdhesionForm form, CancellationToken cancellationToken)
    {
        if (await groups.GetAsync(id, cancellationToken) is not { } group)
        {
            return null;
        }

        return new GroupDetailsViewModel
        {
            Group = group,
            Adhesions = await groups.AdhesionsOfGroupAsync(id, cancellationToken),
            Members = await members.ListAllAsync(cancellationToken),
            NewAdhesion = form,
        };
    }
}
