using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Groups;
using ProcurementGroup.Web.Tests.Aggregation;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Who takes part is decided at the launch (planned 15 January 2027; the campaign opened on 1 September 2026).</summary>
public sealed class ParticipationHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Admin = "admin@demo.local";

    private IDbConnectionFactory Factory => app.ConnectionFactory;

    private static string Money(long cents) => TestApp.Money(cents);

    private static string Id(long id) => TestApp.Id(id);

    /// <summary>MOB at 12.00 € a month over 30 months; Alpha (member since 2024) submitted 10.</summary>
    private async Task<NeedsTestBuilder> CampaignAsync()
    {
        var b = await NeedsTestBuilder.CampaignAsync(Factory, 30, new DateOnly(2027, 1, 15));
        await b.LotAsync("1", 1, "Téléphonie mobile");
        await b.ItemAsync("1", "MOB", 1200, PricePeriod.Monthly);
        await b.MemberAsync("Alpha", NeedsFormStatus.Submitted, ("MOB", 10));
        return b;
    }

    private Task SetAdhesionAsync(NeedsTestBuilder b, string member, string joinedOn, string? leftOn = null) => app.ExecuteAsync(
        "UPDATE Adhesions SET JoinedOn = @joinedOn, LeftOn = @leftOn WHERE PurchasingGroupId = @GroupId AND MemberId = @memberId",
        new { joinedOn = DateOnly.Parse(joinedOn, CultureInfo.InvariantCulture), leftOn = leftOn is null ? (DateOnly?)null : DateOnly.Parse(leftOn, CultureInfo.InvariantCulture), b.GroupId, memberId = b.MemberId(member) });

    [Fact]
    public async Task MemberLeavingBeforeTheLaunch_IsShownApart_AndNotCounted()
    {
        var b = await CampaignAsync();
        await b.MemberAsync("Leaver", NeedsFormStatus.Submitted, ("MOB", 5));
        await b.MemberAsync("LeavesOnLaunch", NeedsFormStatus.Submitted, ("MOB", 1));
        await b.MemberAsync("LeaverDraft", NeedsFormStatus.Draft);
        await SetAdhesionAsync(b, "Leaver", "2024-01-01", "2027-01-14");
        await SetAdhesionAsync(b, "LeavesOnLaunch", "2024-01-01", "2027-01-15");
        await SetAdhesionAsync(b, "LeaverDraft", "2024-01-01", "2026-12-31");

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
        var b = await CampaignAsync();
        await b.MemberAsync("JoinedWithForm", NeedsFormStatus.Submitted, ("MOB", 4));
        await b.MemberAsync("Newcomer", null);
        await b.MemberAsync("OnLaunchDay", null);
        await b.MemberAsync("TooLate", null);
        await SetAdhesionAsync(b, "JoinedWithForm", "2026-10-01");
        await SetAdhesionAsync(b, "Newcomer", "2026-11-02");
        await SetAdhesionAsync(b, "OnLaunchDay", "2027-01-15");
        await SetAdhesionAsync(b, "TooLate", "2027-01-16");

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
        var b = await CampaignAsync();
        await b.MemberAsync("Unused", null);
        Task<long> AdhesionAsync(string member) => app.ScalarAsync<long>(
            "SELECT Id FROM Adhesions WHERE PurchasingGroupId = @GroupId AND MemberId = @memberId", new { b.GroupId, memberId = b.MemberId(member) });
        var used = await AdhesionAsync("Alpha");
        var unused = await AdhesionAsync("Unused");

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
