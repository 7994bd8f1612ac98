using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class ProRataTests
{
    // First quarter 2026: 31 + 28 + 31 = 90 days.
    private static readonly AllocationPeriod Quarter = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));

    private static Adhesion Adhesion(string joined, string? left = null) => new()
    {
        MemberId = 1,
        PurchasingGroupId = 1,
        JoinedOn = DateOnly.Parse(joined, System.Globalization.CultureInfo.InvariantCulture),
        LeftOn = left is null ? null : DateOnly.Parse(left, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Period_CountsBothEnds()
    {
        Assert.Equal(90, Quarter.Days);
        Assert.Equal(1, new AllocationPeriod(new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 4)).Days);
    }

    [Theory]
    [InlineData("2020-01-01", null, 90)] // throughout
    [InlineData("2026-01-01", null, 90)] // joined on the first day
    [InlineData("2026-02-15", null, 45)] // joined mid-period: 14 days of February + 31 of March
    [InlineData("2026-03-31", null, 1)] // joined on the last day
    [InlineData("2026-04-01", null, 0)] // joined after the period
    [InlineData("2020-01-01", "2026-02-01", 31)] // left mid-period: active up to 31 January (the member has left on LeftOn)
    [InlineData("2020-01-01", "2026-01-02", 1)] // left on the second day: only the first day
    [InlineData("2020-01-01", "2026-01-01", 0)] // left on the first day
    [InlineData("2020-01-01", "2026-04-01", 90)] // left the day after the period
    [InlineData("2026-02-01", "2026-03-01", 28)] // joined and left within the period: February
    public void DaysOfAdhesion_InTheQuarter(string joined, string? left, int days)
    {
        Assert.Equal(days, ProRata.DaysOfAdhesion(Quarter, [Adhesion(joined, left)]));
    }

    [Theory]
    [InlineData(2028, 29, 15)] // leap year: 15 to 29 February
    [InlineData(2027, 28, 14)] // common year: 15 to 28 February
    public void DaysOfAdhesion_February_LeapYear(int year, int periodDays, int days)
    {
        var february = new AllocationPeriod(new DateOnly(year, 2, 1), new DateOnly(year, 3, 1).AddDays(-1));

        Assert.Equal(periodDays, february.Days);
        Assert.Equal(days, ProRata.DaysOfAdhesion(february, [Adhesion($"{year}-02-15")]));
    }

    [Fact]
    public void DaysOfAdhesion_LeftAndJoinedAgain_AddsBothPeriods()
    {
        // 1 to 10 January, then from 1 March: 10 + 31 days.
        Assert.Equal(41, ProRata.DaysOfAdhesion(Quarter, [Adhesion("2025-06-01", "2026-01-11"), Adhesion("2026-03-01")]));
    }

    [Fact]
    public void DaysOfAdhesion_PeriodEndingBeforeItStarts_IsRefused()
    {
        var refused = Assert.Throws<AllocationException>(() => ProRata.DaysOfAdhesion(new AllocationPeriod(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 31)), []));
        Assert.Equal([AllocationPeriod.EndBeforeStart], refused.Errors);
    }

    [Fact]
    public void Allocate_MemberJoinedMidPeriod_SharesProRataOfItsDays()
    {
        // Equal shares; Vimeu joined on 15 February: 45 / 90 days, weight 1/2 against Amiens's 1: 600 and 300 of 900.
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Equal),
            [new Participant(1, "Amiens"), new Participant(2, "Vimeu") { Adhesions = [Adhesion("2026-02-15")] }],
            Quarter);

        Assert.Equal([600, 300], weights.Allocate(900));
        Assert.Null(weights.Members[0].DaysOfAdhesion);
        Assert.Equal(45, weights.Members[1].DaysOfAdhesion);
    }

    [Fact]
    public void Allocate_MemberLeftMidPeriod_ProRataAppliesOnTopOfTheKey()
    {
        // Population 1,000 each; Vimeu left on 1 February: 31 / 90 days. Weights 1/2 and 1/2 × 31/90 = 31/180:
        // Amiens 90/121, Vimeu 31/121 of 12,100 cents = 9,000 and 3,100.
        var bases = (long id) => new[] { new MemberAllocationBase { MemberId = id, Year = 2026, PopulationMunicipale = 1000 } };
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026),
            [
                new Participant(1, "Amiens") { Bases = bases(1), Adhesions = [Adhesion("2020-01-01")] },
                new Participant(2, "Vimeu") { Bases = bases(2), Adhesions = [Adhesion("2020-01-01", "2026-02-01")] },
            ],
            Quarter);

        Assert.Equal([9000, 3100], weights.Allocate(12_100));
    }

    [Fact]
    public void Allocate_MemberNotAdheringDuringThePeriod_SharesNothing()
    {
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Equal),
            [new Participant(1, "Amiens"), new Participant(2, "Vimeu") { Adhesions = [Adhesion("2026-04-01")] }],
            Quarter);

        Assert.Equal([1001, 0], weights.Allocate(1001));
    }

    [Fact]
    public void Allocate_NobodyAdheringDuringThePeriod_IsRefused()
    {
        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Equal), [new Participant(1, "Amiens") { Adhesions = [] }], Quarter));

        Assert.Equal([AllocationWeights.NoDayInPeriod], refused.Errors);
    }
}
