using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// One dated row of the minimum offer periods (R2161-2 ff.): for a procedure and a way of receiving offers, the minimum
/// number of days between the publication (sending of the contract notice) and the offer deadline, in force from
/// <see cref="ValidFrom"/> up to <see cref="ValidUntil"/> included, like the thresholds. A MAPA has no row: no fixed minimum.
/// </summary>
public sealed record OfferPeriodRule(long Id, TenderProcedure Procedure, bool ElectronicOffers, DateOnly ValidFrom, DateOnly? ValidUntil, int MinimumDays, string Article)
{
    public bool IsInForceOn(DateOnly day) => ValidFrom <= day && (ValidUntil is null || day <= ValidUntil.Value);
}

/// <summary>
/// The rows of DOMAIN.md, to seed the editable table: open appel d'offres, 35 days from sending the contract notice
/// (R2161-2), reduced to 30 when offers are or may be received electronically (R2161-3 2°).
/// </summary>
public static class DefaultOfferPeriods
{
    /// <summary>The Code de la commande publique came into force on 1 April 2019.</summary>
    private static readonly DateOnly CodeInForce = new(2019, 4, 1);

    public static IReadOnlyList<OfferPeriodRule> Rows { get; } =
    [
        new(0, TenderProcedure.OpenCallForTenders, false, CodeInForce, null, 35, "R2161-2"),
        new(0, TenderProcedure.OpenCallForTenders, true, CodeInForce, null, 30, "R2161-3 2°"),
    ];
}

/// <summary>The offer deadline and the sealing of offers.</summary>
public static class OfferPeriod
{
    public const string DeadlineBeforePublicationMessage = "La date limite de réception des offres doit être postérieure à la publication.";

    /// <summary>The row in force on the publication's day in Paris for the procedure and the way of receiving offers, if any (the latest start wins).</summary>
    public static OfferPeriodRule? RuleInForce(TenderProcedure procedure, bool electronicOffers, DateTime publicationUtc, IEnumerable<OfferPeriodRule> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var day = ParisTime.Day(publicationUtc);
        return rows.Where(r => r.Procedure == procedure && r.ElectronicOffers == electronicOffers && r.IsInForceOn(day))
            .OrderByDescending(r => r.ValidFrom)
            .FirstOrDefault();
    }

    /// <summary>
    /// Null when the deadline is allowed, else the French message. The period is counted on Paris wall-clock time: a
    /// deadline at the same hour N days later is exactly N days, even across a change to or from summer time.
    /// A formalised procedure without a row in force is refused (the minimum is unknown, never guessed).
    /// </summary>
    public static string? CheckDeadline(TenderProcedure procedure, bool electronicOffers, DateTime publicationUtc, DateTime deadlineUtc, IEnumerable<OfferPeriodRule> rows)
    {
        if (deadlineUtc <= publicationUtc)
        {
            return DeadlineBeforePublicationMessage;
        }

        if (procedure != TenderProcedure.OpenCallForTenders)
        {
            return null;
        }

        var rule = RuleInForce(procedure, electronicOffers, publicationUtc, rows);
        var day = ParisTime.Day(publicationUtc).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (rule is null)
        {
            return $"Aucun délai minimal de réception des offres n'est en vigueur le {day} pour cette procédure : complétez la table des délais.";
        }

        var earliest = ParisTime.FromUtc(publicationUtc).AddDays(rule.MinimumDays);
        return ParisTime.FromUtc(deadlineUtc) >= earliest
            ? null
            : $"Le délai de réception des offres doit être d'au moins {rule.MinimumDays.ToString(CultureInfo.InvariantCulture)} jours " +
              $"({(electronicOffers ? "offres reçues par voie électronique" : "offres reçues sur support papier")}, {rule.Article}) : " +
              $"date limite au plus tôt le {earliest.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} (heure de Paris).";
    }

    /// <summary>An offer received after the deadline is late (received exactly at the deadline is in time).</summary>
    public static bool IsLate(DateTime receivedUtc, DateTime deadlineUtc) => receivedUtc > deadlineUtc;

    /// <summary>The reason shown for a late offer, in Paris time.</summary>
    public static string LateReason(DateTime receivedUtc, DateTime deadlineUtc) =>
        $"reçue le {ParisTime.FromUtc(receivedUtc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}, " +
        $"après la date limite du {ParisTime.FromUtc(deadlineUtc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} (heure de Paris)";

    /// <summary>
    /// Offers are sealed until the deadline: a price or a score may be shown only once the deadline has passed and the
    /// tender has left draft and publication (opened). Every page, export and document asks this rule, whatever the role.
    /// </summary>
    public static bool CanSeePrices(TenderStatus status, DateTime nowUtc, DateTime deadlineUtc) =>
        nowUtc >= deadlineUtc && status is not (TenderStatus.Draft or TenderStatus.Published);
}
