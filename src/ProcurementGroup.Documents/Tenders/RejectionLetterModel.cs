namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// What a lettre de rejet prints for one unsuccessful bidder of a lot (built by
/// <see cref="TenderReportBuilder.RejectionLetter"/>): the coordinator's letterhead, the bidder's address, the reasons,
/// the awardee's name, total score and amount, the bidder's own scores, and the earliest signature date that ends the
/// standstill (null when none applies: a MAPA, or a single bidder).
/// </summary>
public sealed record RejectionLetterModel
{
    public required DocumentParty Coordinator { get; init; }

    /// <summary>The town printed before the date (« À Amiens, le … »); empty to print the date alone.</summary>
    public string Place { get; init; } = string.Empty;

    public DateOnly Date { get; init; }

    public required DocumentParty Bidder { get; init; }

    public required string TenderReference { get; init; }

    public required string TenderObject { get; init; }

    public int LotNumber { get; init; }

    public required string LotTitle { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public required string AwardeeName { get; init; }

    public decimal AwardeeTotal { get; init; }

    public long AwardeeAmountCents { get; init; }

    /// <summary>The officer's reason for an awardee other than the offer ranked first; null when the first was awarded.</summary>
    public string? AwardeeReason { get; init; }

    /// <summary>The bidder's scores; empty when its offer was excluded before scoring.</summary>
    public IReadOnlyList<ReportItemScore> BidderScores { get; init; } = [];

    public decimal? BidderTotal { get; init; }

    /// <summary>From Core's AwardRules.EarliestSignature; null for a MAPA or a single bidder.</summary>
    public DateOnly? EarliestSignature { get; init; }

    /// <summary>Who signs, as printed (name and title).</summary>
    public required string Signatory { get; init; }
}
