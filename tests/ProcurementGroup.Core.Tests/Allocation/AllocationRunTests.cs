using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class AllocationRunTests
{
    private static Money.Money Cents(long cents) => new(cents);

    private static Participant Commune(long id, string name, long population) => new(id, name)
    {
        Bases = [new MemberAllocationBase { MemberId = id, Year = 2026, PopulationMunicipale = population }],
    };

    private static AllocationWeights EqualAbc() =>
        AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), [new Participant(1, "Amiens"), new Participant(2, "Abbeville"), new Participant(3, "Vimeu")]);

    private static AllocationWeights PopulationBc() =>
        AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), [Commune(2, "Abbeville", 1000), Commune(3, "Vimeu", 3000)]);

    private static AllocationRun TwoContracts(CoordinationFee? fee = null)
    {
        var equal = EqualAbc();
        return AllocationRun.Compute(
            [
                new CostLine(1, "Hub télécom", Cents(10_000), 2000, equal),
                new CostLine(2, "Frais de port", Cents(10), 2000, equal),
                new CostLine(3, "Lignes", Cents(4000), 2000, PopulationBc()),
            ],
            fee);
    }

    [Fact]
    public void Run_HtAndVat_EachAddUpToTheInvoice()
    {
        var run = TwoContracts();

        // 100.00 € HT and 20.00 € VAT over three equal shares: HT 33.34 / 33.33 / 33.33, VAT 6.67 / 6.67 / 6.66.
        Assert.Equal([3334L, 3333, 3333], run.Lines[0].Details.Select(d => d.Ht.Cents));
        Assert.Equal([667L, 667, 666], run.Lines[0].Details.Select(d => d.Vat.Cents));
        Assert.Equal([4001L, 4000, 3999], run.Lines[0].Details.Select(d => d.Ttc.Cents));

        // 0.10 € HT and 0.02 € VAT: the VAT is allocated, not recomputed per member (which would give 1 + 1 + 1 = 3 cents).
        Assert.Equal([4L, 3, 3], run.Lines[1].Details.Select(d => d.Ht.Cents));
        Assert.Equal([1L, 1, 0], run.Lines[1].Details.Select(d => d.Vat.Cents));

        foreach (var line in run.Lines)
        {
            Assert.Equal(line.Line.Ht, line.Details.Aggregate(Money.Money.Zero, (s, d) => s + d.Ht));
            Assert.Equal(line.Line.Vat, line.Details.Aggregate(Money.Money.Zero, (s, d) => s + d.Vat));
        }
    }

    [Fact]
    public void Run_Detail_CarriesBaseTotalBaseAndShare()
    {
        var detail = TwoContracts().Lines[2][1];

        Assert.Equal((3L, "Vimeu"), (detail.MemberId, detail.Name));
        Assert.Equal(3000m, detail.Base.ToDecimal());
        Assert.Equal(4000m, detail.TotalBase.ToDecimal());
        Assert.Equal(75m, detail.SharePercent);
        Assert.Equal((3000L, 600L, 3600L), (detail.Ht.Cents, detail.Vat.Cents, detail.Ttc.Cents));
    }

    [Fact]
    public void Run_OnlyTheContractsParticipants_ShareItsCosts()
    {
        var run = TwoContracts();

        Assert.Equal([2L, 3], run.Lines[2].Details.Select(d => d.MemberId));

        // Amiens takes part in the first contract only: 33.34 + 0.04 € HT, 6.67 + 0.01 € VAT.
        Assert.Equal(
            [(1L, 3338L, 668L), (2L, 3336L + 1000, 868L), (3L, 6336L, 1266L)],
            run.Members.Select(m => (m.MemberId, m.Ht.Cents, m.Vat.Cents)));
        Assert.Equal(14_010, run.Members.Sum(m => m.Ht.Cents));
        Assert.Equal(2_802, run.Members.Sum(m => m.Vat.Cents));
    }

    [Fact]
    public void Run_PercentFee_IsItsOwnLine_RoundedPerMember()
    {
        // 2 % of the member's HT, rounded half away from zero, then 20 % VAT on the fee:
        // Amiens 33.38 € → 0.6676 → 0.67 €, VAT 0.134 → 0.13 €; Abbeville 43.36 € → 0.87 €, VAT 0.17 €; Vimeu 63.36 € → 1.27 €, VAT 0.25 €.
        var run = TwoContracts(new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000));

        Assert.Equal([(67L, 13L), (87L, 17L), (127L, 25L)], run.Members.Select(m => (m.FeeHt.Cents, m.FeeVat.Cents)));
        var amiens = run.Members[0];
        Assert.Equal((3405L, 681L, 4086L), (amiens.TotalHt.Cents, amiens.TotalVat.Cents, amiens.Ttc.Cents));
    }

    [Fact]
    public void Run_FlatFee_ChargesEveryMemberWithAShare()
    {
        // Vimeu has no inhabitant on record: weight 0, no share, no flat fee.
        var weights = AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), [Commune(1, "Amiens", 1000), Commune(2, "Vimeu", 0)]);
        var run = AllocationRun.Compute([new CostLine(1, "Hub", Cents(1000), 2000, weights)], new CoordinationFee(CoordinationFeeKind.Flat, 1500, 2000));

        Assert.Equal([(1L, 1500L, 300L), (2L, 0L, 0L)], run.Members.Select(m => (m.MemberId, m.FeeHt.Cents, m.FeeVat.Cents)));
    }

    [Fact]
    public void Run_InvoiceVat_IsAllocatedAsPrinted()
    {
        var run = AllocationRun.Compute([new CostLine(1, "Hub", Cents(10), 2000, EqualAbc()) { InvoiceVat = Cents(3) }]);

        Assert.Equal([1L, 1, 1], run.Lines[0].Details.Select(d => d.Vat.Cents));
    }

    [Fact]
    public void Run_CostOfOneMember_IsEntirelyItsOwn()
    {
        var run = AllocationRun.Compute([new CostLine(1, "Bon de commande 12", Cents(12_345), 2000, AllocationWeights.Single(7, "Vimeu"))]);

        Assert.Equal((7L, 12_345L, 2_469L), (run.Members.Single().MemberId, run.Members.Single().Ht.Cents, run.Members.Single().Vat.Cents));
    }

    [Fact]
    public void Run_CreditNote_GivesBackExactlyTheInvoicesShares()
    {
        var equal = EqualAbc();
        var run = AllocationRun.Compute([new CostLine(1, "Facture", Cents(10_000), 2000, equal), new CostLine(2, "Avoir", Cents(-10_000), 2000, equal)]);

        Assert.All(run.Members, m => Assert.Equal((0L, 0L), (m.Ht.Cents, m.Vat.Cents)));
        Assert.Equal([-3334L, -3333, -3333], run.Lines[1].Details.Select(d => d.Ht.Cents));
    }

    [Theory]
    [InlineData(10_000, 2000, 2000)]
    [InlineData(25, 2000, 5)]
    [InlineData(5, 1000, 1)] // 0.5 rounds away from zero
    [InlineData(-5, 1000, -1)]
    [InlineData(4, 1000, 0)] // 0.4
    [InlineData(-3338, 200, -67)] // -66.76
    [InlineData(3325, 200, 67)] // 66.5
    [InlineData(3324, 200, 66)] // 66.48
    public void BasisPoints_RoundHalfAwayFromZero(long cents, int basisPoints, long expected)
    {
        Assert.Equal(expected, BasisPoints.Apply(cents, basisPoints));
    }

    [Fact]
    public void Compare_TwoKeys_DifferencePerMemberInCentsAndPercent()
    {
        // 120.00 € under population (1,000 / 3,000 / 0): 30 / 90 / 0 €; under equal shares: 40 € each.
        var participants = new[] { Commune(1, "Amiens", 1000), Commune(2, "Abbeville", 3000), Commune(3, "Vimeu", 0) };
        var byPopulation = AllocationRun.Compute([new CostLine(1, "Hub", Cents(12_000), 0, AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), participants))]);
        var byEqual = AllocationRun.Compute([new CostLine(1, "Hub", Cents(12_000), 0, AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), participants))]);

        var comparison = KeyComparison.Compare(byPopulation, byEqual);

        Assert.Equal(
            [(1L, 3000L, 4000L, 1000L, (decimal?)33.33m), (2L, 9000L, 4000L, -5000L, -55.56m), (3L, 0L, 4000L, 4000L, null)],
            comparison.Select(c => (c.MemberId, c.First.Cents, c.Second.Cents, c.Difference.Cents, c.Percent)));
    }

    [Fact]
    public void Rectify_CarriesOnlyTheDifferences_AndCreditsTheMemberWhoPaidTooMuch()
    {
        // Hub (line 11) first allocated in equal shares, corrected to population 1,000 / 3,000; line 12 unchanged. 2 % fee.
        var a = new[] { Commune(1, "Amiens", 1000), Commune(2, "Vimeu", 3000) };
        var equal = AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), a);
        var population = AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), a);
        var fee = new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000);
        var original = AllocationRun.Compute([new CostLine(11, "Hub", Cents(10_000), 2000, equal), new CostLine(12, "Maintenance", Cents(3000), 2000, equal)], fee);
        var corrected = AllocationRun.Compute([new CostLine(11, "Hub", Cents(10_000), 2000, population), new CostLine(12, "Maintenance", Cents(3000), 2000, equal)], fee);

        var rectifying = Rectification.Compute(original, corrected);

        // Amiens: hub 50 → 25 € HT (VAT 10 → 5 €); fee 2 % of 65 → 40 €: 1.30 → 0.80 € (VAT 0.26 → 0.16 €). Vimeu: the reverse.
        Assert.Equal(
            [(1L, (long?)11, -2500L, -500L), (1L, null, -50L, -10L), (2L, 11, 2500L, 500L), (2L, null, 50L, 10L)],
            rectifying.Lines.Select(l => (l.MemberId, l.CostLineId, l.Ht.Cents, l.Vat.Cents)));
        Assert.Equal(
            [(1L, "Amiens", -3060L, true), (2L, "Vimeu", 3060L, false)],
            rectifying.Members.Select(m => (m.MemberId, m.Name, m.Ttc.Cents, m.IsCredit)));
    }

    [Fact]
    public void Rectify_SameRun_HasNoDifference()
    {
        var rectifying = Rectification.Compute(TwoContracts(), TwoContracts());

        Assert.Empty(rectifying.Lines);
        Assert.Empty(rectifying.Members);
    }

    [Fact]
    public void Rectify_FromTheStoredShares_GivesTheSameDifferencesAsFromTheRun()
    {
        // An issued run is read back as its stored shares; a share of a line the correction drops is credited in full.
        var original = TwoContracts(new CoordinationFee(CoordinationFeeKind.Flat, 100, 2000));
        var stored = IssuedShare.Of(original).ToList();
        var corrected = AllocationRun.Compute([new CostLine(1, "Hub télécom", Cents(10_000), 2000, EqualAbc())], new CoordinationFee(CoordinationFeeKind.Flat, 100, 2000));

        var fromShares = Rectification.Compute(stored, corrected);
        var fromRun = Rectification.Compute(original, corrected);

        Assert.Equal(3 + 3 + 2 + 3, stored.Count);
        Assert.Equal(fromRun.Lines, fromShares.Lines);
        Assert.Equal(fromRun.Members, fromShares.Members);
        // Line 2 (0.10 € HT, 0.02 € VAT) and line 3 (Abbeville 10 €, Vimeu 30 € HT at 20 %) disappear: Abbeville owes 12.04 € less.
        Assert.Equal(
            [(1L, -5L), (2L, -1204L), (3L, -3603L)],
            fromShares.Members.Select(m => (m.MemberId, m.Ttc.Cents)));
    }
}
