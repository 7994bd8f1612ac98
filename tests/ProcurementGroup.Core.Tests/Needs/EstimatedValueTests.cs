using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class EstimatedValueTests
{
    [Fact]
    public void AnnualPrice_OverThirtyMonths_CountsTwoAndAHalfYears()
    {
        // 12.34 € per year × 3 units × 30 months = 12.34 × 3 × 2.5 = 92.55 €
        var exact = EstimatedValue.Exact(1234, 3 * EstimatedValue.QuantityScale, PricePeriod.Annual, QuantityBasis.WholeDuration, 30);
        Assert.Equal(9255, EstimatedValue.ToMoney(exact).Cents);
    }

    [Fact]
    public void MonthlyAndOneOffPrices_Sum()
    {
        var monthly = EstimatedValue.Exact(1500, 10 * EstimatedValue.QuantityScale, PricePeriod.Monthly, QuantityBasis.WholeDuration, 48); // 15 € × 10 × 48 = 7,200 €
        var oneOff = EstimatedValue.Exact(45_000, 2 * EstimatedValue.QuantityScale, PricePeriod.OneOff, QuantityBasis.WholeDuration, 48); // 450 € × 2 = 900 €
        Assert.Equal(810_000, EstimatedValue.ToMoney(monthly + oneOff).Cents);
    }

    [Fact]
    public void RoundingHappensOnceOnTheTotal_NotPerLine()
    {
        // 0.01 € per year × 1 unit × 1 month = 1/12 cent; twelve such lines make exactly one cent.
        var line = EstimatedValue.Exact(1, EstimatedValue.QuantityScale, PricePeriod.Annual, QuantityBasis.WholeDuration, 1);
        Assert.Equal(0, EstimatedValue.ToMoney(line).Cents);
        Assert.Equal(1, EstimatedValue.ToMoney(line * 12).Cents);
    }

    [Fact]
    public void FractionalQuantity_InThousandths()
    {
        // 2.5 units (2,500 thousandths) at 3.33 € one-off = 8.325 € -> 8.33 € (half away from zero).
        var exact = EstimatedValue.Exact(333, 2_500, PricePeriod.OneOff, QuantityBasis.WholeDuration, 12);
        Assert.Equal(833, EstimatedValue.ToMoney(exact).Cents);
    }

    [Fact]
    public void Ttc_AtTwentyPercent_RoundedOnce()
    {
        // 92.55 € HT × 1.2 = 111.06 € TTC
        var exact = EstimatedValue.Exact(1234, 3 * EstimatedValue.QuantityScale, PricePeriod.Annual, QuantityBasis.WholeDuration, 30);
        Assert.Equal(11_106, EstimatedValue.ToMoneyWithVat(EstimatedValue.WithVat(exact, 2000)).Cents);
    }
}

public sealed class QuantityBasisTests
{
    private static long Cents(long unitCents, long units, PricePeriod period, QuantityBasis basis, int months) =>
        EstimatedValue.ToMoney(EstimatedValue.Exact(unitCents, units * EstimatedValue.QuantityScale, period, basis, months)).Cents;

    [Fact]
    public void PerYearOneOff_OverFortyEightMonths_CountsFourYears()
    {
        // 30 PCs a year at 800 € over 48 months = 120 PCs = 96,000 €
        Assert.Equal(9_600_000, Cents(80_000, 30, PricePeriod.OneOff, QuantityBasis.PerYear, 48));
    }

    [Fact]
    public void PerYearOneOff_OverThirtyMonths_CountsTwoAndAHalfYears()
    {
        // 30 PCs a year over 30 months = 75 PCs = 60,000 €
        Assert.Equal(6_000_000, Cents(80_000, 30, PricePeriod.OneOff, QuantityBasis.PerYear, 30));
    }

    [Fact]
    public void WholeDurationOneOff_IsUnchangedByTheDuration()
    {
        Assert.Equal(2_400_000, Cents(80_000, 30, PricePeriod.OneOff, QuantityBasis.WholeDuration, 48));
        Assert.Equal(2_400_000, Cents(80_000, 30, PricePeriod.OneOff, QuantityBasis.WholeDuration, 30));
    }

    [Theory]
    [InlineData(PricePeriod.Monthly, 48, 414_624)] // 12.34 € × 7 × 48 months
    [InlineData(PricePeriod.Monthly, 30, 259_140)] // 12.34 € × 7 × 30 months
    [InlineData(PricePeriod.Annual, 48, 34_552)] // 12.34 € × 7 × 4 years
    [InlineData(PricePeriod.Annual, 30, 21_595)] // 12.34 € × 7 × 2.5 years
    public void MonthlyAndAnnualPrices_KeepTheirMeaning_WhateverTheBasis(PricePeriod period, int months, long expectedCents)
    {
        Assert.Equal(expectedCents, Cents(1_234, 7, period, QuantityBasis.WholeDuration, months));
        Assert.Equal(expectedCents, Cents(1_234, 7, period, QuantityBasis.PerYear, months));
    }

    [Fact]
    public void PerYearOneOff_FactorIsTheDurationInTwelfths()
    {
        Assert.Equal(48, EstimatedValue.PeriodFactor(PricePeriod.OneOff, QuantityBasis.PerYear, 48));
        Assert.Equal(12, EstimatedValue.PeriodFactor(PricePeriod.OneOff, QuantityBasis.WholeDuration, 48));
        Assert.Equal(12, EstimatedValue.PeriodFactor(PricePeriod.OneOff, QuantityBasis.PerYear, 12));
    }

    [Fact]
    public void PerYearOneOff_IsRoundedOnceOnTheTotal()
    {
        // 0.01 € a year × 1 unit over 30 months = 2.5 cents exactly: one line rounds to 3 cents, two lines make exactly 5.
        var line = EstimatedValue.Exact(1, EstimatedValue.QuantityScale, PricePeriod.OneOff, QuantityBasis.PerYear, 30);
        Assert.Equal(3, EstimatedValue.ToMoney(line).Cents);
        Assert.Equal(5, EstimatedValue.ToMoney(line * 2).Cents);
        // 0.001 unit a year of a 0.01 € item over 1 month: 1/12,000 cent, zero alone, one cent after 12,000 lines.
        var tiny = EstimatedValue.Exact(1, 1, PricePeriod.OneOff, QuantityBasis.PerYear, 1);
        Assert.Equal(0, EstimatedValue.ToMoney(tiny).Cents);
        Assert.Equal(1, EstimatedValue.ToMoney(tiny * 12_000).Cents);
    }

    [Fact]
    public void FormTotals_UsesTheItemsBasis()
    {
        var perYear = new CatalogueItem { Id = 1, UnitPriceCents = 80_000, PricePeriod = PricePeriod.OneOff, QuantityBasis = QuantityBasis.PerYear, VatRateBasisPoints = 2000 };
        var whole = new CatalogueItem { Id = 2, UnitPriceCents = 10_000, PricePeriod = PricePeriod.OneOff, VatRateBasisPoints = 2000 };
        var totals = FormTotals.Compute(
            [perYear, whole],
            [new NeedLine { CatalogueItemId = 1, QuantityMilli = 30_000 }, new NeedLine { CatalogueItemId = 2, QuantityMilli = 3_000 }],
            48);
        Assert.Equal(9_630_000, totals.Ht.Cents);
        Assert.Equal(11_556_000, totals.Ttc.Cents);
    }

    [Theory]
    [InlineData(PricePeriod.OneOff, QuantityBasis.PerYear, true)]
    [InlineData(PricePeriod.OneOff, QuantityBasis.WholeDuration, true)]
    [InlineData(PricePeriod.Monthly, QuantityBasis.PerYear, false)]
    [InlineData(PricePeriod.Annual, QuantityBasis.PerYear, false)]
    [InlineData(PricePeriod.Annual, QuantityBasis.WholeDuration, true)]
    [InlineData(PricePeriod.OneOff, (QuantityBasis)3, false)]
    public void Validator_AcceptsPerYearOnlyForAOneOffPrice(PricePeriod period, QuantityBasis basis, bool valid)
    {
        var item = new CatalogueItem { Code = "PC", Label = "Ordinateur", Unit = "poste", UnitPriceCents = 80_000, PricePeriod = period, QuantityBasis = basis };
        Assert.Equal(valid, !CampaignValidator.ValidateItem(item).Any(e => e.Field == nameof(CatalogueItem.QuantityBasis)));
    }

    [Theory]
    [InlineData(null, QuantityBasis.WholeDuration)]
    [InlineData("", QuantityBasis.WholeDuration)]
    [InlineData("Sur la duree", QuantityBasis.WholeDuration)]
    [InlineData(" PAR AN ", QuantityBasis.PerYear)]
    [InlineData("PerYear", QuantityBasis.PerYear)]
    public void TryBasis_ReadsFrenchLabels_EmptyIsWholeDuration(string? text, QuantityBasis expected)
    {
        Assert.True(CatalogueText.TryBasis(text, out var basis));
        Assert.Equal(expected, basis);
    }

    [Fact]
    public void TryBasis_RefusesOtherText()
    {
        Assert.False(CatalogueText.TryBasis("par semaine", out _));
    }
}
