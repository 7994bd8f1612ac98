namespace ProcurementGroup.Documents.Tenders;

/// <summary>A sub-criterion as announced: its name, weight in points of 100 and maximum score.</summary>
public sealed record ReportSubCriterion(string Name, int Weight, decimal MaxScore);

/// <summary>A criterion as announced: its name, kind in French (Prix, Valeur technique…), weight in points of 100, and sub-criteria.</summary>
public sealed record ReportCriterion(string Name, string Kind, int Weight, IReadOnlyList<ReportSubCriterion> SubCriteria);

/// <summary>One score of an offer: the item (price, sub-criterion or criterion), its score out of its maximum, its weighted points and justification.</summary>
public sealed record ReportItemScore(string Item, decimal Score, decimal MaxScore, decimal Weighted, string? Justification);

/// <summary>A flagged abnormally low offer: the justification asked of the supplier and the officer's decision (Conservée, Rejetée, or pending).</summary>
public sealed record ReportAbnormallyLow(string? Justification, string Decision);

/// <summary>
/// One offer as the report prints it, exact values as computed by Core (the renderer only formats them): its DQE total,
/// price score, item scores, weighted total and rank; or the reason it was excluded (<see cref="Late"/> for an offer after the deadline).
/// </summary>
public sealed record ReportOffer(
    string SupplierName,
    long DqeTotalCents,
    decimal? PriceScore,
    IReadOnlyList<ReportItemScore> Scores,
    decimal? Total,
    int? Rank,
    bool Tied,
    string? ExclusionReason,
    ReportAbnormallyLow? AbnormallyLow,
    bool Late = false);

/// <summary>Offers with equal exact totals: who they are, their common total, and the officer's settlement (winner and reason) if recorded.</summary>
public sealed record ReportTie(IReadOnlyList<string> Suppliers, decimal Total, string? Winner, string? Reason);

/// <summary>
/// What the rapport d'analyse des offres of one lot prints (built by <see cref="TenderReportBuilder.AnalysisReport"/>
/// from Core's <c>LotScoring</c> result, so the page and the PDF show the same figures). Labels come in French.
/// </summary>
public sealed record AnalysisReportModel
{
    public required DocumentParty Coordinator { get; init; }

    public required string TenderReference { get; init; }

    public required string TenderObject { get; init; }

    public int LotNumber { get; init; }

    public required string LotTitle { get; init; }

    /// <summary>The procedure's label (appel d'offres ouvert, procédure adaptée…).</summary>
    public required string Procedure { get; init; }

    /// <summary>The announced price formula, as Core labels it.</summary>
    public required string PriceFormula { get; init; }

    /// <summary>Nmax, the maximum price score.</summary>
    public decimal MaxScore { get; init; }

    public IReadOnlyList<ReportCriterion> Criteria { get; init; } = [];

    /// <summary>Every offer received: the ranked ones by rank, then the excluded ones.</summary>
    public IReadOnlyList<ReportOffer> Offers { get; init; } = [];

    public IReadOnlyList<ReportTie> Ties { get; init; } = [];

    /// <summary>The offer ranked first alone, or null while a tie for first place is unsettled.</summary>
    public ReportOffer? ProposedAwardee { get; init; }

    /// <summary>The awardee the officer recorded when it is not the proposed one (null otherwise), with the reason given.</summary>
    public ReportOffer? RecordedAwardee { get; init; }

    public string? AwardeeReason { get; init; }

    /// <summary>Whom the lot goes to: the recorded awardee when the officer chose another offer, else the proposed one.</summary>
    public ReportOffer? Awardee => RecordedAwardee ?? ProposedAwardee;

    public DateOnly Date { get; init; }

    public required string Officer { get; init; }
}
