namespace ProcurementGroup.Core.Needs;

/// <summary>
/// Per item, for the counted forms (submitted and validated) or the pending ones (drafts and returned): the summed quantity
/// (thousandths) and the number of members, as the SQL GROUP BY returns them.
/// </summary>
public sealed record ItemQuantityRow(long ItemId, bool Counted, long QuantityMilli, int MemberCount);

/// <summary>Per lot, counted or pending forms: the number of members with at least one line in the lot.</summary>
public sealed record LotMembersRow(long LotId, bool Counted, int MemberCount);

/// <summary>
/// Per member: its form's status, the exact HT value in 1/<see cref="EstimatedValue.Denominator"/> cents
/// (Σ unit price × quantity × period factor) and the exact TTC as <see cref="EstimatedValue.WithVat"/> scales it
/// (Σ of each line's HT × (10,000 + VAT rate in basis points)), neither rounded yet.
/// </summary>
public sealed record MemberValueRow(long MemberId, NeedsFormStatus Status, Int128 ExactHt, Int128 ExactTtcScaled);

/// <summary>Figures for an item, a lot or a whole campaign; HT and TTC rounded to the cent once, on this total.</summary>
public sealed record AggregateFigures(long QuantityMilli, int MemberCount, Money.Money Ht, Money.Money Ttc)
{
    public static readonly AggregateFigures Empty = new(0, 0, Money.Money.Zero, Money.Money.Zero);

    public decimal Quantity => QuantityMilli / (decimal)EstimatedValue.QuantityScale;
}

/// <summary>An item: what the submitted and validated forms count, and what the drafts and returned forms would add.</summary>
public sealed record ItemAggregate(CatalogueItem Item, AggregateFigures Counted, AggregateFigures Pending);

public sealed record LotAggregate(CampaignLot Lot, AggregateFigures Counted, AggregateFigures Pending, IReadOnlyList<ItemAggregate> Items);

/// <summary>A member's totals; <see cref="Counts"/> says whether its form is in the aggregation (submitted or validated).</summary>
public sealed record MemberAggregate(long MemberId, NeedsFormStatus Status, Money.Money Ht, Money.Money Ttc)
{
    public bool Counts => Aggregation.Counts(Status);
}

/// <summary>Number of forms by status.</summary>
public sealed record FormStatusCounts(int Draft, int Submitted, int Returned, int Validated)
{
    public int Counted => Submitted + Validated;

    public int Pending => Draft + Returned;
}

public sealed record AggregationResult(
    FormStatusCounts Forms,
    IReadOnlyList<LotAggregate> Lots,
    IReadOnlyList<MemberAggregate> Members,
    AggregateFigures Counted,
    AggregateFigures Pending,
    AggregateFigures WithPending)
{
    public IEnumerable<ItemAggregate> Items => Lots.SelectMany(l => l.Items);
}

/// <summary>
/// Combines the grouped rows of the aggregation queries into totals per item, lot, member and campaign. Only submitted
/// and validated forms count; drafts and returned forms are totalled apart ("what they would add"). Values are summed
/// exactly (Int128 in 1/12,000 cent) and rounded to the cent once per total shown (DOMAIN: estimated value
/// = Σ quantity × unit price × number of price periods in the duration).
/// </summary>
public static class Aggregation
{
    public static bool Counts(NeedsFormStatus status) => status is NeedsFormStatus.Submitted or NeedsFormStatus.Validated;

    public static AggregationResult Combine(
        int durationMonths,
        IReadOnlyList<CampaignLot> lots,
        IReadOnlyList<CatalogueItem> items,
        IEnumerable<ItemQuantityRow> itemRows,
        IEnumerable<LotMembersRow> lotRows,
        IEnumerable<MemberValueRow> memberRows,
        IEnumerable<(NeedsFormStatus Status, int Count)> formCounts)
    {
        var byItem = itemRows.ToLookup(r => r.ItemId);
        var byLot = lotRows.ToLookup(r => r.LotId);

        var campaignCounted = new Accumulator();
        var campaignPending = new Accumulator();
        var lotResults = new List<LotAggregate>(lots.Count);
        foreach (var lot in lots.OrderBy(l => l.LotNumber))
        {
            var lotCounted = new Accumulator();
            var lotPending = new Accumulator();
            var itemResults = new List<ItemAggregate>();
            foreach (var item in items.Where(i => i.LotId == lot.Id))
            {
                var counted = new Accumulator();
                var pending = new Accumulator();
                foreach (var row in byItem[item.Id])
                {
                    var target = row.Counted ? counted : pending;
                    target.Add(row.QuantityMilli, row.MemberCount, EstimatedValue.Exact(item, row.QuantityMilli, durationMonths), item.VatRateBasisPoints);
                }

                itemResults.Add(new ItemAggregate(item, counted.Figures(), pending.Figures()));
                lotCounted.Add(counted);
                lotPending.Add(pending);
            }

            // A member with lines on two items of a lot counts once for the lot: the lot's members come from their own COUNT(DISTINCT).
            lotCounted.MemberCount = byLot[lot.Id].Where(r => r.Counted).Sum(r => r.MemberCount);
            lotPending.MemberCount = byLot[lot.Id].Where(r => !r.Counted).Sum(r => r.MemberCount);
            lotResults.Add(new LotAggregate(lot, lotCounted.Figures(), lotPending.Figures(), itemResults));
            campaignCounted.Add(lotCounted);
            campaignPending.Add(lotPending);
        }

        var members = memberRows
            .GroupBy(r => (r.MemberId, r.Status))
            .Select(g =>
            {
                var ht = Int128.Zero;
                var ttc = Int128.Zero;
                foreach (var row in g)
                {
                    ht += row.ExactHt;
                    ttc += row.ExactTtcScaled;
                }

                return new MemberAggregate(g.Key.MemberId, g.Key.Status, EstimatedValue.ToMoney(ht), EstimatedValue.ToMoneyWithVat(ttc));
            })
            .ToList();

        // Each member has one form, so the members of the campaign are the members with a counted (or a pending) form.
        campaignCounted.MemberCount = members.Count(m => m.Counts);
        campaignPending.MemberCount = members.Count(m => !m.Counts);

        var counts = formCounts.ToLookup(c => c.Status, c => c.Count);
        var forms = new FormStatusCounts(
            counts[NeedsFormStatus.Draft].Sum(),
            counts[NeedsFormStatus.Submitted].Sum(),
            counts[NeedsFormStatus.Returned].Sum(),
            counts[NeedsFormStatus.Validated].Sum());

        // The caution figure: counted and pending forms together, rounded once on their exact sum (not the sum of two roundings).
        var all = new Accumulator { MemberCount = members.Count };
        all.Add(campaignCounted);
        all.Add(campaignPending);
        return new AggregationResult(forms, lotResults, members, campaignCounted.Figures(), campaignPending.Figures(), all.Figures());
    }

    /// <summary>Running exact sums: HT in 1/12,000 cent, TTC in 1/(12,000 × 10,000) cent, both rounded only in <see cref="Figures"/>.</summary>
    private sealed class Accumulator
    {
        private Int128 _ht;
        private Int128 _ttc;

        public long QuantityMilli { get; private set; }

        public int MemberCount { get; set; }

        public void Add(long quantityMilli, int members, Int128 exactHt, int vatRateBasisPoints)
        {
            QuantityMilli = checked(QuantityMilli + quantityMilli);
            MemberCount += members;
            _ht += exactHt;
            _ttc += EstimatedValue.WithVat(exactHt, vatRateBasisPoints);
        }

        public void Add(Accumulator other)
        {
            QuantityMilli = checked(QuantityMilli + other.QuantityMilli);
            _ht += other._ht;
            _ttc += other._ttc;
        }

        public AggregateFigures Figures() =>
            new(QuantityMilli, MemberCount, EstimatedValue.ToMoney(_ht), EstimatedValue.ToMoneyWithVat(_ttc));
    }
}
