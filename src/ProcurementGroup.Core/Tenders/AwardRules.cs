using System.Globalization;

namespace ProcurementGroup.Core.Tenders;

public enum LetterChannel
{
    Electronic = 1,
    Post = 2,
}

/// <summary>
/// The award of a lot: the standstill before signature (délai de suspension, R2182-1), the awardee's certificates
/// (R2143-6 to R2143-10, R2144-7: received before signing), and the avis d'attribution after signing (R2183-1).
/// </summary>
public static class AwardRules
{
    /// <summary>R2182-1: 11 days when the rejection letters are sent electronically.</summary>
    public const int ElectronicStandstillDays = 11;

    /// <summary>R2182-1: 16 days when they are posted.</summary>
    public const int PostStandstillDays = 16;

    /// <summary>R2183-1: the avis d'attribution is sent within 30 days of signing.</summary>
    public const int AwardNoticeDays = 30;

    public const string CertificatesMissingMessage =
        "Le marché ne peut pas être signé avant la réception des attestations fiscale et sociale de l'attributaire (R2143-6 à R2143-10 et R2144-7 du code de la commande publique).";
    public const string LettersMissingMessage =
        "Envoyez d'abord les lettres de rejet aux candidats non retenus : le délai de suspension court à partir de leur envoi (R2182-1).";

    /// <summary>
    /// The earliest signature date: the last rejection letter's sending date + 11 days (electronic) or + 16 (post), counted
    /// date to date with the sending day included (CE 2 August 2011, n° 347526: posted 28/12/2010, signature lawful on
    /// 13/01/2011). Null when no standstill applies: a procedure that is not formalised, or a single bidder; also null
    /// while no letter was sent (see <see cref="CheckSigning"/>).
    /// </summary>
    public static DateOnly? EarliestSignature(bool formalised, int bidders, DateOnly? lastLetterSent, LetterChannel channel) =>
        !StandstillApplies(formalised, bidders) || lastLetterSent is not { } sent
            ? null
            : sent.AddDays(channel == LetterChannel.Post ? PostStandstillDays : ElectronicStandstillDays);

    public static bool StandstillApplies(bool formalised, int bidders) => formalised && bidders > 1;

    /// <summary>French messages; empty when the contract may be signed on <paramref name="signature"/>.</summary>
    public static IReadOnlyList<string> CheckSigning(
        bool formalised, int bidders, DateOnly signature, DateOnly? lastLetterSent, LetterChannel channel, DateOnly? taxCertificate, DateOnly? socialCertificate)
    {
        var errors = new List<string>();
        if (taxCertificate is not { } tax || socialCertificate is not { } social || tax > signature || social > signature)
        {
            errors.Add(CertificatesMissingMessage);
        }

        if (StandstillApplies(formalised, bidders))
        {
            if (EarliestSignature(formalised, bidders, lastLetterSent, channel) is not { } earliest)
            {
                errors.Add(LettersMissingMessage);
            }
            else if (signature < earliest)
            {
                errors.Add($"Le délai de suspension n'est pas écoulé : le marché peut être signé à partir du {earliest.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} " +
                    $"({(channel == LetterChannel.Post ? "16 jours après l'envoi postal" : "11 jours après l'envoi électronique")} de la dernière lettre de rejet, R2182-1).");
            }
        }

        return errors;
    }

    /// <summary>The last day to send the avis d'attribution of a formalised procedure: signature + 30 days (R2183-1).</summary>
    public static DateOnly AwardNoticeDue(DateOnly signature) => signature.AddDays(AwardNoticeDays);

    /// <summary>Flagged when a formalised procedure's avis d'attribution is still missing after its last day (from signature + 31).</summary>
    public static bool AwardNoticeOverdue(bool formalised, DateOnly signature, DateOnly? noticeSent, DateOnly today) =>
        formalised && noticeSent is null && today > AwardNoticeDue(signature);

    public const int AwardeeReasonMaxLength = 2000;

    public const string AwardeeReasonMessage =
        "L'attributaire choisi n'est pas l'offre proposée par l'analyse (classée première ou retenue au départage) : indiquez le motif de ce choix (2 000 caractères au plus).";

    /// <summary>
    /// Choosing as awardee an offer other than the proposed one (ranked first, or the winner of a settled tie) is the
    /// officer's decision, never the software's: it needs a written reason, which the letters and the analysis report give.
    /// Returns the refusal, or null (the proposed offer chosen, or another with a reason).
    /// </summary>
    public static string? CheckAwardee(long? proposedOfferId, long chosenOfferId, string? reason)
    {
        if (chosenOfferId == proposedOfferId)
        {
            return null;
        }

        var text = reason?.Trim() ?? string.Empty;
        return text.Length == 0 || text.Length > AwardeeReasonMaxLength ? AwardeeReasonMessage : null;
    }

    /// <summary>
    /// A rejection letter is written for <paramref name="offerId"/> only once the award is recorded, to a bidder other than
    /// the recorded awardee, and when that awardee is the proposed offer or its choice was given a reason.
    /// </summary>
    public static bool RejectionLetterAllowed(long? recordedAwardeeOfferId, long? proposedOfferId, string? awardeeReason, long offerId) =>
        recordedAwardeeOfferId is { } awardee
        && awardee != offerId
        && CheckAwardee(proposedOfferId, awardee, awardeeReason) is null;
}
