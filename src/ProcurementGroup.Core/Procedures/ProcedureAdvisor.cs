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

/// <summary>An obligation that follows from the value compared with the thresholds, with the rule and the threshold row it rests on.</summary>
public sealed record Obligation(string Code, string Text, string Article, Threshold? Threshold);

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

    public PurchaseNature Nature { get; init; } = PurchaseNature.Supplies;

    /// <summary>Publication, buyer profile, commission d'appel d'offres and open data, in that order.</summary>
    public IReadOnlyList<Obligation> Obligations { get; init; } = [];
}

/// <summary>No threshold row of a kind the advice needs is in force on the launch date: the value is unknown, never guessed.</summary>
public sealed class ThresholdUnknownException(ThresholdKind kind, DateOnly day)
    : InvalidOperationException($"{ProcedureAdvisor.KindName(kind)} : seuil inconnu à cette date ({day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}). Aucune ligne de la table des seuils n'est en vigueur ce jour-là.")
{
    public ThresholdKind Kind { get; } = kind;

    public DateOnly Day { get; } = day;
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

    public const string PublicationNone = "publication-none";
    public const string PublicationAdapted = "publication-adapted";
    public const string PublicationBoampOrJal = "publication-boamp-jal";
    public const string PublicationBoampJoue = "publication-boamp-joue";
    public const string BuyerProfile = "buyer-profile";
    public const string TenderBoard = "tender-board";
    public const string Decp = "decp";

    public static ProcedureAdvice Advise(Money.Money estimatedValue, DateOnly launchDate, IEnumerable<Threshold> table) =>
        Advise(estimatedValue, launchDate, table, PurchaseNature.Supplies);

    /// <summary>
    /// The procedure and its obligations for the value compared (see <see cref="ContractRules.ValueCompared"/>) on the
    /// launch date, with the thresholds of the purchase's nature. Throws <see cref="ThresholdUnknownException"/> when a
    /// needed threshold has no row in force that day.
    /// </summary>
    public static ProcedureAdvice Advise(Money.Money estimatedValue, DateOnly launchDate, IEnumerable<Threshold> table, PurchaseNature nature)
    {
        var rows = table.ToList();
        var works = nature == PurchaseNature.Works;
        var noProcedure = InForce(rows, works ? ThresholdKind.NoProcedureWorks : ThresholdKind.NoProcedureSuppliesServices, launchDate);
        var eu = InForce(rows, works ? ThresholdKind.EuWorks : ThresholdKind.EuSuppliesServicesLocal, launchDate);
        var publication = InForce(rows, ThresholdKind.PublicationBoampOrJal, launchDate);
        var buyerProfile = InForce(rows, ThresholdKind.BuyerProfileDocuments, launchDate);
        var decp = InForce(rows, ThresholdKind.DecpPublication, launchDate);
        var day = launchDate.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

        ProcedureAdvice advice;
        if (estimatedValue < noProcedure.Amount)
        {
            advice = new ProcedureAdvice(
                RequiredProcedure.None, estimatedValue, launchDate, noProcedure, eu, "R2122-8",
                $"La valeur estimée est inférieure au seuil de {noProcedure.Amount} HT en vigueur le {day} : " +
                "le marché peut être passé sans publicité ni mise en concurrence préalables (R2122-8).");
        }
        else if (estimatedValue < eu.Amount)
        {
            advice = new ProcedureAdvice(
                RequiredProcedure.Mapa, estimatedValue, launchDate, noProcedure, eu, "R2123-1",
                $"La valeur estimée est inférieure au seuil européen de {eu.Amount} HT en vigueur le {day} : " +
                "procédure adaptée (MAPA, R2123-1 1°).");
        }
        else
        {
            advice = new ProcedureAdvice(
                RequiredProcedure.Formalised, estimatedValue, launchDate, noProcedure, eu, "R2124-1",
                $"La valeur estimée atteint ou dépasse le seuil européen de {eu.Amount} HT en vigueur le {day} : " +
                "procédure formalisée (appel d'offres ouvert ou restreint, R2124-1).");
        }

        return advice with { Nature = nature, Obligations = Obligations(advice.Procedure, estimatedValue, noProcedure, eu, publication, buyerProfile, decp) };
    }

    /// <summary>True when the advice with the pending forms' values added requires another procedure: the officer is warned.</summary>
    public static bool PendingChangesProcedure(ProcedureAdvice counted, ProcedureAdvice withPending) => counted.Procedure != withPending.Procedure;

    private static List<Obligation> Obligations(
        RequiredProcedure procedure, Money.Money value, Threshold noProcedure, Threshold eu, Threshold publication, Threshold buyerProfile, Threshold decp)
    {
        var list = new List<Obligation>();
        switch (procedure)
        {
            case RequiredProcedure.None:
                list.Add(new(PublicationNone, $"Publicité : aucune publicité obligatoire sous le seuil de {noProcedure.Amount} HT.", "R2122-8", noProcedure));
                break;
            case RequiredProcedure.Mapa when value < publication.Amount:
                list.Add(new(PublicationAdapted, $"Publicité : publicité adaptée à la nature et au montant du besoin (sous {publication.Amount} HT).", "R2131-12 1°", publication));
                break;
            case RequiredProcedure.Mapa:
                list.Add(new(PublicationBoampOrJal, $"Publicité : avis au BOAMP ou dans un journal d'annonces légales (à partir de {publication.Amount} HT).", "R2131-12 2°", publication));
                break;
            default:
                list.Add(new(PublicationBoampJoue, $"Publicité : avis au BOAMP et au Journal officiel de l'Union européenne (procédure formalisée, à partir de {eu.Amount} HT).", "R2131-16", eu));
                break;
        }

        if (procedure != RequiredProcedure.None && value >= buyerProfile.Amount)
        {
            list.Add(new(BuyerProfile, $"Documents de la consultation sur le profil d'acheteur (à partir de {buyerProfile.Amount} HT).", "R2132-2", buyerProfile));
        }

        if (procedure == RequiredProcedure.Formalised)
        {
            list.Add(new(TenderBoard, "Attribution par la commission d'appel d'offres du groupement de commandes (procédure formalisée).", "L1414-3 CGCT", eu));
        }

        if (value >= decp.Amount)
        {
            list.Add(new(Decp, $"Publication des données essentielles du marché (DECP, à partir de {decp.Amount} HT).", "R2196-1", decp));
        }

        return list;
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

    public static string KindName(ThresholdKind kind) => kind switch
    {
        ThresholdKind.EuSuppliesServicesLocal => "Seuil européen, fournitures et services, collectivités territoriales",
        ThresholdKind.EuSuppliesServicesCentral => "Seuil européen, fournitures et services, État",
        ThresholdKind.EuWorks => "Seuil européen, travaux",
        ThresholdKind.NoProcedureSuppliesServices => "Dispense de procédure, fournitures et services",
        ThresholdKind.NoProcedureWorks => "Dispense de procédure, travaux",
        ThresholdKind.WrittenContract => "Contrat écrit obligatoire",
        ThresholdKind.DecpPublication => "Publication des données essentielles (DECP)",
        ThresholdKind.PublicationBoampOrJal => "Publicité au BOAMP ou dans un JAL (procédure adaptée)",
        ThresholdKind.BuyerProfileDocuments => "Documents de la consultation sur le profil d'acheteur",
        _ => kind.ToString(),
    };

    private static Threshold InForce(List<Threshold> rows, ThresholdKind kind, DateOnly day) =>
        rows.Where(r => r.Kind == kind && r.IsInForceOn(day)).OrderByDescending(r => r.ValidFrom).FirstOrDefault()
        ?? throw new ThresholdUnknownException(kind, day);
}
