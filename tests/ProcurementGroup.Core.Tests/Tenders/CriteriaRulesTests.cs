using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class CriteriaRulesTests
{
    internal static AwardCriteria Criteria(int price = 40, int technical = 50, int t1 = 30, int t2 = 20, int environment = 10, decimal nmax = 20m) =>
        new(
        [
            new Criterion("PRIX", "Prix", CriterionKind.Price, price, []),
            new Criterion("TECH", "Valeur technique", CriterionKind.Technical, technical,
            [
                new SubCriterion("T1", "Moyens humains", t1, 20m),
                new SubCriterion("T2", "Délais d'intervention", t2, 20m),
            ]),
            new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, environment, []),
        ],
        PriceFormula.Proportional,
        nmax);

    [Fact]
    public void WeightsSummingToOneHundred_WithSubCriteriaSummingToTheirCriterion_AreValid()
    {
        Assert.Empty(CriteriaRules.Validate(Criteria()));
    }

    [Theory]
    [InlineData(39, 99)]
    [InlineData(41, 101)]
    public void WeightsNotSummingToOneHundred_AreRefused(int price, int sum)
    {
        var error = Assert.Single(CriteriaRules.Validate(Criteria(price: price)));
        Assert.Equal($"{CriteriaRules.WeightsSumMessage} Elle vaut actuellement {sum}.", error.Message);
    }

    [Theory]
    [InlineData(29, 49)]
    [InlineData(31, 51)]
    public void SubCriteriaNotSummingToTheirCriterion_AreRefused(int t1, int sum)
    {
        var error = Assert.Single(CriteriaRules.Validate(Criteria(t1: t1)));
        Assert.Equal(nameof(SubCriterion.Weight), error.Field);
        Assert.Contains($"(50) ; elles totalisent {sum}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPriceCriterion_OrTwo_IsRefused()
    {
        var none = Criteria() with { Criteria = [new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 100, [])] };
        Assert.Equal(CriteriaRules.PriceCriterionMessage, Assert.Single(CriteriaRules.Validate(none)).Message);

        var two = Criteria() with
        {
            Criteria = [new Criterion("P1", "Prix", CriterionKind.Price, 50, []), new Criterion("P2", "Coût", CriterionKind.Price, 50, [])],
        };
        Assert.Equal(CriteriaRules.PriceCriterionMessage, Assert.Single(CriteriaRules.Validate(two)).Message);
    }

    [Fact]
    public void PriceWithSubCriteria_IsRefused()
    {
        var criteria = Criteria() with
        {
            Criteria = [new Criterion("PRIX", "Prix", CriterionKind.Price, 100, [new SubCriterion("P1", "Prix des communications", 100, 20m)])],
        };
        Assert.Equal(CriteriaRules.PriceSubCriteriaMessage, Assert.Single(CriteriaRules.Validate(criteria)).Message);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void MaxScore_FromOneToAThousand(int nmax, bool valid)
    {
        Assert.Equal(valid, CriteriaRules.Validate(Criteria(nmax: nmax)).Count == 0);
    }

    [Fact]
    public void SameCodeTwice_IsRefused()
    {
        var criteria = Criteria() with
        {
            Criteria = [new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []), new Criterion("prix", "Technique", CriterionKind.Technical, 40, [])],
        };
        Assert.Equal(CriteriaRules.DuplicateCodeMessage, Assert.Single(CriteriaRules.Validate(criteria)).Message);
    }

    [Fact]
    public void ScoredItems_ArePriceThenSubCriteriaThenWholeCriteria()
    {
        var items = Criteria().ScoredItems();
        Assert.Equal(["PRIX", "T1", "T2", "ENV"], items.Select(i => i.Code));
        Assert.Equal([40, 30, 20, 10], items.Select(i => i.Weight));
        Assert.Equal(20m, items[3].MaxScore);
    }

    private static readonly AwardCriteria PriceAndTechnicalOnly = new(
        [new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []), new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 40, [])],
        PriceFormula.Proportional,
        20m);

    [Fact]
    public void EnvironmentalCriterion_RequiredFromTheTwentyFirstOfAugust2026_ByParisDay()
    {
        // 20/08/2026 23:30 in Paris (summer time, UTC+2) is 21:30 UTC: still the 20th, allowed.
        Assert.Null(CriteriaRules.CheckEnvironmental(PriceAndTechnicalOnly, new DateTime(2026, 8, 20, 21, 30, 0, DateTimeKind.Utc)));

        // 21/08/2026 00:00 in Paris is 20/08 22:00 UTC: already the 21st in Paris, refused.
        Assert.Equal(CriteriaRules.EnvironmentalMessage, CriteriaRules.CheckEnvironmental(PriceAndTechnicalOnly, new DateTime(2026, 8, 20, 22, 0, 0, DateTimeKind.Utc)));

        Assert.Null(CriteriaRules.CheckEnvironmental(Criteria(), new DateTime(2026, 8, 20, 22, 0, 0, DateTimeKind.Utc)));
    }
}
