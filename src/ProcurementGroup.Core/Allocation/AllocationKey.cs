using System.Globalization;

namespace ProcurementGroup.Core.Allocation;

/// <summary>What a member's share of a cost is proportional to.</summary>
public enum AllocationBasis
{
    /// <summary>The member's quantities in the contract or its orders (thousandths).</summary>
    Quantity = 1,

    /// <summary>INSEE population municipale of the key's year (the default population).</summary>
    PopulationMunicipale = 2,

    /// <summary>INSEE population totale of the key's year.</summary>
    PopulationTotale = 3,

    /// <summary>The member's recorded number of pupils for the key's year.</summary>
    Pupils = 4,

    /// <summary>The member's recorded number of schools for the key's year.</summary>
    Schools = 5,

    /// <summary>The member's recorded number of lines for the key's year.</summary>
    Lines = 6,

    /// <summary>The active sites of the member's register.</summary>
    Sites = 7,

    /// <summary>Every participant weighs 1.</summary>
    Equal = 8,

    /// <summary>A weight typed per member.</summary>
    Custom = 9,
}

/// <summary>One part of a key: a basis and its percentage of the cost (100 for a simple key).</summary>
public sealed record KeyComponent(AllocationBasis Basis, int Percent);

/// <summary>
/// A clé de répartition: one basis at 100 %, or a mix (e.g. 30 % equal + 70 % population), in which each member's weight
/// is Σ component % × its base ÷ the component's total base, computed exactly (<see cref="AllocationWeights"/>).
/// <paramref name="Year"/> is the year of the recorded bases (population, pupils, schools, lines).
/// </summary>
public sealed record AllocationKey(IReadOnlyList<KeyComponent> Components, int? Year = null)
{
    public const string NoComponent = "La clé de répartition doit comporter au moins une base.";
    public const string PercentsMustSumTo100 = "Les pourcentages des bases de la clé doivent totaliser 100 % (total actuel : {0} %).";
    public const string PercentMustBePositive = "Le pourcentage de chaque base doit être compris entre 1 et 100 %.";
    public const string BasisRepeated = "La base « {0} » figure deux fois dans la clé.";
    public const string YearRequired = "Choisissez l'année des bases « {0} ».";

    /// <summary>A simple key: one basis for the whole cost.</summary>
    public static AllocationKey By(AllocationBasis basis, int? year = null) => new([new KeyComponent(basis, 100)], year);

    /// <summary>A mix of bases; their percentages must add up to 100.</summary>
    public static AllocationKey Mix(int? year, params KeyComponent[] components) => new(components, year);

    /// <summary>French messages for a key that cannot be used; empty when it can.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Components is null || Components.Count == 0)
        {
            errors.Add(NoComponent);
            return errors;
        }

        if (Components.Any(c => c.Percent is < 1 or > 100))
        {
            errors.Add(PercentMustBePositive);
        }

        var sum = Components.Sum(c => (long)c.Percent);
        if (sum != 100)
        {
            errors.Add(string.Format(CultureInfo.GetCultureInfo("fr-FR"), PercentsMustSumTo100, sum));
        }

        foreach (var repeated in Components.GroupBy(c => c.Basis).Where(g => g.Count() > 1))
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, BasisRepeated, Label(repeated.Key)));
        }

        if (Year is null && Components.FirstOrDefault(c => NeedsYear(c.Basis)) is { } yearly)
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, YearRequired, Label(yearly.Basis)));
        }

        return errors;
    }

    /// <summary>Population, pupils, schools and lines are recorded per year.</summary>
    public static bool NeedsYear(AllocationBasis basis) =>
        basis is AllocationBasis.PopulationMunicipale or AllocationBasis.PopulationTotale or AllocationBasis.Pupils or AllocationBasis.Schools or AllocationBasis.Lines;

    /// <summary>The basis as the French screens and statements name it.</summary>
    public static string Label(AllocationBasis basis) => basis switch
    {
        AllocationBasis.Quantity => "quantité",
        AllocationBasis.PopulationMunicipale => "population municipale",
        AllocationBasis.PopulationTotale => "population totale",
        AllocationBasis.Pupils => "nombre d'élèves",
        AllocationBasis.Schools => "nombre d'écoles",
        AllocationBasis.Lines => "nombre de lignes",
        AllocationBasis.Sites => "nombre de sites",
        AllocationBasis.Equal => "parts égales",
        AllocationBasis.Custom => "poids personnalisé",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };
}
