using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

/// <summary>The item-freeze rule: the catalogue's shape is frozen at the opening; items stay correctable until archiving.</summary>
public sealed class CatalogueFreezeTests
{
    [Theory]
    [InlineData(CampaignStatus.Draft, false, null)]
    [InlineData(CampaignStatus.Draft, true, null)]
    [InlineData(CampaignStatus.Open, false, CampaignValidator.FrozenMessage)] // the opening day freezes the shape
    [InlineData(CampaignStatus.Open, true, null)]
    [InlineData(CampaignStatus.Closed, false, CampaignValidator.FrozenMessage)]
    [InlineData(CampaignStatus.Closed, true, null)]
    [InlineData(CampaignStatus.Archived, false, CampaignValidator.ArchivedMessage)]
    [InlineData(CampaignStatus.Archived, true, CampaignValidator.ArchivedMessage)]
    public void CatalogueChangeRefusal_ByStatus(CampaignStatus status, bool correctingAnItem, string? expected)
    {
        Assert.Equal(expected, CampaignValidator.CatalogueChangeRefusal(status, correctingAnItem));
    }
}
