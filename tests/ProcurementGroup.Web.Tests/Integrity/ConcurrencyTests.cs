using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>
/// Last write no longer wins (issue 6, defect 6): two people load the same page, both post; the second is told in French
/// with a 409, sees what they typed, and the database keeps the first one's values.
/// </summary>
public sealed class ConcurrencyTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Admin = "admin@demo.local";
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private static string Value(IHtmlDocument page, string name) =>
        page.QuerySelector($"input[name='{name}']")?.GetAttribute("value") ?? throw new InvalidOperationException($"No input {name}");

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response) =>
        await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Site_TwoUsersSaveFromTheSameVersion_SecondGets409_InputKept_FirstKept()
    {
        var siteId = await NeedsFormScenarios.AddSiteAsync(app, NeedsFormScenarios.Vimeu, "Mairie");
        var page = $"/Sites/Edit/{siteId}";
        var buyer = await app.LoginAsync(VimeuBuyer);
        var officer = await app.LoginAsync(Officer);
        var buyerVersion = Value(await buyer.GetDocumentAsync(page), "Version");
        var officerVersion = Value(await officer.GetDocumentAsync(page), "Version");

        var first = await buyer.PostFormAsync(page, page, new Dictionary<string, string> { ["Name"] = "Mairie annexe", ["CommuneInsee"] = "80368", ["Version"] = buyerVersion });
        var second = await officer.PostFormAsync(page, page, new Dictionary<string, string> { ["Name"] = "Mairie centrale", ["CommuneInsee"] = "80368", ["Version"] = officerVersion });

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var doc = await DocumentAsync(second);
        Assert.Contains("Quelqu'un d'autre a modifié ce site", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Mairie centrale", Value(doc, "Name"));
        Assert.Equal("Mairie annexe", await ScalarAsync<string>("SELECT Name FROM MemberSites WHERE Id = @siteId", new { siteId }));
        Assert.Equal(2, await ScalarAsync<int>("SELECT Version FROM MemberSites WHERE Id = @siteId", new { siteId }));
    }

    [Fact]
    public async Task Lot_TwoOfficersSaveFromTheSameVersion_SecondGets409_FirstKept()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app, CampaignStatus.Draft, members: []);
        var lotId = campaign.LotId(1);
        var page = $"/Campaigns/Lot/{campaign.CampaignId}?lotId={lotId}";
        var action = $"/Campaigns/Lot/{campaign.CampaignId}";
        var one = await app.LoginAsync(Officer);
        var two = await app.LoginAsync(Officer);
        var versionOne = Value(await one.GetDocumentAsync(page), "Form.Version");
        var versionTwo = Value(await two.GetDocumentAsync(page), "Form.Version");
        Dictionary<string, string> Fields(string title, string version) => new()
        {
            ["Form.Id"] = lotId.ToString(CultureInfo.InvariantCulture),
            ["Form.Version"] = version,
            ["Form.LotNumber"] = "1",
            ["Form.Title"] = title,
        };

        var first = await one.PostFormAsync(page, action, Fields("Téléphonie mobile", versionOne));
        var second = await two.PostFormAsync(page, action, Fields("Mobiles et forfaits", versionTwo));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var doc = await DocumentAsync(second);
        Assert.Contains("modifié par quelqu'un d'autre", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Mobiles et forfaits", Value(doc, "Form.Title"));
        Assert.Equal("Téléphonie mobile", await ScalarAsync<string>("SELECT Title FROM CampaignLots WHERE Id = @lotId", new { lotId }));
    }

    [Fact]
    public async Task Threshold_TwoAdministratorsSaveFromTheSameVersion_SecondGets409_FirstKept()
    {
        // NoProcedureWorks (kind 5): one row, 100 000 € HT from 2024.
        var id = await ScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 5");
        var page = $"/Thresholds/Edit/{id}";
        var one = await app.LoginAsync(Admin);
        var two = await app.LoginAsync(Admin);
        var versionOne = Value(await one.GetDocumentAsync(page), "Version");
        var versionTwo = Value(await two.GetDocumentAsync(page), "Version");
        Dictionary<string, string> Fields(string amount, string version) => new()
        {
            ["Kind"] = "5",
            ["ValidFrom"] = "01/01/2024",
            ["ValidUntil"] = string.Empty,
            ["Amount"] = amount,
            ["Article"] = "R2122-8",
            ["Version"] = version,
        };

        var first = await one.PostFormAsync(page, page, Fields("100 001", versionOne));
        var second = await two.PostFormAsync(page, page, Fields("100 002", versionTwo));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var doc = await DocumentAsync(second);
        Assert.Contains("modifié par quelqu'un d'autre", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("100 002", Value(doc, "Amount"));
        Assert.Equal(10_000_100L, await ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id }));
        Assert.Equal(1L, await ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'ProcurementThreshold' AND EntityId = @id AND Action = 'Updated'", new { id }));
    }

    [Fact]
    public async Task Adhesion_TwoAdministratorsEndItFromTheSameVersion_SecondGets409_FirstKept()
    {
        var groupId = await ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = 'Télécommunications'");
        var (adhesionId, memberName) = await FirstOpenAdhesionAsync(groupId);
        var page = $"/Groups/Details/{groupId}";
        var one = await app.LoginAsync(Admin);
        var two = await app.LoginAsync(Admin);
        string VersionOf(IHtmlDocument doc) => doc.QuerySelectorAll("form[action*='EndAdhesion']")
            .Single(f => f.QuerySelector("input[name=adhesionId]")!.GetAttribute("value") == adhesionId.ToString(CultureInfo.InvariantCulture))
            .QuerySelector("input[name=version]")!.GetAttribute("value")!;
        var versionOne = VersionOf(await one.GetDocumentAsync(page));
        var versionTwo = VersionOf(await two.GetDocumentAsync(page));
        Dictionary<string, string> Fields(string leftOn, string version) => new()
        {
            ["adhesionId"] = adhesionId.ToString(CultureInfo.InvariantCulture),
            ["leftOn"] = leftOn,
            ["version"] = version,
        };

        var first = await one.PostFormAsync(page, $"/Groups/EndAdhesion/{groupId}", Fields("2030-06-30", versionOne));
        var second = await two.PostFormAsync(page, $"/Groups/EndAdhesion/{groupId}", Fields("2030-12-31", versionTwo));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("Quelqu'un d'autre a modifié cette adhésion", await BodyAsync(second), StringComparison.Ordinal);
        Assert.Contains(memberName, await BodyAsync(second), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2030, 6, 30), await ScalarAsync<DateOnly>("SELECT LeftOn FROM Adhesions WHERE Id = @adhesionId", new { adhesionId }));
    }

    [Fact]
    public async Task NeedsForm_SaveRacingASubmit_SaveIsRefused_TheSubmittedLinesStay()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app);
        var formId = campaign.FormId(NeedsFormScenarios.Vimeu);
        var voix = campaign.ItemId("MOB-VOIX").ToString(CultureInfo.InvariantCulture);
        var page = $"/NeedsForms/Edit/{formId}";
        var tabA = await app.LoginAsync(VimeuBuyer);
        var tabB = await app.LoginAsync(VimeuBuyer);
        var versionA = Value(await tabA.GetDocumentAsync(page), "Input.Version");
        var versionB = Value(await tabB.GetDocumentAsync(page), "Input.Version");
        Dictionary<string, string> Fields(string version, string command, string quantity) => new()
        {
            ["Input.Version"] = version,
            ["command"] = command,
            ["Input.Lines[0].ItemId"] = voix,
            ["Input.Lines[0].SiteId"] = string.Empty,
            ["Input.Lines[0].Quantity"] = quantity,
            ["Input.Lines[0].Comment"] = string.Empty,
        };

        var submit = await tabB.PostFormAsync(page, page, Fields(versionB, "submit", "10"));
        var save = await tabA.PostFormAsync(page, page, Fields(versionA, "save", "99"));

        // The stale tab is refused (the request sees the form submitted; had both requests read it as a draft, the
        // UPDATE's Version and status condition would refuse the save: see the test below).
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Contains("Ce formulaire ne peut plus être modifié", await BodyAsync(save), StringComparison.Ordinal);
        Assert.Equal((int)NeedsFormStatus.Submitted, await ScalarAsync<int>("SELECT Status FROM NeedsForms WHERE Id = @formId", new { formId }));
        Assert.Equal(10_000L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId", new { formId }));
    }

    [Fact]
    public async Task NeedLines_OnASubmittedForm_OnlyAnOfficersCorrectionReplacesThem_EvenWithTheCurrentVersion()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app);
        var formId = campaign.FormId(NeedsFormScenarios.Amiens);
        var voix = campaign.ItemId("MOB-VOIX");
        var store = app.Services.GetRequiredService<INeedLinesStore>();
        var factory = app.Services.GetRequiredService<IDbConnectionFactory>();
        var buyer = await app.LoginAsync("acheteur.amiens@demo.local");
        var page = $"/NeedsForms/Edit/{formId}";
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["Input.Version"] = "1",
            ["command"] = "submit",
            ["Input.Lines[0].ItemId"] = voix.ToString(CultureInfo.InvariantCulture),
            ["Input.Lines[0].Quantity"] = "4",
        })).StatusCode);
        var version = await ScalarAsync<int>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId });
        NeedLine[] lines = [new() { FormId = formId, CatalogueItemId = voix, QuantityMilli = 7_000 }];

        int? asBuyer;
        await using (var c = await factory.OpenAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            asBuyer = await store.ReplaceLinesAsync(c, tx, formId, version, submittedEditable: false, lines, null, DateTime.UtcNow);
            await tx.CommitAsync();
        }

        Assert.Null(asBuyer);
        Assert.Equal(4_000L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId", new { formId }));

        int? asOfficer;
        await using (var c = await factory.OpenAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            asOfficer = await store.ReplaceLinesAsync(c, tx, formId, version, submittedEditable: true, lines, null, DateTime.UtcNow);
            await tx.CommitAsync();
        }

        Assert.Equal(version + 1, asOfficer);
        Assert.Equal(7_000L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId", new { formId }));
    }

    private async Task<(long Id, string MemberName)> FirstOpenAdhesionAsync(long groupId)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.QueryFirstAsync<(long, string)>(
            "SELECT a.Id, m.Name FROM Adhesions a JOIN Members m ON m.Id = a.MemberId WHERE a.PurchasingGroupId = @groupId AND a.LeftOn IS NULL ORDER BY a.Id",
            new { groupId });
    }
}
