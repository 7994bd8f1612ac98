using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Members;

[Authorize(Policy = Policies.StaffOrMemberBuyer)]
public sealed class MembersController(
    IMemberRepository members,
    IPurchasingGroupRepository groups,
    IMemberScope scope,
    MemberService service,
    MemberSpreadsheetExport export,
    MemberSpreadsheetImport import,
    IStringLocalizer<SharedResource> t) : Controller
{
    private const int PageSize = 50;

    /// <summary>Staff see every member; a member buyer only the members it acts for.</summary>
    public async Task<IActionResult> Index(string? q, MemberSort sort = MemberSort.Name, bool desc = false, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        q = q is { Length: > 200 } ? q[..200] : q;
        var ids = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        var (rows, total, byKind) = await members.SearchAsync(new MemberQuery(q, sort, desc, (page - 1) * PageSize, PageSize, ids), cancellationToken);
        return View(new MemberIndexViewModel
        {
            Q = q,
            Sort = sort,
            Desc = desc,
            Page = page,
            PageCount = Math.Max(1, (total + PageSize - 1) / PageSize),
            Total = total,
            ByKind = byKind,
            Rows = rows,
        });
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken)
    {
        // Another member's page answers 404, exactly like a member that does not exist.
        if (await scope.MemberAsync(User, id, cancellationToken) is not { } member)
        {
            return NotFound();
        }

        return View(new MemberDetailsViewModel
        {
            Member = member,
            Bases = await members.BasesAsync(id, cancellationToken),
            Adhesions = await groups.AdhesionsOfMemberAsync(id, cancellationToken),
        });
    }

    [Authorize(Policy = Policies.Administrator)]
    public IActionResult Create() => View(new MemberForm { Kind = nameof(Core.Members.MemberKind.Commune) });

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Create(MemberForm form, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(form.ToMember(), cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            return View(form);
        }

        TempData["Success"] = t["Le membre a été créé."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Id });
    }

    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await scope.MemberAsync(User, id, cancellationToken) is { } member ? View(MemberForm.From(member)) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Edit(long id, MemberForm form, CancellationToken cancellationToken)
    {
        form.Id = id;
        var result = await service.UpdateAsync(form.ToMember(), cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Le membre a été enregistré."].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                this.ShowErrors(result);
                return View(form);
        }
    }

    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken) =>
        await scope.MemberAsync(User, id, cancellationToken) is { } member ? View(member) : NotFound();

    [HttpPost]
    [ActionName(nameof(Delete))]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> DeleteConfirmed(long id, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Le membre a été supprimé."].Value;
                return RedirectToAction(nameof(Index));
            default:
                TempData["Error"] = t[result.Errors![0].Message].Value;
                return RedirectToAction(nameof(Details), new { id });
        }
    }

    [Authorize(Policy = Policies.Finance)]
    public async Task<IActionResult> Bases(long id, int? year, CancellationToken cancellationToken)
    {
        if (await scope.MemberAsync(User, id, cancellationToken) is not { } member)
        {
            return NotFound();
        }

        var bases = await members.BasesAsync(id, cancellationToken);
        var selected = bases.FirstOrDefault(b => b.Year == year);
        var form = selected is null
            ? new BaseForm { Year = (year ?? DateTime.UtcNow.Year).ToString(Fr.Culture) }
            : BaseForm.From(selected);
        return View(new MemberBasesViewModel { Member = member, Bases = bases, Form = form });
    }

    [HttpPost]
    [Authorize(Policy = Policies.Finance)]
    public async Task<IActionResult> Bases(long id, [Bind(Prefix = "Form")] BaseForm form, CancellationToken cancellationToken)
    {
        if (await scope.MemberAsync(User, id, cancellationToken) is not { } member)
        {
            return NotFound();
        }

        var (parsed, errors) = form.Parse(id);
        if (parsed is not null && (await service.SaveBaseAsync(parsed, cancellationToken)).Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["Les bases de répartition ont été enregistrées."].Value;
            return RedirectToAction(nameof(Bases), new { id, year = parsed.Year });
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError("Form." + field, t[message]);
        }

        return View(new MemberBasesViewModel { Member = member, Bases = await members.BasesAsync(id, cancellationToken), Form = form });
    }

    [HttpPost]
    [Authorize(Policy = Policies.Finance)]
    public async Task<IActionResult> DeleteBase(long id, int year, CancellationToken cancellationToken)
    {
        var result = await service.DeleteBaseAsync(id, year, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        TempData["Success"] = t["L'année a été supprimée."].Value;
        return RedirectToAction(nameof(Bases), new { id });
    }

    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Export(string format, CancellationToken cancellationToken)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd", Fr.Culture);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return File(await export.ExportCsvAsync(cancellationToken), "text/csv; charset=utf-8", $"membres-{stamp}.csv");
        }

        return File(await export.ExportXlsxAsync(cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"membres-{stamp}.xlsx");
    }

    [Authorize(Policy = Policies.Administrator)]
    public IActionResult Import() => View(new ImportViewModel());

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Import(CancellationToken cancellationToken)
    {
        // The form is read here rather than bound, so that a body the server refuses becomes a message, not an error page.
        IFormFile? file;
        try
        {
            var formData = await Request.ReadFormAsync(cancellationToken);
            file = formData.Files.GetFile("File");
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            ModelState.AddModelError("File", t[MemberSpreadsheet.TooLargeMessage]);
            return View(new ImportViewModel());
        }

        var outcome = await import.ImportAsync(file, cancellationToken);
        if (outcome.FileError is not null)
        {
            ModelState.AddModelError("File", t[outcome.FileError]);
            return View(new ImportViewModel());
        }

        return View(new ImportViewModel { Report = outcome.Report, Created = outcome.Created, Updated = outcome.Updated, Unchanged = outcome.Unchanged, Done = outcome.Saved });
    }
}
