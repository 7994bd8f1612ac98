using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class TenderWorkflowTests
{
    private static readonly DateTime Deadline = new(2026, 10, 16, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime After = Deadline.AddMinutes(1);

    [Fact]
    public void FormalisedProcedure_GoesThroughTheCommission()
    {
        var status = TenderStatus.Draft;
        foreach (var transition in new[] { TenderTransition.Publish, TenderTransition.OpenOffers, TenderTransition.Evaluate, TenderTransition.RecordCommissionDecision, TenderTransition.Award })
        {
            Assert.Null(TenderWorkflow.Check(status, transition, formalised: true, After, Deadline));
            status = TenderWorkflow.Target(transition);
        }

        Assert.Equal(TenderStatus.Awarded, status);
        Assert.NotNull(TenderWorkflow.Check(TenderStatus.Evaluated, TenderTransition.Award, formalised: true, After, Deadline));
    }

    [Fact]
    public void Mapa_IsAwardedAfterEvaluation_WithoutCommission()
    {
        Assert.Null(TenderWorkflow.Check(TenderStatus.Evaluated, TenderTransition.Award, formalised: false, After, Deadline));
        Assert.Equal(TenderWorkflow.CommissionNotFormalisedMessage, TenderWorkflow.Check(TenderStatus.Evaluated, TenderTransition.RecordCommissionDecision, formalised: false, After, Deadline));
    }

    [Fact]
    public void OutOfOrder_IsRefusedInFrench()
    {
        Assert.Equal(
            "Action impossible : le marché est « Brouillon » ; « ouvrir les offres » n'est possible que depuis « Publié ».",
            TenderWorkflow.Check(TenderStatus.Draft, TenderTransition.OpenOffers, true, After, Deadline));
        Assert.Equal(
            "Le marché est « Attribué » : la procédure est terminée, il ne peut plus changer d'état.",
            TenderWorkflow.Check(TenderStatus.Awarded, TenderTransition.Abandon, true, After, Deadline, "Motif"));
    }

    [Fact]
    public void Offers_OpenOnlyOnceTheDeadlineHasPassed()
    {
        Assert.Equal(TenderWorkflow.DeadlineNotPassedMessage, TenderWorkflow.Check(TenderStatus.Published, TenderTransition.OpenOffers, true, Deadline.AddSeconds(-1), Deadline));
        Assert.Null(TenderWorkflow.Check(TenderStatus.Published, TenderTransition.OpenOffers, true, Deadline, Deadline));
    }

    [Theory]
    [InlineData(TenderStatus.Draft)]
    [InlineData(TenderStatus.Published)]
    [InlineData(TenderStatus.Closed)]
    [InlineData(TenderStatus.Evaluated)]
    [InlineData(TenderStatus.CommissionDecided)]
    public void UnsuccessfulOrAbandoned_FromAnyNonFinalState_WithAReason(TenderStatus status)
    {
        Assert.Null(TenderWorkflow.Check(status, TenderTransition.DeclareUnsuccessful, true, After, Deadline, "Aucune offre acceptable."));
        Assert.Null(TenderWorkflow.Check(status, TenderTransition.Abandon, true, After, Deadline, "Besoin redéfini."));
        Assert.Equal(TenderWorkflow.ReasonMissingMessage, TenderWorkflow.Check(status, TenderTransition.Abandon, true, After, Deadline, " "));
        Assert.Equal(TenderWorkflow.ReasonMissingMessage, TenderWorkflow.Check(status, TenderTransition.DeclareUnsuccessful, true, After, Deadline, null));
    }

    [Theory]
    [InlineData(TenderStatus.Awarded)]
    [InlineData(TenderStatus.Unsuccessful)]
    [InlineData(TenderStatus.Abandoned)]
    public void FinalStates_AllowNothing(TenderStatus status)
    {
        Assert.All(Enum.GetValues<TenderTransition>(), t => Assert.NotNull(TenderWorkflow.Check(status, t, true, After, Deadline, "Motif")));
    }

    [Fact]
    public void Sources_AreWhatTheSqlUpdateChecks()
    {
        Assert.Equal([TenderStatus.CommissionDecided], TenderWorkflow.Sources(TenderTransition.Award, formalised: true));
        Assert.Equal([TenderStatus.Evaluated], TenderWorkflow.Sources(TenderTransition.Award, formalised: false));
        Assert.Equal(5, TenderWorkflow.Sources(TenderTransition.Abandon, formalised: true).Count);
    }

    [Theory]
    [InlineData(TenderStatus.Draft, 1, false)]
    [InlineData(TenderStatus.Published, 1, false)]
    [InlineData(TenderStatus.Closed, -1, false)]
    [InlineData(TenderStatus.Closed, 0, true)]
    [InlineData(TenderStatus.Evaluated, 1, true)]
    [InlineData(TenderStatus.Awarded, 1, true)]
    [InlineData(TenderStatus.Abandoned, -1, false)]
    public void Prices_StaySealedUntilTheDeadlineAndTheOpening(TenderStatus status, int secondsAfterDeadline, bool visible)
    {
        Assert.Equal(visible, OfferPeriod.CanSeePrices(status, Deadline.AddSeconds(secondsAfterDeadline), Deadline));
    }

    [Fact]
    public void OfferReceivedAfterTheDeadline_IsLate()
    {
        Assert.False(OfferPeriod.IsLate(Deadline, Deadline));
        Assert.True(OfferPeriod.IsLate(Deadline.AddSeconds(1), Deadline));
        // 16/10/2026 10:00 UTC is 12:00 in Paris (summer time).
        Assert.Equal("reçue le 16/10/2026 12:01, après la date limite du 16/10/2026 12:00 (heure de Paris)", OfferPeriod.LateReason(After, Deadline));
    }
}
