using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tenders;

/// <summary>How the price score is computed from the lot's DQE totals (announced in the consultation documents).</summary>
public enum PriceFormula
{
    /// <summary>N = Nmax × Pmin / P.</summary>
    Proportional = 1,

    /// <summary>N = Nmax × (Pmax − P) / (Pmax − Pmin); Nmax for every offer when there is one offer or all prices are equal.</summary>
    Linear = 2,
}

public enum CriterionKind
{
    /// <summary>The price, scored by the formula from the DQE total; never split into sub-criteria.</summary>
    Price = 1,

    /// <summary>Technical value, scored by the officers with a written justification.</summary>
    Technical = 2,

    /// <summary>Environmental characteristics (L2152-7), scored like a technical criterion.</summary>
    Environmental = 3,
}

/// <summary>
/// A sub-criterion of a technical or environmental criterion. Its weight is in points of the 100 of the whole tender, and
/// the weights of a criterion's sub-criteria sum to that criterion's weight (price 40, technical 50 = 30 + 20,
/// environment 10): each weight reads directly as its share of the total. It is scored from 0 to <see cref="MaxScore"/>.
/// </summary>
public sealed record SubCriterion(string Code, string Name, int Weight, decimal MaxScore);

/// <summary>A weighted criterion (weight in points, the criteria summing to 100). Without sub-criteria it is scored as a whole, from 0 to Nmax.</summary>
public sealed record Criterion(string Code, string Name, CriterionKind Kind, int Weight, IReadOnlyList<SubCriterion> SubCriteria);

/// <summary>What an offer receives a score for: the price, each sub-criterion, or a criterion without sub-criteria.</summary>
public sealed record ScoredItem(string Code, string Name, CriterionKind Kind, int Weight, decimal MaxScore);

/// <summary>The award criteria of a tender, fixed at publication: weights, price formula and maximum score Nmax (commonly 10 or 20).</summary>
public sealed record AwardCriteria(IReadOnlyList<Criterion> Criteria, PriceFormula Formula, decimal MaxScore)
{
    public Criterion? PriceCriterion => Criteria.FirstOrDefault(c => c.Kind == CriterionKind.Price);

    /// <summary>The items each offer is scored on, price first.</summary>
    public IReadOnlyList<ScoredItem> ScoredItems() =>
        Criteria.SelectMany(c => c.Kind == CriterionKind.Price || c.SubCriteria.Count == 0
                ? [new ScoredItem(c.Code, c.Name, c.Kind, c.Weight, MaxScore)]
                : c.SubCriteria.Select(s => new ScoredItem(s.Code, s.Name, c.Kind, s.Weight, s.MaxScore)))
            .OrderBy(i => i.Kind == CriterionKind.Price ? 0 : 1)
            .ToList();
}

/// <summary>The rules of the award criteria (R2152-7, L2152-7).</summary>
public static class CriteriaRules
{
    public const int TotalWeight = 100;
    public const int NameMaxLength = 200;
    public const decimal MaxScoreCeiling = 1000m;

    /// <summary>
    /// L2152-7 as amended by loi n° 2021-1104 (Climat et résilience), art. 35: from 21 August 2026 at least one criterion
    /// takes the environmental characteristics of the offers into account. Judged on the publication's day in Paris.
    /// </summary>
    public static readonly DateOnly EnvironmentalCriterionFrom = new(2026, 8, 21);

    public const string WeightsSumMessage = "La somme des pondérations des critères doit être égale à 100.";
    public const string PriceCriterionMessage = "Les critères comptent exactement un critère prix (R2152-7) : le prix, noté par la formule annoncée.";
    public const string PriceSubCriteriaMessage = "Le critère prix ne se décompose pas en sous-critères : sa note vient de la formule annoncée.";
    public const string MaxScoreMessage = "La note maximale doit être comprise entre 1 et 1 000 (par exemple 10 ou 20).";
    public const string DuplicateCodeMessage = "Chaque critère et sous-critère a un code différent.";
    public const string EnvironmentalMessage =
        "À compter du 21 août 2026, au moins un critère doit porter sur les caractéristiques environnementales des offres (L2152-7 du code de la commande publique) : ajoutez un critère environnemental.";

    /// <summary>French messages keyed by field; empty when the criteria may be published (apart from <see cref="CheckEnvironmental"/>).</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(AwardCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var errors = new List<(string, string)>();
        if (criteria.MaxScore is <= 0 or > MaxScoreCeiling)
        {
            errors.Add((nameof(AwardCriteria.MaxScore), MaxScoreMessage));
        }

        if (criteria.Criteria.Count(c => c.Kind == CriterionKind.Price) != 1)
        {
            errors.Add((nameof(AwardCriteria.Criteria), PriceCriterionMessage));
        }

        foreach (var c in criteria.Criteria)
        {
            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > NameMaxLength)
            {
                errors.Add((nameof(Criterion.Name), $"Chaque critère a un nom de 1 à {NameMaxLength} caractères."));
            }

            if (c.Weight is < 1 or > TotalWeight)
            {
                errors.Add((nameof(Criterion.Weight), $"La pondération du critère « {c.Name} » doit être comprise entre 1 et 100."));
            }

            if (c.Kind == CriterionKind.Price && c.SubCriteria.Count > 0)
            {
                errors.Add((nameof(Criterion.SubCriteria), PriceSubCriteriaMessage));
            }
            else if (c.SubCriteria.Count > 0)
            {
                errors.AddRange(ValidateSubCriteria(c));
            }
        }

        var sum = criteria.Criteria.Sum(c => (long)c.Weight);
        if (sum != TotalWeight)
        {
            errors.Add((nameof(Criterion.Weight), $"{WeightsSumMessage} Elle vaut actuellement {sum.ToString(System.Globalization.CultureInfo.InvariantCulture)}."));
        }

        var codes = criteria.Criteria.Select(c => c.Code).Concat(criteria.Criteria.SelectMany(c => c.SubCriteria).Select(s => s.Code)).ToList();
        if (codes.Any(string.IsNullOrWhiteSpace) || codes.Distinct(StringComparer.OrdinalIgnoreCase).Count() != codes.Count)
        {
            errors.Add((nameof(Criterion.Code), DuplicateCodeMessage));
        }

        return errors;
    }

    private static IEnumerable<(string, string)> ValidateSubCriteria(Criterion c)
    {
        foreach (var s in c.SubCriteria)
        {
            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Length > NameMaxLength)
            {
                yield return (nameof(SubCriterion.Name), $"Chaque sous-critère a un nom de 1 à {NameMaxLength} caractères.");
            }

            if (s.Weight < 1)
            {
                yield return (nameof(SubCriterion.Weight), $"La pondération du sous-critère « {s.Name} » doit être d'au moins 1.");
            }

            if (s.MaxScore is <= 0 or > MaxScoreCeiling)
            {
                yield return (nameof(SubCriterion.MaxScore), $"La note maximale du sous-critère « {s.Name} » doit être comprise entre 1 et 1 000.");
            }
        }

        var sum = c.SubCriteria.Sum(s => (long)s.Weight);
        if (sum != c.Weight)
        {
            yield return (nameof(SubCriterion.Weight),
                $"Les pondérations des sous-critères de « {c.Name} » doivent totaliser la pondération du critère ({c.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}) ; " +
                $"elles totalisent {sum.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Null when allowed; otherwise <see cref="EnvironmentalMessage"/> (publication on or after 21 August 2026, Paris day, without an environmental criterion).</summary>
    public static string? CheckEnvironmental(AwardCriteria criteria, DateTime publicationUtc)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var required = ParisTime.Day(publicationUtc) >= EnvironmentalCriterionFrom;
        return required && !criteria.Criteria.Any(c => c.Kind == CriterionKind.Environmental && c.Weight > 0) ? EnvironmentalMessage : null;
    }

    public static string Label(PriceFormula formula) => formula switch
    {
        PriceFormula.Linear => "linéaire : N = Nmax × (Pmax − P) / (Pmax − Pmin)",
        _ => "proportionnelle : N = Nmax × Pmin / P",
    };
}
