using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Contracts;

public sealed class OrderAmountsTests
{
    [Theory]
    [InlineData(4_2000, 1_000, 420)] // 1 licence at 4,20 €
    [InlineData(125, 1_000, 1)] // 0,0125 € → 1,25 cent, rounded once to 1 cent
    [InlineData(125, 2_000, 3)] // 0,025 € → 2,5 cents, half away from zero: 3 cents
    [InlineData(125, 1_999, 2)] // 0,0249875 € → 2,49875 cents: 2 cents
    [InlineData(123_456, 2_500, 3_086)] // 12,3456 € × 2,5 = 30,864 € → 30,86 €
    [InlineData(650_0000, 2_000, 1_300_00)] // two training days at 650 €
    [InlineData(4_2000, 0, 0)]
    public void Line_IsQuantityTimesUnitPrice_RoundedOnceToTheCent(long unitPrice, long quantityMilli, long expectedCents)
    {
        Assert.Equal(new Money.Money(expectedCents), OrderAmounts.Line(new UnitPrice(unitPrice), quantityMilli));
    }

    [Fact]
    public void Total_IsTheSumOfTheRoundedLines()
    {
        var lines = new[] { OrderAmounts.Line(new UnitPrice(125), 1_000), OrderAmounts.Line(new UnitPrice(125), 1_000) };

        // 1,25 + 1,25 cents exactly would be 2,5 → 3 cents; the invoice adds its rounded lines: 2 cents.
        Assert.Equal(new Money.Money(2), OrderAmounts.Total(lines));
    }

    [Fact]
    public void Order_AgainstTheCurrentMaximum_AfterAnAmendmentRaisedIt()
    {
        var initial = new ContractTerms(new Money.Money(1_000_00), 12, 1);
        var current = Amendments.Current(initial, [new ContractAmendment(1, new DateOnly(2025, 1, 1), new Money.Money(2_000_00), null, null)]);

        // 1 500 € ordered: beyond the initial maximum, within the amended one (75 %: no warning).
        Assert.Equal(OrderCeilingStatus.Refused, OrderCeiling.Check(initial.Amount, Money.Money.Zero, new Money.Money(1_500_00)).Status);
        Assert.Equal(OrderCeilingStatus.Accepted, OrderCeiling.Check(current.Amount, Money.Money.Zero, new Money.Money(1_500_00)).Status);
    }
}
