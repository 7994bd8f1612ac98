using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Web.Features.Tenders;

namespace ProcurementGroup.Web.Features.Contracts;

/// <summary>An item row of a recorded contract; a row left blank is ignored.</summary>
public sealed class ContractItemInput
{
    public string? Label { get; set; }

    public string? Unit { get; set; }

    public string? UnitPrice { get; set; }

    public string? Period { get; set; }

    /// <summary>The item's French VAT rate in percent (20, 10, 5,5, 2,1 or 0); blank: 20 %.</summary>
    public string? VatRate { get; set; }
}

/// <summary>A member row: whether it takes part, and its quantity of each item row (same order as the items).</summary>
public sealed class ContractMemberInput
{
    public long MemberId { get; set; }

    public bool TakesPart { get; set; }

    public List<string?> Quantities { get; set; } = [];

    [BindNever]
    public string Name { get; set; } = string.Empty;
}

/// <summary>
/// The form of a contract signed before the app: its figures, the DECP fields (the tender's defaults), its BPU and the
/// members taking part with their quantities. The forme du prix is the DECP field <see cref="FormePrix"/>.
/// </summary>
public sealed class RecordContractForm : IDecpInput
{
    public const int ItemRows = 8;

    /// <summary>The contract's version when its correction form was read (unused when recording).</summary>
    public int Version { get; set; }

    [Display(Name = "Référence du marché")]
    public string? Reference { get; set; }

    [Display(Name = "Groupement")]
    public long? PurchasingGroupId { get; set; }

    [Display(Name = "Titulaire")]
    public long? SupplierId { get; set; }

    [Display(Name = "Objet")]
    public string? Title { get; set; }

    [Display(Name = "Lot")]
    public string? LotLabel { get; set; }

    [Display(Name = "Signé le")]
    public string? SignedOn { get; set; }

    [Display(Name = "Notifié le")]
    public string? NotifiedOn { get; set; }

    [Display(Name = "Début d'exécution")]
    public string? StartsOn { get; set; }

    [Display(Name = "Durée (mois)")]
    public int? DurationMonths { get; set; }

    [Display(Name = "Montant HT, ou maximum d'un accord-cadre (€)")]
    public string? Amount { get; set; }

    [Display(Name = "Code CPV")]
    public string? CpvCode { get; set; }

    [Display(Name = "Nature")]
    public string? Nature { get; set; }

    [Display(Name = "Procédure")]
    public string? Procedure { get; set; }

    [Display(Name = "Forme du marché")]
    public string? ContractForm { get; set; }

    [Display(Name = "Offres reçues")]
    public int? OffresRecues { get; set; }

    [Display(Name = "Sous-traitance déclarée")]
    public bool SousTraitanceDeclaree { get; set; }

    public List<string> Techniques { get; set; } = [];

    public List<string> ModalitesExecution { get; set; } = [];

    public bool MarcheInnovant { get; set; }

    public string? Ccag { get; set; }

    public bool AttributionAvance { get; set; }

    public string? TypeGroupementOperateurs { get; set; }

    public string? LieuExecutionCode { get; set; }

    public string? LieuExecutionTypeCode { get; set; }

    public List<string> TypesPrix { get; set; } = [];

    public string? FormePrix { get; set; }

    public List<string> ConsiderationsSociales { get; set; } = [];

    public List<string> ConsiderationsEnvironnementales { get; set; } = [];

    public List<ContractItemInput> Items { get; set; } = [];

    public List<ContractMemberInput> Members { get; set; } = [];

    [BindNever]
    public IReadOnlyList<Choice> Groups { get; set; } = [];

    [BindNever]
    public IReadOnlyList<Choice> Suppliers { get; set; } = [];
}

/// <summary>The amendment form on the contract page.</summary>
public sealed class AmendmentForm
{
    public int Version { get; set; }

    [Display(Name = "Signé le")]
    public string? SignedOn { get; set; }

    [Display(Name = "Notifié le")]
    public string? NotifiedOn { get; set; }

    [Display(Name = "Nouveau montant (ou maximum) HT (€)")]
    public string? NewAmount { get; set; }

    [Display(Name = "Nouvelle durée (mois)")]
    public int? NewDurationMonths { get; set; }

    [Display(Name = "Nouveau titulaire")]
    public long? NewSupplierId { get; set; }

    [Display(Name = "Objet de l'avenant")]
    public string? Reason { get; set; }
}

/// <summary>An order line: the quantity of one contract item (blank: not ordered).</summary>
public sealed class OrderLineInput
{
    public long ContractItemId { get; set; }

    public string? Quantity { get; set; }
}

public sealed class OrderForm
{
    public int Version { get; set; }

    [Display(Name = "Membre")]
    public long? MemberId { get; set; }

    [Display(Name = "Commandé le")]
    public string? OrderedOn { get; set; }

    public List<OrderLineInput> Lines { get; set; } = [];
}

/// <summary>A contract's page: initial and current terms, BPU, members and quantities, amendments, orders and consumption.</summary>
public sealed class ContractView
{
    public required ContractRecord Contract { get; init; }

    public required ContractTerms Initial { get; init; }

    public required ContractTerms Current { get; init; }

    public required string CurrentSupplierName { get; init; }

    public required IReadOnlyList<ContractItemRow> Items { get; init; }

    public required IReadOnlyList<ContractMemberRow> Members { get; init; }

    public required IReadOnlyList<ContractQuantityRow> Quantities { get; init; }

    public required IReadOnlyList<ContractAmendmentRow> Amendments { get; init; }

    public required IReadOnlyList<OrderRow> Orders { get; init; }

    public required IReadOnlyList<OrderLineRow> OrderLines { get; init; }

    /// <summary>What every order of the contract consumed (also when <see cref="Orders"/> shows one member's only).</summary>
    public required Core.Money.Money Ordered { get; init; }

    /// <summary>The same contract as a member buyer sees it: its own members' rows, quantities and orders only.</summary>
    public ContractView ForMembers(IReadOnlySet<long>? visible)
    {
        if (visible is null)
        {
            return this;
        }

        var orders = Orders.Where(o => visible.Contains(o.MemberId)).ToList();
        var orderIds = orders.Select(o => o.Id).ToHashSet();
        return new ContractView
        {
            Contract = Contract,
            Initial = Initial,
            Current = Current,
            CurrentSupplierName = CurrentSupplierName,
            Items = Items,
            Members = Members.Where(m => visible.Contains(m.MemberId)).ToList(),
            Quantities = Quantities.Where(q => visible.Contains(q.MemberId)).ToList(),
            Amendments = Amendments,
            Orders = orders,
            OrderLines = OrderLines.Where(l => orderIds.Contains(l.OrderId)).ToList(),
            Ordered = Ordered,
        };
    }

    /// <summary>Orders against the current maximum: only an accord-cadre has one.</summary>
    public OrderCeilingCheck? Consumption => Contract.IsMaximum ? OrderCeiling.Check(Current.Amount, Ordered, Core.Money.Money.Zero) : null;

    public long QuantityOf(long memberId, long itemId) => Quantities.FirstOrDefault(q => q.MemberId == memberId && q.ContractItemId == itemId)?.QuantityMilli ?? 0;
}

/// <summary>A recorded contract's correction: its stored row, the form filled from it, and why it is refused (null: it is not).</summary>
public sealed record ContractCorrection(ContractRecord Contract, RecordContractForm Form, string? Refusal);

/// <summary>The correction page: the form, or the refusal pointing to the amendment.</summary>
public sealed class ContractEditViewModel
{
    public required ContractRecord Contract { get; init; }

    public required RecordContractForm Form { get; init; }

    public string? Refusal { get; init; }
}

public sealed class ContractDetailsViewModel
{
    /// <summary>Whether the page offers « Corriger les données initiales » (a recorded contract nothing refers to yet).</summary>
    public bool CanCorrect { get; init; }

    public required ContractView View { get; init; }

    public AmendmentForm Amendment { get; init; } = new();

    public IReadOnlyList<Choice> Suppliers { get; init; } = [];

    public bool CanAmend { get; init; }

    public bool CanOrder { get; init; }
}

public sealed class ContractIndexViewModel
{
    public required IReadOnlyList<(ContractListRow Row, ContractTerms Current)> Rows { get; init; }

    public bool CanRecord { get; init; }
}

public sealed class OrderViewModel
{
    public required ContractView View { get; init; }

    public required OrderForm Form { get; init; }

    /// <summary>The members the user may order for: the contract's, limited to the user's own for a member buyer.</summary>
    public required IReadOnlyList<ContractMemberRow> Members { get; init; }

    /// <summary>The warning of the order just recorded (80 % of the maximum reached), if any.</summary>
    public string? Warning { get; init; }
}

/// <summary>Labels of the contract pages.</summary>
public static class ContractLabels
{
    public static readonly IReadOnlyList<PurchaseNature> Natures = [PurchaseNature.Supplies, PurchaseNature.Services, PurchaseNature.Works];

    public static readonly IReadOnlyList<ContractForm> Forms = [Core.Procedures.ContractForm.Ordinary, Core.Procedures.ContractForm.FrameworkPurchaseOrders, Core.Procedures.ContractForm.FrameworkSubsequentContracts];

    public static readonly IReadOnlyList<PricePeriod> Periods = [PricePeriod.OneOff, PricePeriod.Monthly, PricePeriod.Annual];

    public static string Period(PricePeriod period) => CatalogueText.PeriodLabel(period);
}
