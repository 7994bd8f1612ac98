using System.Globalization;

namespace ProcurementGroup.Core.Money;

/// <summary>An amount in euro cents. Never a double: every sum and share is exact.</summary>
public readonly record struct Money(long Cents) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    public static Money FromEuros(decimal euros) => new(checked((long)decimal.Round(euros * 100m, 0, MidpointRounding.AwayFromZero)));

    public decimal Euros => Cents / 100m;

    public static Money operator +(Money a, Money b) => new(checked(a.Cents + b.Cents));

    public static Money operator -(Money a, Money b) => new(checked(a.Cents - b.Cents));

    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    public static bool operator <(Money a, Money b) => a.Cents < b.Cents;

    public static bool operator >(Money a, Money b) => a.Cents > b.Cents;

    public static bool operator <=(Money a, Money b) => a.Cents <= b.Cents;

    public static bool operator >=(Money a, Money b) => a.Cents >= b.Cents;

    /// <summary>French display: <c>12 345,67 €</c> (with the narrow no-break space .NET writes for fr-FR).</summary>
    public string ToString(CultureInfo culture) => Euros.ToString("C2", culture);

    public override string ToString() => ToString(CultureInfo.GetCultureInfo("fr-FR"));
}
