using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>The award of a lot as typed: dates as French users type them or a date input posts them.</summary>
public sealed class AwardForm
{
    [Display(Name = "Attributaire")]
    public long AwardeeOfferId { get; set; }

    [Display(Name = "Attestation fiscale reçue le")]
    public string? TaxCertificateReceivedOn { get; set; }

    [Display(Name = "Attestation sociale (URSSAF) reçue le")]
    public string? SocialCertificateReceivedOn { get; set; }

    [Display(Name = "Lettres de rejet envoyées le")]
    public string? RejectionLettersSentOn { get; set; }

    [Display(Name = "Mode d'envoi des lettres de rejet")]
    public LetterChannel? RejectionLettersChannel { get; set; }

    [Display(Name = "Avis d'attribution envoyé le")]
    public string? AwardNoticeSentOn { get; set; }

    [Display(Name = "Motif du choix d'un attributaire autre que l'offre proposée")]
    public string? AwardeeReason { get; set; }

    public int Version { get; set; }
}

/// <summary>The contract of a lot as typed at signing.</summary>
public sealed class SignContractForm
{
    public static readonly IReadOnlyList<string> PriceForms = [DecpCodes.FormePrixUnitaire, "Forfaitaire", "Mixte"];

    [Display(Name = "Référence du marché")]
    public string? Reference { get; set; }

    [Display(Name = "Signé le")]
    public string? SignedOn { get; set; }

    [Display(Name = "Notifié le")]
    public string? NotifiedOn { get; set; }

    [Display(Name = "Durée (mois)")]
    public int? DurationMonths { get; set; }

    [Display(Name = "Montant HT (€)")]
    public string? Amount { get; set; }

    [Display(Name = "Code CPV")]
    public string? CpvCode { get; set; }

    [Display(Name = "Forme du prix")]
    public string? PriceForm { get; set; }
}

public sealed class AwardLotViewModel
{
    public required AwardLot Lot { get; init; }

    public required AwardForm Award { get; init; }

    public required SignContractForm Contract { get; init; }

    public string? SupplierName { get; init; }

    public Saving? Saving { get; init; }

    public DateOnly Today { get; init; }

    /// <summary>Why the lot cannot be awarded yet (the tender's state), or null.</summary>
    public string? StateMessage { get; init; }

    public bool AwardNoticeOverdue => Lot.Contract is { } c && AwardRules.AwardNoticeOverdue(Lot.Formalised, c.SignedOn, Lot.Award?.AwardNoticeSentOn, Today);
}

public sealed class SavingsViewModel
{
    public required long TenderId { get; init; }

    public required string Reference { get; init; }

    public required string Object { get; init; }

    public required IReadOnlyList<(Data.Tenders.TenderLotRow Lot, Saving Saving)> Lots { get; init; }

    public required Saving Total { get; init; }
}

public sealed class MemberContractsViewModel
{
    public required IReadOnlyList<(Member Member, IReadOnlyList<ContractShare> Shares)> Members { get; init; }

    /// <summary>Per member: the contracts it takes part in (from tenders or recorded without one) and its orders.</summary>
    public IReadOnlyDictionary<long, (IReadOnlyList<Data.Contracts.ContractListRow> Contracts, IReadOnlyList<Data.Contracts.OrderRow> Orders)> Recorded { get; init; } =
        new Dictionary<long, (IReadOnlyList<Data.Contracts.ContractListRow>, IReadOnlyList<Data.Contracts.OrderRow>)>();

    /// <summary>Whether the user records orders (a link to each accord-cadre's order page).</summary>
    public bool CanOrder { get; init; }
}
