using ProcurementGroup.Core.Money;
using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.Tests.Procedures;

public sealed class ProcedureAdvisorTests
{
    private static readonly IReadOnlyList<Threshold> Table = DefaultThresholds.Rows;

    private static RequiredProcedure Advise(decimal euros, int year, int month, int day) =>
        ProcedureAdvisor.Advise(Money.Money.FromEuros(euros), new DateOnly(year, month, day), Table).Procedure;

    [Theory]
    // R2122-8: 40,000 € until 31 March 2026, then 60,000 € from 1 April 2026.
    [InlineData(39_999.99, 2026, 3, 31, RequiredProcedure.None)]
    [InlineData(40_000.00, 2026, 3, 31, RequiredProcedure.Mapa)]
    [InlineData(40_000.00, 2026, 4, 1, RequiredProcedure.None)]
    [InlineData(59_999.99, 2026, 4, 1, RequiredProcedure.None)]
    [InlineData(60_000.00, 2026, 4, 1, RequiredProcedure.Mapa)]
    [InlineData(59_999.99, 2026, 3, 31, RequiredProcedure.Mapa)]
    // EU threshold for local authorities: 221,000 € in 2024-2025, 216,000 € from 1 January 2026.
    [InlineData(220_999.99, 2025, 12, 31, RequiredProcedure.Mapa)]
    [InlineData(221_000.00, 2025, 12, 31, RequiredProcedure.Formalised)]
    [InlineData(216_000.00, 2025, 12, 31, RequiredProcedure.Mapa)]
    [InlineData(216_000.00, 2026, 1, 1, RequiredProcedure.Formalised)]
    [InlineData(215_999.99, 2026, 1, 1, RequiredProcedure.Mapa)]
    [InlineData(39_999.99, 2025, 12, 31, RequiredProcedure.None)]
    [InlineData(0, 2026, 6, 1, RequiredProcedure.None)]
    public void Advise_AtAndAroundEachThreshold_AppliesTheStricterRuleAtTheThreshold(double euros, int year, int month, int day, RequiredProcedure expected)
    {
        Assert.Equal(expected, Advise((decimal)euros, year, month, day));
    }

    [Fact]
    public void Advise_KeepsTheThresholdRowsItUsed()
    {
        var advice = ProcedureAdvisor.Advise(Money.Money.FromEuros(100_000m), new DateOnly(2026, 4, 1), Table);

        Assert.Equal(RequiredProcedure.Mapa, advice.Procedure);
        Assert.Equal(60_000_00, advice.NoProcedureThreshold.Amount.Cents);
        Assert.Equal(216_000_00, advice.EuThreshold.Amount.Cents);
        Assert.Equal("R2123-1", advice.Article);
        Assert.Same(advice.EuThreshold, advice.DecisiveThreshold);
    }

    [Fact]
    public void Advise_WithNoRowInForce_SaysWhichThresholdIsMissing()
    {
        var ex = Assert.Throws<ThresholdUnknownException>(() => ProcedureAdvisor.Advise(Money.Money.FromEuros(1m), new DateOnly(2023, 6, 1), Table));
        Assert.Equal(ThresholdKind.NoProcedureSuppliesServices, ex.Kind);
        Assert.Contains("seuil inconnu à cette date", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallLots_WithinTwentyPercent_Allowed()
    {
        var lots = new[]
        {
            new LotValue(1, "Mobiles", Money.Money.FromEuros(300_000m)),
            new LotValue(2, "Cartes SIM", Money.Money.FromEuros(50_000m)),
            new LotValue(3, "Lignes fixes", Money.Money.FromEuros(25_000m)),
        };
        var total = Money.Money.FromEuros(375_000m);

        // 75,000 € is exactly 20 % of 375,000 €: allowed (at most 20 %).
        var check = ProcedureAdvisor.CheckSmallLots(total, lots, [2, 3]);

        Assert.True(check.IsAllowed, string.Join(" ", check.Errors));
        Assert.Equal(75_000_00, check.SelectedTotal.Cents);
        Assert.Equal([2, 3], check.Eligible.Select(l => l.LotNumber));
    }

    [Fact]
    public void SmallLots_OneCentOverTwentyPercent_Refused()
    {
        var lots = new[]
        {
            new LotValue(1, "Mobiles", Money.Money.FromEuros(299_999.99m)),
            new LotValue(2, "Cartes SIM", Money.Money.FromEuros(75_000.01m)),
        };

        var check = ProcedureAdvisor.CheckSmallLots(Money.Money.FromEuros(375_000m), lots, [2]);

        Assert.False(check.IsAllowed);
        Assert.Contains("20 %", check.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void SmallLots_LotAtEightyThousand_IsNotEligible()
    {
        var lots = new[]
        {
            new LotValue(1, "Fibre", Money.Money.FromEuros(80_000m)),
            new LotValue(2, "Mobiles", Money.Money.FromEuros(920_000m)),
        };

        var check = ProcedureAdvisor.CheckSmallLots(Money.Money.FromEuros(1_000_000m), lots, [1]);

        Assert.False(check.IsAllowed);
        Assert.Empty(check.Eligible);
        Assert.Contains("80 000", check.Errors[0], StringComparison.Ordinal);
    }
}
