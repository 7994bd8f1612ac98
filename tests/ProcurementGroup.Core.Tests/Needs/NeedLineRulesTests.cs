using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class NeedLineRulesTests
{
    private static readonly CatalogueItem Whole = new() { Id = 1, Code = "ENT-ENS", WholeNumbersOnly = true, MaxPerMemberMilli = 500_000 };
    private static readonly CatalogueItem Days = new() { Id = 2, Code = "ENT-FORM", WholeNumbersOnly = false };

    [Fact]
    public void EmptyQuantity_NoLine_ErrorOnlyWhenCommented()
    {
        Assert.False(NeedLineRules.IsLine("  "));
        Assert.Null(NeedLineRules.EmptyQuantity(NeedLineRules.NormalizeComment("   ")));
        Assert.Equal(NeedLineRules.CommentWithoutQuantityMessage, NeedLineRules.EmptyQuantity(NeedLineRules.NormalizeComment(" À préciser ")));
    }

    [Fact]
    public void ZeroQuantity_IsALine()
    {
        Assert.True(NeedLineRules.IsLine("0"));
        Assert.Null(NeedLineRules.QuantityFromText(Whole, "0", out var milli));
        Assert.Equal(0, milli);
    }

    [Theory]
    [InlineData("500", null)]
    [InlineData("501", "La quantité dépasse le maximum autorisé par membre (500).")]
    [InlineData("2,5", "L'article ENT-ENS se commande par unités entières.")]
    [InlineData("-1", "La quantité ne peut pas être négative.")]
    [InlineData("0,0001", NeedLineRules.TooManyDecimalsMessage)]
    [InlineData("beaucoup", NeedLineRules.NotANumberMessage)]
    [InlineData("1.000", FrenchNumber.AmbiguousMessage)]
    public void Quantity_Boundaries(string text, string? expected) =>
        Assert.Equal(expected, NeedLineRules.QuantityFromText(Whole, text, out _));

    [Fact]
    public void Quantity_ThreeDecimalsAccepted_InThousandths()
    {
        Assert.Null(NeedLineRules.QuantityFromText(Days, "0.125", out var milli));
        Assert.Equal(125, milli);
    }

    [Fact]
    public void Comment_AtTheLimitAccepted_OneMoreRefused()
    {
        Assert.Null(NeedLineRules.Comment(new string('a', NeedLineRules.CommentMaxLength)));
        Assert.Equal(NeedLineRules.CommentTooLongMessage, NeedLineRules.Comment(new string('a', NeedLineRules.CommentMaxLength + 1)));
    }

    [Fact]
    public void Site_ActiveOfTheMember_Accepted_ArchivedOrOtherMembers_Refused()
    {
        var active = new MemberSite { Id = 10, MemberId = 7, Name = "Collège" };
        var archived = new MemberSite { Id = 11, MemberId = 7, Name = "Ancienne mairie", IsArchived = true };
        var other = new MemberSite { Id = 12, MemberId = 8, Name = "Ailleurs" };
        var none = new HashSet<long>();

        Assert.Null(NeedLineRules.Site(active, 7, none));
        Assert.Equal("Le site « Ancienne mairie » est archivé : choisissez un des sites actifs du membre.", NeedLineRules.Site(archived, 7, none));
        Assert.Equal(NeedLineRules.OtherMemberSiteMessage, NeedLineRules.Site(other, 7, none));

        // A line saved before the site was archived may stay: archiving never makes a saved form impossible to save.
        Assert.Null(NeedLineRules.Site(archived, 7, new HashSet<long> { 11 }));
    }

    [Fact]
    public void MaximumPerMember_SumsTheSites()
    {
        NeedLine Line(long site, long milli) => new() { CatalogueItemId = Whole.Id, SiteId = site, QuantityMilli = milli };

        Assert.Empty(NeedLineRules.OverMaximum([Whole, Days], [Line(1, 300_000), Line(2, 200_000)]));
        var over = Assert.Single(NeedLineRules.OverMaximum([Whole, Days], [Line(1, 300_000), Line(2, 200_001)]));
        Assert.Equal(Whole.Id, over.ItemId);
        Assert.Contains("totalise 500,001", over.Message, StringComparison.Ordinal);
    }
}
