using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Procedures;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>A member's line in the per-member tables.</summary>
public sealed record MemberLine(long MemberId, string Name, NeedsFormStatus Status, Core.Money.Money Ht, Core.Money.Money Ttc);

/// <summary>One bar of a chart drawn in the page as inline SVG.</summary>
public sealed record Bar(string Label, long ValueCents);

/// <summary>A horizontal bar chart; the same figures are in a table of the page (the chart is a picture of the table).</summary>
public sealed class BarChart
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<Bar> Bars { get; init; } = [];
}

/// <summary>The aggregation page: counts, per lot and item, per member, who has not submitted, and the forms apart.</summary>
public sealed class AggregationViewModel
{
    /// <summary>Bars drawn for members: the largest ones; the table lists them all.</summary>
    public const int MemberChartBars = 20;

    public required NeedsCampaign Campaign { get; init; }

    public required AggregationResult Result { get; init; }

    /// <summary>Members whose submitted or validated form counts, by name.</summary>
    public IReadOnlyList<MemberLine> CountedMembers { get; init; } = [];

    /// <summary>Drafts and returned forms, listed apart with what they would add.</summary>
    public IReadOnlyList<MemberLine> PendingMembers { get; init; } = [];

    public IReadOnlyList<NotSubmittedMember> NotSubmitted { get; init; } = [];

    /// <summary>Forms of members whose adhesion does not cover the launch day: shown apart, never counted.</summary>
    public IReadOnlyList<NotTakingPartForm> NotTakingPart { get; init; } = [];

    public required BarChart LotChart { get; init; }

    public required BarChart MemberChart { get; init; }
}

/// <summary>A lot on the advice page: its value, whether it may follow MAPA under R2123-1 2°, and whether the officer ticked it.</summary>
public sealed record AdviceLot(long LotId, int LotNumber, string Title, Core.Money.Money Value, bool Eligible, bool Selected);

/// <summary>Forms counted (submitted, validated), pending (draft, returned) and missing (members taking part without a form).</summary>
public sealed record AdviceFormCounts(int Counted, int Pending, int Missing);

public sealed record AdviceViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    /// <summary>The estimate of the submitted and validated forms.</summary>
    public Core.Money.Money EstimateHt { get; init; }

    /// <summary>For an accord-cadre, the sum of the lots' maxima; null for an ordinary contract.</summary>
    public Core.Money.Money? LotMaximaHt { get; init; }

    /// <summary>The value compared with the thresholds: the estimate, or for an accord-cadre the larger of it and the maxima.</summary>
    public Core.Money.Money TotalHt { get; init; }

    /// <summary>The same with drafts and returned forms added: shown as a caution.</summary>
    public Core.Money.Money TotalWithPendingHt { get; init; }

    public AdviceFormCounts Forms { get; init; } = new(0, 0, 0);

    /// <summary>False when the error is the campaign's (a lot without maximum), not the threshold table's.</summary>
    public bool ErrorIsThresholds { get; init; } = true;

    public ProcedureAdvice? Advice { get; init; }

    /// <summary>The procedure the total with drafts would require, when it differs.</summary>
    public ProcedureAdvice? AdviceWithPending { get; init; }

    /// <summary>Why no advice could be computed (no threshold in force on the launch date).</summary>
    public string? Error { get; init; }

    public IReadOnlyList<AdviceLot> Lots { get; init; } = [];

    public SmallLotsCheck? SmallLots { get; init; }

    public IReadOnlyList<StoredAdvice> History { get; init; } = [];

    public static string ProcedureLabel(RequiredProcedure procedure) => procedure switch
    {
        RequiredProcedure.None => "Aucune procédure de publicité ni de mise en concurrence requise",
        RequiredProcedure.Mapa => "Procédure adaptée (MAPA)",
        _ => "Procédure formalisée (appel d'offres)",
    };
}

public static class AggregationLabels
{
    public static string Status(NeedsFormStatus? status) => status switch
    {
        null => "Aucun formulaire",
        NeedsFormStatus.Draft => "Brouillon",
        NeedsFormStatus.Submitted => "Soumis",
        NeedsFormStatus.Returned => "Retourné pour correction",
        NeedsFormStatus.Validated => "Validé",
        _ => status.ToString()!,
    };

    public static string Period(PricePeriod period) => period switch
    {
        PricePeriod.OneOff => "unique",
        PricePeriod.Monthly => "par mois",
        PricePeriod.Annual => "par an",
        _ => period.ToString(),
    };
}
