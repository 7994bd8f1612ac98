namespace ProcurementGroup.Core.Needs;

/// <summary>What an estimated unit price covers.</summary>
public enum PricePeriod
{
    OneOff = 1,
    Monthly = 2,
    Annual = 3,
}

/// <summary>
/// What a one-off item's quantity covers: the whole contract duration (the default, and every item created before the
/// basis existed) or one year, counted duration / 12 times. Monthly and annual prices ignore it.
/// </summary>
public enum QuantityBasis
{
    WholeDuration = 1,
    PerYear = 2,
}

/// <summary>
/// Estimated value of needs over a contract's duration: unit price × quantity × the number of price periods in the
/// duration, summed exactly and rounded to the cent once, on the total. Quantities are thousandths (scaled integers).
/// </summary>
public static class EstimatedValue
{
    /// <summary>Quantities are stored as thousandths of a unit.</summary>
    public const long QuantityScale = 1000;

    /// <summary>
    /// Every line is expressed in units of 1/(12 × 1000) of a cent, so monthly, annual (months / 12) and one-off prices sum exactly.
    /// </summary>
    public const long Denominator = 12 * QuantityScale;

    /// <summary>
    /// The multiplier that turns unitCents × quantityMilli into the common unit, for a price period, a quantity basis and a
    /// duration: the only place the factor is defined (the aggregation SQL receives these values as parameters). A per-year
    /// one-off quantity counts durationMonths / 12 times, i.e. 12 × durationMonths / 12 = durationMonths in twelfths.
    /// </summary>
    public static long PeriodFactor(PricePeriod period, QuantityBasis basis, int durationMonths) => period switch
    {
        PricePeriod.OneOff when basis == QuantityBasis.PerYear => durationMonths,
        PricePeriod.OneOff => 12,
        PricePeriod.Monthly => 12L * durationMonths,
        PricePeriod.Annual => durationMonths,
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>A line's exact contribution, in 1/<see cref="Denominator"/> cents.</summary>
    public static Int128 Exact(long unitPriceCents, long quantityMilli, PricePeriod period, QuantityBasis basis, int durationMonths) =>
        (Int128)unitPriceCents * quantityMilli * PeriodFactor(period, basis, durationMonths);

    /// <summary>A line's exact contribution for a catalogue item, in 1/<see cref="Denominator"/> cents.</summary>
    public static Int128 Exact(CatalogueItem item, long quantityMilli, int durationMonths) =>
        Exact(item.UnitPriceCents, quantityMilli, item.PricePeriod, item.QuantityBasis, durationMonths);

    /// <summary>Rounds an exact sum to the cent (half away from zero), once.</summary>
    public static Money.Money ToMoney(Int128 exact)
    {
        var negative = exact < 0;
        var abs = negative ? -exact : exact;
        var cents = abs / Denominator;
        var remainder = abs % Denominator;
        if (remainder * 2 >= Denominator)
        {
            cents++;
        }

        return new Money.Money((long)(negative ? -cents : cents));
    }

    /// <summary>The TTC of an exact HT sum at a VAT rate in basis points (2000 = 20 %), rounded once.</summary>
    public static Int128 WithVat(Int128 exactHt, int vatRateBasisPoints) => exactHt * (10_000 + vatRateBasisPoints);

    public static Money.Money ToMoneyWithVat(Int128 exactTtcScaled)
    {
        var negative = exactTtcScaled < 0;
        var abs = negative ? -exactTtcScaled : exactTtcScaled;
        var denominator = (Int128)Denominator * 10_000;
        var cents = abs / denominator;
        if ((abs % denominator) * 2 >= denominator)
        {
            cents++;
        }

        return new Money.Money((long)(negative ? -cents : cents));
    }
}
