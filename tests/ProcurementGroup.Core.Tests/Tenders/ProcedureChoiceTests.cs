using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class ProcedureChoiceTests
{
    [Theory]
    [InlineData(RequiredProcedure.None, false, TenderProcedure.NoPublicity)]
    [InlineData(RequiredProcedure.Mapa, false, TenderProcedure.Mapa)]
    [InlineData(RequiredProcedure.Formalised, false, TenderProcedure.OpenCallForTenders)]
    [InlineData(RequiredProcedure.Formalised, true, TenderProcedure.Mapa)]
    [InlineData(RequiredProcedure.Mapa, true, TenderProcedure.Mapa)]
    public void Default_IsTheStoredAdvicesProcedure_OrMapaForASmallLot(RequiredProcedure advised, bool smallLot, TenderProcedure expected)
    {
        Assert.Equal(expected, ProcedureChoice.Default(advised, smallLot));
    }

    [Fact]
    public void StricterProcedure_IsAllowed()
    {
        Assert.Empty(ProcedureChoice.Check(RequiredProcedure.Mapa, [], [new LotProcedure(1, TenderProcedure.OpenCallForTenders), new LotProcedure(2, TenderProcedure.Mapa)]));
        Assert.Empty(ProcedureChoice.Check(RequiredProcedure.None, [], [new LotProcedure(1, TenderProcedure.Mapa)]));
    }

    [Fact]
    public void WeakerProcedure_IsRefused_CitingTheRule()
    {
        var errors = ProcedureChoice.Check(RequiredProcedure.Formalised, [], [new LotProcedure(1, TenderProcedure.OpenCallForTenders), new LotProcedure(2, TenderProcedure.Mapa)]);

        var error = Assert.Single(errors);
        Assert.StartsWith("Lot 2 :", error, StringComparison.Ordinal);
        Assert.Contains("R2124-1", error, StringComparison.Ordinal);
        Assert.Contains("appel d'offres ouvert", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallLotOfTheStoredAdvice_MayFollowMapa_ButNotLess()
    {
        int[] smallLots = [3];
        Assert.Empty(ProcedureChoice.Check(RequiredProcedure.Formalised, smallLots, [new LotProcedure(3, TenderProcedure.Mapa)]));

        var error = Assert.Single(ProcedureChoice.Check(RequiredProcedure.Formalised, smallLots, [new LotProcedure(3, TenderProcedure.NoPublicity)]));
        Assert.Contains("R2123-1", error, StringComparison.Ordinal);

        // The exception is the stored advice's, lot by lot: lot 2 is not in it.
        Assert.Single(ProcedureChoice.Check(RequiredProcedure.Formalised, smallLots, [new LotProcedure(2, TenderProcedure.Mapa)]));
    }

    [Fact]
    public void MapaAdvice_RefusesNoPublicity_CitingR2123()
    {
        var error = Assert.Single(ProcedureChoice.Check(RequiredProcedure.Mapa, [], [new LotProcedure(1, TenderProcedure.NoPublicity)]));
        Assert.Contains("R2123-1", error, StringComparison.Ordinal);
    }
}
