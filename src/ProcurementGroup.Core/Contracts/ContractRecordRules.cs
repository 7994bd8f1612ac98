using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Contracts;

/// <summary>
/// The figures of a contract as typed, whether signed from an awarded lot or recorded as signed before the app: duration,
/// amount (or an accord-cadre's maximum) in euros with at most 2 decimals, and dates in order (notified on or after the
/// signature, started on or after the notification).
/// </summary>
public static class ContractRecordRules
{
    public const int MaxDurationMonths = 600;
    public const long MaxAmountCents = 100_000_000_000_000;
    public const int TitleMaxLength = 1000;
    public const int LotLabelMaxLength = 300;

    public const string DurationMessage = "La durée est un nombre entier de mois, de 1 à 600.";
    public const string AmountMessage = "Saisissez un montant HT positif en euros, avec au plus 2 décimales (par exemple 125 000,50).";
    public const string NotifiedBeforeSignedMessage = "Le marché est notifié après sa signature.";
    public const string StartsBeforeNotifiedMessage = "L'exécution commence à la notification ou après.";
    public const string TitleMessage = "Indiquez l'objet du marché (1 000 caractères au plus).";
    public const string LotLabelMessage = "L'intitulé du lot compte 300 caractères au plus.";

    public static bool IsDuration(int? months) => months is >= 1 and <= MaxDurationMonths;

    /// <summary>The amount in cents, or null with <see cref="AmountMessage"/> (or the ambiguous-number message).</summary>
    public static long? AmountCents(string? input, out string? error)
    {
        error = null;
        if (!FrenchNumber.TryParseDecimal(input, out var euros) || euros <= 0 || euros * 100m > MaxAmountCents || decimal.Round(euros, 2) != euros)
        {
            error = FrenchNumber.Message(input, AmountMessage);
            return null;
        }

        return (long)(euros * 100m);
    }

    public const string FromTenderMessage = "Ce marché vient d'une consultation attribuée : ses données initiales sont celles de l'attribution et ne se corrigent pas ici. Une modification passe par un avenant.";
    public const string InUseMessage = "Ce marché est déjà utilisé (dépense, bon de commande ou avenant) : ses données initiales ne se corrigent plus. Enregistrez un avenant depuis la page du marché (section « Avenants »).";

    /// <summary>
    /// Whether the initial data of a contract (title, dates, amount, DECP fields…) may still be corrected in place: only a
    /// contract recorded without a tender, and only while nothing refers to those figures: no cost entry, order or
    /// amendment. Afterwards a change is an amendment, kept beside the initial values. Null: it may; else why not, in French.
    /// </summary>
    public static string? CorrectionRefusal(bool fromTender, int costEntries, int orders, int amendments)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(orders);
        ArgumentOutOfRangeException.ThrowIfNegative(amendments);
        if (fromTender)
        {
            return FromTenderMessage;
        }

        return costEntries + orders + amendments > 0 ? InUseMessage : null;
    }

    /// <summary>The notification's and the start's problems (null: none).</summary>
    public static (string? Notified, string? Starts) CheckDates(DateOnly signedOn, DateOnly? notifiedOn, DateOnly? startsOn) =>
        (notifiedOn < signedOn ? NotifiedBeforeSignedMessage : null,
         startsOn is { } s && s < (notifiedOn ?? signedOn) ? StartsBeforeNotifiedMessage : null);
}
