using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

/// <summary>The combination of the grouped SQL rows into totals, checked against figures worked out by hand.</summary>
public sealed class AggregationTests
{
    private const int Duration = 30; // months: 2.5 years, so annual prices count 2.5 times

    private static readonly CampaignLot Lot1 = new() { Id = 10, LotNumber = 1, Title = "Mobile" };
    private static readonly CampaignLot Lot2 = new() { Id = 20, LotNumber = 2, Title = "ENT" };

    // A: 12.00 € per month; B: 250.00 € once; C: 4.20 € per year at 5.5 % VAT.
    private static readonly CatalogueItem A = new() { Id = 100, LotId = 10, Code = "A", UnitPriceCents = 1200, PricePeriod = PricePeriod.Monthly, VatRateBasisPoints = 2000 };
    private static readonly CatalogueItem B = new() { Id = 101, LotId = 10, Code = "B", UnitPriceCents = 25_000, PricePeriod = PricePeriod.OneOff, VatRateBasisPoints = 2000 };
    private static readonly CatalogueItem C = new() { Id = 200, LotId = 20, Code = "C", UnitPriceCents = 420, PricePeriod = PricePeriod.Annual, VatRateBasisPoints = 550 };

    private static Int128 Exact(CatalogueItem item, decimal quantity) =>
        EstimatedValue.Exact(item, (long)(quantity * 1000), Duration);

    /// <summary>What the member query returns for a member's lines: the exact HT sum and the exact TTC at each line's VAT rate.</summary>
    private static MemberValueRow Member(long id, NeedsFormStatus status, params (CatalogueItem Item, decimal Quantity)[] lines) =>
        new(id, status, lines.Aggregate(Int128.Zero, (s, l) => s + Exact(l.Item, l.Quantity)),
            lines.Aggregate(Int128.Zero, (s, l) => s + EstimatedValue.WithVat(Exact(l.Item, l.Quantity), l.Item.VatRateBasisPoints)));

    /// <summary>
    /// Members: M1 submitted (A 6, B 2.5), M2 submitted (A 4), M3 validated (A 5, C 100), M4 draft (A 3), M5 returned (C 7).
    /// </summary>
    private static AggregationResult Combine() => Aggregation.Combine(
        Duration,
        [Lot1, Lot2],
        [A, B, C],
        [
            new ItemQuantityRow(100, true, 10_000, 2),
            new ItemQuantityRow(100, true, 5_000, 1),
            new ItemQuantityRow(100, false, 3_000, 1),
            new ItemQuantityRow(101, true, 2_500, 1),
            new ItemQuantityRow(200, true, 100_000, 1),
            new ItemQuantityRow(200, false, 7_000, 1),
        ],
        [
            new LotMembersRow(10, true, 2),
            new LotMembersRow(10, true, 1),
            new LotMembersRow(10, false, 1),
            new LotMembersRow(20, true, 1),
            new LotMembersRow(20, false, 1),
        ],
        [
            Member(1, NeedsFormStatus.Submitted, (A, 6), (B, 2.5m)),
            Member(2, NeedsFormStatus.Submitted, (A, 4)),
            Member(3, NeedsFormStatus.Validated, (A, 5), (C, 100)),
            Member(4, NeedsFormStatus.Draft, (A, 3)),
            Member(5, NeedsFormStatus.Returned, (C, 7)),
        ],
        [(NeedsFormStatus.Submitted, 2), (NeedsFormStatus.Validated, 1), (NeedsFormStatus.Draft, 1), (NeedsFormStatus.Returned, 1)]);

    [Fact]
    public void Items_CountSubmittedAndValidated_AndSetDraftsAndReturnedApart()
    {
        var result = Combine();
        var items = result.Items.ToDictionary(i => i.Item.Code);

        // A: 15 lines × 12 € × 30 months = 5,400.00 € HT, × 1.2 = 6,480.00 € TTC; the draft's 3 would add 3 × 12 × 30 = 1,080.00 €.
        Assert.Equal(15_000, items["A"].Counted.QuantityMilli);
        Assert.Equal(3, items["A"].Counted.MemberCount);
        Assert.Equal(540_000, items["A"].Counted.Ht.Cents);
        Assert.Equal(648_000, items["A"].Counted.Ttc.Cents);
        Assert.Equal(3_000, items["A"].Pending.QuantityMilli);
        Assert.Equal(108_000, items["A"].Pending.Ht.Cents);

        // B: 2.5 × 250 € once = 625.00 € HT, 750.00 € TTC.
        Assert.Equal(62_500, items["B"].Counted.Ht.Cents);
        Assert.Equal(75_000, items["B"].Counted.Ttc.Cents);

        // C: 100 × 4.20 € × 2.5 years = 1,050.00 € HT, × 1.055 = 1,107.75 € TTC; returned 7 × 4.20 × 2.5 = 73.50 €.
        Assert.Equal(105_000, items["C"].Counted.Ht.Cents);
        Assert.Equal(110_775, items["C"].Counted.Ttc.Cents);
        Assert.Equal(7_350, items["C"].Pending.Ht.Cents);
        Assert.Equal(1, items["C"].Pending.MemberCount);
    }

    [Fact]
    public void Lots_SumTheirItems_AndCountDistinctMembers()
    {
        var result = Combine();
        var lot1 = result.Lots[0];
        Assert.Equal(1, lot1.Lot.LotNumber);
        Assert.Equal(602_500, lot1.Counted.Ht.Cents); // 5,400 + 625
        Assert.Equal(723_000, lot1.Counted.Ttc.Cents); // 6,480 + 750
        Assert.Equal(3, lot1.Counted.MemberCount); // M1 has A and B but counts once
        Assert.Equal(17_500, lot1.Counted.QuantityMilli);
        Assert.Equal(105_000, result.Lots[1].Counted.Ht.Cents);
    }

    [Fact]
    public void Campaign_TotalsAndFormCounts()
    {
        var result = Combine();
        Assert.Equal(707_500, result.Counted.Ht.Cents); // 6,025 + 1,050
        Assert.Equal(833_775, result.Counted.Ttc.Cents); // 7,230 + 1,107.75
        Assert.Equal(115_350, result.Pending.Ht.Cents); // 1,080 + 73.50
        Assert.Equal(822_850, result.WithPending.Ht.Cents);
        Assert.Equal(3, result.Counted.MemberCount);
        Assert.Equal(2, result.Pending.MemberCount);
        Assert.Equal(new FormStatusCounts(Draft: 1, Submitted: 2, Returned: 1, Validated: 1), result.Forms);
    }

    [Fact]
    public void Members_TotalsPerMember_TtcPerVatRate()
    {
        var members = Combine().Members.ToDictionary(m => m.MemberId);
        Assert.Equal(278_500, members[1].Ht.Cents); // 12 × 6 × 30 + 625 = 2,785.00
        Assert.Equal(334_200, members[1].Ttc.Cents);
        Assert.Equal(144_000, members[2].Ht.Cents);
        Assert.Equal(285_000, members[3].Ht.Cents); // 1,800 + 1,050
        Assert.Equal(326_775, members[3].Ttc.Cents); // 2,160 + 1,107.75
        Assert.False(members[4].Counts);
        Assert.Equal(7_754, members[5].Ttc.Cents); // 73.50 × 1.055 = 77.5425 -> 77.54
        Assert.Equal(Combine().Counted.Ht.Cents, members.Values.Where(m => m.Counts).Sum(m => m.Ht.Cents));
    }

    [Fact]
    public void LotTotal_IsRoundedOnce_NotTheSumOfRoundedItems()
    {
        // Two items at 0.01 € per year, 0.5 unit each, over 12 months: half a cent each (each shown as 1 cent),
        // but the lot's exact total is one cent.
        var lot = new CampaignLot { Id = 1, LotNumber = 1, Title = "Lot" };
        var x = new CatalogueItem { Id = 1, LotId = 1, Code = "X", UnitPriceCents = 1, PricePeriod = PricePeriod.Annual };
        var y = new CatalogueItem { Id = 2, LotId = 1, Code = "Y", UnitPriceCents = 1, PricePeriod = PricePeriod.Annual };
        var result = Aggregation.Combine(
            12, [lot], [x, y],
            [new ItemQuantityRow(1, true, 500, 1), new ItemQuantityRow(2, true, 500, 1)],
            [new LotMembersRow(1, true, 1)], [], []);
        Assert.All(result.Items, i => Assert.Equal(1, i.Counted.Ht.Cents));
        Assert.Equal(1, result.Lots[0].Counted.Ht.Cents);
        Assert.Equal(1, result.Counted.Ht.Cents);
    }
}
