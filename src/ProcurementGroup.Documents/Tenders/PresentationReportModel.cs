namespace ProcurementGroup.Documents.Tenders;

/// <summary>A dated event of the procedure: a day, or an instant printed in Paris time (the offer deadline, the opening).</summary>
public sealed record PresentationEvent(string Label, DateOnly? Date = null, DateTime? AtUtc = null);

/// <summary>An offer not retained and why.</summary>
public sealed record PresentationRejection(string SupplierName, string Reason);

/// <summary>One lot: offers received (of which late), the awardee and amount (null when none), and the others' rejection reasons.</summary>
public sealed record PresentationLot(
    int Number,
    string Title,
    string Procedure,
    int OffersReceived,
    int LateOffers,
    string? AwardeeName,
    long? AmountCents,
    decimal? AwardeeTotal,
    IReadOnlyList<PresentationRejection> Rejections);

/// <summary>
/// What the rapport de présentation of a formalised procedure prints (R2184-1): its object, the procedure and why it
/// was chosen, the dated history, and per lot the offers received, the awardee and amount, and why the others were
/// rejected (lots built by <see cref="TenderReportBuilder.PresentationLot"/>).
/// </summary>
public sealed record PresentationReportModel
{
    public required DocumentParty Coordinator { get; init; }

    public required string TenderReference { get; init; }

    public required string TenderObject { get; init; }

    /// <summary>Nature, contract form, duration… as printed under the object.</summary>
    public IReadOnlyList<string> ObjectDetails { get; init; } = [];

    public required string Procedure { get; init; }

    public required string ProcedureJustification { get; init; }

    public IReadOnlyList<PresentationEvent> History { get; init; } = [];

    public IReadOnlyList<PresentationLot> Lots { get; init; } = [];

    public DateOnly Date { get; init; }

    public required string Signatory { get; init; }
}
