using System.Numerics;
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

    [Fact]
    public void AtTheLongBoundary_StaysExact_AndFallsBackToBigInteger()
    {
        var max = new Fraction(long.MaxValue, 1);
        var sum = max + (Fraction)1;
        Assert.Equal(new BigInteger(long.MaxValue) + 1, sum.Numerator);
        Assert.Equal(BigInteger.One, sum.Denominator);
        Assert.Equal(max, sum - (Fraction)1);
        Assert.Equal(BigInteger.Pow(long.MaxValue, 2), (max * max).Numerator);
        Assert.Equal(max, (max * max) / max);
        Assert.True(sum > max);
        Assert.True(max < sum);

        // long.MinValue is out of the small range (its negation overflows): the same value either way.
        var min = new Fraction(long.MinValue, 1);
        Assert.Equal(new BigInteger(long.MinValue), min.Numerator);
        Assert.Equal(new Fraction(new BigInteger(long.MinValue), BigInteger.One), min);
        Assert.Equal(new BigInteger(long.MaxValue) + 1, new Fraction(long.MinValue, -1).Numerator);
        Assert.Equal(new Fraction(long.MinValue + 1, 1), min + (Fraction)1);

        // A denominator beyond a long, then reduced back: equal to the small value, same hash.
        var tiny = new Fraction(1, long.MaxValue) * new Fraction(1, 2);
        Assert.Equal(new BigInteger(long.MaxValue) * 2, tiny.Denominator);
        var back = tiny * (Fraction)2;
        Assert.Equal(new Fraction(1, long.MaxValue), back);
        Assert.Equal(new Fraction(1, long.MaxValue).GetHashCode(), back.GetHashCode());
        Assert.Equal(0, back.CompareTo(new Fraction(BigInteger.One, new BigInteger(long.MaxValue))));
    }

    [Fact]
    public void SmallAndBigForms_AgreeWithBigIntegerArithmetic()
    {
        var values = new[] { new Fraction(3, 7), new Fraction(-5, 9), new Fraction(long.MaxValue - 1, 3), new Fraction(2, long.MaxValue), new Fraction(BigInteger.Pow(10, 30) + 1, 7) };
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                Assert.Equal(Reference(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator), a + b);
                Assert.Equal(Reference(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator), a - b);
                Assert.Equal(Reference(a.Numerator * b.Numerator, a.Denominator * b.Denominator), a * b);
                Assert.Equal(Reference(a.Numerator * b.Denominator, a.Denominator * b.Numerator), a / b);
                Assert.Equal((a.Numerator * b.Denominator).CompareTo(b.Numerator * a.Denominator), a.CompareTo(b));
            }
        }

        Assert.Throws<DivideByZeroException>(() => new Fraction(1, 3) / Fraction.Zero);
        Assert.Throws<DivideByZeroException>(() => new Fraction(1, 0));
    }

    [Fact]
    public void FromDecimal_AtTheLongBoundary()
    {
        Assert.Equal(new Fraction(long.MaxValue, 1), Fraction.FromDecimal(long.MaxValue));
        Assert.Equal(new BigInteger(long.MaxValue) + 1, Fraction.FromDecimal((decimal)long.MaxValue + 1).Numerator);
        Assert.Equal(new Fraction(-1, 10_000), Fraction.FromDecimal(-0.0001m));
        Assert.Equal(new Fraction(new BigInteger(decimal.MaxValue), BigInteger.One), Fraction.FromDecimal(decimal.MaxValue));
        Assert.Equal(new Fraction(BigInteger.One, BigInteger.Pow(10, 28)), Fraction.FromDecimal(0.0000000000000000000000000001m));
        Assert.Equal(0.0000000000000000000000000001m, Fraction.FromDecimal(0.0000000000000000000000000001m).ToDecimal());
        Assert.Equal(-7m / 3m, new Fraction(-7, 3).ToDecimal());
    }

    // The pre-fast-path constructor's result: BigInteger reduced, then compared as a value.
    private static Fraction Reference(BigInteger numerator, BigInteger denominator) => new(numerator, denominator);
}
