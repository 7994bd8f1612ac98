using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Allocation;

/// <summary>
/// A run rectified more than once: each rectification carries the differences against the latest state (the original
/// plus the rectifications issued before it), so that the chain always adds up to the last correction.
/// </summary>
public sealed class RectificationChainTests
{
    private static readonly CoordinationFee Fee = new(CoordinationFeeKind.Percent, 200, 2000);

    private static AllocationWeights Weights(long amiens, long vimeu) =>
        AllocationWeights.FromWeights([(1L, "Amiens", (Fraction)amiens), (2L, "Vimeu", (Fraction)vimeu)]);

    /// <summary>The hub (cost line 11), 100,00 € HT at 20 %, between Amiens and Vimeu on the given weights.</summary>
    private static AllocationRun Hub(long amiens, long vimeu, CoordinationFee? fee = null) =>
        AllocationRun.Compute([new CostLine(11, "Hub", new Money.Money(10_000), 2000, Weights(amiens, vimeu))], fee);

    private static List<(long Member, long? Line, long Ht, long Vat)> NonZero(IEnumerable<IssuedShare> shares) =>
        shares.Where(s => s.Ht.Cents != 0 || s.Vat.Cents != 0).OrderBy(s => s.MemberId).ThenBy(s => s.CostLineId ?? long.MaxValue)
            .Select(s => (s.MemberId, s.CostLineId, s.Ht.Cents, s.Vat.Cents)).ToList();

    [Fact]
    public void SecondRectification_CarriesTheDifferenceAgainstTheFirst_AndCreditsTheMemberWhoseShareDropsNow()
    {
        var original = IssuedShare.Of(Hub(1, 1)).ToList();

        // First correction: population 1,000 / 3,000. Amiens 50 → 25 € HT (avoir of 30 € TTC), Vimeu 50 → 75 €.
        var first = Rectification.Compute(original, [], Hub(1000, 3000));
        Assert.Equal([(1L, -3000L, true), (2L, 3000L, false)], first.Members.Select(m => (m.MemberId, m.Ttc.Cents, m.IsCredit)));

        // Second correction: weights 2 / 3, i.e. 40 / 60 € HT. Against the latest state (25 / 75) Amiens owes 15 € HT more and
        // Vimeu gets an avoir of 15 € HT + 3 € VAT; against the original alone it would have been −10 / +10.
        var second = Rectification.Compute(original, [IssuedShare.Of(first)], Hub(2, 3));

        Assert.Equal([(1L, (long?)11, 1500L, 300L), (2L, 11, -1500L, -300L)], second.Lines.Select(l => (l.MemberId, l.CostLineId, l.Ht.Cents, l.Vat.Cents)));
        Assert.Equal([(1L, 1800L, false), (2L, -1800L, true)], second.Members.Select(m => (m.MemberId, m.Ttc.Cents, m.IsCredit)));
    }

    [Fact]
    public void Chain_OriginalPlusEveryRectification_AddsUpToTheLastCorrection_FeeIncluded()
    {
        var original = IssuedShare.Of(Hub(1, 1, Fee)).ToList();
        var issued = new List<IReadOnlyList<IssuedShare>>();
        var corrections = new[] { Hub(1000, 3000, Fee), Hub(2, 3, Fee), Hub(7, 3, Fee), Hub(1, 1, Fee) };

        foreach (var corrected in corrections)
        {
            var rectifying = Rectification.Compute(original, issued, corrected);
            issued.Add(IssuedShare.Of(rectifying).ToList());

            Assert.Equal(NonZero(IssuedShare.Of(corrected)), NonZero(Rectification.Latest(original, issued)));
        }

        // Back to equal shares: the four rectifications cancel out, member by member and line by line.
        Assert.All(
            issued.SelectMany(r => r).GroupBy(s => (s.MemberId, s.CostLineId)),
            g => Assert.Equal((0L, 0L), (g.Sum(s => s.Ht.Cents), g.Sum(s => s.Vat.Cents))));
    }

    [Fact]
    public void Correction_EqualToTheLatestState_HasNoDifference_EvenThoughItDiffersFromTheOriginal()
    {
        var original = IssuedShare.Of(Hub(1, 1)).ToList();
        var first = IssuedShare.Of(Rectification.Compute(original, [], Hub(1000, 3000))).ToList();

        var again = Rectification.Compute(original, [first], Hub(1000, 3000));

        Assert.Empty(again.Lines);
        Assert.Empty(again.Members);
        Assert.NotEmpty(Rectification.Compute(original, Hub(1000, 3000)).Lines);
    }

    [Fact]
    public void Correction_BackToTheOriginal_IsTheFirstRectificationReversed()
    {
        var original = IssuedShare.Of(Hub(1, 1)).ToList();
        var first = Rectification.Compute(original, [], Hub(1000, 3000));

        var back = Rectification.Compute(original, [IssuedShare.Of(first)], Hub(1, 1));

        Assert.Equal(first.Lines.Select(l => (l.MemberId, l.CostLineId, -l.Ht.Cents, -l.Vat.Cents)), back.Lines.Select(l => (l.MemberId, l.CostLineId, l.Ht.Cents, l.Vat.Cents)));
        Assert.Equal([(1L, false), (2L, true)], back.Members.Select(m => (m.MemberId, m.IsCredit)));
    }

    [Fact]
    public void Latest_DoesNotDependOnTheOrderOfTheRectifications_AndKeepsAPairThatCancelsAtZero()
    {
        var original = IssuedShare.Of(Hub(1, 1)).ToList();
        var first = IssuedShare.Of(Rectification.Compute(original, [], Hub(1000, 3000))).ToList();
        var second = IssuedShare.Of(Rectification.Compute(original, [first], Hub(0, 1))).ToList();

        var forward = Rectification.Latest(original, [first, second]);
        var backward = Rectification.Latest(original, [second, first]);

        Assert.Equal(forward, backward);
        // Amiens no longer shares the hub: its line is kept at zero, Vimeu carries the whole invoice (no fee: zero fee lines).
        Assert.Equal(
            [(1L, (long?)11, 0L, 0L), (1L, null, 0L, 0L), (2L, 11, 10_000L, 2000L), (2L, null, 0L, 0L)],
            forward.Select(s => (s.MemberId, s.CostLineId, s.Ht.Cents, s.Vat.Cents)));
    }

    [Fact]
    public void Chain_AMemberAddedByARectification_IsPartOfTheLatestState()
    {
        var original = IssuedShare.Of(Hub(1, 1)).ToList();
        var three = AllocationRun.Compute([new CostLine(11, "Hub", new Money.Money(10_000), 2000,
            AllocationWeights.FromWeights([(1L, "Amiens", (Fraction)1), (2L, "Vimeu", (Fraction)1), (3L, "Abbeville", (Fraction)2)]))]);
        var first = IssuedShare.Of(Rectification.Compute(original, [], three)).ToList();

        var latest = Rectification.Latest(original, [first]);

        Assert.Equal([(1L, 2500L), (2L, 2500L), (3L, 5000L)], latest.Where(s => s.CostLineId == 11).Select(s => (s.MemberId, s.Ht.Cents)));
        Assert.Empty(Rectification.Compute(original, [first], three).Lines);
    }
}
