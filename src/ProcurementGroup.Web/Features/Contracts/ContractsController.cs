using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Contracts;

/// <summary>
/// « Marchés »: the group's contracts (from awarded tenders or recorded as signed before the app) for the coordinator's
/// staff; officers, finance and administrators record a contract and its amendments. Orders against an accord-cadre are
/// recorded by an officer for any member taking part, or by a member buyer for its own member only: the member is loaded
/// through <see cref="IMemberScope"/>, so another member's id answers 404. Each action names its policy.
/// </summary>
public sealed class ContractsController(ContractService service, IContractRepository contracts, IMemberScope scope, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = "/Features/Contracts/";

    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(Views + "Index.cshtml", await service.ListAsync(await authorization.AllowsAsync(User, Policies.ContractWriter), cancellationToken));

    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await service.LoadAsync(id, cancellationToken) is { } view
            ? await DetailsViewAsync(view, ContractService.AmendmentFormFor(view), cancellationToken)
            : NotFound();

    [Authorize(Policy = Policies.ContractWriter)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        View(Views + "Create.cshtml", await service.NewFormAsync(cancellationToken));

    [Authorize(Policy = Policies.ContractWriter)]
    [HttpPost]
    public async Task<IActionResult> Create(RecordContractForm form, CancellationToken cancellationToken)
    {
        // The member rows in the page's order first, so that a message keyed by row lands next to its member.
        await service.CompleteAsync(form, cancellationToken);

        // A value that did not bind (text in a number) keeps its French message and saves nothing.
        var result = ModelState.IsValid ? await service.RecordAsync(form, User, cancellationToken) : SaveResult.Invalid([]);
        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["Le marché a été enregistré."].Value;
            return RedirectToAction(nameof(Details), new { id = result.Id });
        }

        this.ShowErrors(result);
        return View(Views + "Create.cshtml", form);
    }

    /// <summary>
    /// « Corriger les données initiales » of a contract recorded without a tender: the form while nothing refers to the
    /// contract; afterwards (or for a contract from a tender) the page says why and points to the amendment.
    /// </summary>
    [Authorize(Policy = Policies.ContractWriter)]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await service.CorrectionAsync(id, cancellationToken) is { } correction
            ? View(Views + "Edit.cshtml", new ContractEditViewModel { Contract = correction.Contract, Form = correction.Form, Refusal = correction.Refusal })
            : NotFound();

    /// <summary>
    /// Saves the correction: refused with 409 and the French reason once a cost entry, order or amendment refers to the
    /// contract, 409 with the typed values kept when someone saved it first; a refused value redisplays the form.
    /// </summary>
    [Authorize(Policy = Policies.ContractWriter)]
    [HttpPost]
    public async Task<IActionResult> Edit(long id, RecordContractForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await service.CorrectionAsync(id, cancellationToken) is not { } correction)
        {
            return NotFound();
        }

        await service.ChoicesAsync(form, cancellationToken);
        var (result, refusal) = correction.Refusal is not null
            ? (SaveResult.Conflicted, correction.Refusal)
            : ModelState.IsValid ? await service.CorrectAsync(id, form, User, cancellationToken) : (SaveResult.Invalid([]), null);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Les données initiales du marché ont été corrigées."].Value;
                return RedirectToAction(nameof(Details), new { id });
            case SaveStatus.Conflict:
                Response.StatusCode = StatusCodes.Status409Conflict;
                if (refusal is null)
                {
                    ModelState.AddModelError(string.Empty, t[SaveResult.ConflictMessage].Value);
                }

                break;
            default:
                this.ShowErrors(result);
                break;
        }

        return View(Views + "Edit.cshtml", new ContractEditViewModel { Contract = correction.Contract, Form = form, Refusal = refusal is null ? null : t[refusal].Value });
    }

    [Authorize(Policy = Policies.ContractWriter)]
    [HttpPost]
    public async Task<IActionResult> Amend(long id, [Bind(Prefix = "Amendment")] AmendmentForm form, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid ? await service.AmendAsync(id, form, User, cancellationToken) : SaveResult.Invalid([]);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["L'avenant a été enregistré."].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        if (await service.LoadAsync(id, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        this.ShowErrors(result, "Amendment");
        return await DetailsViewAsync(view, form, cancellationToken);
    }

    /// <summary>The order form of an accord-cadre: 404 for a contract that is not one, or when the user acts for none of its members.</summary>
    [Authorize(Policy = Policies.OrderWriter)]
    public async Task<IActionResult> Order(long id, CancellationToken cancellationToken)
    {
        if (await OrderableAsync(id, cancellationToken) is not { } orderable)
        {
            return NotFound();
        }

        return View(Views + "Order.cshtml", new OrderViewModel { View = orderable.View, Members = orderable.Members, Form = service.OrderFormFor(orderable.View, orderable.Members) });
    }

    [Authorize(Policy = Policies.OrderWriter)]
    [HttpPost]
    [ActionName("Order")]
    public async Task<IActionResult> RecordOrder(long id, OrderForm form, CancellationToken cancellationToken)
    {
        if (await OrderableAsync(id, cancellationToken) is not { } orderable)
        {
            return NotFound();
        }

        SaveResult result;
        string? warning = null;
        if (form.MemberId is not { } memberId)
        {
            result = SaveResult.Invalid(nameof(form.MemberId), t["Choisissez le membre qui commande."].Value);
        }
        else if (await scope.MemberAsync(User, memberId, cancellationToken) is null)
        {
            // Another member's id, like a member that does not exist: the one resource-authorization path answers 404.
            return NotFound();
        }
        else if (!ModelState.IsValid)
        {
            result = SaveResult.Invalid([]);
        }
        else
        {
            (result, warning) = await service.OrderAsync(orderable.View, memberId, form, User, cancellationToken);
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = warning is null
                ? t["Le bon de commande a été enregistré."].Value
                : t["Le bon de commande a été enregistré. {0}", warning].Value;
            return RedirectToAction(nameof(Order), new { id });
        }

        this.ShowErrors(result);
        var fresh = await OrderableAsync(id, cancellationToken) ?? orderable;
        return View(Views + "Order.cshtml", new OrderViewModel { View = fresh.View, Members = fresh.Members, Form = form });
    }

    private async Task<(ContractView View, IReadOnlyList<ContractMemberRow> Members)?> OrderableAsync(long id, CancellationToken cancellationToken)
    {
        if (await service.LoadAsync(id, cancellationToken) is not { Contract.IsMaximum: true } view)
        {
            return null;
        }

        var visible = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        var members = ContractService.OrderableMembers(view, visible);
        return members.Count == 0 ? null : (view.ForMembers(visible), members);
    }

    private async Task<IActionResult> DetailsViewAsync(ContractView view, AmendmentForm amendment, CancellationToken cancellationToken) =>
        View(Views + "Details.cshtml", new ContractDetailsViewModel
        {
            View = view,
            Amendment = amendment,
            Suppliers = await contracts.SupplierChoicesAsync(cancellationToken),
            CanAmend = await authorization.AllowsAsync(User, Policies.ContractWriter),
            CanCorrect = view.Contract.TenderLotId is null && view.Amendments.Count == 0 && view.Orders.Count == 0
                && await authorization.AllowsAsync(User, Policies.ContractWriter)
                && await service.CorrectionAsync(view.Contract.Id, cancellationToken) is { Refusal: null },
            CanOrder = view.Contract.IsMaximum && await authorization.AllowsAsync(User, Policies.OrderWriter),
        });
}
