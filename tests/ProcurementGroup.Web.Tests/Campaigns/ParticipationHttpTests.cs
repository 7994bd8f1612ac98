using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Groups;
using ProcurementGroup.Web.Tests.Aggregation;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Who takes part is decided at the launch (planned 15 January 2027; the campaign opened on 1 September 2026).</summary>
public sealed class ParticipationHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Admin = "admin@demo.local";

    private static string Money(long cents) => TestApp.Money(cents);

    private static string Id(long id) => TestApp.Id(id);

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>MOB at 12.00 € a month over 30 months, launched on 15 January 2027; Alpha (member since 2024) submitted 10.</summary>
    private Scenario Campaign() =>
        app.ClosedCampaign(30, new DateOnly(2027, 1, 15), c => c.Lot(1, "Téléphonie mobile", l => l.Item("MOB", 1200, PricePeriod.Monthly)))
            .Member("Alpha")
            .Form("Alpha", f => f.Line("MOB", 10).Submitted());

    [Fact]
    public async Task MemberLeavingBeforeTheLaunch_IsShownApart_AndNotCounted()
    {
        // Their adhesions end after their forms were created at the opening.
        var b = await Campaign()
            .Member("Leaver", m => m.Left(Day("2027-01-14"))).Form("Leaver", f => f.Line("MOB", 5).Submitted())
            .Member("LeavesOnLaunch", m => m.Left(Day("2027-01-15"))).Form("LeavesOnLaunch", f => f.Line("MOB", 1).Submitted())
            .Member("LeaverDraft", m => m.Left(Day("2026-12-31")))
            .BuildAsync();

        var client = await app.LoginAsync(Officer);
        var doc = await client.GetDocumentAsync($"/Aggregation/{b.CampaignId}");

        // Counted: Alpha 10 and the member leaving on the launch day 1: 11 × 12 € × 30 = 3,960.00 € HT.
        Assert.Equal("11", doc.QuerySelector("#items tr[data-item=MOB] td[data-col=quantity]")!.TextContent.Trim());
        Assert.Equal("2", doc.QuerySelector("#items tr[data-item=MOB] td[data-col=members]")!.TextContent.Trim());
        Assert.Equal(Money(396_000), doc.QuerySelector("#total-ht")!.TextContent.Trim());

        var apart = doc.QuerySelectorAll("#not-taking-part li").Select(li => long.Parse(li.GetAttribute("data-member")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(new[] { b.MemberId("Leaver"), b.MemberId("LeaverDraft") }.Order().ToList(), apart);

        // Nor listed among the participants that have not submitted.
        Assert.Empty(doc.QuerySelectorAll("#not-submitted li"));
    }

    [Fact]
    public async Task MemberJoiningBetweenOpeningAndLaunch_IsCounted_AndItsFormCreatedByTheOfficer()
    {
        // Recorded after the opening: the one that joined in October has had its form created by the officer and submitted.
        var b = await Campaign()
            .Member("JoinedWithForm", m => m.Joined(Day("2026-10-01")).AddedAfterOpening())
            .Form("JoinedWithForm", f => f.ByOfficer().Line("MOB", 4).Submitted())
            .Member("Newcomer", m => m.Joined(Day("2026-11-02")).AddedAfterOpening())
            .Member("OnLaunchDay", m => m.Joined(Day("2027-01-15")).AddedAfterOpening())
            .Member("TooLate", m => m.Joined(Day("2027-01-16")).AddedAfterOpening())
            .BuildAsync();

        var officer = await app.LoginAsync(Officer);

        // Counted: Alpha 10 + the member that joined in October 4.
        var aggregation = await officer.GetDocumentAsync($"/Aggregation/{b.CampaignId}");
        Assert.Equal("14", aggregation.QuerySelector("#items tr[data-item=MOB] td[data-col=quantity]")!.TextContent.Trim());
        Assert.Equal(Money(504_000), aggregation.QuerySelector("#total-ht")!.TextContent.Trim());

        // The follow-up page offers to create the forms of the two members joining by the launch, not of the late one.
        var details = await officer.GetDocumentAsync($"/Campaigns/Details/{b.CampaignId}");
        var offered = details.QuerySelectorAll("[data-testid=eligible-without-form] li").Select(li => long.Parse(li.GetAttribute("data-member")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(new[] { b.MemberId("Newcomer"), b.MemberId("OnLaunchDay") }.Order().ToList(), offered);

        Task<int> FormsAsync(string member) => app.ScalarAsync<int>(
            "SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @CampaignId AND MemberId = @memberId AND Status = 0", new { b.CampaignId, memberId = b.MemberId(member) });
        Task<HttpResponseMessage> CreateAsync(string member) => officer.PostFormAsync($"/Campaigns/Details/{b.CampaignId}", $"/Campaigns/CreateForm/{b.CampaignId}",
            new Dictionary<string, string> { ["memberId"] = Id(b.MemberId(member)) });

        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync("Newcomer")).StatusCode);
        Assert.Equal(1, await FormsAsync("Newcomer"));
        Assert.Equal(1, await app.ScalarAsync<int>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsCampaign' AND EntityId = @CampaignId AND Action = 'FormCreatedForLateMember'", new { b.CampaignId }));

        // Twice: still one form. The late member: refused, in French, no form.
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync("Newcomer")).StatusCode);
        Assert.Equal(1, await FormsAsync("Newcomer"));
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync("TooLate")).StatusCode);
        Assert.Equal(0, await FormsAsync("TooLate"));
        var after = await officer.GetDocumentAsync($"/Campaigns/Details/{b.CampaignId}");
        Assert.Contains("ne participe pas à la procédure", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal([b.MemberId("OnLaunchDay")], after.QuerySelectorAll("[data-testid=eligible-without-form] li").Select(li => long.Parse(li.GetAttribute("data-member")!, CultureInfo.InvariantCulture)).ToList());
    }

    [Fact]
    public async Task DeletingAnAdhesionUsedByACampaign_IsRefused_EndingItIsTheWay()
    {
        var b = await Campaign().Member("Unused", m => m.AddedAfterOpening()).BuildAsync();
        var used = b.AdhesionId("Alpha");
        var unused = b.AdhesionId("Unused");

        var admin = await app.LoginAsync(Admin);
        var response = await admin.PostFormAsync($"/Groups/Details/{b.GroupId}", $"/Groups/RemoveAdhesion/{b.GroupId}", new Dictionary<string, string> { ["adhesionId"] = Id(used) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM Adhesions WHERE Id = @used", new { used }));
        var page = await admin.GetDocumentAsync($"/Groups/Details/{b.GroupId}");
        Assert.Contains(GroupService.AdhesionUsedMessage, page.Body!.TextContent, StringComparison.Ordinal);

        // An adhesion no campaign uses is still removed.
        await admin.PostFormAsync($"/Groups/Details/{b.GroupId}", $"/Groups/RemoveAdhesion/{b.GroupId}", new Dictionary<string, string> { ["adhesionId"] = Id(unused) });
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM Adhesions WHERE Id = @unused", new { unused }));
    }
}
