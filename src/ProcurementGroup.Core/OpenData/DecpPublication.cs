using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.OpenData;

/// <summary>
/// When a contract's essential data must be published (R2196-1): from the DECP threshold of the dated table (40 000 € HT
/// since 2024) in force on the day the contract was notified, and within two months of that notification.
/// </summary>
public static class DecpPublication
{
    /// <summary>The publication is due within this many months of the notification (R2196-1).</summary>
    public const int DelayMonths = 2;

    /// <summary>
    /// Whether the contract is published. The amount compared is the contract's amount HT as notified (for an accord-cadre
    /// its maximum), or a larger amount an amendment set: a contract amended above the threshold is published from then on
    /// with its modifications; an amendment lowering the amount never withdraws a published contract (the exports keep
    /// every contract of the publication log). The threshold is the DECP row in force on <paramref name="notifiedOn"/>;
    /// with no row in force that day, the contract is published (publishing is never the wrong side of an unknown threshold).
    /// </summary>
    public static bool IsRequired(Money.Money initialAmount, IEnumerable<Money.Money> amendedAmounts, IEnumerable<Threshold> thresholds, DateOnly notifiedOn)
    {
        ArgumentNullException.ThrowIfNull(amendedAmounts);
        ArgumentNullException.ThrowIfNull(thresholds);
        var threshold = Threshold(thresholds, notifiedOn);
        if (threshold is null)
        {
            return true;
        }

        var largest = amendedAmounts.Aggregate(initialAmount, (max, a) => a > max ? a : max);
        return largest >= threshold.Amount;
    }

    /// <summary>The DECP threshold row in force on <paramref name="day"/> (the latest start among those in force), or null.</summary>
    public static Threshold? Threshold(IEnumerable<Threshold> thresholds, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return thresholds.Where(t => t.Kind == ThresholdKind.DecpPublication && t.IsInForceOn(day)).OrderByDescending(t => t.ValidFrom).FirstOrDefault();
    }

    /// <summary>The last day of the two months after the notification (notified on 15 March: due by 15 May).</summary>
    public static DateOnly DueBy(DateOnly notifiedOn) => notifiedOn.AddMonths(DelayMonths);

    /// <summary>Whether a contract notified on <paramref name="notifiedOn"/> and not yet published is late on <paramref name="today"/>.</summary>
    public static bool IsOverdue(DateOnly notifiedOn, DateOnly today) => today > DueBy(notifiedOn);
}
