using System.Globalization;
using System.Net;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsDocuments;
using static ProcurementGroup.Web.Tests.NeedsForms.NeedsFormFields;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>
/// The need-line rules of issue 7 through both paths that change lines, the web form and the uploaded spreadsheet: one
/// set of rules (Core's NeedLineRules and FormWorkflow.MayEdit), so the two agree at every boundary.
/// </summary>
public sealed class NeedLineRulesHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private const string Officer = "marches@demo.local";
    private const string Vimeu = NeedsDocumentsScenarios.Vimeu;

    /// <summary>Vimeu's form in an ENT campaign: an empty draft, or submitted empty (saved: version 2, submitted: version 3).</summary>
    private async Task<(ScenarioResult Campaign, long FormId, long VimeuId)> VimeuFormAsync(CampaignStatus status, NeedsFormStatus formStatus, bool closed = false)
    {
        var closes = closed ? DateTime.UtcNow.AddDays(-1) : DateTime.UtcNow.AddDays(20);
        var scenario = app.EntCampaign(DateTime.UtcNow.AddDays(-10), closes, [Vimeu]);
        scenario = status == CampaignStatus.Closed ? scenario.Closed() : scenario.Opened();
        if (formStatus == NeedsFormStatus.Submitted)
        {
            scenario.Form(Vimeu, f => f.Submitted());
        }

        var campaign = await scenario.BuildAsync();
        return (campaign, campaign.FormId(Vimeu), campaign.MemberId(Vimeu));
    }

    private async Task<long> SiteAsync(long memberId, string name)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await new MemberSiteRepository(app.ConnectionFactory).InsertAsync(c, null, new MemberSite { MemberId = memberId, Name = name, CreatedAtUtc = DateTime.UtcNow });
    }

    private async Task<List<(long Item, long? Site, long Milli, string? Comment)>> LinesAsync(long formId)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await c.QueryAsync<(long, long?, long, string?)>(
            "SELECT CatalogueItemId, SiteId, QuantityMilli, Comment FROM NeedLines WHERE FormId = @formId ORDER BY CatalogueItemId, SiteId", new { formId })).ToList();
    }

    private static async Task<string> FieldMessageAsync(HttpResponseMessage response, string field)
    {
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        return doc.QuerySelector($"[data-valmsg-for=\"{field}\"]")?.TextContent.Trim() ?? string.Empty;
    }

    private static async Task<string> UploadAsync(HttpClient client, long formId, byte[] bytes, string? changeReason = null)
    {
        var response = await NeedsUpload.UploadAsync(client, formId, bytes, changeReason: changeReason);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static int RowOf(List<object?[]> rows, string code) => rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == code);

    [Fact]
    public async Task ReopenedAfterClosing_BuyerUploadsTheFile_LinesSaved()
    {
        var (_, formId, _) = await VimeuFormAsync(CampaignStatus.Closed, NeedsFormStatus.Draft, closed: true);
        var officer = await app.LoginAsync(Officer);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";
        var rows = NeedsSpreadsheetHttpTests.Rows(await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        rows[RowOf(rows, "ENT-ELEVE")][6] = 5d;

        // Closed: the upload is refused and nothing changes.
        var refused = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));
        Assert.Contains("ne peut plus être modifié", refused, StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(formId));

        var reopened = await officer.PostFormAsync(page, $"/NeedsForms/Reopen/{formId}", new Dictionary<string, string>
        {
            ["version"] = "1",
            ["reopenReason"] = "Délai supplémentaire pour le collège.",
            ["reopenTarget"] = "Returned",
        });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);

        // The reopen bumped the Version: the buyer downloads again, as the stale-file message would ask.
        rows = NeedsSpreadsheetHttpTests.Rows(await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        rows[RowOf(rows, "ENT-ELEVE")][6] = 5d;
        var html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));

        Assert.Contains("1 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(5_000, Assert.Single(await LinesAsync(formId)).Milli);
    }

    [Fact]
    public async Task ZeroQuantityWithComment_WebFormThenDownloadThenUpload_LinesUnchanged()
    {
        var (campaign, formId, vimeu) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var site = await SiteAsync(vimeu, "Collège de Friville");
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";
        var saved = await buyer.PostFormAsync(page, page, Fields(1, "save",
            (campaign.ItemId("ENT-ELEVE"), null, "0", "Comptes fournis par la région cette année"),
            (campaign.ItemId("ENT-ENS"), site.ToString(CultureInfo.InvariantCulture), "12", null),
            (campaign.ItemId("ENT-FORM"), null, "0,125", null)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var before = await LinesAsync(formId);
        Assert.Equal(3, before.Count);
        Assert.Contains((campaign.ItemId("ENT-ELEVE"), (long?)null, 0L, (string?)"Comptes fournis par la région cette année"), before);
        Assert.Contains((campaign.ItemId("ENT-FORM"), (long?)null, 125L, (string?)null), before);

        var file = await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}");
        var html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(NeedsSpreadsheetHttpTests.Rows(file)));

        Assert.Contains("3 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(before, await LinesAsync(formId));
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
    }

    [Fact]
    public async Task CommentWithoutQuantity_RefusedInBothPaths()
    {
        var (campaign, formId, _) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";

        var response = await buyer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("ENT-FORM"), null, "", "À préciser")));
        Assert.Equal(NeedLineRules.CommentWithoutQuantityMessage, await FieldMessageAsync(response, "Input.Lines[0].Quantity"));

        var rows = NeedsSpreadsheetHttpTests.Rows(await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var row = RowOf(rows, "ENT-FORM");
        rows[row][7] = "À préciser";
        var html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));
        Assert.Contains($"Ligne {row + 1}, colonne Quantité : i{NeedLineRules.CommentWithoutQuantityMessage[1..]}", html, StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(formId));
    }

    [Fact]
    public async Task ArchivedSite_RefusedInBothPaths_WithTheSameMessage()
    {
        var (campaign, formId, vimeu) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var siteName = "Ancienne mairie " + Guid.NewGuid().ToString("N")[..6];
        var site = await SiteAsync(vimeu, siteName);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var archived = await buyer.PostFormAsync($"/Sites?memberId={vimeu}", $"/Sites/Archive/{site}", new Dictionary<string, string> { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        var message = NeedLineRules.ArchivedSiteMessage(siteName);
        var page = $"/NeedsForms/Edit/{formId}";

        var response = await buyer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("ENT-ENS"), site.ToString(CultureInfo.InvariantCulture), "3", null)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, await FieldMessageAsync(response, "Input.Lines[0].SiteId"));

        var rows = NeedsSpreadsheetHttpTests.Rows(await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var row = RowOf(rows, "ENT-ENS");
        rows[row][5] = siteName;
        rows[row][6] = 3d;
        var html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));
        Assert.Contains($"Ligne {row + 1}, colonne Site : l{message[1..]}", html, StringComparison.Ordinal);

        Assert.Empty(await LinesAsync(formId));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
    }

    [Fact]
    public async Task MaximumPerMember_CountsEverySiteOfTheMember_InBothPaths()
    {
        var (campaign, formId, vimeu) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var a = await SiteAsync(vimeu, "Collège A " + Guid.NewGuid().ToString("N")[..6]);
        var b = await SiteAsync(vimeu, "Collège B " + Guid.NewGuid().ToString("N")[..6]);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";
        var ens = campaign.ItemId("ENT-ENS");

        // 300 + 201 = 501 > 500; 300 + 200 = 500 is the maximum itself.
        var over = await buyer.PostFormAsync(page, page, Fields(1, "save", (ens, a.ToString(CultureInfo.InvariantCulture), "300", null), (ens, b.ToString(CultureInfo.InvariantCulture), "201", null)));
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        Assert.Contains("totalise 501", await FieldMessageAsync(over, "Input.Lines[0].Quantity"), StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(formId));

        var atMax = await buyer.PostFormAsync(page, page, Fields(1, "save", (ens, a.ToString(CultureInfo.InvariantCulture), "300", null), (ens, b.ToString(CultureInfo.InvariantCulture), "200", null)));
        Assert.Equal(HttpStatusCode.Redirect, atMax.StatusCode);
        Assert.Equal(2, (await LinesAsync(formId)).Count);
    }

    [Fact]
    public async Task AmbiguousNumber_RefusedInTheFormAndInATextCell_NumberCellAccepted()
    {
        var (campaign, formId, _) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";

        var response = await buyer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("ENT-ELEVE"), null, "1.000", null)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("écrivez 1000 ou 1,000", await FieldMessageAsync(response, "Input.Lines[0].Quantity"), StringComparison.Ordinal);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("1.000", doc.QuerySelector("input[name=\"Input.Lines[0].Quantity\"]")!.GetAttribute("value"));
        Assert.Empty(await LinesAsync(formId));

        var rows = NeedsSpreadsheetHttpTests.Rows(await buyer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var eleve = RowOf(rows, "ENT-ELEVE");
        rows[eleve][6] = "12.000";
        var html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));
        Assert.Contains($"Ligne {eleve + 1}, colonne Quantité : n{FrenchNumber.AmbiguousMessage[1..]}", html, StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(formId));

        // A cell holding the number 12 000 is read as that number.
        rows[eleve][6] = 12000d;
        html = await UploadAsync(buyer, formId, NeedsSpreadsheetHttpTests.Write(rows));
        Assert.Contains("1 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(12_000_000, Assert.Single(await LinesAsync(formId)).Milli);
    }

    [Fact]
    public async Task OfficerChangesSubmittedForm_ReasonRequired_ThenBuyersEmailedAndAuditShowsReason()
    {
        var (campaign, formId, _) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Submitted);
        var officer = await app.LoginAsync(Officer);
        var page = $"/NeedsForms/Edit/{formId}";
        var voix = campaign.ItemId("ENT-ELEVE");
        Assert.NotNull((await officer.GetDocumentAsync(page)).QuerySelector("textarea[name=\"Input.ChangeReason\"]"));

        const int Submitted = 3;
        var noReason = await officer.PostFormAsync(page, page, Fields(Submitted, "save", (voix, null, "40", null)));
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Equal(FormWorkflow.ChangeReasonMissingMessage, await FieldMessageAsync(noReason, "Input.ChangeReason"));
        Assert.Empty(await LinesAsync(formId));
        Assert.Equal(Submitted, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));

        var reason = "Effectif corrigé selon la liste du rectorat " + Guid.NewGuid().ToString("N")[..6];
        var fields = Fields(Submitted, "save", (voix, null, "40", null));
        fields["Input.ChangeReason"] = reason;
        var saved = await officer.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(40_000, Assert.Single(await LinesAsync(formId)).Milli);
        Assert.Equal((long)NeedsFormStatus.Submitted, await app.ScalarAsync<long>("SELECT Status FROM NeedsForms WHERE Id = @formId", new { formId }));

        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM OutboxMessages WHERE ToAddress = @to AND TextBody LIKE @like", new { to = VimeuBuyer, like = "%" + reason + "%" }));
        await using var c = await app.ConnectionFactory.OpenAsync();
        var (auditId, after) = Assert.Single(await c.QueryAsync<(long, string)>(
            "SELECT Id, AfterJson FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId AND Action = 'ChangedByOfficer' AND UserEmail = @officer",
            new { formId, officer = Officer }));
        using var json = System.Text.Json.JsonDocument.Parse(after);
        Assert.Equal(reason, json.RootElement.GetProperty("Reason").GetString());
        var admin = await app.LoginAsync("admin@demo.local");
        var details = await admin.GetDocumentAsync($"/Audit/Details/{auditId}");
        Assert.Contains(reason, details.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfficerUploadsOverSubmittedForm_ReasonRequired_ThenBuyersEmailedAndAuditShowsReason()
    {
        var (_, formId, _) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Submitted);
        var officer = await app.LoginAsync(Officer);
        Assert.NotNull((await officer.GetDocumentAsync($"/NeedsDocuments/Upload/{formId}")).QuerySelector("textarea[name=ChangeReason]"));
        var rows = NeedsSpreadsheetHttpTests.Rows(await officer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        rows[RowOf(rows, "ENT-ELEVE")][6] = 7d;
        var file = NeedsSpreadsheetHttpTests.Write(rows);

        var html = await UploadAsync(officer, formId, file, "  ");
        var doc = await HttpClientForms.ParseAsync(html);
        Assert.Equal(FormWorkflow.ChangeReasonMissingMessage, doc.QuerySelector("[data-valmsg-for=ChangeReason]")?.TextContent.Trim());
        Assert.Empty(await LinesAsync(formId));

        var reason = "Import du fichier du rectorat " + Guid.NewGuid().ToString("N")[..6];
        html = await UploadAsync(officer, formId, file, reason);
        Assert.Contains("1 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(7_000, Assert.Single(await LinesAsync(formId)).Milli);
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM OutboxMessages WHERE ToAddress = @to AND TextBody LIKE @like", new { to = VimeuBuyer, like = "%" + reason + "%" }));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId AND Action = 'UploadedByOfficer' AND AfterJson LIKE @like",
            new { formId, like = "%" + reason + "%" }));
    }

    [Fact]
    public async Task OfficerFillsADraft_NoReasonAsked()
    {
        var (campaign, formId, _) = await VimeuFormAsync(CampaignStatus.Open, NeedsFormStatus.Draft);
        var officer = await app.LoginAsync(Officer);
        var page = $"/NeedsForms/Edit/{formId}";
        Assert.Null((await officer.GetDocumentAsync(page)).QuerySelector("textarea[name=\"Input.ChangeReason\"]"));

        var saved = await officer.PostFormAsync(page, page, Fields(1, "save", (campaign.ItemId("ENT-ELEVE"), null, "40", null)));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId AND Action = 'Saved'", new { formId }));
    }
}
