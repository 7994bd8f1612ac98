using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class AllocationKeyTests
{
    private static Participant Commune(long id, string name, long municipale, long? totale = null, int year = 2026) => new(id, name)
    {
        Bases = [new MemberAllocationBase { MemberId = id, Year = year, PopulationMunicipale = municipale, PopulationTotale = totale ?? municipale }],
    };

    [Fact]
    public void Allocate_ByPopulation_SharesFollowThePopulations()
    {
        // 10,000 cents over 1,000 / 2,000 / 4,000 inhabitants (7,000): 1,428 r 4,000; 2,857 r 1,000; 5,714 r 2,000 (in
        // 7,000ths). Floors add to 9,999: the cent goes to the largest remainder, member 1.
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026),
            [Commune(1, "Amiens", 1000), Commune(2, "Abbeville", 2000), Commune(3, "Vimeu", 4000)]);

        Assert.Equal([1429, 2857, 5714], weights.Allocate(10_000));
        Assert.Equal(new Fraction(7000, 1), weights.TotalBase);
        Assert.Equal(new Fraction(2000, 1), weights.Members[1].Base);
        Assert.Equal(28.5714m, weights.SharePercent(1));
    }

    [Fact]
    public void Allocate_ByPopulationTotale_UsesTheTotalePopulation()
    {
        var participants = new[] { Commune(1, "Amiens", 1000, totale: 3000), Commune(2, "Abbeville", 1000, totale: 1000) };

        Assert.Equal([500, 500], AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), participants).Allocate(1000));
        Assert.Equal([750, 250], AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationTotale, 2026), participants).Allocate(1000));
    }

    [Fact]
    public void Allocate_ByPopulation_UsesTheKeysYear()
    {
        var amiens = new Participant(1, "Amiens")
        {
            Bases =
            [
                new MemberAllocationBase { MemberId = 1, Year = 2025, PopulationMunicipale = 1000 },
                new MemberAllocationBase { MemberId = 1, Year = 2026, PopulationMunicipale = 3000 },
            ],
        };
        var abbeville = new Participant(2, "Abbeville")
        {
            Bases =
            [
                new MemberAllocationBase { MemberId = 2, Year = 2025, PopulationMunicipale = 1000 },
                new MemberAllocationBase { MemberId = 2, Year = 2026, PopulationMunicipale = 1000 },
            ],
        };
        var participants = new[] { amiens, abbeville };

        Assert.Equal([500, 500], AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2025), participants).Allocate(1000));
        Assert.Equal([750, 250], AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), participants).Allocate(1000));
    }

    [Fact]
    public void Compute_MissingBase_NamesTheMemberInFrench()
    {
        var participants = new[] { Commune(1, "Amiens", 1000), Commune(2, "Vimeu", 500, year: 2025), new Participant(3, "Abbeville") };

        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026), participants));

        Assert.Equal(
            [
                "Le membre « Vimeu » n'a pas de base « population municipale » pour 2026 : saisissez-la avant de répartir.",
                "Le membre « Abbeville » n'a pas de base « population municipale » pour 2026 : saisissez-la avant de répartir.",
            ],
            refused.Errors);
    }

    [Fact]
    public void Compute_MissingQuantity_NamesTheMemberWithoutAYear()
    {
        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Quantity), [new Participant(1, "Amiens") { QuantityMilli = 1000 }, new Participant(2, "Vimeu")]));

        Assert.Equal(["Le membre « Vimeu » n'a pas de base « quantité » : saisissez-la avant de répartir."], refused.Errors);
    }

    [Fact]
    public void Allocate_ByQuantity_CountsThousandths()
    {
        // 1.5 and 0.5 units: 3 to 1.
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Quantity),
            [new Participant(1, "Amiens") { QuantityMilli = 1500 }, new Participant(2, "Vimeu") { QuantityMilli = 500 }]);

        Assert.Equal([750, 250], weights.Allocate(1000));
        Assert.Equal(new Fraction(3, 2), weights.Members[0].Base);
        Assert.Equal(new Fraction(2, 1), weights.TotalBase);
    }

    /// <summary>Each basis reads its own figure: member 1 has 1 and member 2 has 3 for the basis under test, the reverse for all others.</summary>
    [Theory]
    [InlineData(AllocationBasis.Quantity)]
    [InlineData(AllocationBasis.PopulationMunicipale)]
    [InlineData(AllocationBasis.PopulationTotale)]
    [InlineData(AllocationBasis.Pupils)]
    [InlineData(AllocationBasis.Schools)]
    [InlineData(AllocationBasis.Lines)]
    [InlineData(AllocationBasis.Sites)]
    [InlineData(AllocationBasis.Custom)]
    public void Allocate_EachBasis_ReadsItsOwnFigure(AllocationBasis basis)
    {
        Participant Member(long id, long mine, long others)
        {
            long Of(AllocationBasis b) => b == basis ? mine : others;
            return new Participant(id, $"Membre {id}")
            {
                QuantityMilli = Of(AllocationBasis.Quantity) * 1000,
                ActiveSites = Of(AllocationBasis.Sites),
                CustomWeight = Of(AllocationBasis.Custom),
                Bases =
                [
                    new MemberAllocationBase
                    {
                        MemberId = id,
                        Year = 2026,
                        PopulationMunicipale = Of(AllocationBasis.PopulationMunicipale),
                        PopulationTotale = Of(AllocationBasis.PopulationTotale),
                        Pupils = Of(AllocationBasis.Pupils),
                        Schools = Of(AllocationBasis.Schools),
                        Lines = Of(AllocationBasis.Lines),
                        Sites = Of(AllocationBasis.Sites) == 1 ? 3 : 1, // the register's sites count, not the recorded base
                    },
                ],
            };
        }

        var weights = AllocationWeights.Compute(AllocationKey.By(basis, 2026), [Member(1, 1, 3), Member(2, 3, 1)]);

        Assert.Equal([100, 300], weights.Allocate(400));
    }

    [Fact]
    public void Allocate_EqualShares_IgnoresEveryBase()
    {
        var weights = AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), [Commune(2, "Abbeville", 1000), Commune(1, "Amiens", 9000), new Participant(3, "Vimeu")]);

        Assert.Equal([334, 333, 333], weights.Allocate(1000));
        Assert.Equal([1L, 2, 3], weights.Members.Select(m => m.MemberId));
    }

    [Fact]
    public void Allocate_CustomWeights_AreExactDecimals()
    {
        // 0.1 and 0.2: one third and two thirds exactly (never 0.30000000000000004).
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Custom),
            [new Participant(1, "Amiens") { CustomWeight = 0.1m }, new Participant(2, "Vimeu") { CustomWeight = 0.2m }]);

        Assert.Equal([100, 200], weights.Allocate(300));
    }

    [Fact]
    public void Allocate_Mix30Equal70Population_IsExactThenRoundedOnce()
    {
        // Amiens 1,000 and Vimeu 3,000 inhabitants: Amiens 0.3 × 1/2 + 0.7 × 1,000/4,000 = 0.325, Vimeu 0.675.
        // 1,001 cents: 325.325 and 675.675: floors 325 + 675 = 1,000, the cent to the larger remainder (Vimeu).
        var key = AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70));
        var weights = AllocationWeights.Compute(key, [Commune(1, "Amiens", 1000), Commune(2, "Vimeu", 3000)]);

        Assert.Equal([325, 676], weights.Allocate(1001));
        Assert.Equal(new Fraction(13, 40), weights.Members[0].Weight);
        Assert.Equal(new Fraction(27, 40), weights.Members[1].Weight);
        Assert.Equal(32.5m, weights.SharePercent(0));
    }

    [Theory]
    [InlineData(30, 60, "Les pourcentages des bases de la clé doivent totaliser 100 % (total actuel : 90 %).")]
    [InlineData(30, 71, "Les pourcentages des bases de la clé doivent totaliser 100 % (total actuel : 101 %).")]
    public void Mix_PercentsNotTotalling100_AreRefused(int equal, int population, string message)
    {
        var key = AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, equal), new KeyComponent(AllocationBasis.PopulationMunicipale, population));

        Assert.Equal([message], key.Validate());
        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(key, [Commune(1, "Amiens", 1000)]));
        Assert.Equal([message], refused.Errors);
    }

    [Fact]
    public void Mix_Exactly100_IsValid()
    {
        Assert.Empty(AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70)).Validate());
    }

    [Fact]
    public void Key_ZeroPercentComponent_IsRefused()
    {
        var key = AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 0), new KeyComponent(AllocationBasis.PopulationMunicipale, 100));

        Assert.Equal([AllocationKey.PercentMustBePositive], key.Validate());
    }

    [Fact]
    public void Key_RepeatedBasis_IsRefused()
    {
        var key = AllocationKey.Mix(null, new KeyComponent(AllocationBasis.Equal, 50), new KeyComponent(AllocationBasis.Equal, 50));

        Assert.Equal(["La base « parts égales » figure deux fois dans la clé."], key.Validate());
    }

    [Fact]
    public void Key_PopulationWithoutYear_IsRefused()
    {
        Assert.Equal(["Choisissez l'année des bases « population municipale »."], AllocationKey.By(AllocationBasis.PopulationMunicipale).Validate());
        Assert.Empty(AllocationKey.By(AllocationBasis.Sites).Validate());
    }

    [Fact]
    public void Compute_AllBasesZero_IsRefused()
    {
        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Sites), [new Participant(1, "Amiens") { ActiveSites = 0 }, new Participant(2, "Vimeu") { ActiveSites = 0 }]));

        Assert.Equal(["La base « nombre de sites » est nulle pour tous les participants : elle ne peut pas servir de clé."], refused.Errors);
    }

    [Fact]
    public void Compute_NegativeBase_IsRefused()
    {
        var refused = Assert.Throws<AllocationException>(() => AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Custom), [new Participant(1, "Amiens") { CustomWeight = 1 }, new Participant(2, "Vimeu") { CustomWeight = -1 }]));

        Assert.Equal(["La base « poids personnalisé » du membre « Vimeu » est négative."], refused.Errors);
    }

    [Fact]
    public void Compute_MemberWithZeroBase_SharesNothing()
    {
        var weights = AllocationWeights.Compute(
            AllocationKey.By(AllocationBasis.Sites), [new Participant(1, "Amiens") { ActiveSites = 0 }, new Participant(2, "Vimeu") { ActiveSites = 2 }]);

        Assert.Equal([0, 999], weights.Allocate(999));
    }

    [Theory]
    [InlineData("Equal:30+PopulationMunicipale:70@2026", "30 % parts égales + 70 % population municipale (2026)")]
    [InlineData("Equal:100@2026", "parts égales")]
    [InlineData("Quantity:100", "quantité")]
    [InlineData("Member:42", "dépense propre au membre")]
    [InlineData("Parts égales", "Parts égales")]
    [InlineData("Equal:30+Nowhere:70", "Equal:30+Nowhere:70")]
    [InlineData("", "")]
    public void DescribeRunLine_GivesTheFrenchWording_OrTheTextAsStored(string stored, string expected) =>
        Assert.Equal(expected, AllocationKeyText.DescribeRunLine(stored));

    [Fact]
    public void ForRunLine_ThenDescribeRunLine_GivesTheKeysDescription()
    {
        var key = new AllocationKey([new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70)], 2025);
        Assert.Equal("Equal:30+PopulationMunicipale:70@2025", AllocationKeyText.ForRunLine(key));
        Assert.Equal(AllocationKeyText.Describe(key), AllocationKeyText.DescribeRunLine(AllocationKeyText.ForRunLine(key)));
        Assert.Equal("dépense propre au membre", AllocationKeyText.DescribeRunLine(AllocationKeyText.ForMember(7)));
    }
}
