using System.Globalization;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

/// <summary>The one rule for a typed technical score: [0, the sub-criterion's maximum], 4 decimals at most, justified.</summary>
public sealed class TechnicalScoreTests
{
    // A technical sub-criterion of weight 30 scored out of 7.5.
    private static readonly ScoredItem Item = new("T1", "Qualité du support", CriterionKind.Technical, 30, 7.5m);

    private static readonly string RangeMessage = LotScoring.ScoreRangeMessage("Alpha", Item);

    [Theory]
    [InlineData("0", 0L, null)]
    [InlineData("7.5", 75_000L, null)]
    [InlineData("7.4999", 74_999L, null)]
    [InlineData("0.0001", 1L, null)]
    [InlineData("7.5001", 0L, "range")]
    [InlineData("-0.0001", 0L, "range")]
    [InlineData("-1", 0L, "range")]
    [InlineData("7.49999", 0L, "decimals")]
    [InlineData("0.00001", 0L, "decimals")]
    public void Check_ScoreWithinZeroAndTheMaximum_AtMostFourDecimals(string typed, long scaled, string? error)
    {
        var check = TechnicalScore.Check(decimal.Parse(typed, CultureInfo.InvariantCulture), Item, "Alpha", "Mémoire technique complet.");

        Assert.Equal(scaled, check.Scaled);
        Assert.Equal(error switch { "range" => RangeMessage, "decimals" => TenderScore.TooManyDecimalsMessage, _ => null }, check.ScoreError);
        Assert.Null(check.JustificationError);
        Assert.Equal(error is null, check.IsValid);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("Bon", true)]
    public void Check_AScoreNeedsAWrittenJustification(string? justification, bool valid)
    {
        var check = TechnicalScore.Check(5m, Item, "Alpha", justification);

        Assert.Null(check.ScoreError);
        Assert.Equal(valid ? null : TechnicalScore.JustificationMessage, check.JustificationError);
        Assert.Equal(valid, check.IsValid);
    }

    [Fact]
    public void Check_JustificationAtTheMaximumLengthIsKeptTrimmed_OneMoreIsRefused()
    {
        var longest = new string('x', TechnicalScore.JustificationMaxLength);

        var kept = TechnicalScore.Check(5m, Item, "Alpha", "  " + longest + "  ");
        var refused = TechnicalScore.Check(5m, Item, "Alpha", longest + "x");

        Assert.True(kept.IsValid);
        Assert.Equal(longest, kept.Justification);
        Assert.Equal(TechnicalScore.JustificationMessage, refused.JustificationError);
    }

    [Fact]
    public void LotScoring_RefusesAStoredScoreAboveTheMaximum_WithTheSameMessage()
    {
        var criteria = new AwardCriteria(
            [new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []), new Criterion("T1", "Qualité du support", CriterionKind.Technical, 40, [])],
            PriceFormula.Proportional,
            7.5m);
        var offer = new OfferForScoring(1, "Alpha", Money.Money.FromEuros(1_000m), new Dictionary<string, decimal> { ["T1"] = 7.5001m }, null, null);

        var score = LotScoring.Score(criteria, [offer]);

        Assert.Equal([LotScoring.ScoreRangeMessage("Alpha", criteria.ScoredItems().Single(i => i.Code == "T1"))], score.Errors);
    }
}
