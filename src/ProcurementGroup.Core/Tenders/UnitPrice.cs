using System.Globalization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// A BPU unit price in integer ten-thousandths of a euro (hundredths of a cent): telecom schedules price per minute or
/// per megabyte with up to 4 decimals (0,0125 € = 125).
/// </summary>
public readonly record struct UnitPrice(long TenThousandths)
{
    public const long Scale = 10_000;

    /// <summary>1,000,000 € per unit: beyond it the figure is a typing error.</summary>
    public const long MaxTenThousandths = 1_000_000 * Scale;

    public const string Message = "Saisissez un prix unitaire HT positif en euros, avec au plus 4 décimales (par exemple 0,0125).";
    public const string TooManyDecimalsMessage = "Le prix unitaire a au plus 4 décimales (un dix-millième d'euro) : arrondissez-le.";

    public decimal Euros => TenThousandths / (decimal)Scale;

    /// <summary>
    /// Parses a price as typed in French (<c>0,0125</c>, <c>1 234,5 €</c>), with <see cref="FrenchNumber"/>'s rules (the
    /// ambiguous <c>1.000</c> is refused with its message). Trailing zeros beyond the 4th decimal are harmless; a significant
    /// 5th decimal is refused, never rounded.
    /// </summary>
    public static bool TryParse(string? input, out UnitPrice price, out string? error)
    {
        price = default;
        error = null;
        if (!FrenchNumber.TryParseDecimal(input, out var euros))
        {
            error = FrenchNumber.Message(input, Message);
            return false;
        }

        var scaled = euros * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            error = TooManyDecimalsMessage;
            return false;
        }

        if (scaled < 0 || scaled > MaxTenThousandths)
        {
            error = Message;
            return false;
        }

        price = new UnitPrice((long)scaled);
        return true;
    }

    /// <summary>French display with 2 to 4 decimals: <c>0,0125 €</c>, <c>12,50 €</c>.</summary>
    public override string ToString() => Euros.ToString("#,##0.00##", CultureInfo.GetCultureInfo("fr-FR")) + " €";
}

/// <summary>One line of an offer's DQE: the unit price of an item, its snapshot quantity (thousandths) and its price period.</summary>
public sealed record DqeLine(long ItemId, UnitPrice UnitPrice, long QuantityMilli, PricePeriod Period, QuantityBasis Basis);

/// <summary>
/// The DQE (détail quantitatif estimatif) of an offer: Σ unit price × snapshot quantity × the item's price-period factor
/// over the contract duration (<see cref="EstimatedValue.PeriodFactor"/>, so that savings compare like with like),
/// summed exactly and rounded to the cent once, half away from zero like <see cref="EstimatedValue.ToMoney"/>.
/// </summary>
public static class Dqe
{
    /// <summary>Exact amounts are in 1/<see cref="Denominator"/> of a cent: ten-thousandths of a euro are hundredths of a cent.</summary>
    public const long Denominator = 100 * EstimatedValue.Denominator;

    public static Int128 Exact(UnitPrice price, long quantityMilli, PricePeriod period, QuantityBasis basis, int durationMonths) =>
        (Int128)price.TenThousandths * quantityMilli * EstimatedValue.PeriodFactor(period, basis, durationMonths);

    public static Int128 Exact(DqeLine line, int durationMonths)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Exact(line.UnitPrice, line.QuantityMilli, line.Period, line.Basis, durationMonths);
    }

    public static Money.Money Total(IEnumerable<DqeLine> lines, int durationMonths)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sum = Int128.Zero;
        foreach (var line in lines)
        {
            sum += Exact(line, durationMonths);
        }

        return ToMoney(sum);
    }

    /// <summary>Rounds an exact amount to the cent (half away from zero), once.</summary>
    public static Money.Money ToMoney(Int128 exact)
    {
        var negative = exact < 0;
        var abs = negative ? -exact : exact;
        var cents = abs / Denominator;
        if ((abs % Denominator) * 2 >= Denominator)
        {
            cents++;
        }

        return new Money.Money((long)(negative ? -cents : cents));
    }
}
