using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

/// <summary>Issue 6, defects 1 and 3 on the needs form: hostile uploads are refused quickly, downloads carry no live formula.</summary>
public sealed class NeedsSpreadsheetSafetyTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] Hostile =
    [
        "$=HYPERLINK(\"http://exemple.invalid\";\"Cliquez\")",
        "=1+1",
        "+33 3 22 00 00 00",
        "-2+3",
        "@SUM(A1:A2)",
    ];

    private async Task<(ScenarioResult Campaign, long FormId, long VimeuId)> VimeuDraftAsync()
    {
        var campaign = await app.OpenEntCampaign().BuildAsync();
        return (campaign, campaign.FormId(NeedsDocumentsScenarios.Vimeu), campaign.MemberId(NeedsDocumentsScenarios.Vimeu));
    }

    [Fact]
    public async Task Upload_SixKilobyteFileDeclaringXfd20001_RefusedInFrench_NothingSaved()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var rows = NeedsSpreadsheetHttpTests.Rows(await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        rows[rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE")][6] = 12d;
        var bytes = CraftedFiles.HugeDimension(rows, "Besoins", 20_001);

        var response = await UploadAsync(client, formId, bytes);

        Assert.True(bytes.Length < 8 * 1024, $"{bytes.Length} bytes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Le fichier contient plus de", document.QuerySelector("[data-valmsg-for=File]")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("la ligne 20\u202F001 contient une valeur", document.QuerySelector("[data-valmsg-for=File]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
    }

    [Fact]
    public async Task Upload_FileIdComment_SavedAsThePlainTextTyped()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var rows = NeedsSpreadsheetHttpTests.Rows(await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var eleve = rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE");
        rows[eleve][6] = 12d;
        rows[eleve][7] = CraftedFiles.FileIdValue;

        var html = WebUtility.HtmlDecode(await (await UploadAsync(client, formId, CraftedFiles.FileIdCells(rows, "Besoins"))).Content.ReadAsStringAsync());

        Assert.Contains("1 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId AND Comment = @comment", new { formId, comment = CraftedFiles.FileIdValue }));
    }

    [Fact]
    public async Task Download_CommentsAndSiteNamesStartingWithFormulaSigns_AreNeutralisedText_AndReuploadGivesThemBackExactly()
    {
        // The buyer saved the lines: version 2.
        var campaign = await app.OpenEntCampaign()
            .Form(NeedsDocumentsScenarios.Vimeu, f =>
            {
                foreach (var text in Hostile)
                {
                    f.Line("ENT-ELEVE", 10, site: text + " site", comment: text);
                }
            })
            .BuildAsync();
        var formId = campaign.FormId(NeedsDocumentsScenarios.Vimeu);

        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var file = await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}");

        // No cell of any sheet is a formula, and every hostile text is there with one ' in front.
        Assert.Equal(0, IndependentSheetReader.FormulaCount(file));
        var rows = NeedsSpreadsheetHttpTests.Rows(file);
        foreach (var text in Hostile)
        {
            var row = Assert.Single(rows, r => r.ElementAtOrDefault(7)?.ToString() == "'" + text);
            Assert.Equal("'" + text + " site", row[5]);
        }

        var html = WebUtility.HtmlDecode(await (await UploadAsync(client, formId, file)).Content.ReadAsStringAsync());

        Assert.Contains($"{Hostile.Length} ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
        foreach (var text in Hostile)
        {
            Assert.Equal(1, await app.ScalarAsync<long>(
                "SELECT COUNT(*) FROM NeedLines l JOIN MemberSites s ON s.Id = l.SiteId WHERE l.FormId = @formId AND l.Comment = @text AND s.Name = @site",
                new { formId, text, site = text + " site" }));
        }
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, long formId, byte[] bytes) =>
        NeedsUpload.UploadAsync(client, formId, bytes, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
