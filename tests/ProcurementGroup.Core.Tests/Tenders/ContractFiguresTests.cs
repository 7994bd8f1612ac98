using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class ContractFiguresTests
{
    [Fact]
    public void MemberShare_RoundsEachItemOnce_AndTheExactTotalOnce()
    {
        ShareLine[] lines =
        [
            // 12.3456 € a month × 2.5 lines × 24 months = 740.736 € -> 740.74 €.
            new(1, 2_500, new UnitPrice(123_456), PricePeriod.Monthly, QuantityBasis.WholeDuration),
            // 0.0050 € × 1, one-off: 0.5 cent -> 1 cent each.
            new(2, 1_000, new UnitPrice(50), PricePeriod.OneOff, QuantityBasis.WholeDuration),
            new(3, 1_000, new UnitPrice(50), PricePeriod.OneOff, QuantityBasis.WholeDuration),
        ];

        var share = MemberShares.Compute(lines, 24);

        Assert.Equal([74_074L, 1L, 1L], share.Items.Select(i => i.Amount.Cents));
        // Exact total 740.736 + 0.005 + 0.005 = 740.746 € -> 740.75 €, one cent less than the sum of the rounded items.
        Assert.Equal(74_075, share.Total.Cents);
    }

    [Fact]
    public void MemberShare_OfNoItem_IsZero()
    {
        var share = MemberShares.Compute([], 24);
        Assert.Empty(share.Items);
        Assert.Equal(Money.Money.Zero, share.Total);
    }

    [Fact]
    public void Savings_PerLotAndInTotal()
    {
        var (lots, total) = Savings.Compute(
        [
            (1, Money.Money.FromEuros(100_000m), Money.Money.FromEuros(85_000m)),
            (2, Money.Money.FromEuros(50_000m), Money.Money.FromEuros(55_000m)),
        ]);

        Assert.Equal(1_500_000, lots[0].Amount.Cents);
        Assert.Equal(15m, lots[0].Percent);
        Assert.Equal(-500_000, lots[1].Amount.Cents);
        Assert.Equal(-10m, lots[1].Percent);
        // 150,000 € estimated, 140,000 € awarded: 10,000 €, 20/3 %.
        Assert.Null(total.LotNumber);
        Assert.Equal(1_000_000, total.Amount.Cents);
        Assert.Equal(20m / 3m, total.Percent);
    }

    [Fact]
    public void Savings_WithoutAnEstimate_HasNoPercentage()
    {
        Assert.Null(new Saving(1, Money.Money.Zero, Money.Money.FromEuros(10m)).Percent);
    }
}
