namespace ProcurementGroup.Core.Members;

/// <summary>The coordonnateur's identity, printed on letters and statements.</summary>
public sealed class CoordinatorSettings
{
    public string Name { get; set; } = string.Empty;

    public string? Siret { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The comptable public (trésorerie) that collects the members' payments.</summary>
    public string? PublicAccountant { get; set; }

    public string? PaymentIban { get; set; }

    public string? PaymentBic { get; set; }

    /// <summary>Free text printed under the payment instructions.</summary>
    public string? PaymentDetails { get; set; }

    public byte[]? Logo { get; set; }

    public string? LogoContentType { get; set; }

    public int Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
