using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.Tests.Procedures;

/// <summary>Issue 7 item 5 and 6: contract form, nature, obligations and thresholds unknown after the last EU row.</summary>
public sealed class AdviceObligationsTests
{
    private static readonly IReadOnlyList<Threshold> Table = DefaultThresholds.Rows;
    private static readonly DateOnly Launch = new(2026, 9, 1);

    private static ProcedureAdvice Advise(decimal euros, PurchaseNature nature = PurchaseNature.Supplies) =>
        ProcedureAdvisor.Advise(Money.Money.FromEuros(euros), Launch, Table, nature);

    private static string[] Codes(ProcedureAdvice advice) => advice.Obligations.Select(o => o.Code).ToArray();

    [Fact]
    public void Obligations_BelowNoProcedureThreshold_NoPublicationButDecpFromFortyThousand()
    {
        Assert.Equal([ProcedureAdvisor.PublicationNone], Codes(Advise(39_999.99m)));
        Assert.Equal([ProcedureAdvisor.PublicationNone, ProcedureAdvisor.Decp], Codes(Advise(40_000m)));
        Assert.Equal([ProcedureAdvisor.PublicationNone, ProcedureAdvisor.Decp], Codes(Advise(59_999.99m)));
    }

    [Fact]
    public void Obligations_AtNoProcedureThreshold_AdaptedPublicityBuyerProfileAndDecp()
    {
        var advice = Advise(60_000m);

        Assert.Equal(RequiredProcedure.Mapa, advice.Procedure);
        Assert.Equal([ProcedureAdvisor.PublicationAdapted, ProcedureAdvisor.BuyerProfile, ProcedureAdvisor.Decp], Codes(advice));
    }

    [Fact]
    public void Obligations_OneCentBelowNinetyThousand_AdaptedPublicity()
    {
        var advice = Advise(89_999.99m);

        Assert.Equal(RequiredProcedure.Mapa, advice.Procedure);
        Assert.Equal([ProcedureAdvisor.PublicationAdapted, ProcedureAdvisor.BuyerProfile, ProcedureAdvisor.Decp], Codes(advice));
        Assert.Equal("R2131-12 1°", advice.Obligations[0].Article);
    }

    [Fact]
    public void Obligations_AtNinetyThousand_BoampOrLegalGazette()
    {
        var advice = Advise(90_000m);

        Assert.Equal(RequiredProcedure.Mapa, advice.Procedure);
        Assert.Equal([ProcedureAdvisor.PublicationBoampOrJal, ProcedureAdvisor.BuyerProfile, ProcedureAdvisor.Decp], Codes(advice));
        Assert.Equal(90_000_00, advice.Obligations[0].Threshold!.Amount.Cents);
        Assert.Contains("BOAMP ou dans un journal d'annonces légales", advice.Obligations[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Obligations_OneCentBelowEuThreshold_StillBoampOrLegalGazetteWithoutTenderBoard()
    {
        var advice = Advise(215_999.99m);

        Assert.Equal(RequiredProcedure.Mapa, advice.Procedure);
        Assert.Equal([ProcedureAdvisor.PublicationBoampOrJal, ProcedureAdvisor.BuyerProfile, ProcedureAdvisor.Decp], Codes(advice));
    }

    [Fact]
    public void Obligations_AtEuThreshold_BoampAndOjeuAndTheGroupementsTenderBoard()
    {
        var advice = Advise(216_000m);

        Assert.Equal(RequiredProcedure.Formalised, advice.Procedure);
        Assert.Equal([ProcedureAdvisor.PublicationBoampJoue, ProcedureAdvisor.BuyerProfile, ProcedureAdvisor.TenderBoard, ProcedureAdvisor.Decp], Codes(advice));
        Assert.Equal("L1414-3 CGCT", advice.Obligations[2].Article);
    }

    [Fact]
    public void Works_UseTheWorksThresholds()
    {
        // 300,000 € is formalised for supplies (216,000 €) but a MAPA for works (5,404,000 €).
        Assert.Equal(RequiredProcedure.Formalised, Advise(300_000m).Procedure);
        var works = Advise(300_000m, PurchaseNature.Works);
        Assert.Equal(RequiredProcedure.Mapa, works.Procedure);
        Assert.Equal(ThresholdKind.EuWorks, works.EuThreshold.Kind);
        Assert.Equal(ThresholdKind.NoProcedureWorks, works.NoProcedureThreshold.Kind);

        // Works: no procedure below 100,000 €, formalised from 5,404,000 €.
        Assert.Equal(RequiredProcedure.None, Advise(99_999.99m, PurchaseNature.Works).Procedure);
        Assert.Equal(RequiredProcedure.Mapa, Advise(100_000m, PurchaseNature.Works).Procedure);
        Assert.Equal(RequiredProcedure.Mapa, Advise(5_403_999.99m, PurchaseNature.Works).Procedure);
        Assert.Equal(RequiredProcedure.Formalised, Advise(5_404_000m, PurchaseNature.Works).Procedure);
        Assert.Equal(RequiredProcedure.Formalised, Advise(216_000m, PurchaseNature.Services).Procedure);
    }

    [Fact]
    public void LaunchAfterTheLastEuRow_ThresholdUnknownRatherThanAnOldOne()
    {
        var lastDay = ProcedureAdvisor.Advise(Money.Money.FromEuros(100_000m), new DateOnly(2027, 12, 31), Table, PurchaseNature.Supplies);
        Assert.Equal(216_000_00, lastDay.EuThreshold.Amount.Cents);

        var ex = Assert.Throws<ThresholdUnknownException>(
            () => ProcedureAdvisor.Advise(Money.Money.FromEuros(100_000m), new DateOnly(2028, 1, 1), Table, PurchaseNature.Supplies));

        Assert.Equal(ThresholdKind.EuSuppliesServicesLocal, ex.Kind);
        Assert.Contains("seuil inconnu à cette date (01/01/2028)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueCompared_FrameworkTakesTheLargerOfEstimateAndSumOfMaxima()
    {
        var estimate = Money.Money.FromEuros(150_000m);

        Assert.Equal(150_000_00, ContractRules.ValueCompared(ContractForm.Ordinary, estimate, [200_000_00]).Cents);
        Assert.Equal(250_000_00, ContractRules.ValueCompared(ContractForm.FrameworkPurchaseOrders, estimate, [200_000_00, 50_000_00]).Cents);
        Assert.Equal(150_000_00, ContractRules.ValueCompared(ContractForm.FrameworkSubsequentContracts, estimate, [100_000_00, 49_999_99]).Cents);
        Assert.Equal(150_000_00, ContractRules.ValueCompared(ContractForm.FrameworkPurchaseOrders, estimate, [150_000_00]).Cents);
        Assert.Equal(150_000_01, ContractRules.ValueCompared(ContractForm.FrameworkPurchaseOrders, estimate, [150_000_01]).Cents);
    }

    [Fact]
    public void FrameworkMaximumAboveTheEstimate_TurnsMapaIntoFormalised()
    {
        var estimate = Money.Money.FromEuros(150_000m);
        var value = ContractRules.ValueCompared(ContractForm.FrameworkPurchaseOrders, estimate, [120_000_00, 96_000_00]);

        Assert.Equal(RequiredProcedure.Mapa, ProcedureAdvisor.Advise(estimate, Launch, Table, PurchaseNature.Supplies).Procedure);
        Assert.Equal(RequiredProcedure.Formalised, ProcedureAdvisor.Advise(value, Launch, Table, PurchaseNature.Supplies).Procedure);
    }

    [Fact]
    public void MissingMaxima_RequiredForEachLotOfAFrameworkOnly()
    {
        var lots = new (int, long?)[] { (1, 10_000_00), (2, null), (3, 0) };

        Assert.Empty(ContractRules.MissingMaxima(ContractForm.Ordinary, lots));
        var errors = ContractRules.MissingMaxima(ContractForm.FrameworkPurchaseOrders, lots);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Le lot 2 ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Le lot 3 ", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void PendingForms_ChangingTheProcedure_AreFlagged()
    {
        var counted = Advise(200_000m);
        Assert.False(ProcedureAdvisor.PendingChangesProcedure(counted, Advise(215_999.99m)));
        Assert.True(ProcedureAdvisor.PendingChangesProcedure(counted, Advise(216_000m)));
    }
}
