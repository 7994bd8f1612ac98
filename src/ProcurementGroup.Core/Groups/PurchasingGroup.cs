namespace ProcurementGroup.Core.Groups;

public enum GroupDomain
{
    Telecom = 1,
    Ent = 2,
    Equipment = 3,
    Other = 9,
}

/// <summary>A groupement de commandes (L2113-6): a convention, a domain and the members that adhere to it.</summary>
public sealed class PurchasingGroup
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public GroupDomain Domain { get; set; }

    /// <summary>Date the convention constitutive was signed.</summary>
    public DateOnly? ConventionDate { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A member's adhesion to a groupement, with the dates it joined and left.</summary>
public sealed class Adhesion
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public long MemberId { get; set; }

    public DateOnly JoinedOn { get; set; }

    public DateOnly? LeftOn { get; set; }

    /// <summary>Optimistic concurrency: an update names the Version it read.</summary>
    public int Version { get; set; } = 1;

    /// <summary>A member takes part in what starts on <paramref name="day"/> if it joined on or before that day and had not left by then.</summary>
    public bool IsActiveOn(DateOnly day) => JoinedOn <= day && (LeftOn is null || LeftOn.Value > day);
}
