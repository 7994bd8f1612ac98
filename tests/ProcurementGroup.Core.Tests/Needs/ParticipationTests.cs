using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

/// <summary>Who takes part: the adhesion covers the procedure's launch day (issue 7, item 2).</summary>
public sealed class ParticipationTests
{
    private static readonly DateOnly Launch = new(2027, 1, 15);

    private static NeedsCampaign Campaign() => new()
    {
        Title = "Télécommunications",
        OpensAtUtc = new DateTime(2026, 9, 1, 6, 0, 0, DateTimeKind.Utc),
        ClosesAtUtc = new DateTime(2026, 10, 15, 16, 0, 0, DateTimeKind.Utc),
        PlannedLaunchDate = Launch,
        DurationMonths = 48,
    };

    [Fact]
    public void LaunchDay_IsThePlannedLaunchDate_UntilATenderIsPublished()
    {
        Assert.Equal(Launch, CampaignRules.LaunchDay(Campaign()));
        Assert.Equal(new DateOnly(2027, 2, 3), CampaignRules.LaunchDay(Campaign(), tenderPublishedOn: new DateOnly(2027, 2, 3)));
    }

    [Theory]
    [InlineData("2027-01-15", true)] // joined on the launch day itself
    [InlineData("2027-01-14", true)] // the day before
    [InlineData("2026-10-01", true)] // after the opening (1 September), before the launch
    [InlineData("2027-01-16", false)] // the day after the launch
    public void TakesPart_WhenTheAdhesionStartsOnOrBeforeTheLaunchDay(string joinedOn, bool expected)
    {
        var adhesion = new Adhesion { JoinedOn = DateOnly.Parse(joinedOn, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(expected, CampaignRules.TakesPart(adhesion, Launch));
    }

    [Theory]
    [InlineData("2027-01-14", false)] // left the day before the launch
    [InlineData("2027-01-15", true)] // ends on the launch day: does not end before it
    [InlineData("2027-01-16", true)]
    [InlineData(null, true)]
    public void TakesPart_UnlessTheAdhesionEndsBeforeTheLaunchDay(string? leftOn, bool expected)
    {
        var adhesion = new Adhesion
        {
            JoinedOn = new DateOnly(2020, 1, 1),
            LeftOn = leftOn is null ? null : DateOnly.Parse(leftOn, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(expected, CampaignRules.TakesPart(adhesion, Launch));
    }

    [Fact]
    public void TakesPart_IsDecidedByTheTenderPublication_OnceThereIsOne()
    {
        var joinedAfterPlannedLaunch = new Adhesion { JoinedOn = new DateOnly(2027, 1, 20) };
        Assert.False(CampaignRules.TakesPart(joinedAfterPlannedLaunch, CampaignRules.LaunchDay(Campaign())));
        Assert.True(CampaignRules.TakesPart(joinedAfterPlannedLaunch, CampaignRules.LaunchDay(Campaign(), new DateOnly(2027, 2, 1))));
    }
}
