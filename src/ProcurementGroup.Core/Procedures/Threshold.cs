using ProcurementGroup.Core.Money;

namespace ProcurementGroup.Core.Procedures;

/// <summary>The thresholds the Code de la commande publique sets, each changed by decree from time to time.</summary>
public enum ThresholdKind
{
    /// <summary>EU threshold, supplies and services, local authorities including syndicats mixtes.</summary>
    EuSuppliesServicesLocal = 1,

    /// <summary>EU threshold, supplies and services, central government.</summary>
    EuSuppliesServicesCentral = 2,

    /// <summary>EU threshold, works.</summary>
    EuWorks = 3,

    /// <summary>Below it no publicity nor competition is required, supplies and services (R2122-8).</summary>
    NoProcedureSuppliesServices = 4,

    /// <summary>Below it no publicity nor competition is required, works (R2122-8).</summary>
    NoProcedureWorks = 5,

    /// <summary>From it a written contract is required (R2112-1).</summary>
    WrittenContract = 6,

    /// <summary>From it the essential data are published as open data (R2196-1).</summary>
    DecpPublication = 7,

    /// <summary>From it a procédure adaptée is advertised in the BOAMP or a legal gazette (JAL), below it as suited to the purchase (R2131-12).</summary>
    PublicationBoampOrJal = 8,

    /// <summary>From it the consultation documents are published on the buyer profile (R2132-2).</summary>
    BuyerProfileDocuments = 9,
}

/// <summary>One dated row of the threshold table: the amount in force from <see cref="ValidFrom"/> up to <see cref="ValidUntil"/> included.</summary>
public sealed record Threshold(long Id, ThresholdKind Kind, DateOnly ValidFrom, DateOnly? ValidUntil, Money.Money Amount, string Article)
{
    public bool IsInForceOn(DateOnly day) => ValidFrom <= day && (ValidUntil is null || day <= ValidUntil.Value);
}

/// <summary>The rows of DOMAIN.md, used to seed the editable table in the database.</summary>
public static class DefaultThresholds
{
    private static readonly DateOnly Start2024 = new(2024, 1, 1);
    private static readonly DateOnly End2025 = new(2025, 12, 31);
    private static readonly DateOnly Start2026 = new(2026, 1, 1);

    /// <summary>The 2026-2027 EU thresholds are set for two years (Commission delegated regulations).</summary>
    private static readonly DateOnly End2027 = new(2027, 12, 31);

    public static IReadOnlyList<Threshold> Rows { get; } =
    [
        new(0, ThresholdKind.EuSuppliesServicesLocal, Start2024, End2025, Money.Money.FromEuros(221_000m), "R2124-1"),
        new(0, ThresholdKind.EuSuppliesServicesLocal, Start2026, End2027, Money.Money.FromEuros(216_000m), "R2124-1"),
        new(0, ThresholdKind.EuSuppliesServicesCentral, Start2024, End2025, Money.Money.FromEuros(143_000m), "R2124-1"),
        new(0, ThresholdKind.EuSuppliesServicesCentral, Start2026, End2027, Money.Money.FromEuros(140_000m), "R2124-1"),
        new(0, ThresholdKind.EuWorks, Start2024, End2025, Money.Money.FromEuros(5_538_000m), "R2124-1"),
        new(0, ThresholdKind.EuWorks, Start2026, End2027, Money.Money.FromEuros(5_404_000m), "R2124-1"),
        new(0, ThresholdKind.NoProcedureSuppliesServices, Start2024, new DateOnly(2026, 3, 31), Money.Money.FromEuros(40_000m), "R2122-8"),
        new(0, ThresholdKind.NoProcedureSuppliesServices, new DateOnly(2026, 4, 1), null, Money.Money.FromEuros(60_000m), "R2122-8"),
        new(0, ThresholdKind.NoProcedureWorks, Start2024, null, Money.Money.FromEuros(100_000m), "R2122-8"),
        new(0, ThresholdKind.WrittenContract, Start2024, null, Money.Money.FromEuros(25_000m), "R2112-1"),
        new(0, ThresholdKind.DecpPublication, Start2024, null, Money.Money.FromEuros(40_000m), "R2196-1"),
        new(0, ThresholdKind.PublicationBoampOrJal, Start2024, null, Money.Money.FromEuros(90_000m), "R2131-12"),
        new(0, ThresholdKind.BuyerProfileDocuments, Start2024, null, Money.Money.FromEuros(40_000m), "R2132-2"),
    ];
}

/// <summary>Thresholds cannot rewrite history: the rule for a row that stored advices cite.</summary>
public static class ThresholdHistory
{
    public const string CitedEditMessage = "Ce seuil a servi à un avis enregistré : il ne peut plus être modifié, seule sa date de fin peut être fixée.";
    public const string CitedDeleteMessage = "Ce seuil a servi à un avis enregistré : il ne peut pas être supprimé. Fixez plutôt sa date de fin.";

    /// <summary>
    /// Null when the change is allowed. A row cited by a stored advice (<paramref name="latestCitingLaunch"/> is the latest
    /// launch date among those advices) keeps its kind, start, amount and article and its end date once set; it may only
    /// be end-dated, on or after that launch date. An uncited row may change freely.
    /// </summary>
    public static (string Field, string Message)? CheckEdit(Threshold before, Threshold after, DateOnly? latestCitingLaunch)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (latestCitingLaunch is not { } launch)
        {
            return null;
        }

        if (after.Kind != before.Kind || after.ValidFrom != before.ValidFrom || after.Amount != before.Amount || after.Article != before.Article
            || (before.ValidUntil is not null && after.ValidUntil is null))
        {
            return (string.Empty, CitedEditMessage);
        }

        if (after.ValidUntil is { } until && until < launch)
        {
            return ("ValidUntil",
                $"Ce seuil a servi à un avis enregistré pour un lancement le {launch.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)} : " +
                "sa date de fin ne peut pas précéder cette date.");
        }

        return null;
    }
}
