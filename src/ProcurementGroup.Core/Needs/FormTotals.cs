namespace ProcurementGroup.Core.Needs;

/// <summary>A member's estimated total over the contract's duration, HT and TTC, and how much of the catalogue it filled.</summary>
public sealed record FormTotals(Money.Money Ht, Money.Money Ttc, int ItemsFilled, int ItemsTotal)
{
    /// <summary>
    /// Sums every line exactly (unit price × quantity × number of price periods in the duration) and rounds once, on the
    /// total. The TTC applies each line's own VAT rate to its exact HT before the single rounding, so a catalogue mixing
    /// rates is still exact. Lines whose item is not in <paramref name="items"/> are ignored.
    /// </summary>
    public static FormTotals Compute(IReadOnlyCollection<CatalogueItem> items, IEnumerable<NeedLine> lines, int durationMonths)
    {
        var byId = new Dictionary<long, CatalogueItem>(items.Count);
        foreach (var item in items)
        {
            byId[item.Id] = item;
        }

        Int128 ht = 0;
        Int128 ttc = 0;
        var filled = new HashSet<long>();
        foreach (var line in lines)
        {
            if (!byId.TryGetValue(line.CatalogueItemId, out var item))
            {
                continue;
            }

            var exact = EstimatedValue.Exact(item, line.QuantityMilli, durationMonths);
            ht += exact;
            ttc += EstimatedValue.WithVat(exact, item.VatRateBasisPoints);
            filled.Add(item.Id);
        }

        return new FormTotals(EstimatedValue.ToMoney(ht), EstimatedValue.ToMoneyWithVat(ttc), filled.Count, items.Count);
    }
}
