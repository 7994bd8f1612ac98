using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// The award of each lot (keyed by tender lot id), its contract, the tender's documents and savings: procurement
/// officers and administrators. Nothing answers before the offers are opened (404). Member buyers read only their own
/// members' contract shares, loaded through <see cref="IMemberScope"/>. Each action names its policy (policies on the
/// class and on an action would both apply).
/// </summary>
public sealed class AwardsController(AwardService service, ISupplierRepository suppliers, IContractRepository contracts, IMemberScope scope, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = "/Features/Tenders/Awards/";
    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private string Officer => User.Identity?.Name ?? string.Empty;

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Lot(long id, CancellationToken cancellationToken) =>
        await service.LoadAsync(id, cancellationToken) is { } lot
            ? await LotViewAsync(lot, AwardService.AwardFormFor(lot), AwardService.ContractFormFor(lot), cancellationToken)
            : NotFound();

    [Authorize(Policy = Policies.ProcurementOfficer)]
    [HttpPost]
    [ActionName("Lot")]
    public async Task<IActionResult> SaveAward(long id, [Bind(Prefix = "Award")] AwardForm form, CancellationToken cancellationToken)
    {
        // A value that did not bind (text in a number or a list) keeps its French message and saves nothing.
        var result = ModelState.IsValid ? await service.SaveAwardAsync(id, form, cancellationToken) : SaveResult.Invalid([]);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["L'attribution du lot a été enregistrée."].Value;
            return RedirectToAction(nameof(Lot), new { id });
        }

        if (await service.LoadAsync(id, cancellationToken) is not { } lot)
        {
            return NotFound();
        }

        this.ShowErrors(result, "Award");
        return await LotViewAsync(lot, form, AwardService.ContractFormFor(lot), cancellationToken);
    }

    [Authorize(Policy = Policies.ProcurementOfficer)]
    [HttpPost]
    public async Task<IActionResult> Sign(long id, [Bind(Prefix = "Contract")] SignContractForm form, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid ? await service.SignAsync(id, form, cancellationToken) : SaveResult.Invalid([]);
        if (result.Status == SaveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == SaveStatus.Saved)
        {
            TempData["Success"] = t["Le marché a été signé et enregistré."].Value;
            return RedirectToAction(nameof(Lot), new { id });
        }

        if (await service.LoadAsync(id, cancellationToken) is not { } lot)
        {
            return NotFound();
        }

        this.ShowErrors(result, "Contract");
        return await LotViewAsync(lot, AwardService.AwardFormFor(lot), form, cancellationToken);
    }

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> AnalysisReport(long id, CancellationToken cancellationToken) =>
        await service.AnalysisReportPdfAsync(id, Officer, cancellationToken) is { } pdf ? File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound();

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> RejectionLetter(long id, CancellationToken cancellationToken) =>
        await service.RejectionLetterPdfAsync(id, Officer, cancellationToken) is { } pdf ? File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound();

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> PresentationReport(long id, CancellationToken cancellationToken) =>
        await service.PresentationReportPdfAsync(id, Officer, cancellationToken) is { } pdf ? File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound();

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> Savings(long id, CancellationToken cancellationToken)
    {
        if (await service.SavingsAsync(id, cancellationToken) is not { } savings)
        {
            return NotFound();
        }

        return View(Views + "Savings.cshtml", new SavingsViewModel
        {
            TenderId = id,
            Reference = savings.Details.Tender.Reference,
            Object = savings.Details.Tender.Object,
            Lots = savings.Lots,
            Total = savings.Total,
        });
    }

    [Authorize(Policy = Policies.ProcurementOfficer)]
    public async Task<IActionResult> SavingsXlsx(long id, CancellationToken cancellationToken) =>
        await service.SavingsXlsxAsync(id, cancellationToken) is { } bytes ? File(bytes, XlsxContentType, $"economies-{id}.xlsx") : NotFound();

    /// <summary>« Mes marchés »: the contracts of every member the buyer acts for, with each member's share.</summary>
    [Authorize(Policy = Policies.MemberBuyer)]
    public async Task<IActionResult> Mine(CancellationToken cancellationToken)
    {
        var members = new List<(Member, IReadOnlyList<ContractShare>)>();
        foreach (var memberId in (await scope.VisibleMemberIdsAsync(User, cancellationToken) ?? new HashSet<long>()).Order())
        {
            if (await scope.MemberAsync(User, memberId, cancellationToken) is { } member)
            {
                members.Add((member, await service.SharesAsync(member.Id, cancellationToken)));
            }
        }

        return await SharesViewAsync(members, cancellationToken);
    }

    /// <summary>One member's contract shares: 404 for a member the user does not act for, like a member that does not exist.</summary>
    [Authorize(Policy = Policies.StaffOrMemberBuyer)]
    public async Task<IActionResult> Shares(long id, CancellationToken cancellationToken) =>
        await scope.MemberAsync(User, id, cancellationToken) is { } member
            ? await SharesViewAsync([(member, await service.SharesAsync(member.Id, cancellationToken))], cancellationToken)
            : NotFound();

    private async Task<IActionResult> SharesViewAsync(IReadOnlyList<(Member Member, IReadOnlyList<ContractShare> Shares)> members, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<long, (IReadOnlyList<ContractListRow>, IReadOnlyList<OrderRow>)>();
        foreach (var (member, _) in members)
        {
            recorded[member.Id] = (await contracts.ListOfMemberAsync(member.Id, cancellationToken), await contracts.OrdersOfMemberAsync(member.Id, cancellationToken));
        }

        return View(Views + "Shares.cshtml", new MemberContractsViewModel
        {
            Members = members,
            Recorded = recorded,
            CanOrder = await authorization.AllowsAsync(User, Policies.OrderWriter),
        });
    }

    private async Task<IActionResult> LotViewAsync(AwardLot lot, AwardForm award, SignContractForm contract, CancellationToken cancellationToken)
    {
        var supplierId = lot.Contract?.SupplierId;
        var saving = lot.Awardee is { } awardee
            ? new Core.Tenders.Saving(lot.Lot.LotNumber, AwardService.EstimatedValue(lot.Details, lot.Lot.Id), awardee.Offer.DqeTotal)
            : null;
        return View(Views + "Lot.cshtml", new AwardLotViewModel
        {
            Lot = lot,
            Award = award,
            Contract = contract,
            SupplierName = supplierId is { } sid ? (await suppliers.GetAsync(sid, cancellationToken))?.Name : null,
            Saving = saving,
            Today = service.Today,
            StateMessage = service.StateMessage(lot),
        });
    }
}
