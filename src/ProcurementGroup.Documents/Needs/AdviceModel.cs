namespace ProcurementGroup.Documents.Needs;

/// <summary>Forms counted in the value (submitted, validated), pending (draft, returned) and missing (members taking part without a form).</summary>
public sealed record AdviceForms(int Counted, int Pending, int Missing);

/// <summary>A threshold row the advice cited, as printed: its label, amount HT, validity and article.</summary>
public sealed record AdviceThreshold(string Label, long AmountCents, DateOnly ValidFrom, DateOnly? ValidUntil, string Article);

/// <summary>A lot the officer chose to run as MAPA under R2123-1 2°.</summary>
public sealed record AdviceSmallLot(int LotNumber, string Title, long ValueCents);

/// <summary>
/// What the document of a stored procedure advice prints, as stored (never recomputed): the campaign, the values and
/// forms it was computed on, the procedure and rule applied, the obligations, the threshold rows cited, the small lots,
/// and who stored it when. Labels come already in French.
/// </summary>
public sealed record AdviceModel
{
    public long CampaignId { get; init; }

    public required string CampaignTitle { get; init; }

    public string? GroupName { get; init; }

    /// <summary>Fournitures, Services, Travaux.</summary>
    public required string Nature { get; init; }

    /// <summary>Marché ordinaire, or the kind of accord-cadre.</summary>
    public required string ContractForm { get; init; }

    public DateOnly LaunchDate { get; init; }

    /// <summary>The estimate of the counted forms; null for advices stored before it was kept.</summary>
    public long? EstimateCents { get; init; }

    /// <summary>The sum of the lots' maxima of an accord-cadre; null for an ordinary contract.</summary>
    public long? LotMaximaCents { get; init; }

    /// <summary>The value compared with the thresholds.</summary>
    public long EstimatedValueCents { get; init; }

    /// <summary>Null for advices stored before the counts were kept.</summary>
    public AdviceForms? Forms { get; init; }

    /// <summary>With the pending forms the required procedure would have been another one.</summary>
    public bool PendingChangesProcedure { get; init; }

    public required string Procedure { get; init; }

    public required string Article { get; init; }

    public string Explanation { get; init; } = string.Empty;

    public IReadOnlyList<string> Obligations { get; init; } = [];

    public IReadOnlyList<AdviceThreshold> Thresholds { get; init; } = [];

    public IReadOnlyList<AdviceSmallLot> SmallLots { get; init; } = [];

    public long SmallLotsTotalCents { get; init; }

    public DateTime ComputedAtUtc { get; init; }

    /// <summary>The name (or e-mail) of the officer who stored it.</summary>
    public required string Officer { get; init; }
}
