using System.Numerics;

namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// An exact rational number, always reduced with a positive denominator. Scores are ratios of prices (Pmin / P), which
/// a <c>decimal</c> can only approach: ranking and ties are decided on these exact values, never on a rounded one.
/// </summary>
public readonly struct Fraction : IEquatable<Fraction>, IComparable<Fraction>
{
    public static readonly Fraction Zero = new(0, 1);

    private static readonly BigInteger DecimalLimit = new(decimal.MaxValue);

    private readonly BigInteger _denominator;

    public Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            (numerator, denominator) = (-numerator, -denominator);
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        (Numerator, _denominator) = gcd.IsOne ? (numerator, denominator) : (numerator / gcd, denominator / gcd);
    }

    public BigInteger Numerator { get; }

    /// <summary>Never zero once constructed; <c>default(Fraction)</c> reads as 0.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    public static Fraction FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        return new Fraction(mantissa, BigInteger.Pow(10, scale));
    }

    public static implicit operator Fraction(long value) => new(value, 1);

    public static Fraction operator +(Fraction a, Fraction b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) =>
        new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(Fraction a, Fraction b) => a.Equals(b);

    public static bool operator !=(Fraction a, Fraction b) => !a.Equals(b);

    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;

    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;

    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;

    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>The nearest <c>decimal</c> (28 significant digits): for display and storage, never for ranking.</summary>
    public decimal ToDecimal()
    {
        var numerator = Numerator;
        var denominator = Denominator;
        while (BigInteger.Abs(numerator) > DecimalLimit || denominator > DecimalLimit)
        {
            numerator /= 10;
            denominator /= 10;
        }

        if (denominator.IsZero)
        {
            throw new OverflowException();
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        return (decimal)quotient + ((decimal)remainder / (decimal)denominator);
    }

    public override string ToString() => $"{Numerator}/{Denominator}";
}
