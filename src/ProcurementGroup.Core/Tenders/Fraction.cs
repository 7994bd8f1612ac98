using System.Numerics;

namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// An exact rational number, always reduced with a positive denominator. Scores are ratios of prices (Pmin / P), which
/// a <c>decimal</c> can only approach: ranking and ties are decided on these exact values, never on a rounded one.
/// </summary>
/// <remarks>
/// While the reduced numerator and denominator both fit a <c>long</c> they are kept as two longs and the operators compute
/// their products on <see cref="Int128"/>, which cannot overflow (each product is below 2^126), without allocating; a
/// result that no longer fits is kept as <see cref="BigInteger"/>s. The representation is canonical (a value that fits is
/// always kept small), so equality and hashing do not depend on how a value was reached.
/// </remarks>
public readonly struct Fraction : IEquatable<Fraction>, IComparable<Fraction>
{
    public static readonly Fraction Zero = new(0L, 1L);

    private static readonly BigInteger DecimalLimit = new(decimal.MaxValue);

    private static readonly BigInteger LongMax = long.MaxValue;

    private static readonly long[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000];

    // Small form: _big is null, value = _numerator / _denominator (_denominator 0 only in default(Fraction), read as 1).
    private readonly long _numerator;
    private readonly long _denominator;
    private readonly Big? _big;

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
        if (!gcd.IsOne)
        {
            (numerator, denominator) = (numerator / gcd, denominator / gcd);
        }

        if (BigInteger.Abs(numerator) <= LongMax && denominator <= LongMax)
        {
            (_numerator, _denominator, _big) = ((long)numerator, (long)denominator, null);
        }
        else
        {
            (_numerator, _denominator, _big) = (0, 0, new Big(numerator, denominator));
        }
    }

    public Fraction(long numerator, long denominator)
        : this(Reduce(numerator, denominator))
    {
    }

    private Fraction(Fraction value) => this = value;

    private Fraction(long numerator, long denominator, Big? big) => (_numerator, _denominator, _big) = (numerator, denominator, big);

    public BigInteger Numerator => _big?.Numerator ?? _numerator;

    /// <summary>Never zero once constructed; <c>default(Fraction)</c> reads as 0.</summary>
    public BigInteger Denominator => _big?.Denominator ?? SmallDenominator;

    private long SmallDenominator => _denominator == 0 ? 1 : _denominator;

    private bool IsSmallZero => _big is null && _numerator == 0;

    public static Fraction FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && bits[1] >= 0 && scale < PowersOfTen.Length)
        {
            var small = ((long)bits[1] << 32) | (uint)bits[0];
            return new Fraction(bits[3] < 0 ? -small : small, PowersOfTen[scale]);
        }

        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        return new Fraction(mantissa, BigInteger.Pow(10, scale));
    }

    public static implicit operator Fraction(long value) => new(value, 1L);

    /// <summary>Adding zero returns the other term as it is (already reduced): a sum started from <see cref="Zero"/> costs no GCD.</summary>
    public static Fraction operator +(Fraction a, Fraction b) =>
        a.IsSmallZero ? b
        : b.IsSmallZero ? a
        : a._big is null && b._big is null
            ? Reduce(((Int128)a._numerator * b.SmallDenominator) + ((Int128)b._numerator * a.SmallDenominator), (Int128)a.SmallDenominator * b.SmallDenominator)
            : new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) =>
        a._big is null && b._big is null
            ? Reduce(((Int128)a._numerator * b.SmallDenominator) - ((Int128)b._numerator * a.SmallDenominator), (Int128)a.SmallDenominator * b.SmallDenominator)
            : new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) =>
        a._big is null && b._big is null
            ? Reduce((Int128)a._numerator * b._numerator, (Int128)a.SmallDenominator * b.SmallDenominator)
            : new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) =>
        a._big is null && b._big is null
            ? Reduce((Int128)a._numerator * b.SmallDenominator, (Int128)a.SmallDenominator * b._numerator)
            : new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(Fraction a, Fraction b) => a.Equals(b);

    public static bool operator !=(Fraction a, Fraction b) => !a.Equals(b);

    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;

    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;

    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;

    public int CompareTo(Fraction other) =>
        _big is null && other._big is null
            ? ((Int128)_numerator * other.SmallDenominator).CompareTo((Int128)other._numerator * SmallDenominator)
            : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public bool Equals(Fraction other) =>
        _big is null && other._big is null
            ? _numerator == other._numerator && SmallDenominator == other.SmallDenominator
            : Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>The nearest <c>decimal</c> (28 significant digits): for display and storage, never for ranking.</summary>
    public decimal ToDecimal()
    {
        if (_big is null)
        {
            // Both fit a decimal: the same quotient and remainder as below, without BigInteger.
            var d = SmallDenominator;
            var q = Math.DivRem(_numerator, d, out var r);
            return q + ((decimal)r / d);
        }

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

    /// <summary>Reduces an Int128 ratio: small when both reduced terms fit a long, else through BigInteger.</summary>
    private static Fraction Reduce(Int128 numerator, Int128 denominator)
    {
        if (denominator == 0)
        {
            throw new DivideByZeroException();
        }

        if (denominator < 0)
        {
            // Operands are products of longs (below 2^127 in magnitude), so the negation cannot overflow; a long pair
            // widened to Int128 neither.
            (numerator, denominator) = (-numerator, -denominator);
        }

        var gcd = Gcd(UInt128.CreateTruncating(Int128.Abs(numerator)), (UInt128)denominator);
        if (gcd > 1)
        {
            numerator /= (Int128)gcd;
            denominator /= (Int128)gcd;
        }

        return numerator >= -long.MaxValue && numerator <= long.MaxValue && denominator <= long.MaxValue
            ? new Fraction((long)numerator, (long)denominator, null)
            : new Fraction((BigInteger)numerator, (BigInteger)denominator);
    }

    private static UInt128 Gcd(UInt128 a, UInt128 b)
    {
        if (a == 0)
        {
            return b;
        }

        // On 64 bits as soon as both terms fit: the common case, and far cheaper than 128-bit division.
        while (b != 0)
        {
            if (a <= ulong.MaxValue && b <= ulong.MaxValue)
            {
                return Gcd((ulong)a, (ulong)b);
            }

            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>Stein's binary GCD: shifts and subtractions instead of one 64-bit division per step of Euclid's.</summary>
    private static ulong Gcd(ulong a, ulong b)
    {
        if (a == 0 || b == 0)
        {
            return a | b;
        }

        var shift = BitOperations.TrailingZeroCount(a | b);
        a >>= BitOperations.TrailingZeroCount(a);
        do
        {
            b >>= BitOperations.TrailingZeroCount(b);
            if (a > b)
            {
                (a, b) = (b, a);
            }

            b -= a;
        }
        while (b != 0);

        return a << shift;
    }

    private sealed record Big(BigInteger Numerator, BigInteger Denominator);
}
