using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Documents.Needs;

/// <summary>A line of the recap: an item (with its unit and what its quantity covers), the site if any, and the amounts HT.</summary>
public sealed record NeedsRecapLine(string Code, string Label, string Unit, string Site, long QuantityMilli, long UnitPriceCents, long ValueCents);

/// <summary>A lot of the recap, titled as printed ("Lot 1 – Licences"), with its lines in catalogue order and its total HT.</summary>
public sealed record NeedsRecapLot(string Title, IReadOnlyList<NeedsRecapLine> Lines, long TotalHtCents);

/// <summary>
/// What the recap of a submitted or validated needs form prints: its member's commitment to the groupement. Amounts are
/// exact sums rounded once (per line for display, per lot, per form), computed by the caller.
/// </summary>
public sealed record NeedsRecapModel
{
    /// <summary>The coordinator, or null when its settings are not filled in (the recap then says "Coordonnateur du groupement").</summary>
    public DocumentParty? Coordinator { get; init; }

    public required DocumentParty Member { get; init; }

    public required string CampaignTitle { get; init; }

    public string? GroupName { get; init; }

    public int DurationMonths { get; init; }

    public DateOnly PlannedLaunchDate { get; init; }

    public DateTime OpensAtUtc { get; init; }

    /// <summary>The member's deadline (the campaign's, or its own extension).</summary>
    public DateTime DeadlineUtc { get; init; }

    public long FormId { get; init; }

    public NeedsFormStatus Status { get; init; }

    public DateTime? SubmittedAtUtc { get; init; }

    public DateTime? ValidatedAtUtc { get; init; }

    public IReadOnlyList<NeedsRecapLot> Lots { get; init; } = [];

    public long TotalHtCents { get; init; }

    public long TotalVatCents { get; init; }

    public long TotalTtcCents { get; init; }

    public DateTime GeneratedAtUtc { get; init; }
}
