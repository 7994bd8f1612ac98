namespace ProcurementGroup.Core.Suppliers;

/// <summary>
/// A company that answers tenders (candidat, soumissionnaire, then titulaire): named on offers, letters and contracts,
/// identified by its SIRET (the DECP publish the contract holder's SIRET).
/// </summary>
public sealed class Supplier
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int EmailMaxLength = 254;

    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>14 digits, stored without spaces; unique among suppliers.</summary>
    public string Siret { get; set; } = string.Empty;

    /// <summary>Street and number.</summary>
    public string AddressLine1 { get; set; } = string.Empty;

    /// <summary>Optional: building, CS or BP.</summary>
    public string? AddressLine2 { get; set; }

    public string PostalCode { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;

    /// <summary>Where the coordinator writes to the supplier (questions, rejection or award letters).</summary>
    public string ContactEmail { get; set; } = string.Empty;

    /// <summary>Optimistic concurrency: incremented on every save.</summary>
    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
