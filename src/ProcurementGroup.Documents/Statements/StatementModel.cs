namespace ProcurementGroup.Documents.Statements;

/// <summary>
/// One cost line of a statement as the run froze it: the line's label, its key (« Population municipale 2026 »), the
/// member's base and the total base as the run printed them, the member's share in percent (4 decimals), and the
/// member's HT and VAT (negative on a credit).
/// </summary>
public sealed record StatementLine(string Label, string Key, string Base, string TotalBase, decimal SharePercent, long HtCents, long VatCents)
{
    public long TtcCents => HtCents + VatCents;
}

/// <summary>The lines of one contract, printed under its heading with their subtotal.</summary>
public sealed record StatementContract(string Reference, string Title, IReadOnlyList<StatementLine> Lines)
{
    public long HtCents => Lines.Sum(l => l.HtCents);

    public long VatCents => Lines.Sum(l => l.VatCents);

    public long TtcCents => HtCents + VatCents;
}

/// <summary>How the member pays: the comptable public, IBAN, BIC and free text of the coordinator's settings.</summary>
public sealed record StatementPayment(string? Accountant, string? Iban, string? Bic, string? Details);

/// <summary>
/// What one member's état de répartition (or avoir, for a credit from a rectifying run) prints, as the issued run holds
/// it: the coordinator's letterhead, the member's name, SIREN and address, the number, issue date, period and due date,
/// the lines grouped by contract, the coordination fee, the totals and the payment instructions. The totals are the
/// statement's stored ones (they equal the sum of the lines; the document prints, it does not compute).
/// </summary>
public sealed record StatementModel
{
    public required DocumentParty Coordinator { get; init; }

    /// <summary>The member: its name, then « SIREN … » and its address lines.</summary>
    public required DocumentParty Member { get; init; }

    /// <summary>2026-0001.</summary>
    public required string Number { get; init; }

    public DateOnly IssuedOn { get; init; }

    public DateOnly PeriodFrom { get; init; }

    public DateOnly PeriodTo { get; init; }

    public DateOnly? DueOn { get; init; }

    /// <summary>An avoir: the member's difference in a rectifying run is negative.</summary>
    public bool IsCredit { get; init; }

    /// <summary>The number of the statement a rectifying run corrects, when there is one.</summary>
    public string? RectifiesNumber { get; init; }

    public IReadOnlyList<StatementContract> Contracts { get; init; } = [];

    /// <summary>The frais de coordination line, when the run has a fee.</summary>
    public StatementLine? CoordinationFee { get; init; }

    public long HtCents { get; init; }

    public long VatCents { get; init; }

    public long TtcCents { get; init; }

    public required StatementPayment Payment { get; init; }

    /// <summary>The town printed before the date (« À Amiens, le … »); empty to print the date alone.</summary>
    public string Place { get; init; } = string.Empty;
}
