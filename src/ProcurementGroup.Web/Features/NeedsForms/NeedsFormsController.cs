using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// The members' needs forms. A buyer reaches only the forms of the members it acts for: any other form answers 404
/// (by URL or POST), never its data. Validating, returning and reopening are for procurement officers (403 otherwise).
/// </summary>
[Authorize(Policy = Policies.StaffOrMemberBuyer)]
public sealed class NeedsFormsController(
    NeedsFormQueries queries,
    NeedsFormWorkflow workflow,
    INeedsFormRepository forms,
    ICampaignRepository campaigns,
    ICatalogueRepository catalogue,
    IMemberScope scope,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>Buyers: the forms of their members across campaigns. Staff: the campaigns with their forms' progress.</summary>
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var ids = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        return View(ids is null
            ? new NeedsFormsIndexViewModel { IsStaff = true, Campaigns = await forms.CampaignSummariesAsync(cancellationToken) }
            : new NeedsFormsIndexViewModel { Forms = await forms.ListForMembersAsync(ids.ToList(), cancellationToken) });
    }

    /// <summary>The buyer's form for a campaign; a choice when it acts for several members taking part.</summary>
    public async Task<IActionResult> Campaign(long id, CancellationToken cancellationToken)
    {
        var ids = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        if (ids is null)
        {
            return IsOfficer ? RedirectToAction(nameof(Officer), new { id }) : RedirectToAction(nameof(Index));
        }

        var mine = (await forms.ListForMembersAsync(ids.ToList(), cancellationToken)).Where(f => f.CampaignId == id).ToList();
        return mine.Count switch
        {
            0 => NotFound(),
            1 => RedirectToAction(nameof(Edit), new { id = mine[0].FormId }),
            _ => View(mine),
        };
    }

    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        return View(Page(context, NeedsFormQueries.InputFromLines(context)));
    }

    /// <summary>Save as draft, submit, add a row for another site, or start from the previous campaign.</summary>
    [HttpPost]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Input")] NeedsFormInput input, string? command, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        input.Lines ??= [];
        ModelState.Clear();
        if (command is not null && command.StartsWith("add:", StringComparison.Ordinal)
            && long.TryParse(command.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var itemId)
            && context.Items.Any(i => i.Id == itemId))
        {
            // No save: the page comes back with one more row for that item, the user picks its site.
            var last = input.Lines.FindLastIndex(l => l.ItemId == itemId);
            input.Lines.Insert(last + 1, new LineInput { ItemId = itemId });
            return View(Page(context, input));
        }

        if (command == "previous")
        {
            if (!queries.CanEdit(User, context) || await queries.PreviousInputAsync(context, cancellationToken) is not { } previous)
            {
                ModelState.AddModelError(string.Empty, t["Aucune quantité à reprendre d'une campagne précédente."]);
                return View(Page(context, input));
            }

            previous.Input.Version = input.Version;
            return View(Page(context, previous.Input,
                t["Quantités reprises de la campagne « {0} » : vérifiez-les puis enregistrez le formulaire. Rien n'est enregistré tant que vous ne cliquez pas sur Enregistrer.", previous.Title]));
        }

        var submit = command == "submit";
        var result = await workflow.SaveAsync(User, context, input, submit, cancellationToken);
        if (result.Outcome == FormOutcome.Done)
        {
            TempData["Success"] = submit ? t["Le formulaire a été transmis au service marchés."].Value : t["Le brouillon a été enregistré."].Value;
            return RedirectToAction(nameof(Edit), new { id });
        }

        AddErrors(result, "Input.");
        return View(Page(context, input));
    }

    [HttpPost]
    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Validate(long id, int version, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var result = await workflow.ValidateAsync(User, context, version, cancellationToken);
        return AfterDecision(context, result, t["Le formulaire a été validé ; les acheteurs du membre en sont informés."], null);
    }

    [HttpPost]
    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Return(long id, int version, string? returnReason, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var result = await workflow.ReturnAsync(User, context, version, returnReason, cancellationToken);
        return AfterDecision(context, result, t["Le formulaire a été renvoyé pour correction ; les acheteurs du membre ont reçu le motif."], p => p.ReturnReason = returnReason);
    }

    [HttpPost]
    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Reopen(long id, int version, string? reopenReason, string? reopenTarget, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } context)
        {
            return NotFound();
        }

        var result = await workflow.ReopenAsync(User, context, version, reopenReason, reopenTarget, cancellationToken);
        return AfterDecision(context, result, t["Le formulaire a été rouvert ; les acheteurs du membre en sont informés."], p =>
        {
            p.ReopenReason = reopenReason;
            p.ReopenTarget = reopenTarget ?? nameof(NeedsFormStatus.Returned);
        });
    }

    /// <summary>All forms of a campaign with member, status, last update and totals.</summary>
    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Officer(long id, CancellationToken cancellationToken)
    {
        if (await campaigns.GetCampaignAsync(id, cancellationToken) is not { } campaign)
        {
            return NotFound();
        }

        var items = await catalogue.ItemsAsync(id, cancellationToken);
        var rows = await forms.ListForCampaignAsync(id, cancellationToken);
        var quantities = (await forms.QuantitiesForCampaignAsync(id, cancellationToken)).ToLookup(q => q.FormId);
        static NeedLine AsLine(FormItemQuantity q) => new() { CatalogueItemId = q.CatalogueItemId, QuantityMilli = q.QuantityMilli };
        var all = FormTotals.Compute(items, quantities.SelectMany(g => g).Select(AsLine), campaign.DurationMonths);
        return View(new OfficerViewModel
        {
            Campaign = campaign,
            Forms = rows.Select(r => (r, FormTotals.Compute(items, quantities[r.FormId].Select(AsLine), campaign.DurationMonths))).ToList(),
            TotalHt = all.Ht,
            TotalTtc = all.Ttc,
        });
    }

    private bool IsOfficer => NeedsFormQueries.IsOfficer(User);

    /// <summary>The form if it exists and the user may act for its member; null otherwise (both answer 404).</summary>
    private async Task<FormContext?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        // One read of the form with its page's data (one batch), authorized on the form's member through the one scope path.
        return await scope.LoadAsync(User, ct => queries.LoadAsync(id, ct), c => c.Form.MemberId, cancellationToken);
    }

    private IActionResult AfterDecision(FormContext context, FormResult result, string success, Action<NeedsFormPage>? keep)
    {
        if (result.Outcome == FormOutcome.Done)
        {
            TempData["Success"] = success;
            return RedirectToAction(nameof(Edit), new { id = context.Form.Id });
        }

        AddErrors(result, string.Empty);
        var page = Page(context, NeedsFormQueries.InputFromLines(context));
        keep?.Invoke(page);
        return View(nameof(Edit), page);
    }

    private void AddErrors(FormResult result, string prefix)
    {
        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field.Length == 0 ? string.Empty : prefix + field, t[message]);
        }

        if (result.Outcome == FormOutcome.Conflict)
        {
            // The stale page is shown again with what was typed; the stored form is untouched.
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
    }

    private NeedsFormPage Page(FormContext context, NeedsFormInput input, string? notice = null)
    {
        // Every item shows at least one row, even if a tampered post left it out.
        foreach (var item in context.Items.Where(i => input.Lines.All(l => l.ItemId != i.Id)))
        {
            input.Lines.Add(new LineInput { ItemId = item.Id });
        }

        var rows = new Dictionary<long, List<int>>();
        for (var i = 0; i < input.Lines.Count; i++)
        {
            if (!rows.TryGetValue(input.Lines[i].ItemId, out var list))
            {
                rows[input.Lines[i].ItemId] = list = [];
            }

            list.Add(i);
        }

        var now = queries.NowUtc;
        var canEdit = queries.CanEdit(User, context);
        var officer = IsOfficer;
        return new NeedsFormPage
        {
            Context = context,
            Input = input,
            RowsByItem = rows,
            Totals = FormTotals.Compute(context.Items, context.Lines, context.Campaign.DurationMonths),
            CanEdit = canEdit,
            CanSubmit = canEdit && FormWorkflow.MaySubmit(context.Form),
            ChangeReasonRequired = canEdit && FormWorkflow.ChangeNeedsReason(officer, context.Form),
            IsOfficer = officer,
            CanValidate = officer && FormWorkflow.MayValidate(context.Form),
            CanReturn = officer && FormWorkflow.MayReturn(context.Form),
            CanReopen = officer && context.Form.Status != NeedsFormStatus.Submitted && FormWorkflow.MayReopen(context.Campaign, context.Form, context.DeadlineUtc, now),
            PreviousCampaignTitle = canEdit ? NeedsFormQueries.PreviousCampaignTitle(context) : null,
            Notice = notice,
        };
    }
}
