using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Suppliers;

namespace ProcurementGroup.Web.Features.Suppliers;

/// <summary>The supplier form, as typed: every field is text so that a wrong value comes back to the user unchanged.</summary>
public sealed class SupplierForm
{
    public long Id { get; set; }

    /// <summary>The Version the page was loaded with, posted back in a hidden field.</summary>
    public int Version { get; set; }

    [Display(Name = "Raison sociale")]
    public string? Name { get; set; }

    [Display(Name = "SIRET")]
    public string? Siret { get; set; }

    [Display(Name = "Adresse (numéro et voie)")]
    public string? AddressLine1 { get; set; }

    [Display(Name = "Complément d'adresse")]
    public string? AddressLine2 { get; set; }

    [Display(Name = "Code postal")]
    public string? PostalCode { get; set; }

    [Display(Name = "Ville")]
    public string? City { get; set; }

    [Display(Name = "Courriel de contact")]
    public string? ContactEmail { get; set; }

    public static SupplierForm From(Supplier s) => new()
    {
        Id = s.Id,
        Version = s.Version,
        Name = s.Name,
        Siret = s.Siret,
        AddressLine1 = s.AddressLine1,
        AddressLine2 = s.AddressLine2,
        PostalCode = s.PostalCode,
        City = s.City,
        ContactEmail = s.ContactEmail,
    };

    public Supplier ToSupplier() => new()
    {
        Id = Id,
        Version = Version,
        Name = Name ?? string.Empty,
        Siret = Siret ?? string.Empty,
        AddressLine1 = AddressLine1 ?? string.Empty,
        AddressLine2 = AddressLine2,
        PostalCode = PostalCode ?? string.Empty,
        City = City ?? string.Empty,
        ContactEmail = ContactEmail ?? string.Empty,
    };
}

public sealed class SupplierIndexViewModel
{
    public string? Q { get; init; }

    public int Page { get; init; }

    public int PageCount { get; init; }

    public int Total { get; init; }

    public IReadOnlyList<SupplierListRow> Rows { get; init; } = [];
}

/// <summary>How the pages print a SIRET: 732 829 320 00074 (SIREN, then NIC).</summary>
public static class SupplierText
{
    public static string Siret(string siret) =>
        siret is { Length: 14 } ? $"{siret[..3]} {siret[3..6]} {siret[6..9]} {siret[9..]}" : siret;
}
