using System.Globalization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// A supplier invoice line against a contract that the coordinator re-bills to the members (a shared hub, a platform
/// subscription) or to one member only (<see cref="MemberId"/>: its order, its own line). Amounts are HT in cents; the VAT
/// rate is one of the French legal rates, in basis points.
/// </summary>
public sealed class CostEntry
{
    public const int InvoiceNumberMaxLength = 50;
    public const int LabelMaxLength = 200;

    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public long ContractId { get; set; }

    public string InvoiceNumber { get; set; } = string.Empty;

    public DateOnly InvoiceDate { get; set; }

    /// <summary>First day of the period the invoice covers.</summary>
    public DateOnly PeriodFrom { get; set; }

    /// <summary>Last day of the period the invoice covers (included).</summary>
    public DateOnly PeriodTo { get; set; }

    public string Label { get; set; } = string.Empty;

    public long AmountHtCents { get; set; }

    public int VatRateBasisPoints { get; set; } = 2000;

    /// <summary>Set when the cost concerns that member only: it bears 100 % of it.</summary>
    public long? MemberId { get; set; }

    /// <summary>The order (bon de commande) the invoice line bills, if any.</summary>
    public long? OrderId { get; set; }

    /// <summary>A key of its own, overriding the contract's.</summary>
    public long? AllocationKeyId { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>Field rules for a cost entry, shared by the form and the import. Messages are French, keyed to the field.</summary>
public static class CostEntryRules
{
    /// <summary>The French VAT rates (CGI art. 278 to 281 nonies; 2,1 % and 0 for exempt lines), in basis points.</summary>
    public static readonly IReadOnlyList<int> LegalVatRates = [2000, 1000, 550, 210, 0];

    /// <summary>An invoice amount above a thousand million euros is a typing error, and keeps sums far from overflow.</summary>
    public const long MaxAmountCents = 100_000_000_000;

    public const string InvoiceNumberRequired = "Le numéro de facture est obligatoire.";
    public const string InvoiceDateRequired = "La date de facture est obligatoire (jj/mm/aaaa).";
    public const string PeriodFromRequired = "Le début de la période couverte est obligatoire (jj/mm/aaaa).";
    public const string PeriodToRequired = "La fin de la période couverte est obligatoire (jj/mm/aaaa).";
    public const string PeriodOrder = "La fin de la période couverte doit être postérieure ou égale à son début.";
    public const string LabelRequired = "Le libellé est obligatoire.";
    public const string AmountRequired = "Le montant HT est obligatoire.";
    public const string AmountInvalid = "Le montant HT doit être un montant en euros positif, avec au plus deux décimales (ex. 1 234,56).";
    public const string AmountTooLarge = "Le montant HT ne peut dépasser 1 000 000 000,00 €.";
    public const string VatRequired = "Le taux de TVA est obligatoire.";
    public const string VatInvalid = "Le taux de TVA doit être l'un des taux français : 20 %, 10 %, 5,5 %, 2,1 % ou 0 %.";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string TooLong(int max) => string.Format(French, "Ce champ ne doit pas dépasser {0} caractères.", max);

    public static bool IsLegalVatRate(int basisPoints) => LegalVatRates.Contains(basisPoints);

    /// <summary>20 %, 5,5 %: the rate as the screens show it.</summary>
    public static string VatLabel(int basisPoints) => CatalogueText.VatPercent(basisPoints) + " %";

    /// <summary>Trims the texts.</summary>
    public static void Normalize(CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.InvoiceNumber = (entry.InvoiceNumber ?? string.Empty).Trim();
        entry.Label = (entry.Label ?? string.Empty).Trim();
    }

    /// <summary>The rules on a complete entry (dates and amount already read): one French message per field in error.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new List<(string, string)>();
        Text(errors, nameof(CostEntry.InvoiceNumber), entry.InvoiceNumber, CostEntry.InvoiceNumberMaxLength, InvoiceNumberRequired);
        if (entry.PeriodTo < entry.PeriodFrom)
        {
            errors.Add((nameof(CostEntry.PeriodTo), PeriodOrder));
        }

        Text(errors, nameof(CostEntry.Label), entry.Label, CostEntry.LabelMaxLength, LabelRequired);
        if (entry.AmountHtCents <= 0)
        {
            errors.Add((nameof(CostEntry.AmountHtCents), AmountInvalid));
        }
        else if (entry.AmountHtCents > MaxAmountCents)
        {
            errors.Add((nameof(CostEntry.AmountHtCents), AmountTooLarge));
        }

        if (!IsLegalVatRate(entry.VatRateBasisPoints))
        {
            errors.Add((nameof(CostEntry.VatRateBasisPoints), VatInvalid));
        }

        return errors;
    }

    /// <summary>
    /// Reads the typed texts of an entry (form or import line) into <paramref name="entry"/> and checks them: dates
    /// <c>jj/mm/aaaa</c>, amount « 1 234,56 » (refused when ambiguous, negative, zero or with more than two decimals), VAT
    /// « 20 », « 5,5 % ». Errors are keyed to the <see cref="CostEntry"/> property.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Read(CostEntryText text, CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new List<(string Field, string Message)>();
        entry.InvoiceNumber = (text.InvoiceNumber ?? string.Empty).Trim();
        entry.Label = (text.Label ?? string.Empty).Trim();

        var dates = true;
        dates &= Date(errors, nameof(CostEntry.InvoiceDate), text.InvoiceDate, InvoiceDateRequired, d => entry.InvoiceDate = d);
        dates &= Date(errors, nameof(CostEntry.PeriodFrom), text.PeriodFrom, PeriodFromRequired, d => entry.PeriodFrom = d);
        dates &= Date(errors, nameof(CostEntry.PeriodTo), text.PeriodTo, PeriodToRequired, d => entry.PeriodTo = d);

        var amountRead = false;
        if (string.IsNullOrWhiteSpace(text.AmountHt))
        {
            errors.Add((nameof(CostEntry.AmountHtCents), AmountRequired));
        }
        else if (FrenchNumber.IsAmbiguous(text.AmountHt))
        {
            errors.Add((nameof(CostEntry.AmountHtCents), FrenchNumber.AmbiguousMessage));
        }
        else if (!CatalogueText.TryPriceCents(text.AmountHt, out var cents))
        {
            errors.Add((nameof(CostEntry.AmountHtCents), FrenchNumber.TryParseDecimal(text.AmountHt, out var d) && d > 1_000_000_000m ? AmountTooLarge : AmountInvalid));
        }
        else
        {
            entry.AmountHtCents = cents;
            amountRead = true;
        }

        var vatRead = false;
        if (string.IsNullOrWhiteSpace(text.VatRate))
        {
            errors.Add((nameof(CostEntry.VatRateBasisPoints), VatRequired));
        }
        else if (!CatalogueText.TryVatBasisPoints(text.VatRate, out var basisPoints) || !IsLegalVatRate(basisPoints))
        {
            errors.Add((nameof(CostEntry.VatRateBasisPoints), VatInvalid));
        }
        else
        {
            entry.VatRateBasisPoints = basisPoints;
            vatRead = true;
        }

        // The rules on the values read; a field that did not read keeps its own message only.
        foreach (var error in Validate(entry))
        {
            var skip = error.Field switch
            {
                nameof(CostEntry.PeriodTo) => !dates,
                nameof(CostEntry.AmountHtCents) => !amountRead,
                nameof(CostEntry.VatRateBasisPoints) => !vatRead,
                _ => false,
            };
            if (!skip && !errors.Contains(error))
            {
                errors.Add(error);
            }
        }

        return errors;
    }

    private static bool Date(List<(string, string)> errors, string field, string? input, string message, Action<DateOnly> set)
    {
        if (!FrenchDate.TryParse(input, out var value))
        {
            errors.Add((field, message));
            return false;
        }

        set(value);
        return true;
    }

    private static void Text(List<(string, string)> errors, string field, string? value, int maxLength, string requiredMessage)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, requiredMessage));
        }
        else if (value.Trim().Length > maxLength)
        {
            errors.Add((field, TooLong(maxLength)));
        }
    }
}

/// <summary>A cost entry as typed in the form or read from an import line, before <see cref="CostEntryRules.Read"/>.</summary>
public sealed record CostEntryText(string? InvoiceNumber, string? InvoiceDate, string? PeriodFrom, string? PeriodTo, string? Label, string? AmountHt, string? VatRate);
