using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.Tenders;

/// <summary>The procedure a tender follows, from the least to the most demanding.</summary>
public enum TenderProcedure
{
    /// <summary>Without publicity nor competition (R2122-8), below the dispensation threshold.</summary>
    NoPublicity = 0,

    /// <summary>Procédure adaptée (R2123-1).</summary>
    Mapa = 1,

    /// <summary>Appel d'offres ouvert (R2124-2 1°, R2161-2 ff.), a formalised procedure.</summary>
    OpenCallForTenders = 2,
}

/// <summary>A lot of the tender and the procedure chosen for it.</summary>
public sealed record LotProcedure(int LotNumber, TenderProcedure Procedure);

/// <summary>
/// The procedure of a tender against the campaign's stored advice: the advice's by default, a stricter one may be chosen,
/// a weaker one is refused, except for the lots the stored advice placed under the small-lots exception (R2123-1 2°),
/// which may follow a MAPA inside a formalised procedure.
/// </summary>
public static class ProcedureChoice
{
    /// <summary>The level of the law each procedure satisfies.</summary>
    public static RequiredProcedure Level(TenderProcedure procedure) => procedure switch
    {
        TenderProcedure.NoPublicity => RequiredProcedure.None,
        TenderProcedure.Mapa => RequiredProcedure.Mapa,
        _ => RequiredProcedure.Formalised,
    };

    /// <summary>What the law requires of one lot: the advice's procedure, or MAPA for a lot under the small-lots exception.</summary>
    public static RequiredProcedure Required(RequiredProcedure advised, bool smallLotException) =>
        smallLotException && advised == RequiredProcedure.Formalised ? RequiredProcedure.Mapa : advised;

    /// <summary>The default procedure of a lot: the least demanding one that meets <see cref="Required"/>.</summary>
    public static TenderProcedure Default(RequiredProcedure advised, bool smallLotException) => Required(advised, smallLotException) switch
    {
        RequiredProcedure.None => TenderProcedure.NoPublicity,
        RequiredProcedure.Mapa => TenderProcedure.Mapa,
        _ => TenderProcedure.OpenCallForTenders,
    };

    /// <summary>French messages, one per lot whose procedure is weaker than the law requires; empty when every choice is allowed.</summary>
    public static IReadOnlyList<string> Check(RequiredProcedure advised, IReadOnlyCollection<int> smallLotNumbers, IEnumerable<LotProcedure> lots)
    {
        ArgumentNullException.ThrowIfNull(smallLotNumbers);
        ArgumentNullException.ThrowIfNull(lots);
        var errors = new List<string>();
        foreach (var lot in lots)
        {
            var required = Required(advised, smallLotNumbers.Contains(lot.LotNumber));
            if (Level(lot.Procedure) < required)
            {
                errors.Add($"Lot {lot.LotNumber} : la procédure « {Label(lot.Procedure)} » est moins exigeante que celle que la loi impose " +
                    $"({Label(Default(advised, smallLotNumbers.Contains(lot.LotNumber)))}, {Article(required)}) : choisissez-la ou une procédure plus exigeante.");
            }
        }

        return errors;
    }

    public static string Article(RequiredProcedure required) => required switch
    {
        RequiredProcedure.None => "R2122-8",
        RequiredProcedure.Mapa => "R2123-1",
        _ => "R2124-1",
    };

    public static string Label(TenderProcedure procedure) => procedure switch
    {
        TenderProcedure.NoPublicity => "sans publicité ni mise en concurrence",
        TenderProcedure.Mapa => "procédure adaptée",
        _ => "appel d'offres ouvert",
    };
}
