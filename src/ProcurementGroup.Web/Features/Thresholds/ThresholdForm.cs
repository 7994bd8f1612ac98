using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Procedures;

namespace ProcurementGroup.Web.Features.Thresholds;

/// <summary>The thresholds page: the rows, and those a stored advice cites (end-dated only, never deleted).</summary>
public sealed record ThresholdsIndexViewModel(IReadOnlyList<ThresholdRow> Rows, IReadOnlySet<long> Cited);

public static class ThresholdLabels
{
    public static readonly IReadOnlyList<(ThresholdKind Kind, string Label)> Kinds =
        Enum.GetValues<ThresholdKind>().Select(k => (k, ProcedureAdvisor.KindName(k))).ToList();

    public static string Kind(ThresholdKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind).Label ?? kind.ToString();
}

/// <summary>The add/edit form of a threshold: texts as typed, parsed tolerantly (« 216 000 », « 216000,00 », dd/mm/aaaa).</summary>
public sealed class ThresholdForm
{
    public const string DateMessage = "Saisissez une date au format jj/mm/aaaa.";

    public long Id { get; set; }

    [Display(Name = "Seuil")]
    public string? Kind { get; set; }

    [Display(Name = "En vigueur du")]
    public string? ValidFrom { get; set; }

    [Display(Name = "Jusqu'au (inclus, vide si sans fin)")]
    public string? ValidUntil { get; set; }

    [Display(Name = "Montant HT en euros")]
    public string? Amount { get; set; }

    [Display(Name = "Article du code")]
    public string? Article { get; set; }

    /// <summary>The Version the page was loaded with, posted back in a hidden field.</summary>
    public int Version { get; set; }

    /// <summary>Set by the controller from the database (never trusted from the post): a stored advice cites the row, only its end date may change.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public bool IsCited { get; set; }

    public static ThresholdForm From(ThresholdRow row) => new()
    {
        Id = row.Id,
        Kind = ((int)row.Kind).ToString(CultureInfo.InvariantCulture),
        ValidFrom = FrenchDate.ForInput(row.ValidFrom),
        ValidUntil = FrenchDate.ForInput(row.ValidUntil),
        Amount = (row.AmountCents / 100m).ToString("#,##0.##", CultureInfo.GetCultureInfo("fr-FR")),
        Article = row.Article,
        Version = row.Version,
    };

    public (ThresholdRow Row, List<(string Field, string Message)> Errors) Parse()
    {
        var errors = new List<(string, string)>();
        var row = new ThresholdRow { Id = Id, Article = (Article ?? string.Empty).Trim(), Version = Version };
        if (int.TryParse(Kind, NumberStyles.None, CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((ThresholdKind)kind))
        {
            row.Kind = (ThresholdKind)kind;
        }
        else
        {
            errors.Add((nameof(Kind), "Choisissez le seuil."));
        }

        if (FrenchDate.TryParse(ValidFrom, out var from))
        {
            row.ValidFrom = from;
        }
        else
        {
            errors.Add((nameof(ValidFrom), DateMessage));
        }

        if (!string.IsNullOrWhiteSpace(ValidUntil))
        {
            if (FrenchDate.TryParse(ValidUntil, out var until))
            {
                row.ValidUntil = until;
                if (row.ValidFrom != default && until < row.ValidFrom)
                {
                    errors.Add((nameof(ValidUntil), "La date de fin ne peut pas précéder la date de début."));
                }
            }
            else
            {
                errors.Add((nameof(ValidUntil), DateMessage));
            }
        }

        if (!FrenchNumber.TryParseDecimal(Amount, out var euros))
        {
            errors.Add((nameof(Amount), FrenchNumber.Message(Amount, "Saisissez un montant en euros, par exemple 216 000 ou 216000,00.")));
        }
        else if (euros <= 0 || euros > 1_000_000_000_000m)
        {
            errors.Add((nameof(Amount), "Le montant doit être positif."));
        }
        else if (euros * 100 != decimal.Truncate(euros * 100))
        {
            errors.Add((nameof(Amount), "Le montant ne peut pas avoir plus de deux décimales."));
        }
        else
        {
            row.AmountCents = (long)(euros * 100);
        }

        if (row.Article.Length == 0)
        {
            errors.Add((nameof(Article), "Indiquez l'article du code de la commande publique (par exemple R2124-1)."));
        }
        else if (row.Article.Length > 20)
        {
            errors.Add((nameof(Article), "L'article tient en 20 caractères au plus."));
        }

        return (row, errors);
    }
}
