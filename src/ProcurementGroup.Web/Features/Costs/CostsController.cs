using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>
/// Dépenses (issue 9 items 3 to 5): the supplier invoices of each contract, typed or imported; the allocation keys of
/// contracts and entries; the run preview of a period and the comparison of two keys. Finance writes, procurement
/// officers read; member buyers have no access.
/// </summary>
[Authorize(Policy = Policies.FinanceReader)]
public sealed class CostsController(
    ICostEntryRepository entries,
    IAllocationKeyRepository keys,
    IAllocationRunRepository runs,
    IPurchasingGroupRepository groups,
    ICoordinationFeeRepository fees,
    CostEntryService service,
    AllocationKeyService keyService,
    AllocationPreviewService previews,
    CoordinationFeeService feeService) : Controller
{
    public const string TemplateFileName = "modele-factures.xlsx";

    public async Task<IActionResult> Index(long? contractId, string? from, string? to, CancellationToken cancellationToken)
    {
        var contracts = await entries.ContractsAsync(cancellationToken);
        DateOnly? fromDay = FrenchDate.TryParse(from, out var f) ? f : null;
        DateOnly? toDay = FrenchDate.TryParse(to, out var t) ? t : null;
        var rows = await entries.ListAsync(new CostEntryQuery(contractId, fromDay, toDay), cancellationToken);
        var contract = contracts.FirstOrDefault(c => c.Id == contractId);
        string? key = null;
        if (contract?.AllocationKeyId is { } keyId && await keys.GetAsync(keyId, cancellationToken) is { } stored)
        {
            key = AllocationInputs.ToStoredKey(stored, []).Key is { Components.Count: > 0 } k ? AllocationKeyText.Describe(k) : null;
        }

        return View(new CostIndexViewModel
        {
            ContractId = contract?.Id,
            From = fromDay is null ? null : FrenchDate.ForInput(fromDay),
            To = toDay is null ? null : FrenchDate.ForInput(toDay),
            Contracts = contracts,
            Rows = rows,
            KeyDescription = key,
        });
    }

    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Create(long contractId, CancellationToken cancellationToken)
    {
        var form = new CostEntryForm { ContractId = contractId };
        return await FillAsync(form, cancellationToken) ? View("Edit", form) : NotFound();
    }

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Create(long contractId, CostEntryForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Id = 0;
        form.ContractId = contractId;
        if (!await FillAsync(form, cancellationToken))
        {
            return NotFound();
        }

        var result = await service.CreateAsync(form.Contract!, form.ToText(), form.MemberId, form.OrderId, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            return View("Edit", form);
        }

        TempData["Success"] = "La dépense a été enregistrée.";
        return RedirectToAction(nameof(Index), new { contractId });
    }

    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        if (await entries.GetAsync(id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }

        var form = CostEntryForm.From(entry);
        await FillAsync(form, cancellationToken);
        return View(form);
    }

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Edit(long id, CostEntryForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await entries.GetAsync(id, cancellationToken) is not { } stored)
        {
            return NotFound();
        }

        form.Id = id;
        form.ContractId = stored.ContractId;
        await FillAsync(form, cancellationToken);
        var result = await service.UpdateAsync(form.Contract!, id, form.Version, form.ToText(), form.MemberId, form.OrderId, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = "La dépense a été enregistrée.";
                return RedirectToAction(nameof(Index), new { contractId = stored.ContractId });
            default:
                this.ShowErrors(result);
                if (result.Status == SaveStatus.Conflict)
                {
                    Response.StatusCode = StatusCodes.Status409Conflict;
                }

                return View(form);
        }
    }

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Delete(long id, int version, CancellationToken cancellationToken)
    {
        if (await entries.GetAsync(id, cancellationToken) is not { } stored)
        {
            return NotFound();
        }

        var result = await service.DeleteAsync(stored.ContractId, id, version, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = "La dépense a été supprimée.";
                return RedirectToAction(nameof(Index), new { contractId = stored.ContractId });
            default:
                var form = CostEntryForm.From(stored);
                await FillAsync(form, cancellationToken);
                this.ShowErrors(result);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(nameof(Edit), form);
        }
    }

    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Import(long contractId, CancellationToken cancellationToken) =>
        await entries.ContractAsync(contractId, cancellationToken) is { } contract ? View(new CostImportViewModel { Contract = contract }) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Import(long contractId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await entries.ContractAsync(contractId, cancellationToken) is not { } contract)
        {
            return NotFound();
        }

        var participants = await entries.ParticipantsAsync(contractId, cancellationToken);
        var read = await CostSpreadsheet.ReadAsync(file, await service.ImportContextAsync(contract, participants, cancellationToken), cancellationToken);
        if (!read.IsValid)
        {
            return View(new CostImportViewModel { Contract = contract, Errors = read.Errors });
        }

        var saved = await service.ImportAsync(contract, read.Lines!, cancellationToken);
        if (saved.Status != SaveStatus.Saved)
        {
            return View(new CostImportViewModel { Contract = contract, Errors = [.. (saved.Errors ?? []).Select(e => e.Message)] });
        }

        TempData["Success"] = string.Format(Fr.Culture, "{0} ligne(s) de facture importée(s).", read.Lines!.Count);
        return RedirectToAction(nameof(Index), new { contractId });
    }

    public async Task<IActionResult> Template(CancellationToken cancellationToken) =>
        File(await CostSpreadsheet.TemplateAsync(cancellationToken), CostSpreadsheet.ContentType, TemplateFileName);

    /// <summary>The key of a contract, or (entryId) of one of its cost entries.</summary>
    public async Task<IActionResult> Key(long contractId, long? entryId, CancellationToken cancellationToken)
    {
        var form = new KeyForm { ContractId = contractId, EntryId = entryId };
        if (!await FillKeyAsync(form, cancellationToken))
        {
            return NotFound();
        }

        var keyId = form.Entry is { } entry ? entry.AllocationKeyId : form.Contract!.AllocationKeyId;
        if (keyId is { } id && await keys.GetAsync(id, cancellationToken) is { } stored)
        {
            form.Version = stored.Version;
            form.Fill(AllocationInputs.ToStoredKey(stored, await keys.WeightsAsync(id, cancellationToken)));
        }

        return View(form);
    }

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Key(long contractId, long? entryId, KeyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.ContractId = contractId;
        form.EntryId = entryId;
        if (!await FillKeyAsync(form, cancellationToken))
        {
            return NotFound();
        }

        var result = await keyService.SaveAsync(form.Contract!, form.Entry, form.ToInput(), form.Version, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            if (result.Status == SaveStatus.Conflict)
            {
                Response.StatusCode = StatusCodes.Status409Conflict;
            }

            return View(form);
        }

        TempData["Success"] = "La clé de répartition a été enregistrée.";
        return RedirectToAction(nameof(Index), new { contractId });
    }

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> ClearKey(long id, CancellationToken cancellationToken)
    {
        if (await entries.GetAsync(id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }

        var result = await keyService.ClearEntryKeyAsync(entry, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            return Conflict();
        }

        TempData["Success"] = "La dépense suit de nouveau la clé du marché.";
        return RedirectToAction(nameof(Index), new { contractId = entry.ContractId });
    }

    public async Task<IActionResult> Preview(CancellationToken cancellationToken) =>
        View(new PeriodForm { Groups = await GroupsAsync(cancellationToken) });

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Preview(PeriodForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Groups = await GroupsAsync(cancellationToken);
        if (ReadPeriod(form) is not { } period)
        {
            return View(form);
        }

        var outcome = await previews.PreviewAsync(form.GroupId!.Value, period, MemberAccess.UserId(User), cancellationToken);
        if (outcome.RunId is not { } runId)
        {
            form.Errors = outcome.Errors;
            return View(form);
        }

        return RedirectToAction(nameof(Run), new { id = runId });
    }

    public async Task<IActionResult> Run(long id, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        var group = await groups.GetAsync(run.PurchasingGroupId, cancellationToken);
        return View(new RunViewModel
        {
            Run = run,
            GroupName = group?.Name ?? string.Empty,
            Lines = await runs.LinesAsync(id, cancellationToken),
            Shares = await runs.SharesAsync(id, cancellationToken),
            ContractReferences = (await entries.ContractsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Reference),
        });
    }

    /// <summary>The comparison page: a GET form (it changes nothing); the figures appear once a groupement, a period and two keys are given.</summary>
    public async Task<IActionResult> Compare(PeriodForm period, KeyForm first, KeyForm second, bool compare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        period.Groups = await GroupsAsync(cancellationToken);
        var model = new CompareViewModel { Period = period, First = first, Second = second };
        if (!compare)
        {
            ModelState.Clear();
            return View(model);
        }

        var range = ReadPeriod(period);
        var (a, _, errorsA) = AllocationKeyService.Read(first.ToInput());
        var (b, _, errorsB) = AllocationKeyService.Read(second.ToInput());
        foreach (var (field, message) in errorsA)
        {
            ModelState.AddModelError("First." + field, message);
        }

        foreach (var (field, message) in errorsB)
        {
            ModelState.AddModelError("Second." + field, message);
        }

        if (range is null || a is null || b is null)
        {
            return View(model);
        }

        var outcome = await previews.CompareAsync(period.GroupId!.Value, range.Value, a, b, cancellationToken);
        model.Members = outcome.Members;
        model.Errors = outcome.Errors;
        model.FirstDescription = AllocationKeyText.Describe(a);
        model.SecondDescription = AllocationKeyText.Describe(b);
        return View(model);
    }

    public async Task<IActionResult> Fee(CancellationToken cancellationToken) =>
        View(CoordinationFeeService.ToForm(await fees.GetAsync(cancellationToken)));

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Fee(FeeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = await feeService.SaveAsync(form, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            return View(form);
        }

        TempData["Success"] = "Les frais de coordination ont été enregistrés.";
        return RedirectToAction(nameof(Fee));
    }

    private AllocationPeriod? ReadPeriod(PeriodForm form)
    {
        var valid = true;
        if (form.GroupId is not { } groupId || form.Groups.All(g => g.Id != groupId))
        {
            ModelState.AddModelError(nameof(PeriodForm.GroupId), "Choisissez le groupement.");
            valid = false;
        }

        if (!FrenchDate.TryParse(form.From, out var from))
        {
            ModelState.AddModelError(nameof(PeriodForm.From), "Le début de la période est obligatoire (jj/mm/aaaa).");
            valid = false;
        }

        if (!FrenchDate.TryParse(form.To, out var to))
        {
            ModelState.AddModelError(nameof(PeriodForm.To), "La fin de la période est obligatoire (jj/mm/aaaa).");
            valid = false;
        }
        else if (valid && to < from)
        {
            ModelState.AddModelError(nameof(PeriodForm.To), AllocationPeriod.EndBeforeStart);
            valid = false;
        }

        return valid ? new AllocationPeriod(from, to) : null;
    }

    private async Task<IReadOnlyList<(long Id, string Name)>> GroupsAsync(CancellationToken cancellationToken)
    {
        var (rows, _) = await groups.SearchAsync(new GroupQuery(null, default, false, 0, 500), cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Name))];
    }

    private async Task<bool> FillAsync(CostEntryForm form, CancellationToken cancellationToken)
    {
        form.Contract = await entries.ContractAsync(form.ContractId, cancellationToken);
        if (form.Contract is null)
        {
            return false;
        }

        form.Participants = await entries.ParticipantsAsync(form.ContractId, cancellationToken);
        return true;
    }

    private async Task<bool> FillKeyAsync(KeyForm form, CancellationToken cancellationToken)
    {
        form.Contract = await entries.ContractAsync(form.ContractId, cancellationToken);
        if (form.Contract is null)
        {
            return false;
        }

        if (form.EntryId is { } entryId)
        {
            form.Entry = await entries.GetAsync(entryId, cancellationToken);
            if (form.Entry is null || form.Entry.ContractId != form.ContractId)
            {
                return false;
            }
        }

        form.Participants = await entries.ParticipantsAsync(form.ContractId, cancellationToken);
        return true;
    }
}
