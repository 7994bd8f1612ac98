namespace ProcurementGroup.Core.Auditing;

/// <summary>One change: who, when, what, and the record before and after (JSON).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public long? UserId { get; set; }

    public string? UserEmail { get; set; }

    public string EntityType { get; set; } = string.Empty;

    public long? EntityId { get; set; }

    /// <summary>Created, Updated, Deleted, Imported, ...</summary>
    public string Action { get; set; } = string.Empty;

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }
}
