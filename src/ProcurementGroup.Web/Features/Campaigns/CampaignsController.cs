using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Campaigns;

/// <summary>Needs campaigns and their catalogue, for the procurement officers (and administrators).</summary>
[Authorize(Policy = Policies.ProcurementOfficer)]
public sealed class CampaignsController(
    ICampaignRepository campaigns,
    ICatalogueRepository catalogue,
    IPurchasingGroupRepository groups,
    ITenderRepository tenders,
    CampaignService service,
    CatalogueSpreadsheet spreadsheet,
    IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(long? groupId, CancellationToken cancellationToken) => View(new CampaignIndexViewModel
    {
        GroupId = groupId,
        Groups = await AllGroupsAsync(cancellationToken),
        Rows = await campaigns.ListAsync(groupId, cancellationToken),
    });

    public async Task<IActionResult> Create(long? groupId, CancellationToken cancellationToken)
    {
        var year = DateTime.UtcNow.Year + 1;
        var form = new CampaignForm
        {
            PurchasingGroupId = groupId?.ToString(CultureInfo.InvariantCulture),
            OpensAt = $"{year:D4}-01-05T08:00",
            ClosesAt = $"{year:D4}-02-13T18:00",
            PlannedLaunchDate = $"{year:D4}-04-01",
            DurationMonths = "48",
        };
        return View("Edit", await WithGroupsAsync(form, cancellationToken));
    }

    [HttpPost]
    public async Task<IActionResult> Create(CampaignForm form, CancellationToken cancellationToken)
    {
        form.Id = 0;
        form.DatesLocked = false;
        var (campaign, errors) = form.Parse();
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.CreateAsync(campaign, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            AddErrors(result, CampaignForm.FieldFor);
            return View("Edit", await WithGroupsAsync(form, cancellationToken));
        }

        TempData["Success"] = t["La campagne a été créée."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Id });
    }

    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await campaigns.GetCampaignAsync(id, cancellationToken) is { } c
            ? View(await WithGroupsAsync(CampaignForm.From(c), cancellationToken))
            : NotFound();

    [HttpPost]
    public async Task<IActionResult> Edit(long id, CampaignForm form, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } stored)
        {
            return NotFound();
        }

        form.Id = id;
        form.DatesLocked = stored.Status != CampaignStatus.Draft;
        var (campaign, errors) = form.Parse();
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.UpdateAsync(campaign, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["La campagne a été enregistrée."].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                AddErrors(result, CampaignForm.FieldFor);
                form.PurchasingGroupId = stored.PurchasingGroupId.ToString(CultureInfo.InvariantCulture);
                return View(await WithGroupsAsync(form, cancellationToken));
        }
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await DetailsModelAsync(id, new ExtensionForm(), cancellationToken) is { } model ? View(model) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Open(long id, CancellationToken cancellationToken) =>
        StateChanged(id, await service.OpenNowAsync(id, cancellationToken), "La campagne est ouverte : les formulaires des membres ont été créés et leurs acheteurs prévenus.");

    [HttpPost]
    public async Task<IActionResult> Close(long id, CancellationToken cancellationToken) =>
        StateChanged(id, await service.CloseNowAsync(id, cancellationToken), "La campagne est clôturée.");

    /// <summary>Creates the form of a member that became eligible after the opening (joined by the launch day).</summary>
    [HttpPost]
    public async Task<IActionResult> CreateForm(long id, long memberId, CancellationToken cancellationToken) =>
        StateChanged(id, await service.CreateLateFormAsync(id, memberId, cancellationToken), "Le formulaire du membre a été créé et ses acheteurs prévenus.");

    [HttpPost]
    public async Task<IActionResult> Archive(long id, CancellationToken cancellationToken) =>
        StateChanged(id, await service.ArchiveAsync(id, cancellationToken), "La campagne est archivée.");

    [HttpPost]
    public async Task<IActionResult> Extend(long id, [Bind(Prefix = "Extension")] ExtensionForm form, CancellationToken cancellationToken)
    {
        var errors = new List<(string Field, string Message)>();
        long? memberId = null;
        if (!string.IsNullOrWhiteSpace(form.MemberId))
        {
            if (long.TryParse(form.MemberId, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            {
                memberId = m;
            }
            else
            {
                errors.Add(("Extension.MemberId", "Choisissez un membre, ou tous les membres."));
            }
        }

        var closes = ParisTime.ToUtc(form.ClosesAt, out var dateError);
        if (dateError is not null)
        {
            errors.Add(("Extension.ClosesAt", dateError));
        }

        var result = errors.Count > 0 || closes is null ? SaveResult.Invalid(errors) : await service.ExtendAsync(id, memberId, closes.Value, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["L'échéance a été prolongée."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        AddErrors(result, f => f);
        return await DetailsModelAsync(id, form, cancellationToken) is { } model ? View(nameof(Details), model) : NotFound();
    }

    // ---------------------------------------------------------------- lots

    public async Task<IActionResult> Lot(long id, long? lotId, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return NotFound();
        }

        var form = new LotForm();
        if (lotId is { } l)
        {
            if ((await catalogue.LotsAsync(id, cancellationToken)).FirstOrDefault(x => x.Id == l) is not { } lot)
            {
                return NotFound();
            }

            form = LotForm.From(lot);
        }
        else
        {
            var lots = await catalogue.LotsAsync(id, cancellationToken);
            form.LotNumber = ((lots.Count == 0 ? 0 : lots.Max(x => x.LotNumber)) + 1).ToString(CultureInfo.InvariantCulture);
        }

        return View(new LotPageViewModel { Campaign = c, Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> Lot(long id, [Bind(Prefix = "Form")] LotForm form, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return NotFound();
        }

        var (lot, errors) = form.Parse(id, c.ContractForm);
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.SaveLotAsync(lot, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["Le lot a été enregistré."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        AddErrors(result, f => f.Length == 0 ? f : "Form." + f);
        return View(new LotPageViewModel { Campaign = c, Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> DeleteLot(long id, long lotId, CancellationToken cancellationToken) =>
        StateChanged(id, await service.DeleteLotAsync(id, lotId, cancellationToken), "Le lot et ses articles ont été supprimés.");

    // ---------------------------------------------------------------- items

    public async Task<IActionResult> Item(long id, long? itemId, long? lotId, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return NotFound();
        }

        var form = new ItemForm { LotId = lotId?.ToString(CultureInfo.InvariantCulture) };
        if (itemId is { } i)
        {
            if ((await catalogue.ItemsAsync(id, cancellationToken)).FirstOrDefault(x => x.Id == i) is not { } item)
            {
                return NotFound();
            }

            form = ItemForm.From(item);
        }

        return View(new ItemPageViewModel { Campaign = c, Lots = await catalogue.LotsAsync(id, cancellationToken), Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> Item(long id, [Bind(Prefix = "Form")] ItemForm form, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return NotFound();
        }

        var (item, errors) = form.Parse(id);
        var result = errors.Count > 0 ? SaveResult.Invalid(errors) : await service.SaveItemAsync(item, cancellationToken);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = c.Status == CampaignStatus.Draft
                ? t["L'article a été enregistré."].Value
                : t["L'article a été corrigé ; les acheteurs des membres qui l'avaient saisi sont prévenus."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        AddErrors(result, f => f.Length == 0 ? f : "Form." + ItemForm.FieldFor(f));
        return View(new ItemPageViewModel { Campaign = c, Lots = await catalogue.LotsAsync(id, cancellationToken), Form = form });
    }

    [HttpPost]
    public async Task<IActionResult> DeleteItem(long id, long itemId, CancellationToken cancellationToken) =>
        StateChanged(id, await service.DeleteItemAsync(id, itemId, cancellationToken), "L'article a été supprimé.");

    [HttpPost]
    public async Task<IActionResult> Copy(long id, long sourceCampaignId, CancellationToken cancellationToken) =>
        StateChanged(id, await service.CopyCatalogueAsync(id, sourceCampaignId, cancellationToken), "Le catalogue a été copié.");

    // ---------------------------------------------------------------- spreadsheet

    public async Task<IActionResult> Export(long id, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        return File(await spreadsheet.ExportAsync(id, cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"catalogue-campagne-{id}.xlsx");
    }

    public async Task<IActionResult> Import(long id, CancellationToken cancellationToken) =>
        await campaigns.GetCampaignAsync(id, cancellationToken) is { } c ? View(new CatalogueImportViewModel { Campaign = c }) : NotFound();

    [HttpPost]
    [ActionName(nameof(Import))]
    public async Task<IActionResult> ImportPost(long id, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return NotFound();
        }

        // The form is read here rather than bound, so that a body the server refuses becomes a message, not an error page.
        IFormFile? file;
        try
        {
            file = (await Request.ReadFormAsync(cancellationToken)).Files.GetFile("File");
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            ModelState.AddModelError("File", t[XlsxUpload.TooLargeMessage]);
            return View(new CatalogueImportViewModel { Campaign = c });
        }

        var outcome = await spreadsheet.ImportAsync(id, file, cancellationToken);
        if (outcome.FileError is not null)
        {
            ModelState.AddModelError("File", t[outcome.FileError]);
            return View(new CatalogueImportViewModel { Campaign = c });
        }

        if (outcome.Saved)
        {
            TempData["Success"] = outcome.Report[0];
            return RedirectToAction(nameof(Details), new { id });
        }

        return View(new CatalogueImportViewModel { Campaign = c, Report = outcome.Report });
    }

    // ---------------------------------------------------------------- helpers

    private IActionResult StateChanged(long id, SaveResult result, string success)
    {
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t[success].Value;
                break;
            case SaveStatus.Conflict:
                TempData["Error"] = t[SaveResult.ConflictMessage].Value;
                break;
            default:
                TempData["Error"] = t[result.Errors![0].Message].Value;
                break;
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    private void AddErrors(SaveResult result, Func<string, string> field)
    {
        foreach (var (f, message) in result.Errors ?? [])
        {
            ModelState.AddModelError(field(f), t[message]);
        }

        if (result.Status == SaveStatus.Conflict)
        {
            // The stale page is shown again with what was typed; the stored record is untouched.
            ModelState.AddModelError(string.Empty, t[SaveResult.ConflictMessage]);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
    }

    private async Task<IReadOnlyList<Core.Groups.PurchasingGroup>> AllGroupsAsync(CancellationToken cancellationToken)
    {
        var (rows, _) = await groups.SearchAsync(new GroupQuery(null, GroupSort.Name, false, 0, 1000), cancellationToken);
        return rows.Select(r => new Core.Groups.PurchasingGroup { Id = r.Id, Name = r.Name, Domain = r.Domain }).ToList();
    }

    private async Task<CampaignForm> WithGroupsAsync(CampaignForm form, CancellationToken cancellationToken)
    {
        form.Groups = await AllGroupsAsync(cancellationToken);
        form.GroupName = form.Groups.FirstOrDefault(g => g.Id.ToString(CultureInfo.InvariantCulture) == form.PurchasingGroupId)?.Name ?? string.Empty;
        return form;
    }

    private async Task<CampaignDetailsViewModel?> DetailsModelAsync(long id, ExtensionForm extension, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } c)
        {
            return null;
        }

        var group = await groups.GetAsync(c.PurchasingGroupId, cancellationToken);
        var sources = await campaigns.ListAsync(c.PurchasingGroupId, cancellationToken);
        return new CampaignDetailsViewModel
        {
            Campaign = c,
            GroupName = group?.Name ?? string.Empty,
            Lots = await catalogue.LotsAsync(id, cancellationToken),
            Items = await catalogue.ItemsAsync(id, cancellationToken),
            MemberDeadlines = await campaigns.MemberDeadlinesAsync(id, cancellationToken),
            FormMembers = await campaigns.FormMembersAsync(id, cancellationToken),
            EligibleWithoutForm = c.Status is CampaignStatus.Open or CampaignStatus.Closed ? await campaigns.ParticipantsWithoutFormAsync(id, cancellationToken) : [],
            CopySources = sources.Where(s => s.Id != id && s.ItemCount > 0).ToList(),
            Tenders = await tenders.ListForCampaignAsync(id, cancellationToken),
            Extension = extension,
        };
    }
}
