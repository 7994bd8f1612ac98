using System.Net.Mail;
using ProcurementGroup.Core.Identifiers;

namespace ProcurementGroup.Core.Members;

/// <summary>Field rules for a member, shared by the form and the spreadsheet import. Messages are French: users read them.</summary>
public static class MemberValidator
{
    public static IReadOnlyList<(string Field, string Message)> Validate(Member m)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(m.Name))
        {
            errors.Add((nameof(Member.Name), "Le nom est obligatoire."));
        }
        else if (m.Name.Length > Member.NameMaxLength)
        {
            errors.Add((nameof(Member.Name), $"Le nom ne doit pas dépasser {Member.NameMaxLength} caractères."));
        }

        if (!Enum.IsDefined(m.Kind))
        {
            errors.Add((nameof(Member.Kind), "Le type de membre est inconnu."));
        }

        if (!string.IsNullOrWhiteSpace(m.Siren) && !Siren.IsValid(m.Siren))
        {
            errors.Add((nameof(Member.Siren), "Le SIREN doit comporter 9 chiffres et une clé de contrôle valide."));
        }

        if (!string.IsNullOrWhiteSpace(m.BillingSiret))
        {
            if (!Siret.IsValid(m.BillingSiret))
            {
                errors.Add((nameof(Member.BillingSiret), "Le SIRET doit comporter 14 chiffres et une clé de contrôle valide."));
            }
            else if (!string.IsNullOrWhiteSpace(m.Siren) && !Siren.Compact(m.BillingSiret).StartsWith(Siren.Compact(m.Siren), StringComparison.Ordinal))
            {
                errors.Add((nameof(Member.BillingSiret), "Le SIRET de facturation doit commencer par le SIREN du membre."));
            }
        }

        if (m.ChorusServiceCode is { Length: > 100 })
        {
            errors.Add((nameof(Member.ChorusServiceCode), "Le code service Chorus Pro ne doit pas dépasser 100 caractères."));
        }

        if (!string.IsNullOrWhiteSpace(m.BillingEmail) && !IsEmail(m.BillingEmail))
        {
            errors.Add((nameof(Member.BillingEmail), "L'adresse électronique n'est pas valide."));
        }

        if (!string.IsNullOrWhiteSpace(m.PostalCode) && !(m.PostalCode.Trim().Length == 5 && m.PostalCode.Trim().All(char.IsAsciiDigit)))
        {
            errors.Add((nameof(Member.PostalCode), "Le code postal doit comporter 5 chiffres."));
        }

        foreach (var (field, value) in new[] { (nameof(Member.AddressLine1), m.AddressLine1), (nameof(Member.AddressLine2), m.AddressLine2), (nameof(Member.City), m.City) })
        {
            if (value is { Length: > 200 })
            {
                errors.Add((field, "Ce champ ne doit pas dépasser 200 caractères."));
            }
        }

        return errors;
    }

    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
    }
}
