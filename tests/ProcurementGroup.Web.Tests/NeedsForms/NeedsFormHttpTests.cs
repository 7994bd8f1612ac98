using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Testing;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.NeedsForms.NeedsFormScenarios;
using static ProcurementGroup.Web.Tests.NeedsForms.NeedsFormFields;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>The needs form through HTTP as the demo buyers and the officer, on campaigns arranged by <see cref="NeedsFormScenarios"/>.</summary>
public sealed class NeedsFormHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private const string AmiensBuyer = "acheteur.amiens@demo.local";
    private const string Officer = "marches@demo.local";

    private async Task<(int Status, int Version, long Lines)> FormStateAsync(long formId)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        var (status, version) = await c.QuerySingleAsync<(int, int)>("SELECT Status, Version FROM NeedsForms WHERE Id = @formId", new { formId });
        var lines = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId });
        return (status, version, lines);
    }

    private async Task<T?> ScalarAsync<T>(string sql, object args)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.ExecuteScalarAsync<T>(sql, args);
    }

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response) =>
        await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

    private static string Message(IHtmlDocument doc, string field) =>
        doc.QuerySelector($"[data-valmsg-for=\"{field}\"]")?.TextContent.Trim() ?? string.Empty;

    private static string Compact(string? text) => new((text ?? string.Empty).Where(ch => !char.IsWhiteSpace(ch) && ch != '\u202F').ToArray());

    [Fact]
    public async Task Buyer_SavesDraftThenSubmits_LinesStatusAndAuditWritten()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var client = await app.LoginAsync(VimeuBuyer);

        var saved = await client.PostFormAsync(page, page, Fields(1, "save",
            (campaign.ItemId("MOB-VOIX"), null, "12", "Élus et techniciens"),
            (campaign.ItemId("SIM-DATA"), null, "2,5", null)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var afterSave = await FormStateAsync(formId);
        Assert.Equal((0, 2, 2L), afterSave);
        Assert.Equal(2500L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId AND CatalogueItemId = @item", new { formId, item = campaign.ItemId("SIM-DATA") }));

        var doc = await client.GetDocumentAsync(page);
        Assert.Equal("12", doc.QuerySelector("input[name=\"Input.Lines[0].Quantity\"]")!.GetAttribute("value"));
        Assert.Contains("2 article(s) renseigné(s) sur 6", doc.QuerySelector("[data-testid=progress]")!.TextContent, StringComparison.Ordinal);

        var submitted = await client.PostFormAsync(page, page, Fields(2, "submit",
            (campaign.ItemId("MOB-VOIX"), null, "12", "Élus et techniciens"),
            (campaign.ItemId("SIM-DATA"), null, "2,5", null)));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal((1, 4, 2L), await FormStateAsync(formId));
        Assert.Equal("Transmis", (await client.GetDocumentAsync(page)).QuerySelector("[data-testid=status]")!.TextContent.Trim());

        await using var c = await app.ConnectionFactory.OpenAsync();
        var audit = (await c.QueryAsync<(string Action, string? AfterJson, string UserEmail)>(
            "SELECT Action, AfterJson, UserEmail FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId ORDER BY Id", new { formId })).ToList();
        Assert.Equal(["Saved", "Submitted"], audit.Select(a => a.Action));
        Assert.Contains("MOB-VOIX", audit[0].AfterJson, StringComparison.Ordinal);
        Assert.Equal(VimeuBuyer, audit[1].UserEmail);
    }

    [Fact]
    public async Task InvalidQuantities_FrenchMessagesNextToFields_InputKept_NothingSaved()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var client = await app.LoginAsync(VimeuBuyer);

        var response = await client.PostFormAsync(page, page, Fields(1, "save",
            (campaign.ItemId("MOB-VOIX"), null, "-3", null),
            (campaign.ItemId("MOB-TERM"), null, "2,5", null),
            (campaign.ItemId("FIXE-TRONC"), null, "6", null),
            (campaign.ItemId("SIM-DATA"), null, "beaucoup", null),
            (campaign.ItemId("LIV-ANNUEL"), null, "4", null)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await DocumentAsync(response);
        Assert.Contains("ne peut pas être négative", Message(doc, "Input.Lines[0].Quantity"), StringComparison.Ordinal);
        Assert.Contains("unités entières", Message(doc, "Input.Lines[1].Quantity"), StringComparison.Ordinal);
        Assert.Contains("dépasse le maximum", Message(doc, "Input.Lines[2].Quantity"), StringComparison.Ordinal);
        Assert.Contains("Saisissez un nombre", Message(doc, "Input.Lines[3].Quantity"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, Message(doc, "Input.Lines[4].Quantity"));
        Assert.Equal("beaucoup", doc.QuerySelector("input[name=\"Input.Lines[3].Quantity\"]")!.GetAttribute("value"));
        Assert.Equal("2,5", doc.QuerySelector("input[name=\"Input.Lines[1].Quantity\"]")!.GetAttribute("value"));
        Assert.Equal((0, 1, 0L), await FormStateAsync(formId));
    }

    [Fact]
    public async Task SameItemTwiceForTheSameSite_Refused_DifferentSitesAccepted()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var friville = (await AddSiteAsync(app, Vimeu, "Mairie de Friville")).ToString(CultureInfo.InvariantCulture);
        var woincourt = (await AddSiteAsync(app, Vimeu, "École de Woincourt")).ToString(CultureInfo.InvariantCulture);
        var fibre = campaign.ItemId("FIBRE-SITE");
        var client = await app.LoginAsync(VimeuBuyer);

        var refused = await client.PostFormAsync(page, page, Fields(1, "save", (fibre, friville, "1", null), (fibre, friville, "2", null)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("figure déjà pour ce site", Message(await DocumentAsync(refused), "Input.Lines[1].SiteId"), StringComparison.Ordinal);
        Assert.Equal((0, 1, 0L), await FormStateAsync(formId));

        var accepted = await client.PostFormAsync(page, page, Fields(1, "save", (fibre, friville, "1", null), (fibre, woincourt, "2", null), (fibre, null, "1", "Site à créer")));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(3L, (await FormStateAsync(formId)).Lines);

        // A site of another member is not a choice.
        var amiensSite = (await AddSiteAsync(app, Amiens, "Hôtel de ville d'Amiens")).ToString(CultureInfo.InvariantCulture);
        var foreign = await client.PostFormAsync(page, page, Fields(2, "save", (fibre, amiensSite, "1", null)));
        Assert.Contains("Choisissez un site", Message(await DocumentAsync(foreign), "Input.Lines[0].SiteId"), StringComparison.Ordinal);
        Assert.Equal(3L, (await FormStateAsync(formId)).Lines);
    }

    [Fact]
    public async Task TwoSavesFromTheSameVersion_SecondIsTold_FirstKept()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var buyer = await app.LoginAsync(VimeuBuyer);
        var officer = await app.LoginAsync(Officer);
        var voix = campaign.ItemId("MOB-VOIX");

        var first = await buyer.PostFormAsync(page, page, Fields(1, "save", (voix, null, "10", null)));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await officer.PostFormAsync(page, page, Fields(1, "save", (voix, null, "99", null)));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var doc = await DocumentAsync(second);
        Assert.Contains("Ce formulaire a été modifié par quelqu'un d'autre", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("99", doc.QuerySelector("input[name=\"Input.Lines[0].Quantity\"]")!.GetAttribute("value"));
        Assert.Equal(10_000L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId", new { formId }));
        Assert.Equal(2, (await FormStateAsync(formId)).Version);
    }

    [Fact]
    public async Task Workflow_Return_Resubmit_Validate_WithEmailsToTheBuyer()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var buyer = await app.LoginAsync(VimeuBuyer);
        var officer = await app.LoginAsync(Officer);
        var voix = campaign.ItemId("MOB-VOIX");
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostFormAsync(page, page, Fields(1, "submit", (voix, null, "10", null)))).StatusCode);
        var version = (await FormStateAsync(formId)).Version;

        // A buyer may not decide: 403 (or the access-denied page).
        var forbidden = await buyer.PostFormAsync(page, $"/NeedsForms/Validate/{formId}", new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture) });
        Assert.True(forbidden.StatusCode == HttpStatusCode.Forbidden || forbidden.Headers.Location?.ToString().Contains("403", StringComparison.Ordinal) == true, $"got {(int)forbidden.StatusCode}");
        Assert.Equal(1, (await FormStateAsync(formId)).Status);

        // The reason is mandatory.
        var noReason = await officer.PostFormAsync(page, $"/NeedsForms/Return/{formId}", new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture), ["returnReason"] = " " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Indiquez le motif", Message(await DocumentAsync(noReason), "ReturnReason"), StringComparison.Ordinal);
        Assert.Equal(1, (await FormStateAsync(formId)).Status);

        var reason = "Précisez les sites des lignes mobiles " + Guid.NewGuid().ToString("N")[..6];
        var returned = await officer.PostFormAsync(page, $"/NeedsForms/Return/{formId}", new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture), ["returnReason"] = reason });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(2, (await FormStateAsync(formId)).Status);
        var mail = await ScalarAsync<string>("SELECT TextBody FROM OutboxMessages WHERE ToAddress = @to AND TextBody LIKE @like", new { to = VimeuBuyer, like = "%" + reason + "%" });
        Assert.Contains("CC du Vimeu", mail, StringComparison.Ordinal);
        Assert.Contains(reason, (await buyer.GetDocumentAsync(page)).QuerySelector("[data-testid=return-reason]")!.TextContent, StringComparison.Ordinal);

        version = (await FormStateAsync(formId)).Version;
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostFormAsync(page, page, Fields(version, "submit", (voix, null, "12", "Sites précisés")))).StatusCode);
        Assert.Equal(1, (await FormStateAsync(formId)).Status);

        version = (await FormStateAsync(formId)).Version;
        const string ValidatedMails = "SELECT COUNT(*) FROM OutboxMessages WHERE ToAddress = @to AND Subject LIKE '%est validé%'";
        var validatedBefore = await ScalarAsync<long>(ValidatedMails, new { to = VimeuBuyer });
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(page, $"/NeedsForms/Validate/{formId}", new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture) })).StatusCode);
        Assert.Equal(3, (await FormStateAsync(formId)).Status);
        Assert.Equal(validatedBefore + 1, await ScalarAsync<long>(ValidatedMails, new { to = VimeuBuyer }));

        // Validated: nobody edits it any more, not even the officer.
        var late = await officer.PostFormAsync(page, page, Fields(version + 1, "save", (voix, null, "1", null)));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(12_000L, await ScalarAsync<long>("SELECT QuantityMilli FROM NeedLines WHERE FormId = @formId", new { formId }));
        var actions = await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId AND Action IN ('Returned', 'Validated')", new { formId });
        Assert.Equal(2L, actions);
    }

    [Fact]
    public async Task AfterClosing_BuyerCannotEdit_OfficerReopens_BuyerCanAgain()
    {
        var campaign = await CreateAsync(app, status: CampaignStatus.Closed);
        var formId = campaign.FormId(Vimeu);
        var page = $"/NeedsForms/Edit/{formId}";
        var buyer = await app.LoginAsync(VimeuBuyer);
        var officer = await app.LoginAsync(Officer);
        var voix = campaign.ItemId("MOB-VOIX");

        Assert.NotNull((await buyer.GetDocumentAsync(page)).QuerySelector("[data-testid=read-only]"));
        var refused = await buyer.PostFormAsync(page, page, Fields(1, "save", (voix, null, "5", null)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("ne peut plus être modifié", (await DocumentAsync(refused)).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((0, 1, 0L), await FormStateAsync(formId));

        const string ReopenedMails = "SELECT COUNT(*) FROM OutboxMessages WHERE ToAddress = @to AND TextBody LIKE '%Délai supplémentaire accordé%'";
        var reopenedBefore = await ScalarAsync<long>(ReopenedMails, new { to = VimeuBuyer });
        var reopened = await officer.PostFormAsync(page, $"/NeedsForms/Reopen/{formId}", new Dictionary<string, string>
        {
            ["version"] = "1",
            ["reopenReason"] = "Délai supplémentaire accordé par le comité de pilotage.",
            ["reopenTarget"] = "Returned",
        });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal(2, (await FormStateAsync(formId)).Status);
        Assert.Equal(reopenedBefore + 1, await ScalarAsync<long>(ReopenedMails, new { to = VimeuBuyer }));

        Assert.Null((await buyer.GetDocumentAsync(page)).QuerySelector("[data-testid=read-only]"));
        var saved = await buyer.PostFormAsync(page, page, Fields(2, "submit", (voix, null, "5", null)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((1, 4, 1L), await FormStateAsync(formId));
    }

    [Fact]
    public async Task AmiensBuyer_CannotReadOrChangeVimeuFormOrSites()
    {
        var campaign = await CreateAsync(app);
        var formId = campaign.FormId(Vimeu);
        var vimeuId = await MemberIdAsync(app, Vimeu);
        var siteId = await AddSiteAsync(app, Vimeu, "Centre technique du Vimeu");
        var amiens = await app.LoginAsync(AmiensBuyer);
        var ownPage = $"/NeedsForms/Edit/{campaign.FormId(Amiens)}";

        var get = await amiens.GetAsync($"/NeedsForms/Edit/{formId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain("CC du Vimeu", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var post = await amiens.PostFormAsync(ownPage, $"/NeedsForms/Edit/{formId}", Fields(1, "submit", (campaign.ItemId("MOB-VOIX"), null, "7", null)));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal((0, 1, 0L), await FormStateAsync(formId));

        // The campaign entry shows Amiens' own form only.
        var entry = await amiens.GetAsync($"/NeedsForms/Campaign/{campaign.CampaignId}");
        Assert.Equal(ownPage, entry.Headers.Location?.ToString());
        var list = await amiens.GetDocumentAsync("/NeedsForms");
        Assert.DoesNotContain("CC du Vimeu", list.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/Sites?memberId={vimeuId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/Sites/Edit/{siteId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/Sites/Create?memberId={vimeuId}")).StatusCode);
        var archive = await amiens.PostFormAsync(ownPage, $"/Sites/Archive/{siteId}", new Dictionary<string, string> { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        var edit = await amiens.PostFormAsync(ownPage, $"/Sites/Edit/{siteId}", new Dictionary<string, string> { ["Name"] = "Piraté", ["CommuneInsee"] = "80021" });
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal("Centre technique du Vimeu", await ScalarAsync<string>("SELECT Name FROM MemberSites WHERE Id = @siteId AND IsArchived = 0", new { siteId }));
    }

    [Fact]
    public async Task Totals_HtAndTtc_EqualAHandCalculation()
    {
        var campaign = await CreateAsync(app, durationMonths: 48);
        var formId = campaign.FormId(Amiens);
        var page = $"/NeedsForms/Edit/{formId}";
        var client = await app.LoginAsync(AmiensBuyer);
        var saved = await client.PostFormAsync(page, page, Fields(1, "save",
            (campaign.ItemId("MOB-VOIX"), null, "10", null),
            (campaign.ItemId("MOB-TERM"), null, "3", null),
            (campaign.ItemId("SIM-DATA"), null, "2,5", null),
            (campaign.ItemId("LIV-ANNUEL"), null, "3,333", null)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Over 48 months (4 years):
        //   MOB-VOIX   10 × 12,00 € × 48 months        = 5 760,00 HT, 20 %   → 6 912,00 TTC
        //   MOB-TERM    3 × 250,00 € once               =   750,00 HT, 20 %   →   900,00 TTC
        //   SIM-DATA  2,5 × 9,50 € × 48 months          = 1 140,00 HT, 20 %   → 1 368,00 TTC
        //   LIV-ANNUEL 3,333 × 4,20 € × 4 years          =    55,9944 HT, 5,5 % →    59,074092 TTC
        //   HT  = 7 705,9944    → 7 705,99 € (rounded once, on the total)
        //   TTC = 9 239,074092  → 9 239,07 €
        var doc = await client.GetDocumentAsync(page);
        Assert.Equal("7705,99€", Compact(doc.QuerySelector("[data-testid=total-ht]")!.TextContent));
        Assert.Equal("9239,07€", Compact(doc.QuerySelector("[data-testid=total-ttc]")!.TextContent));

        var officer = await app.LoginAsync(Officer);
        var overview = await officer.GetDocumentAsync($"/NeedsForms/Officer/{campaign.CampaignId}");
        Assert.Equal("7705,99€", Compact(overview.QuerySelector("[data-testid=officer-total-ht]")!.TextContent));
        Assert.Contains("CC du Vimeu", overview.QuerySelector("[data-testid=officer-forms]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buyer_ManagesItsSites_InseeCheckedAndAudited()
    {
        var vimeuId = await MemberIdAsync(app, Vimeu);
        var client = await app.LoginAsync(VimeuBuyer);
        var create = $"/Sites/Create?memberId={vimeuId}";

        var bad = await client.PostFormAsync(create, create, new Dictionary<string, string> { ["Name"] = "Gymnase", ["CommuneInsee"] = "8036" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var doc = await DocumentAsync(bad);
        Assert.Contains("5 caractères", Message(doc, "CommuneInsee"), StringComparison.Ordinal);
        Assert.Equal("8036", doc.QuerySelector("input[name=CommuneInsee]")!.GetAttribute("value"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM MemberSites WHERE Name = 'Gymnase'", new { }));

        var ok = await client.PostFormAsync(create, create, new Dictionary<string, string> { ["Name"] = "Gymnase", ["CommuneInsee"] = "80368", ["Address"] = "Rue du Stade" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var siteId = await ScalarAsync<long>("SELECT Id FROM MemberSites WHERE Name = 'Gymnase' AND MemberId = @vimeuId", new { vimeuId });
        Assert.Contains("Gymnase", (await client.GetDocumentAsync($"/Sites?memberId={vimeuId}")).QuerySelector("[data-testid=sites]")!.TextContent, StringComparison.Ordinal);

        var archive = await client.PostFormAsync($"/Sites?memberId={vimeuId}", $"/Sites/Archive/{siteId}", new Dictionary<string, string> { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT IsArchived FROM MemberSites WHERE Id = @siteId", new { siteId }));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'MemberSite' AND EntityId = @siteId", new { siteId }));
    }

    [Fact]
    public async Task EmptyDraft_StartsFromPreviousCampaign_ByItemCode()
    {
        await app.TelecomCampaign(members: [Amiens], opensAtUtc: DateTime.UtcNow.AddDays(-400), group: "Matériel informatique")
            .Form(Amiens, f => f.Line("MOB-VOIX", 42, comment: "Reprise"))
            .Closed()
            .BuildAsync();

        var campaign = await CreateAsync(app, members: [Amiens], group: "Matériel informatique");
        var page = $"/NeedsForms/Edit/{campaign.FormId(Amiens)}";
        var client = await app.LoginAsync(AmiensBuyer);
        var response = await client.PostFormAsync(page, page, Fields(1, "previous"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await DocumentAsync(response);
        var row = doc.QuerySelectorAll("tr[data-item=MOB-VOIX] input").First(i => i.GetAttribute("name")!.EndsWith(".Quantity", StringComparison.Ordinal));
        Assert.Equal("42", row.GetAttribute("value"));
        Assert.Equal((0, 1, 0L), await FormStateAsync(campaign.FormId(Amiens)));
    }
}
