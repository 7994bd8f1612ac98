namespace ProcurementGroup.Core.Needs;

/// <summary>draft → open → closed → archived.</summary>
public enum CampaignStatus
{
    Draft = 0,
    Open = 1,
    Closed = 2,
    Archived = 3,
}

/// <summary>A campagne de recensement des besoins for one groupement.</summary>
public sealed class NeedsCampaign
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime OpensAtUtc { get; set; }

    public DateTime ClosesAtUtc { get; set; }

    /// <summary>The date the procedure is planned to be launched: it decides which thresholds apply.</summary>
    public DateOnly PlannedLaunchDate { get; set; }

    /// <summary>Contract duration in months, renewals included (R2121-1).</summary>
    public int DurationMonths { get; set; }

    /// <summary>Supplies, services or works: selects the thresholds of the procedure advice.</summary>
    public Procedures.PurchaseNature Nature { get; set; } = Procedures.PurchaseNature.Supplies;

    /// <summary>Ordinary contract or accord-cadre; an accord-cadre has a maximum per lot.</summary>
    public Procedures.ContractForm ContractForm { get; set; } = Procedures.ContractForm.Ordinary;

    public CampaignStatus Status { get; set; }

    public long? CopiedFromCampaignId { get; set; }

    public DateTime? OpenedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

public sealed class CampaignLot
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public int LotNumber { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>For an accord-cadre, the lot's maximum HT in cents (mandatory since 2022); null for an ordinary contract.</summary>
    public long? MaximumCents { get; set; }

    /// <summary>Optimistic concurrency: an update names the Version it read.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>An item of the campaign's catalogue (lot, code, label, unit, estimated unit price HT).</summary>
public sealed class CatalogueItem
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public long LotId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public bool WholeNumbersOnly { get; set; } = true;

    public long UnitPriceCents { get; set; }

    public PricePeriod PricePeriod { get; set; } = PricePeriod.OneOff;

    /// <summary>For a one-off price: whether the quantity is for the whole duration or per year (see <see cref="EstimatedValue"/>).</summary>
    public QuantityBasis QuantityBasis { get; set; } = QuantityBasis.WholeDuration;

    /// <summary>VAT rate in basis points: 2000 = 20 %.</summary>
    public int VatRateBasisPoints { get; set; } = 2000;

    /// <summary>Optional maximum quantity per member, in thousandths.</summary>
    public long? MaxPerMemberMilli { get; set; }

    public int SortOrder { get; set; }

    public int Version { get; set; }
}

/// <summary>A member's site (school, town hall, depot...), managed by its buyers.</summary>
public sealed class MemberSite
{
    public long Id { get; set; }

    public long MemberId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Address { get; set; }

    /// <summary>INSEE code of the commune (5 characters, e.g. 80021 or 2A004).</summary>
    public string? CommuneInsee { get; set; }

    public bool IsArchived { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: an update names the Version it read.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>draft → submitted → (returned → submitted) → validated.</summary>
public enum NeedsFormStatus
{
    Draft = 0,
    Submitted = 1,
    Returned = 2,
    Validated = 3,
}

/// <summary>One member's état des besoins for a campaign.</summary>
public sealed class NeedsForm
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public long MemberId { get; set; }

    public NeedsFormStatus Status { get; set; }

    public string? ReturnReason { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    public long? SubmittedByUserId { get; set; }

    public DateTime? ValidatedAtUtc { get; set; }

    public long? ValidatedByUserId { get; set; }

    public DateTime? ReturnedAtUtc { get; set; }

    /// <summary>Set when an officer reopened the form after closing or past the member's deadline: its buyers may edit it again while it is a draft or returned.</summary>
    public DateTime? ReopenedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: two people saving the same form, the second is told and nothing is overwritten.</summary>
    public int Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public long? UpdatedByUserId { get; set; }
}

/// <summary>A need line: an item, a quantity (thousandths), an optional site and a comment.</summary>
public sealed class NeedLine
{
    public long Id { get; set; }

    public long FormId { get; set; }

    public long CampaignId { get; set; }

    public long MemberId { get; set; }

    public long CatalogueItemId { get; set; }

    public long? SiteId { get; set; }

    /// <summary>SiteId or 0: the same item may appear once per site (unique index on FormId, CatalogueItemId, SiteKey).</summary>
    public long SiteKey => SiteId ?? 0;

    public long QuantityMilli { get; set; }

    public string? Comment { get; set; }
}
