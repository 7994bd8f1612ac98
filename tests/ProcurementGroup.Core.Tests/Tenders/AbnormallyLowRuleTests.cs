using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class AbnormallyLowRuleTests
{
    private static Money.Money Euros(decimal euros) => Money.Money.FromEuros(euros);

    [Theory]
    // Others: 100,000 € and 100,000 €, mean 100,000 €; 20 % below is 80,000 €.
    [InlineData(80_000.00, false)]
    [InlineData(79_999.99, true)]
    [InlineData(90_000.00, false)]
    public void Default_FlagsMoreThanTwentyPercentBelowTheMeanOfTheOthers(double offer, bool flagged)
    {
        Assert.Equal(flagged, new AbnormallyLowRule().IsFlagged(Euros((decimal)offer), [Euros(100_000m), Euros(100_000m)]));
    }

    [Fact]
    public void MeanOfTheOthers_IsExact()
    {
        // Others 100,000.01 € and 100,000.00 €: mean 100,000.005 €, 80 % = 80,000.004 €: 80,000.00 € is below, flagged.
        Assert.True(new AbnormallyLowRule().IsFlagged(Euros(80_000m), [Euros(100_000.01m), Euros(100_000m)]));
        Assert.False(new AbnormallyLowRule().IsFlagged(Euros(80_000.01m), [Euros(100_000.01m), Euros(100_000m)]));
    }

    [Theory]
    [InlineData(70_000.00, false)]
    [InlineData(69_999.99, true)]
    public void Percentage_IsConfigurable(double offer, bool flagged)
    {
        Assert.Equal(flagged, new AbnormallyLowRule(30).IsFlagged(Euros((decimal)offer), [Euros(100_000m)]));
    }

    [Fact]
    public void SingleOffer_IsNeverFlagged()
    {
        Assert.Equal([false], new AbnormallyLowRule().Flags([Euros(1m)]));
    }

    [Fact]
    public void Flags_CompareEachOfferWithTheOthers()
    {
        // 50,000 vs mean(100,000; 110,000) = 105,000 × 0.8 = 84,000: flagged; 100,000 vs mean(50,000; 110,000) = 80,000: not.
        Assert.Equal([true, false, false], new AbnormallyLowRule().Flags([Euros(50_000m), Euros(100_000m), Euros(110_000m)]));
    }

    [Theory]
    // Flags takes the lot's sum once, each offer's others being the sum minus itself: the boundary is the same as
    // IsFlagged's. Others of the first offer: 100,000.01 € and 100,000.00 €, 80 % of their mean = 80,000.004 €.
    [InlineData(80_000.00, true)]
    [InlineData(80_000.01, false)]
    public void Flags_OfTheLot_KeepTheExactBoundaryOfTheMeanOfTheOthers(double first, bool flagged)
    {
        Assert.Equal([flagged, false, false], new AbnormallyLowRule().Flags([Euros((decimal)first), Euros(100_000.01m), Euros(100_000m)]));
    }

    [Fact]
    public void Flags_OfTwoOffers_CompareEachWithTheOther()
    {
        // 80,000 is exactly 20 % below 100,000: not flagged; 79,999.99 is more: flagged. The dearer is never flagged.
        Assert.Equal([false, false], new AbnormallyLowRule().Flags([Euros(80_000m), Euros(100_000m)]));
        Assert.Equal([true, false], new AbnormallyLowRule().Flags([Euros(79_999.99m), Euros(100_000m)]));
    }

    [Fact]
    public void Flags_OfNoOffer_IsEmpty()
    {
        Assert.Empty(new AbnormallyLowRule().Flags([]));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(99, true)]
    [InlineData(100, false)]
    public void Percent_FromOneToNinetyNine(int percent, bool valid)
    {
        Assert.Equal(valid, AbnormallyLowRule.IsValidPercent(percent));
    }

    [Fact]
    public void Decision_NeedsAJustification_AndAFlaggedOffer()
    {
        Assert.Equal(AbnormallyLowRule.JustificationMissingMessage, AbnormallyLowRule.CheckDecision(true, new AbnormallyLowDecision(AbnormallyLowOutcome.Rejected, "  ")));
        Assert.Equal(AbnormallyLowRule.NotFlaggedMessage, AbnormallyLowRule.CheckDecision(false, new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Justifié")));
        Assert.Null(AbnormallyLowRule.CheckDecision(true, new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Sous-traitance justifiée par devis.")));
    }
}
