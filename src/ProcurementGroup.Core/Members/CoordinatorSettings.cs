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

    /// <summary>Days between a statement's issue and its due date (échéance), printed on the statements and in the accounting export.</summary>
    public int? PaymentTermDays { get; set; }

    /// <summary>The budget account (compte d'imputation) of the titres de recettes, given in the accounting export.</summary>
    public string? BudgetAccount { get; set; }

    /// <summary>At most this many days of payment term.</summary>
    public const int MaxPaymentTermDays = 365;

    /// <summary>At most this many digits in a budget account (M57 accounts are 2 to 7 digits; room for sub-accounts).</summary>
    public const int MaxBudgetAccountLength = 10;

    /// <summary>The ocid prefix of the OCDS export (Core.OpenData.OcdsIdentifiers); null while the placeholder is used.</summary>
    public string? OcdsPrefix { get; set; }

    public byte[]? Logo { get; set; }

    public string? LogoContentType { get; set; }

    public int Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
