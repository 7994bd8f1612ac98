using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class DqeTests
{
    [Theory]
    [InlineData("0,0125", 125)]
    [InlineData("0.0125", 125)]
    [InlineData("0,01250", 125)]
    [InlineData("12", 120_000)]
    [InlineData("1 234,5 €", 12_345_000)]
    [InlineData("0", 0)]
    [InlineData("0,0001", 1)]
    [InlineData("1000000", 10_000_000_000)]
    public void UnitPrice_ParsesFrenchText_InTenThousandths(string input, long expected)
    {
        Assert.True(UnitPrice.TryParse(input, out var price, out var error));
        Assert.Null(error);
        Assert.Equal(expected, price.TenThousandths);
    }

    [Theory]
    [InlineData("0,01255", UnitPrice.TooManyDecimalsMessage)]
    [InlineData("0,00001", UnitPrice.TooManyDecimalsMessage)]
    [InlineData("1.000", FrenchNumber.AmbiguousMessage)]
    [InlineData("-1", UnitPrice.Message)]
    [InlineData("1000000,0001", UnitPrice.Message)]
    [InlineData("douze", UnitPrice.Message)]
    [InlineData("", UnitPrice.Message)]
    public void UnitPrice_RefusesWithAFrenchMessage(string input, string message)
    {
        Assert.False(UnitPrice.TryParse(input, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void UnitPrice_DisplaysUpToFourDecimals()
    {
        Assert.Equal("0,0125 €", new UnitPrice(125).ToString());
        Assert.Equal("12,50 €", new UnitPrice(125_000).ToString());
    }

    [Fact]
    public void PerMinutePrice_OverTheDuration_RoundsHalfAwayFromZero()
    {
        // 0.0125 € a minute × 1,234.5 minutes a month × 12 months = 185.175 € -> 185.18 €.
        var line = new DqeLine(1, new UnitPrice(125), 1_234_500, PricePeriod.Monthly, QuantityBasis.WholeDuration);
        Assert.Equal(18_518, Dqe.Total([line], 12).Cents);
    }

    [Fact]
    public void FourDecimalPrices_AreRoundedOnceOnTheTotal()
    {
        // Three one-off items at 0.0033 € × 1: each is 0.33 cent (0 cent if rounded alone); together 0.99 cent -> 1 cent.
        var lines = Enumerable.Range(1, 3).Select(i => new DqeLine(i, new UnitPrice(33), 1_000, PricePeriod.OneOff, QuantityBasis.WholeDuration)).ToList();
        Assert.Equal(0, Dqe.Total([lines[0]], 48).Cents);
        Assert.Equal(1, Dqe.Total(lines, 48).Cents);
    }

    [Fact]
    public void DqeUsesTheEstimatedValuesPeriodFactor()
    {
        // 12.3456 € per year × 2.5 units × 30 months = 12.3456 × 2.5 × 2.5 = 77.16 €; a per-year one-off of 800 € × 30 a year over 48 months = 96,000 €.
        DqeLine[] lines =
        [
            new(1, new UnitPrice(123_456), 2_500, PricePeriod.Annual, QuantityBasis.WholeDuration),
            new(2, new UnitPrice(8_000_000), 30_000, PricePeriod.OneOff, QuantityBasis.PerYear),
        ];
        Assert.Equal(7_716, Dqe.Total([lines[0]], 30).Cents);
        Assert.Equal(9_600_000, Dqe.Total([lines[1]], 48).Cents);

        // A price in whole cents gives the same amount as the estimated value of the needs.
        Assert.Equal(
            EstimatedValue.ToMoney(EstimatedValue.Exact(80_000, 30_000, PricePeriod.OneOff, QuantityBasis.PerYear, 48)),
            Dqe.Total([lines[1]], 48));
    }

    [Fact]
    public void HalfACent_RoundsUp()
    {
        // 0.0050 € × 1 = 0.5 cent -> 1 cent; 0.0049 € -> 0 cent.
        Assert.Equal(1, Dqe.Total([new DqeLine(1, new UnitPrice(50), 1_000, PricePeriod.OneOff, QuantityBasis.WholeDuration)], 12).Cents);
        Assert.Equal(0, Dqe.Total([new DqeLine(1, new UnitPrice(49), 1_000, PricePeriod.OneOff, QuantityBasis.WholeDuration)], 12).Cents);
    }
}
