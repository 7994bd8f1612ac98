using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class LargestRemainderTests
{
    private static long[] Allocate(long cents, params (long Id, Fraction Weight)[] weights) =>
        AllocationWeights.FromWeights(weights.Select(w => (w.Id, $"Membre {w.Id}", w.Weight))).Allocate(cents);

    [Fact]
    public void Allocate_EqualWeights_TheLeftOverCentGoesToTheSmallestId()
    {
        // 100 / 3 = 33.33…: floors 33 × 3 = 99, one cent left, three equal remainders and weights: member 1 takes it.
        Assert.Equal([34, 33, 33], Allocate(100, (3, 1), (1, 1), (2, 1)));
    }

    [Fact]
    public void Allocate_EqualRemainders_TheLargerWeightFirst()
    {
        // 2 cents over weights 1 and 3: exact 0.5 and 1.5, floors 0 and 1, remainders both 0.5: the weight 3 wins.
        Assert.Equal([0, 2], Allocate(2, (1, 1), (2, 3)));
        Assert.Equal([0, 2], Allocate(2, (2, 3), (1, 1)));
    }

    [Fact]
    public void Allocate_LargestRemaindersGetTheLeftOverCents()
    {
        // Weights 1/3, 1/7, 1/11 = 77, 33, 21 / 231 (total 131). 1,000 cents: 77,000 / 131 = 587 r 103;
        // 33,000 / 131 = 251 r 119; 21,000 / 131 = 160 r 40. Floors sum to 998: the 2 cents go to r 119 then r 103.
        Assert.Equal([588, 252, 160], Allocate(1000, (1, new Fraction(1, 3)), (2, new Fraction(1, 7)), (3, new Fraction(1, 11))));
    }

    [Fact]
    public void Allocate_NegativeAmount_MirrorsThePositiveOne()
    {
        Assert.Equal([-34, -33, -33], Allocate(-100, (1, 1), (2, 1), (3, 1)));
        Assert.Equal([-588, -252, -160], Allocate(-1000, (1, new Fraction(1, 3)), (2, new Fraction(1, 7)), (3, new Fraction(1, 11))));
    }

    [Theory]
    [InlineData(1, new long[] { 1, 0, 0 })]
    [InlineData(-1, new long[] { -1, 0, 0 })]
    [InlineData(0, new long[] { 0, 0, 0 })]
    [InlineData(2, new long[] { 1, 1, 0 })]
    public void Allocate_FewCents_GoToTheFirstInTieOrder(long cents, long[] expected)
    {
        Assert.Equal(expected, Allocate(cents, (1, 1), (2, 1), (3, 1)));
    }

    [Fact]
    public void Allocate_ZeroWeight_NeverReceivesACent()
    {
        // 3 cents over weights 0, 1, 1: exact 0, 1.5, 1.5: floors 0, 1, 1; the left-over cent goes to member 2 (equal
        // remainders and weights, smaller id), never to member 1 whose remainder is 0 although its id is smaller.
        Assert.Equal([0, 2, 1], Allocate(3, (1, 0), (2, 1), (3, 1)));
    }

    [Fact]
    public void Allocate_AllWeightsZero_IsRefusedInFrench()
    {
        var refused = Assert.Throws<AllocationException>(() => Allocate(100, (1, 0), (2, 0)));
        Assert.Equal([LargestRemainder.AllWeightsZero], refused.Errors);
        Assert.Equal("Toutes les bases de répartition sont nulles : le montant ne peut être réparti entre les membres.", refused.Message);
    }

    [Fact]
    public void Allocate_NoMember_IsRefusedInFrench()
    {
        var refused = Assert.Throws<AllocationException>(() => Allocate(100));
        Assert.Equal([AllocationWeights.NoParticipant], refused.Errors);
    }

    [Fact]
    public void Allocate_AmountTooLargeFor64Bits_IsStillExact()
    {
        // 9,000,000,000,000,000,001 × 3 overflows a long: the BigInteger path gives 3 × 3e18 and the cent to member 1.
        Assert.Equal([3_000_000_000_000_000_001, 3_000_000_000_000_000_000, 3_000_000_000_000_000_000], Allocate(9_000_000_000_000_000_001, (1, 1), (2, 1), (3, 1)));
        Assert.Equal([-3_000_000_000_000_000_001, -3_000_000_000_000_000_000, -3_000_000_000_000_000_000], Allocate(-9_000_000_000_000_000_001, (1, 1), (2, 1), (3, 1)));
    }

    [Fact]
    public void Allocate_HugeDenominators_AreExact()
    {
        // Weights 1/p for three primes near 10^9: the common denominator (~10^27) exceeds 64 bits.
        var p = new long[] { 999_999_937, 999_999_929, 999_999_893 };
        var shares = Allocate(1_000_000, (1, new Fraction(1, p[0])), (2, new Fraction(1, p[1])), (3, new Fraction(1, p[2])));

        // The three weights are within 5·10^-8 of each other: 333,333.33… each; the larger weight (smaller p) wins the cent.
        Assert.Equal([333_333, 333_333, 333_334], shares);
    }

    [Fact]
    public void FromWeights_RepeatedMember_IsRefused()
    {
        var refused = Assert.Throws<AllocationException>(() => Allocate(100, (1, 1), (1, 2)));
        Assert.Equal(["Le membre « Membre 1 » figure deux fois parmi les participants."], refused.Errors);
    }

    [Fact]
    public void FromWeights_NegativeWeight_IsRefused()
    {
        Assert.Throws<AllocationException>(() => Allocate(100, (1, 1), (2, -1)));
    }
}
