using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class LotScoringTests
{
    // Price 40, technical 50 (T1 30, T2 20, each out of 20), environment 10; Nmax 20.
    private static readonly AwardCriteria Criteria = CriteriaRulesTests.Criteria();

    private static OfferForScoring Offer(long id, string supplier, decimal euros, decimal t1, decimal t2, decimal env, string? late = null, AbnormallyLowDecision? low = null) =>
        new(id, supplier, Money.Money.FromEuros(euros), new Dictionary<string, decimal> { ["T1"] = t1, ["T2"] = t2, ["ENV"] = env }, late, low);

    private static readonly OfferForScoring[] ThreeOffers =
    [
        Offer(1, "Alpha", 100_000m, 10m, 10m, 10m),
        Offer(2, "Bravo", 110_000m, 20m, 15m, 20m),
        Offer(3, "Charlie", 125_000m, 20m, 20m, 20m),
    ];

    private static ScoredOffer Of(LotScore score, long id) => score.Offers.Single(o => o.Offer.OfferId == id);

    [Fact]
    public void Proportional_ScoresAndRanks_AsComputedByHand()
    {
        var score = LotScoring.Score(Criteria, ThreeOffers);

        Assert.Empty(score.Errors);
        // Price: Alpha 20 × 100,000 / 100,000 = 20; Bravo 20 × 100,000 / 110,000 = 200/11; Charlie 20 × 100,000 / 125,000 = 16.
        Assert.Equal(new Fraction(20, 1), Of(score, 1).PriceScore);
        Assert.Equal(new Fraction(200, 11), Of(score, 2).PriceScore);
        Assert.Equal(new Fraction(16, 1), Of(score, 3).PriceScore);
        // Totals = Σ weight × score / 20:
        // Alpha 40×20/20 + 30×10/20 + 20×10/20 + 10×10/20 = 40 + 15 + 10 + 5 = 70
        // Bravo 40×(200/11)/20 + 30 + 15 + 10 = 400/11 + 55 = 1005/11 ≈ 91.36
        // Charlie 40×16/20 + 30 + 20 + 10 = 92
        Assert.Equal(new Fraction(70, 1), Of(score, 1).Total);
        Assert.Equal(new Fraction(1005, 11), Of(score, 2).Total);
        Assert.Equal(new Fraction(92, 1), Of(score, 3).Total);
        Assert.Equal([3L, 2L, 1L], score.Ranked.Select(o => o.Offer.OfferId));
        Assert.Equal([1, 2, 3], score.Ranked.Select(o => o.Rank!.Value));
        Assert.All(score.Offers, o => Assert.False(o.Tied));
        Assert.Equal("91,36", ScoreDisplay.Format(Of(score, 2).Total!.Value));
        Assert.Equal(["PRIX", "T1", "T2", "ENV"], Of(score, 2).Scores.Select(s => s.Item.Code));
        Assert.Equal(new Fraction(400, 11), Of(score, 2).Scores[0].Weighted);
    }

    [Fact]
    public void Linear_ScoresAndRanks_AsComputedByHand()
    {
        var score = LotScoring.Score(Criteria with { Formula = PriceFormula.Linear }, ThreeOffers);

        // Pmin 100,000, Pmax 125,000: Alpha 20; Bravo 20 × 15,000 / 25,000 = 12; Charlie 0.
        Assert.Equal(new Fraction(20, 1), Of(score, 1).PriceScore);
        Assert.Equal(new Fraction(12, 1), Of(score, 2).PriceScore);
        Assert.Equal(Fraction.Zero, Of(score, 3).PriceScore);
        // Alpha 40 + 30 = 70; Bravo 24 + 55 = 79; Charlie 0 + 60 = 60.
        Assert.Equal(new Fraction(70, 1), Of(score, 1).Total);
        Assert.Equal(new Fraction(79, 1), Of(score, 2).Total);
        Assert.Equal(new Fraction(60, 1), Of(score, 3).Total);
        Assert.Equal([2L, 1L, 3L], score.Ranked.Select(o => o.Offer.OfferId));
    }

    [Theory]
    [InlineData(PriceFormula.Proportional)]
    [InlineData(PriceFormula.Linear)]
    public void SingleOffer_GetsTheMaximumPriceScore(PriceFormula formula)
    {
        var score = LotScoring.Score(Criteria with { Formula = formula }, [ThreeOffers[2]]);

        Assert.Equal(new Fraction(20, 1), Of(score, 3).PriceScore);
        Assert.Equal(1, Of(score, 3).Rank);
    }

    [Theory]
    [InlineData(PriceFormula.Proportional)]
    [InlineData(PriceFormula.Linear)]
    public void EqualPrices_AllGetTheMaximumPriceScore(PriceFormula formula)
    {
        var score = LotScoring.Score(Criteria with { Formula = formula }, [Offer(1, "Alpha", 90_000m, 1m, 1m, 1m), Offer(2, "Bravo", 90_000m, 2m, 2m, 2m)]);

        Assert.All(score.Offers, o => Assert.Equal(new Fraction(20, 1), o.PriceScore));
        Assert.Equal([2L, 1L], score.Ranked.Select(o => o.Offer.OfferId));
    }

    // Price 40 (Nmax 20), technical 60 = T1 20 (out of 10) + T2 40 (out of 20): totals 40 × price / 20 + 2 × T1 + 2 × T2.
    private static readonly AwardCriteria TieCriteria = new(
        [
            new Criterion("PRIX", "Prix", CriterionKind.Price, 40, []),
            new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 60, [new SubCriterion("T1", "Méthodologie", 20, 10m), new SubCriterion("T2", "Moyens", 40, 20m)]),
        ],
        PriceFormula.Proportional,
        20m);

    private static OfferForScoring TieOffer(long id, string supplier, decimal euros, decimal t1, decimal t2, string? late = null) =>
        new(id, supplier, Money.Money.FromEuros(euros), new Dictionary<string, decimal> { ["T1"] = t1, ["T2"] = t2 }, late);

    // Alpha: 40 + 2×5 + 2×10 = 70. Bravo (125,000: price 16): 32 + 2×7 + 2×12 = 70. Delta came late and is cheaper.
    private static readonly OfferForScoring[] TiedOffers =
    [
        TieOffer(1, "Alpha", 100_000m, 5m, 10m),
        TieOffer(2, "Bravo", 125_000m, 7m, 12m),
        TieOffer(4, "Delta", 50_000m, 10m, 20m, late: "reçue le 16/10/2026 12:01, après la date limite du 16/10/2026 12:00 (heure de Paris)"),
    ];

    [Fact]
    public void EqualExactTotals_ShareTheRank_AndAreFlagged()
    {
        var score = LotScoring.Score(TieCriteria, TiedOffers);

        Assert.Empty(score.Errors);
        Assert.Equal(new Fraction(70, 1), Of(score, 1).Total);
        Assert.Equal(new Fraction(70, 1), Of(score, 2).Total);
        Assert.Equal(1, Of(score, 1).Rank);
        Assert.Equal(1, Of(score, 2).Rank);
        Assert.True(Of(score, 1).Tied);
        Assert.True(Of(score, 2).Tied);
        Assert.True(score.HasUnsettledTie);
        // Alpha (100,000 €) is exactly 20 % below Bravo (125,000 €), the only other offer received in time: not flagged.
        Assert.False(Of(score, 1).AbnormallyLowFlag);
    }

    [Fact]
    public void LateOffer_IsExcludedWithItsReason_AndDoesNotSetPmin()
    {
        var score = LotScoring.Score(TieCriteria, TiedOffers);

        var late = Of(score, 4);
        Assert.Null(late.Rank);
        Assert.Null(late.Total);
        Assert.Equal("Offre hors délai : reçue le 16/10/2026 12:01, après la date limite du 16/10/2026 12:00 (heure de Paris)", late.ExclusionReason);
        Assert.Equal(new Fraction(20, 1), Of(score, 1).PriceScore);
        Assert.Equal(2, score.Ranked.Count());
    }

    [Fact]
    public void TieSettlement_PutsTheOfficersChoiceFirst_WithTheReason()
    {
        var settlement = new TieSettlement(2, "Meilleure note sur le critère technique, pondéré le plus fortement.");
        var score = LotScoring.Score(TieCriteria, TiedOffers, [settlement]);

        Assert.Empty(score.Errors);
        Assert.Equal(1, Of(score, 2).Rank);
        Assert.Equal(2, Of(score, 1).Rank);
        Assert.True(Of(score, 1).Tied);
        Assert.Equal(settlement, Of(score, 1).Settlement);
        Assert.Equal(settlement, Of(score, 2).Settlement);
        Assert.False(score.HasUnsettledTie);
    }

    [Fact]
    public void TieSettlement_WithoutReason_OrOnAnUntiedOffer_IsRefused()
    {
        var noReason = LotScoring.Score(TieCriteria, TiedOffers, [new TieSettlement(2, " ")]);
        Assert.Equal(LotScoring.TieReasonMissingMessage, Assert.Single(noReason.Errors));
        Assert.Equal(1, Of(noReason, 1).Rank);
        Assert.Equal(1, Of(noReason, 2).Rank);

        var untied = LotScoring.Score(Criteria, ThreeOffers, [new TieSettlement(3, "Choix")]);
        Assert.Equal(LotScoring.NotTiedMessage, Assert.Single(untied.Errors));
    }

    [Fact]
    public void TieOfThree_SettledTwice_GivesOneTwoThree()
    {
        // Three offers at 70: Alpha and Bravo as above, Echo at 100,000 € with T1 5, T2 10.
        OfferForScoring[] offers = [TiedOffers[0], TiedOffers[1], TieOffer(5, "Echo", 100_000m, 5m, 10m)];
        Assert.Equal([1, 1, 1], LotScoring.Score(TieCriteria, offers).Offers.Select(o => o.Rank!.Value));

        var once = LotScoring.Score(TieCriteria, offers, [new TieSettlement(5, "Délais plus courts.")]);
        Assert.Equal([2, 2, 1], once.Offers.Select(o => o.Rank!.Value));
        Assert.True(once.HasUnsettledTie);
        Assert.Equal(5, once.ProposedAwardee!.Offer.OfferId);

        var twice = LotScoring.Score(TieCriteria, offers, [new TieSettlement(5, "Délais plus courts."), new TieSettlement(1, "Meilleure méthodologie.")]);
        Assert.Empty(twice.Errors);
        Assert.Equal([2, 3, 1], twice.Offers.Select(o => o.Rank!.Value));
        Assert.False(twice.HasUnsettledTie);

        // The same tie cannot be settled twice: Echo is no longer tied.
        var again = LotScoring.Score(TieCriteria, offers, [new TieSettlement(5, "Délais plus courts."), new TieSettlement(5, "Encore.")]);
        Assert.Equal(LotScoring.NotTiedMessage, Assert.Single(again.Errors));
        Assert.Equal([2, 2, 1], again.Offers.Select(o => o.Rank!.Value));
    }

    [Fact]
    public void Evaluation_IsComplete_OnceTheFirstPlaceIsSingle_AndEveryFlagDecided()
    {
        Assert.False(LotScoring.Score(TieCriteria, TiedOffers).IsComplete);
        Assert.Null(LotScoring.Score(TieCriteria, TiedOffers).ProposedAwardee);
        Assert.True(LotScoring.Score(TieCriteria, TiedOffers, [new TieSettlement(1, "Meilleure méthodologie.")]).IsComplete);

        Assert.False(LotScoring.Score(TieCriteria, LowOffers(null)).IsComplete);
        Assert.True(LotScoring.Score(TieCriteria, LowOffers(new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Justifié."))).IsComplete);
        Assert.True(LotScoring.Score(TieCriteria, LowOffers(new AbnormallyLowDecision(AbnormallyLowOutcome.Rejected, "Non justifié."))).IsComplete);
        Assert.Equal(3, LotScoring.Score(TieCriteria, LowOffers(new AbnormallyLowDecision(AbnormallyLowOutcome.Rejected, "Non justifié."))).ProposedAwardee!.Offer.OfferId);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(10, null)]
    [InlineData(10.01, "La note de l'offre de Alpha pour « Méthodologie » doit être comprise entre 0 et 10,00.")]
    [InlineData(-0.01, "La note de l'offre de Alpha pour « Méthodologie » doit être comprise entre 0 et 10,00.")]
    public void SubCriterionScore_FromZeroToItsMaximum(double t1, string? error)
    {
        var score = LotScoring.Score(TieCriteria, [TieOffer(1, "Alpha", 100_000m, (decimal)t1, 10m)]);

        Assert.Equal(error, score.Errors.SingleOrDefault());
        Assert.Equal(error is null, Of(score, 1).Rank == 1);
    }

    [Fact]
    public void MissingScore_IsReported_AndTheOfferIsNotRanked()
    {
        var offer = new OfferForScoring(1, "Alpha", Money.Money.FromEuros(1_000m), new Dictionary<string, decimal> { ["T1"] = 5m });
        var score = LotScoring.Score(TieCriteria, [offer]);

        Assert.Equal("L'offre de Alpha n'a pas de note pour « Moyens ».", Assert.Single(score.Errors));
        Assert.Null(Of(score, 1).Rank);
    }

    // Alpha at 79,000 € is more than 20 % below the mean of the others (100,000 €, 80 % = 80,000 €).
    private static OfferForScoring[] LowOffers(AbnormallyLowDecision? decision) =>
    [
        TieOffer(1, "Alpha", 79_000m, 5m, 10m) with { AbnormallyLowDecision = decision },
        TieOffer(2, "Bravo", 100_000m, 5m, 10m),
        TieOffer(3, "Charlie", 100_000m, 6m, 10m),
    ];

    [Fact]
    public void AbnormallyLowOffer_IsFlagged_ButStillRanked_UntilTheOfficerDecides()
    {
        var score = LotScoring.Score(TieCriteria, LowOffers(null));

        Assert.True(Of(score, 1).AbnormallyLowFlag);
        Assert.True(Of(score, 1).AbnormallyLowPending);
        Assert.False(Of(score, 2).AbnormallyLowFlag);
        Assert.Equal(1, Of(score, 1).Rank);
    }

    [Fact]
    public void AbnormallyLowOffer_Kept_IsScored_Rejected_IsExcludedWithTheJustification()
    {
        var kept = LotScoring.Score(TieCriteria, LowOffers(new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Prix justifié par un réseau déjà déployé.")));
        Assert.False(Of(kept, 1).AbnormallyLowPending);
        Assert.Null(Of(kept, 1).ExclusionReason);
        // Bravo: 40 × (20 × 79,000 / 100,000) / 20 = 31.6, + 10 + 20 = 61.6.
        Assert.Equal(new Fraction(308, 5), Of(kept, 2).Total);

        var rejected = LotScoring.Score(TieCriteria, LowOffers(new AbnormallyLowDecision(AbnormallyLowOutcome.Rejected, "Justification insuffisante des coûts salariaux.")));
        Assert.Null(Of(rejected, 1).Rank);
        Assert.Equal("Offre anormalement basse rejetée : Justification insuffisante des coûts salariaux.", Of(rejected, 1).ExclusionReason);
        // Pmin is now 100,000: Bravo 40 + 10 + 20 = 70, Charlie 40 + 12 + 20 = 72.
        Assert.Equal(new Fraction(70, 1), Of(rejected, 2).Total);
        Assert.Equal(new Fraction(72, 1), Of(rejected, 3).Total);
        Assert.Equal([3L, 2L], rejected.Ranked.Select(o => o.Offer.OfferId));
    }

    [Fact]
    public void Simulator_RanksTheSameOffersUnderBothFormulas_AndShowsTheChanges()
    {
        var rows = PriceFormulaSimulator.Compare(Criteria, ThreeOffers);

        // Proportional: Charlie 92, Bravo 91.36, Alpha 70. Linear: Bravo 79, Alpha 70, Charlie 60.
        Assert.Equal([(3, 2), (2, 1), (1, 3)], rows.Select(r => (r.ProportionalRank!.Value, r.LinearRank!.Value)));
        Assert.All(rows, r => Assert.True(r.RankChanged));
        Assert.Equal(new Fraction(1005, 11), rows[1].ProportionalTotal);
        Assert.Equal(new Fraction(79, 1), rows[1].LinearTotal);
    }

    [Fact]
    public void Simulator_SameRanks_AreNotChanges()
    {
        var rows = PriceFormulaSimulator.Compare(TieCriteria, [TieOffer(1, "Alpha", 100_000m, 10m, 20m), TieOffer(2, "Bravo", 120_000m, 1m, 1m)]);

        Assert.All(rows, r => Assert.False(r.RankChanged));
        Assert.Equal([1, 2], rows.Select(r => r.LinearRank!.Value));
    }

    [Theory]
    [InlineData(PriceFormula.Proportional)]
    [InlineData(PriceFormula.Linear)]
    public void ScoreAndCompare_EqualsTheSeparateScorings_WithAndWithoutASettledTie(PriceFormula formula)
    {
        var criteria = TieCriteria with { Formula = formula };
        // Alpha and Bravo tie exactly (same price, same scores) under both formulas; Charlie is dearer.
        IReadOnlyList<OfferForScoring> offers = [TieOffer(1, "Alpha", 100_000m, 10m, 20m), TieOffer(2, "Bravo", 100_000m, 10m, 20m), TieOffer(3, "Charlie", 110_000m, 10m, 20m)];
        foreach (IReadOnlyList<TieSettlement>? settlements in new IReadOnlyList<TieSettlement>?[] { null, [], [new TieSettlement(2, "Délai de livraison plus court.")] })
        {
            var (announced, simulation) = PriceFormulaSimulator.ScoreAndCompare(criteria, offers, settlements);

            var expected = LotScoring.Score(criteria, offers, settlements);
            Assert.Equal(expected.Offers.Select(o => (o.Offer.OfferId, o.Total, o.Rank, o.Tied)), announced.Offers.Select(o => (o.Offer.OfferId, o.Total, o.Rank, o.Tied)));
            Assert.Equal(expected.Errors, announced.Errors);
            Assert.Equal(PriceFormulaSimulator.Compare(criteria, offers), simulation);
            // The simulator leaves the tie unsettled: both tied offers first under either formula.
            Assert.Equal([1, 1, 3], simulation.Select(r => r.ProportionalRank!.Value));
            Assert.Equal([1, 1, 3], simulation.Select(r => r.LinearRank!.Value));
        }

        var settled = PriceFormulaSimulator.ScoreAndCompare(criteria, offers, [new TieSettlement(2, "Délai de livraison plus court.")]).Announced;
        Assert.Equal([2, 1, 3], settled.Offers.Select(o => o.Rank!.Value));
    }

    [Theory]
    [InlineData(13.3349, "13,33")]
    [InlineData(13.335, "13,34")]
    [InlineData(70, "70,00")]
    public void Display_RoundsToTwoDecimals_HalfAwayFromZero(double value, string expected)
    {
        Assert.Equal(expected, ScoreDisplay.Format((decimal)value));
    }

    [Fact]
    public void RankingUsesExactValues_NotTheDisplayedOnes()
    {
        // Alpha 40 + 2×T1 + 2×T2 = 40 + 2×5 + 2×10.005 = 70.01; Bravo (price 16) 32 + 2×7 + 2×12.0025 = 70.005:
        // both show 70,01 but Alpha is ahead and there is no tie.
        var score = LotScoring.Score(TieCriteria, [TieOffer(1, "Alpha", 100_000m, 5m, 10.005m), TieOffer(2, "Bravo", 125_000m, 7m, 12.0025m)]);

        Assert.Equal("70,01", ScoreDisplay.Format(Of(score, 1).Total!.Value));
        Assert.Equal("70,01", ScoreDisplay.Format(Of(score, 2).Total!.Value));
        Assert.Equal(1, Of(score, 1).Rank);
        Assert.Equal(2, Of(score, 2).Rank);
        Assert.False(Of(score, 1).Tied);
    }
}
