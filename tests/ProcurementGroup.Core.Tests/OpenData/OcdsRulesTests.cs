using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.OpenData;

public sealed class OcdsRulesTests
{
    [Theory]
    [InlineData("ocds-213czf", true)]
    [InlineData("ocds-000000", true)]
    [InlineData("ocds-xxxxxx", true)]
    [InlineData("ocds-213cz", false)]      // five characters after the dash
    [InlineData("ocds-213czfa", false)]    // seven
    [InlineData("ocds-213CZF", false)]     // upper case
    [InlineData("OCDS-213czf", false)]
    [InlineData("ocds_213czf", false)]
    [InlineData("ocds-213cz-", false)]
    [InlineData("ocds-213cé1", false)]     // not ASCII
    [InlineData(" ocds-213czf", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Prefix_IsOcdsDashAndSixLowerCaseLettersOrDigits(string? prefix, bool valid)
    {
        Assert.Equal(valid, OcdsIdentifiers.IsValidPrefix(prefix));
    }

    [Fact]
    public void Ocid_IsThePrefixDashTheReference_OrThePlaceholderWhileNoValidPrefix()
    {
        Assert.Equal("ocds-213czf-2026-TEL-01", OcdsIdentifiers.Ocid("ocds-213czf", "2026-TEL-01"));
        Assert.Equal("ocds-xxxxxx-ENT-2024-01", OcdsIdentifiers.Ocid(null, "ENT-2024-01"));
        Assert.Equal("ocds-xxxxxx-ENT-2024-01", OcdsIdentifiers.Ocid("ocds-BAD", "ENT-2024-01"));
    }

    [Fact]
    public void PartyId_IsTheSchemeAndTheNumber()
    {
        Assert.Equal("FR-RCS", OcdsIdentifiers.SireneScheme);
        Assert.Equal("FR-RCS-200070928", OcdsIdentifiers.PartyId("200070928"));
    }

    [Theory]
    [InlineData(TenderProcedure.NoPublicity, "direct", "Marché passé sans publicité ni mise en concurrence préalables (R2122-8)")]
    [InlineData(TenderProcedure.Mapa, "open", "Procédure adaptée (R2123-1)")]
    [InlineData(TenderProcedure.OpenCallForTenders, "open", "Appel d'offres ouvert (R2124-2)")]
    public void Method_MapsTheFrenchProcedure_WithItsFrenchDetails(TenderProcedure procedure, string method, string details)
    {
        Assert.Equal((method, details), OcdsCodes.Method(procedure));
    }

    [Theory]
    [InlineData(PurchaseNature.Supplies, "goods")]
    [InlineData(PurchaseNature.Services, "services")]
    [InlineData(PurchaseNature.Works, "works")]
    public void Category_FollowsTheNature(PurchaseNature nature, string category)
    {
        Assert.Equal(category, OcdsCodes.Category(nature));
    }

    [Theory]
    [InlineData(TenderStatus.Draft, null)]
    [InlineData(TenderStatus.Published, "active")]
    [InlineData(TenderStatus.Closed, "active")]
    [InlineData(TenderStatus.CommissionDecided, "active")]
    [InlineData(TenderStatus.Awarded, "complete")]
    [InlineData(TenderStatus.Unsuccessful, "unsuccessful")]
    [InlineData(TenderStatus.Abandoned, "cancelled")]
    public void TenderStatus_FollowsTheWorkflow(TenderStatus status, string? code)
    {
        Assert.Equal(code, OcdsCodes.TenderStatus(status));
    }

    [Theory]
    [InlineData(true, true, 0, 0, 0, "planning tender")]
    [InlineData(false, true, 0, 0, 0, "tender")]
    [InlineData(true, true, 1, 0, 0, "planning tender award")]
    [InlineData(true, true, 3, 3, 0, "planning tender award contract")]
    [InlineData(true, true, 3, 1, 1, "planning tender award contract contractAmendment")]
    [InlineData(false, true, 1, 1, 3, "tender award contract contractAmendment")]
    [InlineData(false, true, 1, 0, 2, "tender award")] // an amendment is only ever published with its contract
    [InlineData(false, false, 0, 0, 0, "planning")]
    public void Tags_FollowWhatTheReleaseHolds(bool planning, bool tender, int awards, int contracts, int amendments, string expected)
    {
        Assert.Equal(expected, string.Join(' ', OcdsTags.For(new OcdsReleaseContent(planning, tender, awards, contracts, amendments))));
    }
}
