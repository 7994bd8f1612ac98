using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// The tenders (consultations) run by the procurement officers: list, creation from a closed campaign, criteria of a draft,
/// the state changes and the tender page. Member buyers have no access (offers and prices are the coordinator's).
/// </summary>
[Authorize(Policy = Policies.ProcurementOfficer)]
public sealed class TendersController(
    ITenderRepository tenders,
    ICampaignRepository campaigns,
    IAuditLogRepository auditLog,
    TenderService service,
    IStringLocalizer<SharedResource> t) : Controller
{
    private const int HistoryRows = 200;

    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await tenders.ListAsync(cancellationToken);
        var titles = new Dictionary<long, string>();
        foreach (var campaignId in rows.Select(r => r.CampaignId).Distinct())
        {
            titles[campaignId] = (await campaigns.GetCampaignAsync(campaignId, cancellationToken))?.Title ?? string.Empty;
        }

        return View(new TenderListViewModel(rows, titles));
    }

    public async Task<IActionResult> Create(long campaignId, CancellationToken cancellationToken)
    {
        if (await service.CreateContextAsync(campaignId, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        if (context.Campaign.Status != Core.Needs.CampaignStatus.Closed)
        {
            TempData["Error"] = t[TenderForms.CampaignNotClosedMessage].Value;
            return RedirectToAction("Details", "Campaigns", new { id = campaignId });
        }

        return View(TenderService.BlankForm(context));
    }

    [HttpPost]
    public async Task<IActionResult> Create(long campaignId, CreateTenderForm form, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(campaignId, form, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["La consultation a été créée en brouillon."].Value;
                return RedirectToAction(nameof(Details), new { id = result.Id });
            default:
                this.ShowErrors(result);
                return View(form);
        }
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await DetailsModelAsync(id, null, cancellationToken) is { } model ? View(model) : NotFound();

    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await tenders.GetAsync(id, cancellationToken) is { } details ? View(EditTenderForm.From(details)) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Edit(long id, EditTenderForm form, CancellationToken cancellationToken)
    {
        var result = await service.UpdateDraftAsync(id, form, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["La consultation a été enregistrée."].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                this.ShowErrors(result);
                form.Details ??= await tenders.GetAsync(id, cancellationToken);
                return form.Details is null ? NotFound() : View(form);
        }
    }

    public async Task<IActionResult> Criteria(long id, CancellationToken cancellationToken)
    {
        if (await tenders.GetAsync(id, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        return View(CriteriaForm.From(details));
    }

    [HttpPost]
    public async Task<IActionResult> Criteria(long id, CriteriaForm form, CancellationToken cancellationToken)
    {
        var result = await service.SaveCriteriaAsync(id, form, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Les critères ont été enregistrés."].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                this.ShowErrors(result);
                form.Tender = (await tenders.GetAsync(id, cancellationToken))?.Tender;
                return View(form.Padded());
        }
    }

    [HttpPost]
    public async Task<IActionResult> Publish(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Publish))] PublishInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.PublishAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Publish), m => m.Publish = input, "La consultation a été publiée.", cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Close(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Close))] VersionInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.CloseAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Close), m => m.Close = input, "La consultation est close : les offres sont ouvertes.", cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Evaluate(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Evaluate))] VersionInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.EvaluateAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Evaluate), m => m.Evaluate = input, "L'analyse des offres est terminée.", cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Unsuccessful(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Unsuccessful))] ReasonInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.DeclareUnsuccessfulAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Unsuccessful), m => m.Unsuccessful = input, "La consultation a été déclarée infructueuse.", cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Abandon(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Abandon))] ReasonInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.AbandonAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Abandon), m => m.Abandon = input, "La consultation a été déclarée sans suite.", cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Commission(long id, [Bind(Prefix = nameof(TenderDetailsViewModel.Commission))] CommissionInput input, CancellationToken cancellationToken) =>
        await AfterAsync(id, await service.RecordCommissionDecisionAsync(id, input, cancellationToken), nameof(TenderDetailsViewModel.Commission), m => m.Commission = input, "La décision de la commission d'appel d'offres a été enregistrée.", cancellationToken);

    /// <summary>After a state change: back to the tender page, or the page again with the refusal next to the form and what was typed.</summary>
    private async Task<IActionResult> AfterAsync(long id, SaveResult result, string prefix, Action<TenderDetailsViewModel> keepInput, string success, CancellationToken cancellationToken)
    {
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t[success].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        ShowActionErrors(result, prefix);
        return await DetailsModelAsync(id, keepInput, cancellationToken) is { } model ? View(nameof(Details), model) : NotFound();
    }

    /// <summary>
    /// Like <see cref="ModelStateExtensions.ShowErrors"/>, except that a message naming no field (a refused transition, a
    /// conflict) is keyed to the action: the tender page holds several action forms and shows it next to the right one.
    /// </summary>
    private void ShowActionErrors(SaveResult result, string prefix)
    {
        foreach (var (field, message) in result.Errors ?? [])
        {
            ModelState.AddModelError(field.Length == 0 ? prefix : $"{prefix}.{field}", t[message].Value);
        }

        if (result.Status == SaveStatus.Conflict)
        {
            // The stale page is shown again with what was typed; the stored tender is untouched.
            ModelState.AddModelError(prefix, t[SaveResult.ConflictMessage].Value);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
    }

    private async Task<TenderDetailsViewModel?> DetailsModelAsync(long id, Action<TenderDetailsViewModel>? keepInput, CancellationToken cancellationToken)
    {
        if (await tenders.GetAsync(id, cancellationToken) is not { } details)
        {
            return null;
        }

        var campaign = await campaigns.GetCampaignAsync(details.Tender.CampaignId, cancellationToken);
        var (history, _) = await auditLog.SearchAsync(new AuditQuery(TenderService.EntityType, id, null, 0, HistoryRows), cancellationToken);
        var version = details.Tender.Version;
        var model = new TenderDetailsViewModel
        {
            Details = details,
            CampaignTitle = campaign?.Title ?? string.Empty,
            History = history,
            Publish = new PublishInput { Version = version, ElectronicOffers = details.Tender.ElectronicOffers },
            Close = new VersionInput { Version = version },
            Evaluate = new VersionInput { Version = version },
            Unsuccessful = new ReasonInput { Version = version },
            Abandon = new ReasonInput { Version = version },
            Commission = new CommissionInput { Version = version },
        };
        keepInput?.Invoke(model);
        return model;
    }
}
