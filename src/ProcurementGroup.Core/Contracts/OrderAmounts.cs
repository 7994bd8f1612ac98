using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Contracts;

/// <summary>
/// The amounts of a bon de commande: each line is quantity (thousandths) × the contract's unit price (ten-thousandths of a
/// euro), exact in 1/100 000 of a cent and rounded once to the cent, half away from zero; the order's total is the sum of
/// its lines, as the supplier invoices it.
/// </summary>
public static class OrderAmounts
{
    /// <summary>Ten-thousandths of a euro × thousandths = 1/100 000 of a cent.</summary>
    public const long Denominator = UnitPrice.Scale / 100 * 1000;

    public const string NoLineMessage = "Indiquez la quantité commandée d'au moins un article.";

    public static Money.Money Line(UnitPrice price, long quantityMilli)
    {
        var exact = (Int128)price.TenThousandths * quantityMilli;
        var negative = exact < 0;
        var abs = negative ? -exact : exact;
        var cents = abs / Denominator;
        if ((abs % Denominator) * 2 >= Denominator)
        {
            cents++;
        }

        return new Money.Money(checked((long)(negative ? -cents : cents)));
    }

    public static Money.Money Total(IEnumerable<Money.Money> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Aggregate(Money.Money.Zero, (sum, line) => sum + line);
    }
}
