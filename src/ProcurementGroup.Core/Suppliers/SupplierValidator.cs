using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Core.Suppliers;

/// <summary>Field rules for a supplier. Messages are French: users read them next to the field.</summary>
public static class SupplierValidator
{
    public const string SiretMessage = "Le SIRET doit comporter 14 chiffres et une clé de contrôle valide.";

    /// <summary>Trims the texts, stores an empty second address line as null and the SIRET without its spaces.</summary>
    public static void Normalize(Supplier s)
    {
        ArgumentNullException.ThrowIfNull(s);
        s.Name = (s.Name ?? string.Empty).Trim();
        s.Siret = Siren.Compact(s.Siret);
        s.AddressLine1 = (s.AddressLine1 ?? string.Empty).Trim();
        s.AddressLine2 = string.IsNullOrWhiteSpace(s.AddressLine2) ? null : s.AddressLine2.Trim();
        s.PostalCode = (s.PostalCode ?? string.Empty).Trim();
        s.City = (s.City ?? string.Empty).Trim();
        s.ContactEmail = (s.ContactEmail ?? string.Empty).Trim();
    }

    public static IReadOnlyList<(string Field, string Message)> Validate(Supplier s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var errors = new List<(string, string)>();
        Required(errors, nameof(Supplier.Name), s.Name, Supplier.NameMaxLength, "Le nom est obligatoire.");

        if (string.IsNullOrWhiteSpace(s.Siret))
        {
            errors.Add((nameof(Supplier.Siret), "Le SIRET est obligatoire."));
        }
        else if (!Siret.IsValid(s.Siret))
        {
            errors.Add((nameof(Supplier.Siret), SiretMessage));
        }

        Required(errors, nameof(Supplier.AddressLine1), s.AddressLine1, Supplier.AddressMaxLength, "L'adresse est obligatoire.");
        if (s.AddressLine2 is { Length: > Supplier.AddressMaxLength })
        {
            errors.Add((nameof(Supplier.AddressLine2), $"Ce champ ne doit pas dépasser {Supplier.AddressMaxLength} caractères."));
        }

        if (string.IsNullOrWhiteSpace(s.PostalCode))
        {
            errors.Add((nameof(Supplier.PostalCode), "Le code postal est obligatoire."));
        }
        else if (!IsPostalCode(s.PostalCode.Trim()))
        {
            errors.Add((nameof(Supplier.PostalCode), "Le code postal doit comporter 5 chiffres."));
        }

        Required(errors, nameof(Supplier.City), s.City, Supplier.CityMaxLength, "La ville est obligatoire.");

        if (string.IsNullOrWhiteSpace(s.ContactEmail))
        {
            errors.Add((nameof(Supplier.ContactEmail), "Le courriel de contact est obligatoire."));
        }
        else if (!MemberValidator.IsEmail(s.ContactEmail.Trim()))
        {
            errors.Add((nameof(Supplier.ContactEmail), "L'adresse électronique n'est pas valide."));
        }

        return errors;
    }

    private static bool IsPostalCode(string value) => value.Length == 5 && value.All(char.IsAsciiDigit);

    private static void Required(List<(string, string)> errors, string field, string? value, int maxLength, string requiredMessage)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, requiredMessage));
        }
        else if (value.Trim().Length > maxLength)
        {
            errors.Add((field, $"Ce champ ne doit pas dépasser {maxLength} caractères."));
        }
    }
}
