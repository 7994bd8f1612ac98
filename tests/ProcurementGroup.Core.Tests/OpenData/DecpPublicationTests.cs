using ProcurementGroup.Core.Money;
using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.OpenData;

/// <summary>R2196-1: which contracts the DECP export publishes, and when their publication is late.</summary>
public sealed class DecpPublicationTests
{
    private static readonly DateOnly Notified = new(2026, 3, 15);

    private static IReadOnlyList<Threshold> Table => DefaultThresholds.Rows;

    [Theory]
    [InlineData(40_000_00, true)]
    [InlineData(39_999_99, false)]
    [InlineData(40_000_01, true)]
    [InlineData(100, false)]
    public void IsRequired_FromTheDecpThresholdInclusive(long cents, bool expected) =>
        Assert.Equal(expected, DecpPublication.IsRequired(new Money.Money(cents), [], Table, Notified));

    [Fact]
    public void IsRequired_AnAmendmentAboveTheThreshold_Counts_ALowerOneDoesNotWithdraw()
    {
        Assert.True(DecpPublication.IsRequired(new Money.Money(30_000_00), [new Money.Money(20_000_00), new Money.Money(40_000_00)], Table, Notified));
        Assert.False(DecpPublication.IsRequired(new Money.Money(30_000_00), [new Money.Money(39_999_99)], Table, Notified));
        Assert.True(DecpPublication.IsRequired(new Money.Money(50_000_00), [new Money.Money(10_000_00)], Table, Notified));
    }

    [Fact]
    public void IsRequired_UsesTheRowInForceOnTheNotificationDay()
    {
        Threshold[] rows =
        [
            new(1, ThresholdKind.DecpPublication, new DateOnly(2024, 1, 1), new DateOnly(2026, 3, 31), Money.Money.FromEuros(40_000m), "R2196-1"),
            new(2, ThresholdKind.DecpPublication, new DateOnly(2026, 4, 1), null, Money.Money.FromEuros(60_000m), "R2196-1"),
            new(3, ThresholdKind.NoProcedureSuppliesServices, new DateOnly(2024, 1, 1), null, Money.Money.FromEuros(1m), "R2122-8"),
        ];
        var amount = Money.Money.FromEuros(50_000m);
        Assert.True(DecpPublication.IsRequired(amount, [], rows, new DateOnly(2026, 3, 31)));
        Assert.False(DecpPublication.IsRequired(amount, [], rows, new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void IsRequired_WithNoRowInForce_Publishes() =>
        Assert.True(DecpPublication.IsRequired(new Money.Money(100), [], [], Notified));

    [Fact]
    public void IsOverdue_AfterTwoMonths_NotOnTheLastDay()
    {
        Assert.Equal(new DateOnly(2026, 5, 15), DecpPublication.DueBy(Notified));
        Assert.False(DecpPublication.IsOverdue(Notified, new DateOnly(2026, 5, 15)));
        Assert.True(DecpPublication.IsOverdue(Notified, new DateOnly(2026, 5, 16)));
        Assert.False(DecpPublication.IsOverdue(Notified, Notified));
    }

    [Fact]
    public void Procedure_CodesAreTheSchemas()
    {
        Assert.Equal("Procédure adaptée", DecpCodes.Procedure(TenderProcedure.Mapa));
        Assert.Equal("Appel d'offres ouvert", DecpCodes.Procedure(TenderProcedure.OpenCallForTenders));
        Assert.Equal("Marché passé sans publicité ni mise en concurrence préalable", DecpCodes.Procedure(TenderProcedure.NoPublicity));
    }
}
