using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>A clock the test sets: the app reads "now" from it (publication, deadlines, audit).</summary>
public sealed class MovableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(TenderScenario.Now);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The app with its <see cref="TimeProvider"/> replaced by a <see cref="MovableClock"/>.</summary>
public sealed class ClockedTestApp : TestApp
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// The tender pages as the procurement officer uses them: creation from a closed campaign, criteria, publication,
/// closing and the end of a procedure; refusals in French next to the field with nothing saved; member buyers kept out.
/// </summary>
public sealed class TenderPagesTests(ClockedTestApp app) : IClassFixture<ClockedTestApp>
{
    private const string Officer = "marches@demo.local";

    private async Task<(TenderScenario Scenario, HttpClient Officer)> ArrangeAsync(DateTime nowUtc, CampaignStatus status = CampaignStatus.Closed)
    {
        app.Clock.Now = new DateTimeOffset(nowUtc);
        var scenario = await TenderScenario.CampaignAsync(app.ConnectionFactory, status);
        await scenario.MemberAsync("Abbeville", NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("LINE", 10_000), ("FIB", 2_000));
        await scenario.MemberAsync("Rue", NeedsFormStatus.Draft, new DateOnly(2024, 1, 1), null, ("LINE", 5_000));
        return (scenario, await app.LoginAsync(Officer));
    }

    internal static Dictionary<string, string> CreateFields(TenderScenario s, string reference, string lot1Procedure = "2", string cpv1 = "64210000-1") => new()
    {
        ["Reference"] = reference,
        ["Object"] = "Services de télécommunications " + s.Tag,
        ["DurationMonths"] = "24",
        ["LieuExecutionCode"] = "80",
        ["Lots[0].CampaignLotId"] = TestApp.Id(s.Lot1Id),
        ["Lots[0].CpvCode"] = cpv1,
        ["Lots[0].Procedure"] = lot1Procedure,
        ["Lots[1].CampaignLotId"] = TestApp.Id(s.Lot2Id),
        ["Lots[1].CpvCode"] = "72400000",
        ["Lots[1].Procedure"] = "2",
    };

    internal static string Reference(TenderScenario s) => $"2026-T{s.Tag[..4]}-01";

    internal static string CreateUrl(TenderScenario s) => "/Tenders/Create?campaignId=" + TestApp.Id(s.CampaignId);

    private Task<long> TenderCountAsync(TenderScenario s) => app.ScalarAsync<long>("SELECT COUNT(*) FROM Tenders WHERE CampaignId = @id", new { id = s.CampaignId });

    private Task<int> VersionAsync(long id) => app.ScalarAsync<int>("SELECT Version FROM Tenders WHERE Id = @id", new { id });

    private Task<long> StateAsync(long id) => app.ScalarAsync<long>("SELECT State FROM Tenders WHERE Id = @id", new { id });

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

    private static string MessageFor(IHtmlDocument doc, string field) =>
        doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;

    private static string ValueOf(IHtmlDocument doc, string field) => doc.QuerySelector($"input[name='{field}']")?.GetAttribute("value") ?? string.Empty;

    private async Task<long> CreateAsync(TenderScenario s, HttpClient officer)
    {
        var response = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, Reference(s)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Tenders WHERE CampaignId = @id", new { id = s.CampaignId });
        Assert.Equal("/Tenders/Details/" + TestApp.Id(id), response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>Price 40, technical 50 (two sub-criteria 30 + 20, scored on 10), environmental <paramref name="environment"/>.</summary>
    private async Task<HttpResponseMessage> PostCriteriaAsync(HttpClient officer, long id, int environment = 10, int technical = 50)
    {
        var url = "/Tenders/Criteria/" + TestApp.Id(id);
        var fields = new Dictionary<string, string>
        {
            ["Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PriceFormula"] = "1",
            ["MaxScore"] = "20",
            ["Criteria[0].Name"] = "Prix",
            ["Criteria[0].Kind"] = "1",
            ["Criteria[0].Weight"] = "40",
            ["Criteria[1].Name"] = "Valeur technique",
            ["Criteria[1].Kind"] = "2",
            ["Criteria[1].Weight"] = technical.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Criteria[1].SubCriteria[0].Name"] = "Qualité du réseau",
            ["Criteria[1].SubCriteria[0].Weight"] = "30",
            ["Criteria[1].SubCriteria[0].MaxScore"] = "10",
            ["Criteria[1].SubCriteria[1].Name"] = "Support",
            ["Criteria[1].SubCriteria[1].Weight"] = (technical - 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Criteria[1].SubCriteria[1].MaxScore"] = "10",
        };
        if (environment > 0)
        {
            fields["Criteria[2].Name"] = "Performance environnementale";
            fields["Criteria[2].Kind"] = "3";
            fields["Criteria[2].Weight"] = environment.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await officer.PostFormAsync(url, url, fields);
    }

    private async Task<HttpResponseMessage> PublishAsync(HttpClient officer, long id, string deadlineParis, bool electronic = false)
    {
        var details = "/Tenders/Details/" + TestApp.Id(id);
        return await officer.PostFormAsync(details, "/Tenders/Publish/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Publish.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Publish.Deadline"] = deadlineParis,
            ["Publish.ElectronicOffers"] = electronic ? "true" : "false",
        });
    }

    private async Task<IReadOnlyList<string>> AuditActionsAsync(long id)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT Action FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @id ORDER BY Id", new { id })).ToList();
    }

    [Fact]
    public async Task Create_FromClosedCampaign_SavesTheDraftWithItsLotsAndOneAuditRow()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);

        var campaignPage = await officer.GetDocumentAsync("/Campaigns/Details/" + TestApp.Id(s.CampaignId));
        Assert.Equal(CreateUrl(s), campaignPage.QuerySelector("[data-testid=launch-tender]")?.GetAttribute("href"));
        var id = await CreateAsync(s, officer);

        Assert.Equal(1, await TenderCountAsync(s));
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderLots WHERE TenderId = @id", new { id }));
        Assert.Equal("64210000-1", await app.ScalarAsync<string>("SELECT CpvCode FROM TenderLots WHERE TenderId = @id AND LotNumber = 1", new { id }));
        Assert.Equal((long)TenderStatus.Draft, await StateAsync(id));
        Assert.Equal(20L, await app.ScalarAsync<long>("SELECT AbnormallyLowPercent FROM Tenders WHERE Id = @id", new { id })); // no configuration: the default
        Assert.Equal([TenderService.Created], await AuditActionsAsync(id));
        var page = await officer.GetDocumentAsync("/Tenders/Details/" + TestApp.Id(id));
        Assert.Equal("Brouillon", page.QuerySelector("[data-testid=tender-state]")?.TextContent.Trim());
        // Only Abbeville's validated form counts: Rue's draft is pending.
        Assert.Equal("10", page.QuerySelector("[data-testid=item-LINE] td:nth-of-type(3)")?.TextContent.Trim());
        Assert.Contains("0 formulaire(s) transmis, 1 validé(s) ; 1 en attente", page.QuerySelector("[data-testid=snapshot]")?.TextContent, StringComparison.Ordinal);
        var list = await officer.GetDocumentAsync("/Tenders");
        Assert.Single(list.QuerySelectorAll("[data-testid=tenders] a"), a => a.TextContent == Reference(s).ToUpperInvariant());
    }

    [Fact]
    public async Task Create_FromOpenCampaign_IsRefusedAndSavesNothing()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now, CampaignStatus.Open);

        var get = await officer.GetAsync(CreateUrl(s));
        var token = await officer.AntiforgeryTokenAsync("/Tenders");
        var fields = CreateFields(s, Reference(s));
        fields["__RequestVerificationToken"] = token;
        var post = await officer.PostAsync(CreateUrl(s), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains(TenderForms.CampaignNotClosedMessage, (await ParseAsync(post)).QuerySelector(".validation-summary-errors")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await TenderCountAsync(s));
    }

    [Fact]
    public async Task Create_WeakerProcedureThanTheLawRequires_IsRefusedWithTheArticleNextToTheLot()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);

        var response = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, Reference(s), lot1Procedure: "1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await ParseAsync(response);
        var message = MessageFor(doc, "Lots[0].Procedure");
        Assert.Equal(ProcedureChoice.Check(RequiredProcedure.Formalised, [], [new LotProcedure(1, TenderProcedure.Mapa)]).Single(), message);
        Assert.Contains("R2124-1", message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, MessageFor(doc, "Lots[1].Procedure"));
        Assert.Equal(Reference(s), ValueOf(doc, "Reference"));
        Assert.Equal(0, await TenderCountAsync(s));
    }

    [Fact]
    public async Task Create_BadCpvAndReference_MessagesNextToTheFieldsInputKeptNothingSaved()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);

        var response = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, "TEL-2026-1", cpv1: "6421000-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await ParseAsync(response);
        Assert.Equal(TenderReference.Message, MessageFor(doc, "Reference"));
        Assert.Equal(CpvCode.Message, MessageFor(doc, "Lots[0].CpvCode"));
        Assert.Equal(string.Empty, MessageFor(doc, "Lots[1].CpvCode"));
        Assert.Equal("TEL-2026-1", ValueOf(doc, "Reference"));
        Assert.Equal("6421000-1", ValueOf(doc, "Lots[0].CpvCode"));
        Assert.Equal(0, await TenderCountAsync(s));
    }

    [Fact]
    public async Task Criteria_NotSummingTo100_AreRefusedAndNothingIsSaved()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);

        var response = await PostCriteriaAsync(officer, id, environment: 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await ParseAsync(response)).QuerySelector("[data-testid=criteria-errors]")?.TextContent;
        Assert.Contains(CriteriaRules.WeightsSumMessage + " Elle vaut actuellement 90.", errors, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderCriteria WHERE TenderId = @id", new { id }));

        var saved = await PostCriteriaAsync(officer, id);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderCriteria WHERE TenderId = @id", new { id }));
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderSubCriteria WHERE TenderId = @id", new { id }));
    }

    [Theory]
    [InlineData("2026-08-20T21:59:00Z", true)] // 23:59 in Paris on 20 August: no environmental criterion required yet
    [InlineData("2026-08-20T22:00:00Z", false)] // midnight in Paris: 21 August, required
    public async Task Publish_WithoutEnvironmentalCriterion_IsRefusedFrom21August2026InParis(string nowUtc, bool accepted)
    {
        var now = DateTime.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var (s, officer) = await ArrangeAsync(now);
        var id = await CreateAsync(s, officer);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCriteriaAsync(officer, id, environment: 0, technical: 60)).StatusCode);

        var response = await PublishAsync(officer, id, "2026-10-30T12:00");

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal((long)TenderStatus.Published, await StateAsync(id));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(CriteriaRules.EnvironmentalMessage, (await ParseAsync(response)).QuerySelector("[data-testid=action-errors]")?.TextContent, StringComparison.Ordinal);
            Assert.Equal((long)TenderStatus.Draft, await StateAsync(id));
            Assert.Equal([TenderService.Created, TenderService.CriteriaUpdated], await AuditActionsAsync(id));
        }
    }

    [Theory]
    [InlineData("2026-12-25T09:59", false)] // 35 days less one minute (published 20/11/2026 10:00 in Paris, paper offers)
    [InlineData("2026-12-25T10:00", true)] // exactly 35 days
    public async Task Publish_OfferPeriodOfAnOpenCallForTenders_Is35DaysForPaperOffers(string deadline, bool accepted)
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCriteriaAsync(officer, id)).StatusCode);

        var response = await PublishAsync(officer, id, deadline);

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal((long)TenderStatus.Published, await StateAsync(id));
            Assert.Equal(new DateTime(2026, 12, 25, 9, 0, 0), await app.ScalarAsync<DateTime>("SELECT OfferDeadlineUtc FROM Tenders WHERE Id = @id", new { id }));
            Assert.False(await app.ScalarAsync<bool>("SELECT ElectronicOffers FROM Tenders WHERE Id = @id", new { id }));
            Assert.Equal([TenderService.Created, TenderService.CriteriaUpdated, TenderService.Published], await AuditActionsAsync(id));
            var page = await officer.GetDocumentAsync("/Tenders/Details/" + TestApp.Id(id));
            Assert.Equal("25/12/2026 10:00 (heure de Paris)", page.QuerySelector("[data-testid=deadline]")?.TextContent.Trim());

            // Once published, each lot leads to its offers register, its evaluation and its award; the tender to its savings.
            var lots = await app.QueryAsync<long>("SELECT Id FROM TenderLots WHERE TenderId = @id ORDER BY LotNumber", new { id });
            var links = page.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(2, lots.Count);
            foreach (var lot in lots)
            {
                Assert.Contains("/Offers/Index/" + TestApp.Id(lot), links);
                Assert.Contains("/Offers/Evaluation/" + TestApp.Id(lot), links);
                Assert.Contains("/Awards/Lot/" + TestApp.Id(lot), links);
            }

            Assert.Contains("/Awards/Savings/" + TestApp.Id(id), links);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await ParseAsync(response);
            Assert.StartsWith("Le délai de réception des offres doit être d'au moins 35 jours (offres reçues sur support papier, R2161-2)", MessageFor(doc, "Publish.Deadline"), StringComparison.Ordinal);
            Assert.Equal(deadline, ValueOf(doc, "Publish.Deadline"));
            Assert.Equal((long)TenderStatus.Draft, await StateAsync(id));
        }
    }

    [Fact]
    public async Task Close_BeforeTheDeadline_IsRefused_ThenAcceptedOnceItPassed()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        await PostCriteriaAsync(officer, id);
        Assert.Equal(HttpStatusCode.Redirect, (await PublishAsync(officer, id, "2026-12-25T10:00")).StatusCode);
        var details = "/Tenders/Details/" + TestApp.Id(id);

        var early = await officer.PostFormAsync(details, "/Tenders/Close/" + TestApp.Id(id), new Dictionary<string, string> { ["Close.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains(TenderWorkflow.DeadlineNotPassedMessage, (await ParseAsync(early)).QuerySelector("[data-testid=action-errors]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal((long)TenderStatus.Published, await StateAsync(id));

        app.Clock.Now = new DateTimeOffset(new DateTime(2026, 12, 25, 9, 0, 0, DateTimeKind.Utc));
        officer = await app.LoginAsync(Officer);
        var stale = await officer.PostFormAsync(details, "/Tenders/Close/" + TestApp.Id(id), new Dictionary<string, string> { ["Close.Version"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal((long)TenderStatus.Published, await StateAsync(id));

        var onTime = await officer.PostFormAsync(details, "/Tenders/Close/" + TestApp.Id(id), new Dictionary<string, string> { ["Close.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, onTime.StatusCode);
        Assert.Equal((long)TenderStatus.Closed, await StateAsync(id));
        Assert.Equal([TenderService.Created, TenderService.CriteriaUpdated, TenderService.Published, TenderService.Closed], await AuditActionsAsync(id));
        var history = (await officer.GetDocumentAsync(details)).QuerySelectorAll("[data-testid=history] tbody tr");
        Assert.Equal(4, history.Length);
    }

    [Fact]
    public async Task Unsuccessful_WithoutAReason_IsRefusedNextToTheField_WithAReasonIsRecorded()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        var details = "/Tenders/Details/" + TestApp.Id(id);

        var refused = await officer.PostFormAsync(details, "/Tenders/Unsuccessful/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Unsuccessful.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Unsuccessful.Reason"] = "   ",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(TenderWorkflow.ReasonMissingMessage, MessageFor(await ParseAsync(refused), "Unsuccessful.Reason"));
        Assert.Equal((long)TenderStatus.Draft, await StateAsync(id));

        var accepted = await officer.PostFormAsync(details, "/Tenders/Unsuccessful/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Unsuccessful.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Unsuccessful.Reason"] = "Aucune offre reçue.",
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal((long)TenderStatus.Unsuccessful, await StateAsync(id));
        Assert.Equal("Aucune offre reçue.", await app.ScalarAsync<string>("SELECT StateReason FROM Tenders WHERE Id = @id", new { id }));
        Assert.Equal([TenderService.Created, TenderService.Unsuccessful], await AuditActionsAsync(id));

        var again = await officer.PostFormAsync(details, "/Tenders/Abandon/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Abandon.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Abandon.Reason"] = "Besoin disparu.",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("la procédure est terminée", (await ParseAsync(again)).QuerySelector("[data-testid=action-errors]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal((long)TenderStatus.Unsuccessful, await StateAsync(id));
    }

    [Theory]
    [InlineData("acheteur.vimeu@demo.local")]
    [InlineData("acheteur.amiens@demo.local")]
    public async Task MemberBuyers_AreRefusedEveryTenderPage(string buyer)
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = TestApp.Id(await CreateAsync(s, officer));
        var client = await app.LoginAsync(buyer);
        var token = await client.AntiforgeryTokenAsync("/");

        foreach (var url in new[] { "/Tenders", "/Tenders/Details/" + id, "/Tenders/Criteria/" + id, "/Tenders/Edit/" + id, CreateUrl(s) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
        }

        foreach (var action in new[] { "Publish", "Close", "Unsuccessful", "Abandon", "Commission", "Criteria", "Edit" })
        {
            var response = await client.PostAsync($"/Tenders/{action}/{id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal([TenderService.Created], await AuditActionsAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task EditDraft_BadCpvRefusedNextToTheField_ThenLotsAndDecpSavedAndAudited()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        var url = "/Tenders/Edit/" + TestApp.Id(id);
        var fields = await EditFieldsAsync(officer, url);
        Assert.Equal("Techniques de l'information et de la communication", fields["Ccag"]);
        fields["Lots[0].CpvCode"] = "642100001";
        fields["Ccag"] = DecpCodes.CcagFournituresServices;

        var refused = await officer.PostFormAsync(url, url, fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Equal(CpvCode.Message, MessageFor(doc, "Lots[0].CpvCode"));
        Assert.Equal("642100001", ValueOf(doc, "Lots[0].CpvCode"));
        Assert.Equal("64210000-1", await app.ScalarAsync<string>("SELECT CpvCode FROM TenderLots WHERE TenderId = @id AND LotNumber = 1", new { id }));
        Assert.Equal(DecpCodes.CcagTic, await app.ScalarAsync<string>("SELECT Ccag FROM Tenders WHERE Id = @id", new { id }));

        fields["Lots[0].CpvCode"] = "64200000-8";
        var saved = await officer.PostFormAsync(url, url, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("64200000-8", await app.ScalarAsync<string>("SELECT CpvCode FROM TenderLots WHERE TenderId = @id AND LotNumber = 1", new { id }));
        Assert.Equal(DecpCodes.CcagFournituresServices, await app.ScalarAsync<string>("SELECT Ccag FROM Tenders WHERE Id = @id", new { id }));
        Assert.Equal([TenderService.Created, TenderForms.DraftUpdated], await AuditActionsAsync(id));
    }

    /// <summary>The edit form's fields as the page renders them (checked boxes only: each DECP list holds one default code).</summary>
    private static async Task<Dictionary<string, string>> EditFieldsAsync(HttpClient officer, string url)
    {
        var form = await officer.GetDocumentAsync(url);
        return form.QuerySelectorAll("form[action^='/Tenders/Edit'] input[name], form[action^='/Tenders/Edit'] textarea[name], form[action^='/Tenders/Edit'] select[name]")
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken" && (e.GetAttribute("type") != "checkbox" || e.HasAttribute("checked")))
            .ToDictionary(
                e => e.GetAttribute("name")!,
                e => (e is IHtmlSelectElement sel ? sel.Value : e is IHtmlTextAreaElement ta ? ta.Value : e.GetAttribute("value")) ?? string.Empty);
    }

    [Fact]
    public async Task EditDraft_OffersTheDecpCodesAsChoices_AForgedCodeIsRefusedNextToItsField_NothingSaved()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        var url = "/Tenders/Edit/" + TestApp.Id(id);
        var page = await officer.GetDocumentAsync(url);
        Assert.Equal(DecpCodes.Ccags, page.QuerySelectorAll("select[name=Ccag] option").Select(o => o.GetAttribute("value") ?? string.Empty).ToList());
        Assert.Equal(DecpCodes.Techniques, page.QuerySelectorAll("input[type=checkbox][name=Techniques]").Select(o => o.GetAttribute("value") ?? string.Empty).ToList());
        Assert.Equal([DecpCodes.TechniqueAccordCadre], page.QuerySelectorAll("input[type=checkbox][name=Techniques][checked]").Select(o => o.GetAttribute("value")).ToList());
        var fields = await EditFieldsAsync(officer, url);
        fields["Object"] = "Objet modifié " + s.Tag;
        fields["Ccag"] = "CCAG inventé";
        fields["Techniques"] = "Technique forgée";
        fields["FormePrix"] = DecpCodes.FormesPrix[1];

        var refused = await officer.PostFormAsync(url, url, fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Equal(DecpCodes.ChoiceMessage, MessageFor(doc, "Ccag"));
        Assert.Equal(DecpCodes.ListMessage, MessageFor(doc, "Techniques"));
        Assert.Equal(string.Empty, MessageFor(doc, "FormePrix"));
        Assert.Equal("Objet modifié " + s.Tag, ValueOf(doc, "Object"));
        Assert.Equal(DecpCodes.FormesPrix[1], doc.QuerySelector("select[name=FormePrix] option[selected]")?.GetAttribute("value"));
        Assert.Equal(
            $"{DecpCodes.CcagTic}/{DecpCodes.TechniqueAccordCadre}/{DecpCodes.FormePrixUnitaire}/Services de télécommunications {s.Tag}",
            await app.ScalarAsync<string>("SELECT Ccag || '/' || Techniques || '/' || FormePrix || '/' || Object FROM Tenders WHERE Id = @id", new { id }));
        Assert.Equal([TenderService.Created], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task CommissionDecision_OfAnEvaluatedFormalisedTender_NeedsDateAndDecision_AndIsRecorded()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var id = await CreateAsync(s, officer);
        await PostCriteriaAsync(officer, id);
        Assert.Equal(HttpStatusCode.Redirect, (await PublishAsync(officer, id, "2026-12-25T10:00")).StatusCode);
        app.Clock.Now = new DateTimeOffset(new DateTime(2026, 12, 26, 9, 0, 0, DateTimeKind.Utc));
        officer = await app.LoginAsync(Officer);
        var details = "/Tenders/Details/" + TestApp.Id(id);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(details, "/Tenders/Close/" + TestApp.Id(id), new Dictionary<string, string> { ["Close.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture) })).StatusCode);
        // The evaluation is the offers' page (another part): its transition is applied here through the repository.
        Assert.True(await new ProcurementGroup.Data.Tenders.TenderRepository(app.ConnectionFactory).TransitionAsync(
            new ProcurementGroup.Data.Tenders.TenderStateChange(id, await VersionAsync(id), TenderTransition.Evaluate, app.Clock.Now.UtcDateTime)));
        Assert.NotNull((await officer.GetDocumentAsync(details)).QuerySelector("[data-testid=commission-form]"));

        var refused = await officer.PostFormAsync(details, "/Tenders/Commission/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Commission.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Commission.Date"] = "31/02/2027",
            ["Commission.Decision"] = "Attribution du lot 1 à l'offre la mieux classée.",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Equal(TenderForms.CommissionDateMessage, MessageFor(doc, "Commission.Date"));
        Assert.Equal("Attribution du lot 1 à l'offre la mieux classée.", doc.QuerySelector("textarea[name='Commission.Decision']")?.TextContent.Trim());
        Assert.Equal((long)TenderStatus.Evaluated, await StateAsync(id));

        var recorded = await officer.PostFormAsync(details, "/Tenders/Commission/" + TestApp.Id(id), new Dictionary<string, string>
        {
            ["Commission.Version"] = (await VersionAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Commission.Date"] = "2027-01-12",
            ["Commission.Decision"] = "Attribution du lot 1 à l'offre la mieux classée.",
        });

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal((long)TenderStatus.CommissionDecided, await StateAsync(id));
        Assert.Equal("12/01/2027 : Attribution du lot 1 à l'offre la mieux classée.", (await officer.GetDocumentAsync(details)).QuerySelector("[data-testid=cao]")?.TextContent.Trim());
        Assert.Equal(
            [TenderService.Created, TenderService.CriteriaUpdated, TenderService.Published, TenderService.Closed, TenderService.CommissionDecided],
            await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Create_ATakenReference_IsRefusedNextToTheField_ARelaunchTakesTheNextNumber()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        await CreateAsync(s, officer);

        var taken = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, Reference(s).ToLowerInvariant()));

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(TenderForms.DuplicateReferenceMessage, MessageFor(await ParseAsync(taken), "Reference"));
        Assert.Equal(1, await TenderCountAsync(s));

        var relaunch = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, Reference(s)[..^2] + "02"));
        Assert.Equal(HttpStatusCode.Redirect, relaunch.StatusCode);
        Assert.Equal(2, await TenderCountAsync(s));
    }

    [Fact]
    public async Task CampaignPage_ListsItsTenders_ARelaunchAfterAnUnsuccessfulOneShowsBoth()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        var campaignPage = "/Campaigns/Details/" + TestApp.Id(s.CampaignId);
        Assert.Null((await HttpClientForms.ParseAsync(await officer.GetStringAsync(campaignPage))).QuerySelector("[data-testid=campaign-tenders]"));
        var first = await CreateAsync(s, officer);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync("/Tenders/Details/" + TestApp.Id(first), "/Tenders/Unsuccessful/" + TestApp.Id(first), new Dictionary<string, string>
        {
            ["Unsuccessful.Version"] = TestApp.Id(await VersionAsync(first)),
            ["Unsuccessful.Reason"] = "Aucune offre acceptable.",
        })).StatusCode);
        var relaunch = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), CreateFields(s, Reference(s)[..^2] + "02"));
        Assert.Equal(HttpStatusCode.Redirect, relaunch.StatusCode);
        var second = await app.ScalarAsync<long>("SELECT Id FROM Tenders WHERE CampaignId = @id AND Id <> @first", new { id = s.CampaignId, first });

        var rows = (await HttpClientForms.ParseAsync(await officer.GetStringAsync(campaignPage))).QuerySelectorAll("[data-testid=campaign-tenders] tbody tr");

        Assert.Equal(2, rows.Length);
        Assert.Equal(
            [
                (Reference(s), "/Tenders/Details/" + TestApp.Id(first), TenderWorkflow.Label(TenderStatus.Unsuccessful)),
                (Reference(s)[..^2] + "02", "/Tenders/Details/" + TestApp.Id(second), TenderWorkflow.Label(TenderStatus.Draft)),
            ],
            rows.Select(r => (r.QuerySelector("th a")!.TextContent.Trim(), r.QuerySelector("th a")!.GetAttribute("href"), r.QuerySelector(".badge")!.TextContent.Trim())).ToList());
    }

    [Fact]
    public async Task Create_ALotTheStoredAdvicePutUnderTheSmallLotsException_MayRunAsMapa_TheOtherLotMayNot()
    {
        var (s, officer) = await ArrangeAsync(TenderScenario.Now);
        await using (var c = await app.ConnectionFactory.OpenAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            var threshold = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT MIN(Id) FROM ProcurementThresholds", transaction: tx);
            await new ProcurementGroup.Data.Procedures.ProcedureAdviceRepository(app.ConnectionFactory).InsertAsync(c, tx, new ProcurementGroup.Data.Procedures.StoredAdvice
            {
                CampaignId = s.CampaignId,
                ComputedAtUtc = TenderScenario.Now,
                LaunchDate = TenderScenario.PlannedLaunch,
                EstimatedValueCents = 50_000_000,
                RequiredProcedure = RequiredProcedure.Formalised,
                Article = "R2124-1",
                Explanation = "Au-dessus du seuil européen.",
                NoProcedureThresholdId = threshold,
                EuThresholdId = threshold,
                SmallLotsTotalCents = 2_000_000,
                SmallLots = [new ProcurementGroup.Data.Procedures.StoredSmallLot { LotId = s.Lot2Id, LotNumber = 2, Title = "Accès internet", ValueCents = 2_000_000 }],
            });
            await tx.CommitAsync();
        }

        var page = await officer.GetDocumentAsync(CreateUrl(s));
        Assert.Equal("2", (page.QuerySelector("select[name='Lots[0].Procedure']") as IHtmlSelectElement)?.Value);
        Assert.Equal("1", (page.QuerySelector("select[name='Lots[1].Procedure']") as IHtmlSelectElement)?.Value);

        var fields = CreateFields(s, Reference(s), lot1Procedure: "1");
        fields["Lots[1].Procedure"] = "1";
        var refused = await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Contains("R2124-1", MessageFor(doc, "Lots[0].Procedure"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, MessageFor(doc, "Lots[1].Procedure"));
        Assert.Equal(0, await TenderCountAsync(s));

        fields["Lots[0].Procedure"] = "2";
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(CreateUrl(s), CreateUrl(s), fields)).StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Tenders WHERE CampaignId = @id", new { id = s.CampaignId });
        Assert.Equal((long)TenderProcedure.Mapa, await app.ScalarAsync<long>("SELECT ProcedureType FROM TenderLots WHERE TenderId = @id AND LotNumber = 2", new { id }));
        Assert.True(await app.ScalarAsync<bool>("SELECT SmallLotException FROM TenderLots WHERE TenderId = @id AND LotNumber = 2", new { id }));
        Assert.Equal((long)TenderProcedure.OpenCallForTenders, await app.ScalarAsync<long>("SELECT ProcedureType FROM Tenders WHERE Id = @id", new { id }));
    }
}
