using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class FormTotalsTests
{
    private static CatalogueItem Item(long id, long cents, PricePeriod period, int vat = 2000) =>
        new() { Id = id, Code = "I" + id, UnitPriceCents = cents, PricePeriod = period, VatRateBasisPoints = vat };

    [Fact]
    public void Compute_MixedPeriodsAndVatRates_RoundsOnceOnTheTotal()
    {
        CatalogueItem[] items = [Item(1, 1200, PricePeriod.Monthly), Item(2, 25000, PricePeriod.OneOff), Item(3, 420, PricePeriod.Annual, vat: 550), Item(4, 999, PricePeriod.Monthly)];
        NeedLine[] lines =
        [
            new() { CatalogueItemId = 1, QuantityMilli = 10_000 },
            new() { CatalogueItemId = 2, QuantityMilli = 3_000 },
            new() { CatalogueItemId = 3, QuantityMilli = 3_333, SiteId = 7 },
            new() { CatalogueItemId = 3, QuantityMilli = 1, SiteId = 8 },
        ];

        var totals = FormTotals.Compute(items, lines, 48);

        // 10 × 12,00 × 48 = 5 760 ; 3 × 250 = 750 ; (3,333 + 0,001) × 4,20 × 4 = 56,0112 → HT 6 566,0112 → 6 566,01 €
        // TTC: 5 760 × 1,2 + 750 × 1,2 + 56,0112 × 1,055 = 6 912 + 900 + 59,091816 = 7 871,091816 → 7 871,09 €
        Assert.Equal(656_601, totals.Ht.Cents);
        Assert.Equal(787_109, totals.Ttc.Cents);
        Assert.Equal(3, totals.ItemsFilled);
        Assert.Equal(4, totals.ItemsTotal);
    }

    [Fact]
    public void Compute_HalfCentsFromSeveralLines_AreNotRoundedPerLine()
    {
        // Two lines of 0,005 € each (0,5 cent): rounded per line they would make 2 cents; summed exactly, 1 cent.
        CatalogueItem[] items = [Item(1, 1, PricePeriod.OneOff, vat: 0)];
        NeedLine[] lines = [new() { CatalogueItemId = 1, QuantityMilli = 500, SiteId = 1 }, new() { CatalogueItemId = 1, QuantityMilli = 500, SiteId = 2 }];
        Assert.Equal(1, FormTotals.Compute(items, lines, 12).Ht.Cents);
    }

    [Theory]
    [InlineData("80021", true)]
    [InlineData("2A004", true)]
    [InlineData("2B033", true)]
    [InlineData("8002", false)]
    [InlineData("800211", false)]
    [InlineData("2C004", false)]
    [InlineData("2A0X4", false)]
    [InlineData("", false)]
    public void IsValidInsee(string code, bool valid) => Assert.Equal(valid, MemberSiteRules.IsValidInsee(code));

    [Fact]
    public void BuyerMayEdit_AfterClosing_OnlyWhenReopened()
    {
        var closes = new DateTime(2026, 10, 15, 16, 0, 0, DateTimeKind.Utc);
        var campaign = new NeedsCampaign { Status = CampaignStatus.Closed, ClosesAtUtc = closes };
        var form = new NeedsForm { Status = NeedsFormStatus.Returned };
        Assert.False(FormWorkflow.BuyerMayEdit(campaign, form, closes, closes.AddDays(1)));
        Assert.True(FormWorkflow.MayReopen(campaign, form, closes, closes.AddDays(1)));
        form.ReopenedAtUtc = closes.AddDays(1);
        Assert.True(FormWorkflow.BuyerMayEdit(campaign, form, closes, closes.AddDays(2)));
        Assert.False(FormWorkflow.MayReopen(campaign, form, closes, closes.AddDays(2)));
        form.Status = NeedsFormStatus.Submitted;
        Assert.False(FormWorkflow.BuyerMayEdit(campaign, form, closes, closes.AddDays(2)));
    }
}
