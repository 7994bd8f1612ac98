using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Data.Tenders;

/// <summary>A tender as stored (0013_tenders.sql). DECP list fields are stored joined with <see cref="DecpCodes.ListSeparator"/>.</summary>
public sealed class TenderRow
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Object { get; set; } = string.Empty;

    public PurchaseNature Nature { get; set; }

    public TenderProcedure ProcedureType { get; set; }

    public ContractForm ContractForm { get; set; }

    public int DurationMonths { get; set; }

    public TenderStatus State { get; set; }

    public string? StateReason { get; set; }

    public bool ElectronicOffers { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public DateTime? OfferDeadlineUtc { get; set; }

    public DateTime? OffersOpenedAtUtc { get; set; }

    public DateOnly? CaoDecisionDate { get; set; }

    public string? CaoDecision { get; set; }

    public PriceFormula PriceFormula { get; set; } = PriceFormula.Proportional;

    /// <summary>Nmax in ten-thousandths of a point (<see cref="TenderScore"/>).</summary>
    public long MaxScoreTenThousandths { get; set; }

    public int AbnormallyLowPercent { get; set; } = AbnormallyLowRule.DefaultPercent;

    public string Techniques { get; set; } = string.Empty;

    public string ModalitesExecution { get; set; } = string.Empty;

    public bool MarcheInnovant { get; set; }

    public string Ccag { get; set; } = string.Empty;

    public bool AttributionAvance { get; set; }

    public string TypeGroupementOperateurs { get; set; } = string.Empty;

    public string LieuExecutionCode { get; set; } = string.Empty;

    public string LieuExecutionTypeCode { get; set; } = string.Empty;

    public string TypesPrix { get; set; } = string.Empty;

    public string FormePrix { get; set; } = string.Empty;

    public string ConsiderationsSociales { get; set; } = string.Empty;

    public string ConsiderationsEnvironnementales { get; set; } = string.Empty;

    /// <summary>The day the participation rule was applied for the DQE snapshot (the publication's day once published).</summary>
    public DateOnly SnapshotDate { get; set; }

    public DateTime SnapshotAtUtc { get; set; }

    public int SnapshotSubmittedForms { get; set; }

    public int SnapshotValidatedForms { get; set; }

    /// <summary>Forms of members taking part left out because still draft or returned.</summary>
    public int SnapshotPendingForms { get; set; }

    /// <summary>Forms of members not taking part on the snapshot date (left before it, or joined after), counted nowhere.</summary>
    public int SnapshotNotTakingPartForms { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public bool Formalised => ProcedureChoice.Level(ProcedureType) == RequiredProcedure.Formalised;

    public DecpFields Decp => new(
        DecpCodes.Split(Techniques),
        DecpCodes.Split(ModalitesExecution),
        MarcheInnovant,
        Ccag,
        AttributionAvance,
        TypeGroupementOperateurs,
        LieuExecutionCode,
        LieuExecutionTypeCode,
        DecpCodes.Split(TypesPrix),
        FormePrix,
        DecpCodes.Split(ConsiderationsSociales),
        DecpCodes.Split(ConsiderationsEnvironnementales));
}

public sealed class TenderLotRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public long? CampaignLotId { get; set; }

    public int LotNumber { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? CpvCode { get; set; }

    public long? MaximumCents { get; set; }

    public bool SmallLotException { get; set; }

    public TenderProcedure ProcedureType { get; set; }

    public int Version { get; set; }
}

/// <summary>An item of the tender: copied from the catalogue, with its DQE snapshot quantity (thousandths).</summary>
public sealed class TenderItemRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public long TenderLotId { get; set; }

    public long? CatalogueItemId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public PricePeriod PricePeriod { get; set; }

    public QuantityBasis QuantityBasis { get; set; }

    public long EstimatedUnitPriceCents { get; set; }

    public int VatRateBasisPoints { get; set; }

    public long QuantityMilli { get; set; }

    public int SortOrder { get; set; }
}

public sealed class TenderMemberQuantityRow
{
    public long TenderItemId { get; set; }

    public long MemberId { get; set; }

    public long QuantityMilli { get; set; }
}

public sealed class TenderCriterionRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public CriterionKind Kind { get; set; }

    public int Weight { get; set; }

    public int SortOrder { get; set; }
}

public sealed class TenderSubCriterionRow
{
    public long Id { get; set; }

    public long CriterionId { get; set; }

    public long TenderId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public int Weight { get; set; }

    public long MaxScoreTenThousandths { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A tender with its lots, items and criteria.</summary>
public sealed record TenderDetails(
    TenderRow Tender,
    IReadOnlyList<TenderLotRow> Lots,
    IReadOnlyList<TenderItemRow> Items,
    IReadOnlyList<TenderCriterionRow> Criteria,
    IReadOnlyList<TenderSubCriterionRow> SubCriteria)
{
    /// <summary>The award criteria as Core scores them (criteria and sub-criteria in their order).</summary>
    public AwardCriteria AwardCriteria => TenderMapping.ToAwardCriteria(Tender, Criteria, SubCriteria);
}

/// <summary>What the officer gives to create a tender; the rest is copied from the closed campaign.</summary>
public sealed class NewTender
{
    public long CampaignId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Object { get; set; } = string.Empty;

    public TenderProcedure ProcedureType { get; set; }

    public int DurationMonths { get; set; }

    public bool ElectronicOffers { get; set; } = true;

    public PriceFormula PriceFormula { get; set; } = PriceFormula.Proportional;

    public long MaxScoreTenThousandths { get; set; } = 20 * TenderScore.Scale;

    public int AbnormallyLowPercent { get; set; } = AbnormallyLowRule.DefaultPercent;

    public DecpFields? Decp { get; set; }

    /// <summary>The planned publication day: the participation rule is applied on it (and again on the actual publication day).</summary>
    public DateOnly SnapshotDate { get; set; }

    public IReadOnlyList<NewTenderLot> Lots { get; set; } = [];
}

/// <summary>A campaign lot taken into the tender, with its CPV code and procedure.</summary>
public sealed class NewTenderLot
{
    public long CampaignLotId { get; set; }

    public string? CpvCode { get; set; }

    public TenderProcedure ProcedureType { get; set; }

    public bool SmallLotException { get; set; }
}

public enum CreateTenderOutcome
{
    Created = 0,
    CampaignNotFound = 1,
    CampaignNotClosed = 2,
    DuplicateReference = 3,

    /// <summary>A lot named is not a lot of the campaign.</summary>
    UnknownLot = 4,
}

public sealed record CreateTenderResult(CreateTenderOutcome Outcome, long? TenderId);

/// <summary>
/// A state change of a tender: the transition, the Version read, and what the transition records (publication and
/// deadline, the CAO decision, the reason of an infructueuse or sans suite procedure).
/// </summary>
public sealed record TenderStateChange(long TenderId, int Version, TenderTransition Transition, DateTime NowUtc)
{
    public string? Reason { get; init; }

    public DateTime? PublishedAtUtc { get; init; }

    public DateTime? OfferDeadlineUtc { get; init; }

    public DateOnly? CaoDecisionDate { get; init; }

    public string? CaoDecision { get; init; }
}

public sealed class OfferPeriodRuleRow
{
    public long Id { get; set; }

    public TenderProcedure ProcedureType { get; set; }

    public bool ElectronicOffers { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public int MinimumDays { get; set; }

    public string Article { get; set; } = string.Empty;

    public int Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public OfferPeriodRule ToRule() => new(Id, ProcedureType, ElectronicOffers, ValidFrom, ValidUntil, MinimumDays, Article);
}

public static class TenderMapping
{
    public static AwardCriteria ToAwardCriteria(TenderRow tender, IEnumerable<TenderCriterionRow> criteria, IEnumerable<TenderSubCriterionRow> subCriteria)
    {
        ArgumentNullException.ThrowIfNull(tender);
        var subs = subCriteria.ToLookup(s => s.CriterionId);
        return new AwardCriteria(
            criteria.OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => new Criterion(
                    c.Code,
                    c.Name,
                    c.Kind,
                    c.Weight,
                    subs[c.Id].OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
                        .Select(s => new SubCriterion(s.Code, s.Name, s.Weight, TenderScore.FromScaled(s.MaxScoreTenThousandths)))
                        .ToList()))
                .ToList(),
            tender.PriceFormula,
            TenderScore.FromScaled(tender.MaxScoreTenThousandths));
    }
}
