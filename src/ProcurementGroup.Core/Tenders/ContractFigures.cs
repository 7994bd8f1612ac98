using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tenders;

/// <summary>One item of a member's share: its snapshot quantity (thousandths) at the awarded unit price.</summary>
public sealed record ShareLine(long ItemId, long QuantityMilli, UnitPrice UnitPrice, PricePeriod Period, QuantityBasis Basis);

public sealed record ShareItem(long ItemId, Money.Money Amount);

/// <summary>A member's share of a contract: per item, and the total.</summary>
public sealed record MemberShare(IReadOnlyList<ShareItem> Items, Money.Money Total);

/// <summary>
/// A member's share of a contract: its snapshot quantities × the awarded unit prices × the price-period factor over the
/// duration. Each item is the exact amount rounded once; the total is the exact sum of the items rounded once (like the
/// DQE), not the sum of the rounded items, so it may differ from that sum by a few cents and always matches the DQE rule.
/// </summary>
public static class MemberShares
{
    public static MemberShare Compute(IEnumerable<ShareLine> lines, int durationMonths)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var items = new List<ShareItem>();
        var sum = Int128.Zero;
        foreach (var line in lines)
        {
            var exact = Dqe.Exact(line.UnitPrice, line.QuantityMilli, line.Period, line.Basis, durationMonths);
            sum += exact;
            items.Add(new ShareItem(line.ItemId, Dqe.ToMoney(exact)));
        }

        return new MemberShare(items, Dqe.ToMoney(sum));
    }
}

/// <summary>The saving of a lot or of the tender: estimated value (from the snapshot) against the awarded value.</summary>
public sealed record Saving(int? LotNumber, Money.Money Estimated, Money.Money Awarded)
{
    /// <summary>Positive when the award costs less than estimated.</summary>
    public Money.Money Amount => Estimated - Awarded;

    /// <summary>Amount / estimated × 100, exact to decimal precision; null when there is no estimate to compare with.</summary>
    public decimal? Percent => Estimated.Cents > 0 ? Amount.Cents * 100m / Estimated.Cents : null;
}

public static class Savings
{
    /// <summary>Each lot's saving and the total (LotNumber null), the total computed on the summed values.</summary>
    public static (IReadOnlyList<Saving> Lots, Saving Total) Compute(IEnumerable<(int LotNumber, Money.Money Estimated, Money.Money Awarded)> lots)
    {
        ArgumentNullException.ThrowIfNull(lots);
        var list = lots.Select(l => new Saving(l.LotNumber, l.Estimated, l.Awarded)).ToList();
        var total = new Saving(null, list.Aggregate(Money.Money.Zero, (s, l) => s + l.Estimated), list.Aggregate(Money.Money.Zero, (s, l) => s + l.Awarded));
        return (list, total);
    }
}
