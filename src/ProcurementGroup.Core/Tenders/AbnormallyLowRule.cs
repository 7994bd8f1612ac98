namespace ProcurementGroup.Core.Tenders;

public enum AbnormallyLowOutcome
{
    /// <summary>The supplier's justification was accepted: the offer is scored.</summary>
    Kept = 1,

    /// <summary>The justification was not convincing: the offer is rejected (L2152-5) and excluded from scoring.</summary>
    Rejected = 2,
}

/// <summary>The officer's recorded decision on a flagged offer, with the justification asked of the supplier.</summary>
public sealed record AbnormallyLowDecision(AbnormallyLowOutcome Outcome, string Justification);

/// <summary>
/// Abnormally low offers (offre anormalement basse, L2152-5, R2152-3 ff.): the law gives no number, so an offer is only
/// flagged for review, by a configurable rule: its DQE total is MORE than <see cref="Percent"/> % below the mean of the
/// lot's other offers (exactly that percentage below is not flagged). The officer asks the supplier to justify and records
/// the decision; the software never rejects an offer by itself.
/// </summary>
public sealed record AbnormallyLowRule(int Percent = AbnormallyLowRule.DefaultPercent)
{
    public const int DefaultPercent = 20;
    public const int JustificationMaxLength = 4000;

    public const string PercentMessage = "Le seuil de détection des offres anormalement basses est un pourcentage entier de 1 à 99.";
    public const string JustificationMissingMessage =
        "Indiquez la justification demandée au fournisseur et les motifs de la décision : une offre anormalement basse n'est jamais rejetée sans elle (L2152-5).";
    public const string NotFlaggedMessage = "Cette offre n'est pas signalée comme anormalement basse : aucune décision à enregistrer.";

    public static bool IsValidPercent(int percent) => percent is >= 1 and <= 99;

    /// <summary>
    /// Whether the offer is flagged: compared with the mean of the other offers, exactly, in integers:
    /// P &lt; mean × (100 − percent) / 100 ⇔ P × 100 × n &lt; Σ others × (100 − percent). Needs at least one other offer.
    /// </summary>
    public bool IsFlagged(Money.Money offer, IReadOnlyCollection<Money.Money> otherOffers)
    {
        ArgumentNullException.ThrowIfNull(otherOffers);
        if (otherOffers.Count == 0)
        {
            return false;
        }

        Int128 others = 0;
        foreach (var o in otherOffers)
        {
            others += o.Cents;
        }

        return IsBelow(offer.Cents, others, otherOffers.Count);
    }

    /// <summary>
    /// The flag of each offer of a lot (in the given order), each against the mean of the others: the lot's sum is taken
    /// once and each offer's others are that sum minus the offer (exact on <see cref="Int128"/>), rather than a list of
    /// the others per offer.
    /// </summary>
    public IReadOnlyList<bool> Flags(IReadOnlyList<Money.Money> lotOffers)
    {
        ArgumentNullException.ThrowIfNull(lotOffers);
        var flags = new bool[lotOffers.Count];
        if (lotOffers.Count < 2)
        {
            return flags;
        }

        Int128 sum = 0;
        for (var i = 0; i < lotOffers.Count; i++)
        {
            sum += lotOffers[i].Cents;
        }

        for (var i = 0; i < lotOffers.Count; i++)
        {
            flags[i] = IsBelow(lotOffers[i].Cents, sum - lotOffers[i].Cents, lotOffers.Count - 1);
        }

        return flags;
    }

    /// <summary>P &lt; mean × (100 − percent) / 100 ⇔ P × 100 × n &lt; Σ others × (100 − percent), in integers.</summary>
    private bool IsBelow(long offerCents, Int128 others, int otherCount) =>
        (Int128)offerCents * 100 * otherCount < others * (100 - Percent);

    /// <summary>Null when the decision may be recorded; the French message otherwise.</summary>
    public static string? CheckDecision(bool flagged, AbnormallyLowDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!flagged)
        {
            return NotFlaggedMessage;
        }

        return string.IsNullOrWhiteSpace(decision.Justification) || decision.Justification.Length > JustificationMaxLength
            ? JustificationMissingMessage
            : null;
    }
}
