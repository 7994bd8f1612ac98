using ProcurementGroup.Core.Allocation;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class OrderCeilingTests
{
    // An accord-cadre with a maximum of 100,000.00 €, 70,000.00 € already ordered.
    private static readonly Money.Money Maximum = new(10_000_000);
    private static readonly Money.Money Consumed = new(7_000_000);

    [Theory]
    [InlineData(999_999, OrderCeilingStatus.Accepted)] // 79.99999 %
    [InlineData(1_000_000, OrderCeilingStatus.Warning)] // exactly 80 %
    [InlineData(2_999_999, OrderCeilingStatus.Warning)]
    [InlineData(3_000_000, OrderCeilingStatus.Warning)] // exactly the maximum
    [InlineData(3_000_001, OrderCeilingStatus.Refused)] // one cent beyond
    public void Check_WarnsFrom80Percent_RefusesBeyondTheMaximum(long orderCents, OrderCeilingStatus status)
    {
        var check = OrderCeiling.Check(Maximum, Consumed, new Money.Money(orderCents));

        Assert.Equal(status, check.Status);
        Assert.Equal(7_000_000 + orderCents, check.ConsumedWithOrder.Cents);
        Assert.Equal(status == OrderCeilingStatus.Accepted, check.Message is null);
    }

    [Fact]
    public void Check_Warning_SaysHowMuchIsConsumed()
    {
        var check = OrderCeiling.Check(Maximum, Consumed, new Money.Money(1_012_345));

        Assert.Equal($"Les commandes atteignent 80,1 % du maximum de l'accord-cadre ({new Money.Money(8_012_345)} sur {Maximum}).", check.Message);
        Assert.Equal(
            $"Les commandes atteignent 100 % du maximum de l'accord-cadre ({Maximum} sur {Maximum}).",
            OrderCeiling.Check(Maximum, Consumed, new Money.Money(3_000_000)).Message);
    }

    [Fact]
    public void Check_Refusal_IsInFrench()
    {
        var check = OrderCeiling.Check(Maximum, Consumed, new Money.Money(3_000_001));

        Assert.Equal(
            $"Cette commande porterait le total commandé à {new Money.Money(10_000_001)}, au-delà du maximum de l'accord-cadre ({Maximum}) : elle ne peut être enregistrée.",
            check.Message);
    }
}
