using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>Issue 7, items 5 and 6: the advice a lawyer would sign, and thresholds that cannot rewrite history.</summary>
public sealed class ProcedureAdviceHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Admin = "admin@demo.local";

    private static string Money(long cents) => TestApp.Money(cents);

    private static string Id(long id) => TestApp.Id(id);

    private static string? Procedure(AngleSharp.Html.Dom.IHtmlDocument doc) => doc.QuerySelector("#required-procedure")?.GetAttribute("data-procedure");

    [Fact]
    public async Task AccordCadre_MaximaAboveTheEstimate_TurnMapaIntoFormalised()
    {
        var b = await app.ValuedCampaign(150_000, new DateOnly(2027, 1, 15)).BuildAsync();
        var officer = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        Assert.Equal("Mapa", Procedure(await officer.GetDocumentAsync(page)));

        // The campaign becomes an accord-cadre à bons de commande: the lot has no maximum yet, no advice can be given.
        await app.ChangeCampaignAsync(b.CampaignId, c => c.ContractForm = ContractForm.FrameworkPurchaseOrders);
        var missing = await officer.GetDocumentAsync(page);
        Assert.Null(Procedure(missing));
        Assert.Contains("Le lot 1 n'a pas de maximum", missing.QuerySelector("#advice-error")!.TextContent, StringComparison.Ordinal);

        // The officer sets the lot's maximum on the lot page (the catalogue is frozen, the maximum is not): empty is refused.
        var lotPage = $"/Campaigns/Lot/{b.CampaignId}?lotId={b.LotId(1)}";
        var version = (await officer.GetDocumentAsync(lotPage)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        var fields = new Dictionary<string, string>
        {
            ["Form.Id"] = Id(b.LotId(1)),
            ["Form.Version"] = version,
            ["Form.LotNumber"] = "1",
            ["Form.Title"] = "Lot unique",
            ["Form.Maximum"] = string.Empty,
        };
        var refused = await officer.PostFormAsync(lotPage, $"/Campaigns/Lot/{b.CampaignId}", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("maximum par lot", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.ScalarAsync<long?>("SELECT MaximumCents FROM CampaignLots WHERE Id = @id", new { id = b.LotId(1) }));

        fields["Form.Maximum"] = "250 000";
        var saved = await officer.PostFormAsync(lotPage, $"/Campaigns/Lot/{b.CampaignId}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(25_000_000, await app.ScalarAsync<long>("SELECT MaximumCents FROM CampaignLots WHERE Id = @id", new { id = b.LotId(1) }));

        var doc = await officer.GetDocumentAsync(page);
        Assert.Equal("Formalised", Procedure(doc));
        Assert.Equal(Money(15_000_000), doc.QuerySelector("#estimate")!.TextContent.Trim());
        Assert.Equal(Money(25_000_000), doc.QuerySelector("#lot-maxima")!.TextContent.Trim());
        Assert.Equal(Money(25_000_000), doc.QuerySelector("#estimated-value")!.TextContent.Trim());
    }

    [Fact]
    public async Task PendingForms_ThatWouldChangeTheProcedure_AreCountedWarnedAndStored()
    {
        // 200,000 € submitted (MAPA); a draft of 20,000 € would make it 220,000 € (formalised); one member has no form.
        var b = await app.ValuedCampaign(200_000, new DateOnly(2027, 1, 15))
            .Member("Brouillon").Form("Brouillon", f => f.Line("U", 20_000))
            .Member("Absent", m => m.AddedAfterOpening())
            .BuildAsync();
        var officer = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        var doc = await officer.GetDocumentAsync(page);

        Assert.Equal("Mapa", Procedure(doc));
        Assert.Equal("1", doc.QuerySelector("[data-count=counted]")!.TextContent.Trim());
        Assert.Equal("1", doc.QuerySelector("[data-count=pending]")!.TextContent.Trim());
        Assert.Equal("1", doc.QuerySelector("[data-count=missing]")!.TextContent.Trim());
        Assert.Contains("Procédure formalisée", doc.QuerySelector("#pending-warning")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["publication-boamp-jal", "buyer-profile", "decp"],
            doc.QuerySelectorAll("#advice-obligations li").Select(li => li.GetAttribute("data-obligation")!).ToArray());

        Assert.Equal(HttpStatusCode.Redirect, (await officer.StoreAdviceAsync(b.CampaignId)).StatusCode);

        await using var c = await app.ConnectionFactory.OpenAsync();
        var stored = await c.QuerySingleAsync<(long Id, long Counted, long Pending, long Missing, bool Changes, long Estimate, string Obligations)>(
            "SELECT Id, CountedForms, PendingForms, MissingForms, PendingChangesProcedure, EstimateCents, Obligations FROM ProcedureAdvices WHERE CampaignId = @CampaignId",
            new { b.CampaignId });
        Assert.Equal((1L, 1L, 1L, true, 20_000_000L), (stored.Counted, stored.Pending, stored.Missing, stored.Changes, stored.Estimate));
        Assert.Contains("BOAMP ou dans un journal d'annonces légales", stored.Obligations, StringComparison.Ordinal);
        // Cited: no-procedure and EU rows, the 90,000 € publication row, the buyer-profile row and the DECP row.
        Assert.Equal(5, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ProcedureAdviceThresholds WHERE AdviceId = @Id", new { stored.Id }));
    }

    [Fact]
    public async Task WorksCampaign_UsesTheWorksThresholds()
    {
        var b = await app.ValuedCampaign(300_000, new DateOnly(2027, 1, 15)).BuildAsync();
        var officer = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        Assert.Equal("Formalised", Procedure(await officer.GetDocumentAsync(page)));

        await app.ChangeCampaignAsync(b.CampaignId, c => c.Nature = PurchaseNature.Works);
        var doc = await officer.GetDocumentAsync(page);
        Assert.Equal("Mapa", Procedure(doc));
        Assert.Contains(Money(540_400_000), doc.QuerySelector("#advice-explanation")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchAfterTheLastEuRow_SaysTheThresholdIsUnknown_AndStoresNothing()
    {
        var b = await app.ValuedCampaign(100_000, new DateOnly(2028, 1, 1)).BuildAsync();
        var officer = await app.LoginAsync(Officer);
        var page = $"/Aggregation/{b.CampaignId}/Advice";
        var doc = await officer.GetDocumentAsync(page);

        Assert.Null(Procedure(doc));
        Assert.Contains("seuil inconnu à cette date (01/01/2028)", doc.QuerySelector("#advice-error")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await officer.StoreAdviceAsync(b.CampaignId)).StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ProcedureAdvices WHERE CampaignId = @CampaignId", new { b.CampaignId }));
    }

    [Fact]
    public async Task CitedThreshold_NotEditableNorDeletable_EndDatedNoEarlierThanTheLatestCitingLaunch()
    {
        // An advice launched on 30/06/2027 cites the 90,000 € publication row (a MAPA of 100,000 €).
        var b = await app.ValuedCampaign(100_000, new DateOnly(2027, 6, 30)).BuildAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.StoreAdviceAsync(b.CampaignId)).StatusCode);

        var id = await app.ScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 8");
        var admin = await app.LoginAsync(Admin);
        var list = await admin.GetDocumentAsync("/Thresholds");
        Assert.Null(list.QuerySelector($"form[action='/Thresholds/Delete/{id}']"));
        var page = $"/Thresholds/Edit/{id}";
        var edit = await admin.GetDocumentAsync(page);
        Assert.NotNull(edit.QuerySelector("#cited-note"));
        var fields = new Dictionary<string, string>
        {
            ["Kind"] = "8",
            ["ValidFrom"] = "2024-01-01",
            ["ValidUntil"] = string.Empty,
            ["Amount"] = "95 000",
            ["Article"] = "R2131-12",
            ["Version"] = edit.QuerySelector("input[name=Version]")!.GetAttribute("value")!,
        };

        // The amount cannot change.
        var changed = await admin.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("seule sa date de fin peut être fixée", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(9_000_000, await app.ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id }));

        // The row cannot be deleted.
        var deleteToken = await admin.AntiforgeryTokenAsync("/Thresholds");
        await admin.PostAsync($"/Thresholds/Delete/{id}", new FormUrlEncodedContent([new("__RequestVerificationToken", deleteToken)]));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ProcurementThresholds WHERE Id = @id", new { id }));

        // End-dated the day before the launch that cites it: refused; on the launch day: accepted.
        fields["Amount"] = "90 000";
        fields["ValidUntil"] = "2027-06-29";
        var early = await admin.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        var earlyDoc = await HttpClientForms.ParseAsync(await early.Content.ReadAsStringAsync());
        Assert.Contains("30/06/2027", earlyDoc.QuerySelector("[data-valmsg-for=ValidUntil]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await app.ScalarAsync<string?>("SELECT ValidUntil FROM ProcurementThresholds WHERE Id = @id", new { id }));

        fields["ValidUntil"] = "2027-06-30";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page, page, fields)).StatusCode);
        Assert.StartsWith("2027-06-30", await app.ScalarAsync<string>("SELECT ValidUntil FROM ProcurementThresholds WHERE Id = @id", new { id }), StringComparison.Ordinal);
    }

    /// <summary>The fields of the campaign edit page as a browser would post them (inputs, textareas, selected options).</summary>
    private static async Task<Dictionary<string, string>> CampaignFieldsAsync(HttpClient client, string page)
    {
        var doc = await client.GetDocumentAsync(page);
        var form = doc.QuerySelector("main form[method=post]")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name]").Where(e => e.GetAttribute("name") != "__RequestVerificationToken"))
        {
            fields[input.GetAttribute("name")!] = input is AngleSharp.Html.Dom.IHtmlTextAreaElement area ? area.Value : input.GetAttribute("value") ?? string.Empty;
        }

        foreach (var select in form.QuerySelectorAll("select[name]").OfType<AngleSharp.Html.Dom.IHtmlSelectElement>())
        {
            fields[select.Name!] = select.Value ?? string.Empty;
        }

        return fields;
    }

    [Fact]
    public async Task Officer_RecordsNatureAndContractForm_OnTheCampaignForm_BadValueRefusedInFrench()
    {
        var b = await app.ValuedCampaign(100_000, new DateOnly(2027, 1, 15)).BuildAsync();
        var officer = await app.LoginAsync(Officer);
        var page = $"/Campaigns/Edit/{b.CampaignId}";
        var fields = await CampaignFieldsAsync(officer, page);
        Assert.Equal("1", fields["Nature"]);
        Assert.Equal("0", fields["ContractForm"]);

        fields["ContractForm"] = "9";
        var refused = await officer.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedDoc = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez la forme du contrat", refusedDoc.QuerySelector("[data-valmsg-for=ContractForm]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT ContractForm FROM NeedsCampaigns WHERE Id = @CampaignId", new { b.CampaignId }));

        fields["ContractForm"] = "2";
        fields["Nature"] = "3";
        var saved = await officer.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT ContractForm FROM NeedsCampaigns WHERE Id = @CampaignId", new { b.CampaignId }));
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT Nature FROM NeedsCampaigns WHERE Id = @CampaignId", new { b.CampaignId }));

        var advice = await officer.GetDocumentAsync($"/Aggregation/{b.CampaignId}/Advice");
        Assert.Equal("Accord-cadre avec marchés subséquents", advice.QuerySelector("#contract-form")!.TextContent.Trim());
        Assert.Equal("Travaux", advice.QuerySelector("#purchase-nature")!.TextContent.Trim());
    }
}
