using ProcurementGroup.Core.Money;

namespace ProcurementGroup.Core.Procedures;

public enum RequiredProcedure
{
    /// <summary>Below the R2122-8 threshold: no publicity nor competition required (still a good use of public money).</summary>
    None = 0,

    /// <summary>Procédure adaptée: below the EU threshold.</summary>
    Mapa = 1,

    /// <summary>Appel d'offres or another formalised procedure: at or above the EU threshold.</summary>
    Formalised = 2,
}

/// <summary>What the law requires for an estimated value on a launch date, and the threshold rows the advice used.</summary>
public sealed record ProcedureAdvice(
    RequiredProcedure Procedure,
    Money.Money EstimatedValue,
    DateOnly LaunchDate,
    Threshold NoProcedureThreshold,
    Threshold EuThreshold,
    string Article,
    string Explanation)
{
    /// <summary>The threshold row the decision turned on (the one the value is compared to last).</summary>
    public Threshold DecisiveThreshold => Procedure == RequiredProcedure.None ? NoProcedureThreshold : EuThreshold;
}

/// <summary>A lot's estimated value, for the small-lots exception.</summary>
public sealed record LotValue(int LotNumber, string Title, Money.Money Value);

public sealed record SmallLotsCheck(
    bool IsAllowed,
    Money.Money SelectedTotal,
    Money.Money Ceiling,
    IReadOnlyList<LotValue> Eligible,
    IReadOnlyList<string> Errors);

/// <summary>
/// Chooses the procedure from the estimated value of the whole need: all lots and all members summed over the whole
/// duration, renewals included (R2121-1). Below a threshold means strictly less; at or above, the stricter rule applies.
/// </summary>
public static class ProcedureAdvisor
{
    /// <summary>R2123-1 2°: a lot below 80,000 € HT (supplies and services) may follow MAPA...</summary>
    public static readonly Money.Money SmallLotCeiling = Money.Money.FromEuros(80_000m);

    /// <summary>... provided such lots together stay within 20 % of the total value.</summary>
    public const int SmallLotsMaxPercent = 20;

    public static ProcedureAdvice Advise(Money.Money estimatedValue, DateOnly launchDate, IEnumerable<Threshold> table)
    {
        var rows = table.ToList();
        var noProcedure = InForce(rows, ThresholdKind.NoProcedureSuppliesServices, launchDate);
        var eu = InForce(rows, ThresholdKind.EuSuppliesServicesLocal, launchDate);

        if (estimatedValue < noProcedure.Amount)
        {
            return new ProcedureAdvice(
                RequiredProcedure.None, estimatedValue, launchDate, noProcedure, eu, "R2122-8",
                $"La valeur estimée est inférieure au seuil de {noProcedure.Amount} HT en vigueur le {launchDate:dd/MM/yyyy} : " +
                "le marché peut être passé sans publicité ni mise en concurrence préalables (R2122-8).");
        }

        if (estimatedValue < eu.Amount)
        {
            return new ProcedureAdvice(
                RequiredProcedure.Mapa, estimatedValue, launchDate, noProcedure, eu, "R2123-1",
                $"La valeur estimée est inférieure au seuil européen de {eu.Amount} HT en vigueur le {launchDate:dd/MM/yyyy} : " +
                "procédure adaptée (MAPA, R2123-1 1°).");
        }

        return new ProcedureAdvice(
            RequiredProcedure.Formalised, estimatedValue, launchDate, noProcedure, eu, "R2124-1",
            $"La valeur estimée atteint ou dépasse le seuil européen de {eu.Amount} HT en vigueur le {launchDate:dd/MM/yyyy} : " +
            "procédure formalisée (appel d'offres ouvert ou restreint, R2124-1).");
    }

    /// <summary>
    /// R2123-1 2°: in a formalised procedure, the officer may run lots under 80,000 € HT as MAPA if those lots together stay
    /// within 20 % of the total estimated value.
    /// </summary>
    public static SmallLotsCheck CheckSmallLots(Money.Money totalValue, IReadOnlyList<LotValue> lots, IReadOnlyCollection<int> selectedLotNumbers)
    {
        var eligible = lots.Where(l => l.Value < SmallLotCeiling).ToList();
        var errors = new List<string>();
        var selected = lots.Where(l => selectedLotNumbers.Contains(l.LotNumber)).ToList();
        foreach (var lot in selected.Where(l => l.Value >= SmallLotCeiling))
        {
            errors.Add($"Le lot {lot.LotNumber} ({lot.Title}) atteint 80 000 € HT : il ne peut pas suivre la procédure adaptée.");
        }

        var selectedTotal = selected.Aggregate(Money.Money.Zero, (sum, l) => sum + l.Value);

        // 20 % of the total, compared exactly: selected × 100 <= total × 20.
        var ceiling = new Money.Money(totalValue.Cents * SmallLotsMaxPercent / 100);
        if ((Int128)selectedTotal.Cents * 100 > (Int128)totalValue.Cents * SmallLotsMaxPercent)
        {
            errors.Add($"Les lots choisis totalisent {selectedTotal} HT, au-delà de 20 % de la valeur totale ({ceiling} HT).");
        }

        return new SmallLotsCheck(errors.Count == 0, selectedTotal, ceiling, eligible, errors);
    }

    private static Threshold InForce(List<Threshold> rows, ThresholdKind kind, DateOnly day)
    {
        var matches = rows.Where(r => r.Kind == kind && r.IsInForceOn(day)).OrderByDescending(r => r.ValidFrom).ToList();
        return matches.Count switch
        {
            0 => throw new InvalidOperationException($"Aucun seuil {kind} en vigueur le {day:dd/MM/yyyy} dans la table des seuils."),
            _ => matches[0],
        };
    }
}
