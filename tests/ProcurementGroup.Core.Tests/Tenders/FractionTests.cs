using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class FractionTests
{
    [Fact]
    public void IsReduced_WithAPositiveDenominator()
    {
        Assert.Equal(new Fraction(2, 3), new Fraction(-4, -6));
        Assert.Equal("-2/3", new Fraction(4, -6).ToString());
        Assert.Equal(Fraction.Zero, new Fraction(0, 7));
        Assert.Equal(Fraction.Zero, default);
    }

    [Fact]
    public void SumsThatAreEqualExactly_CompareEqual()
    {
        // 1/3 + 1/3 + 1/3 == 1, where decimal gives 0.9999999999999999999999999999.
        var third = new Fraction(1, 3);
        Assert.Equal((Fraction)1, third + third + third);
        Assert.NotEqual(1m, (1m / 3m) + (1m / 3m) + (1m / 3m));
    }

    [Fact]
    public void FromDecimal_IsExact()
    {
        Assert.Equal(new Fraction(120_025, 10_000), Fraction.FromDecimal(12.0025m));
        Assert.Equal(new Fraction(-1, 100), Fraction.FromDecimal(-0.01m));
        Assert.Equal(12.0025m, Fraction.FromDecimal(12.0025m).ToDecimal());
        Assert.Equal(1005m / 11m, new Fraction(1005, 11).ToDecimal());
    }
}
