using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class EstimatedValueTests
{
    [Fact]
    public void AnnualPrice_OverThirtyMonths_CountsTwoAndAHalfYears()
    {
        // 12.34 € per year × 3 units × 30 months = 12.34 × 3 × 2.5 = 92.55 €
        var exact = EstimatedValue.Exact(1234, 3 * EstimatedValue.QuantityScale, PricePeriod.Annual, 30);
        Assert.Equal(9255, EstimatedValue.ToMoney(exact).Cents);
    }

    [Fact]
    public void MonthlyAndOneOffPrices_Sum()
    {
        var monthly = EstimatedValue.Exact(1500, 10 * EstimatedValue.QuantityScale, PricePeriod.Monthly, 48); // 15 € × 10 × 48 = 7,200 €
        var oneOff = EstimatedValue.Exact(45_000, 2 * EstimatedValue.QuantityScale, PricePeriod.OneOff, 48); // 450 € × 2 = 900 €
        Assert.Equal(810_000, EstimatedValue.ToMoney(monthly + oneOff).Cents);
    }

    [Fact]
    public void RoundingHappensOnceOnTheTotal_NotPerLine()
    {
        // 0.01 € per year × 1 unit × 1 month = 1/12 cent; twelve such lines make exactly one cent.
        var line = EstimatedValue.Exact(1, EstimatedValue.QuantityScale, PricePeriod.Annual, 1);
        Assert.Equal(0, EstimatedValue.ToMoney(line).Cents);
        Assert.Equal(1, EstimatedValue.ToMoney(line * 12).Cents);
    }

    [Fact]
    public void FractionalQuantity_InThousandths()
    {
        // 2.5 units (2,500 thousandths) at 3.33 € one-off = 8.325 € -> 8.33 € (half away from zero).
        var exact = EstimatedValue.Exact(333, 2_500, PricePeriod.OneOff, 12);
        Assert.Equal(833, EstimatedValue.ToMoney(exact).Cents);
    }

    [Fact]
    public void Ttc_AtTwentyPercent_RoundedOnce()
    {
        // 92.55 € HT × 1.2 = 111.06 € TTC
        var exact = EstimatedValue.Exact(1234, 3 * EstimatedValue.QuantityScale, PricePeriod.Annual, 30);
        Assert.Equal(11_106, EstimatedValue.ToMoneyWithVat(EstimatedValue.WithVat(exact, 2000)).Cents);
    }
}
