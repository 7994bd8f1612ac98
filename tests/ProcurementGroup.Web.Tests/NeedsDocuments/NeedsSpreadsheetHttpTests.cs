using System.Net;
using System.Net.Http.Headers;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.NeedsDocuments.NeedsUpload;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

public sealed class NeedsSpreadsheetHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(ScenarioResult Campaign, long FormId, long VimeuId)> VimeuDraftAsync()
    {
        var campaign = await app.OpenEntCampaign(NeedsDocumentsScenarios.Amiens).Site(NeedsDocumentsScenarios.Vimeu, "Collège du Vimeu").BuildAsync();
        return (campaign, campaign.FormId(NeedsDocumentsScenarios.Vimeu), campaign.MemberId(NeedsDocumentsScenarios.Vimeu));
    }

    [Fact]
    public async Task Download_AsBuyer_IsXlsxWithCatalogueCodesFormIdAndVersion()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");

        var response = await client.GetAsync($"/NeedsDocuments/Download/{formId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = Rows(await response.Content.ReadAsByteArrayAsync());
        var codes = rows.Select(r => r.ElementAtOrDefault(1)?.ToString()).ToList();
        Assert.Contains("ENT-ELEVE", codes);
        Assert.Contains("ENT-ENS", codes);
        Assert.Contains("ENT-FORM", codes);
        var idRow = rows.Single(r => r[0]?.ToString() == "Formulaire n°");
        Assert.Equal(formId, Convert.ToInt64(idRow[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Version", idRow[2]);
        Assert.Equal(1L, Convert.ToInt64(idRow[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(rows, r => r[0]?.ToString() == "Membre" && r[1]?.ToString() == NeedsDocumentsScenarios.Vimeu);
    }

    [Fact]
    public async Task Upload_TwoBadRows_BothReportedWithRowAndColumn_NothingSaved_ThenCorrectedFileSavesAndAudits()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var downloaded = Rows(await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var eleve = downloaded.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE");

        var bad = Copy(downloaded);
        bad[eleve][6] = "beaucoup";
        bad.Add(["1 – ENT", "ENT-INCONNU", "?", "?", null, null, 3d, null]);
        var response = await UploadAsync(client, formId, Write(bad), "besoins.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"Ligne {eleve + 1}, colonne Quantité : « beaucoup » n'est pas un nombre.", html, StringComparison.Ordinal);
        Assert.Contains($"Ligne {bad.Count}, colonne Code : l'article « ENT-INCONNU » n'existe pas", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));

        // Corrected: 1 200 pupils, 40 teachers at one site, 2,5 training days.
        var good = Copy(downloaded);
        good[eleve][6] = 1200d;
        var ens = good.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ENS");
        good[ens][5] = "Collège du Vimeu";
        good[ens][6] = "40";
        var form = good.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-FORM");
        good[form][6] = "2,5";
        good[form][7] = "Formation des référents";
        response = await UploadAsync(client, formId, Write(good), "besoins.xlsx");

        html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("3 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
        Assert.Equal(1_200_000, await app.ScalarAsync<long>("SELECT l.QuantityMilli FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId WHERE l.FormId = @formId AND i.Code = 'ENT-ELEVE'", new { formId }));
        Assert.Equal(2_500, await app.ScalarAsync<long>("SELECT l.QuantityMilli FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId WHERE l.FormId = @formId AND i.Code = 'ENT-FORM'", new { formId }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines l JOIN MemberSites s ON s.Id = l.SiteId WHERE l.FormId = @formId AND s.Name = 'Collège du Vimeu'", new { formId }));
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsForm' AND EntityId = @formId AND Action = 'Uploaded' AND UserEmail = 'acheteur.vimeu@demo.local'", new { formId }));

        // The same first download again: the form has changed since (Version 2), so it is refused and nothing changes.
        response = await UploadAsync(client, formId, Write(good), "besoins.xlsx");
        html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Le formulaire a changé depuis le téléchargement", html, StringComparison.Ordinal);
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
    }

    [Fact]
    public async Task Upload_DuplicateSiteNegativeFractionAndAboveMaximum_AllReported()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var rows = Rows(await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var eleve = rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE");
        var ens = rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ENS");
        rows[eleve][6] = 10.5d;
        rows[ens][6] = 501d;
        rows.Add(["", "ENT-ELEVE", null, null, null, "Collège du Vimeu", -2d, null]);
        rows.Add(["", "ENT-FORM", null, null, null, "Mairie inconnue", 1d, null]);
        rows.Add(["", "ENT-ENS", null, null, null, null, 3d, null]);

        var html = WebUtility.HtmlDecode(await (await UploadAsync(client, formId, Write(rows), "b.xlsx")).Content.ReadAsStringAsync());

        Assert.Contains($"Ligne {eleve + 1}, colonne Quantité : l'article ENT-ELEVE se commande par unités entières.", html, StringComparison.Ordinal);
        Assert.Contains($"Ligne {ens + 1}, colonne Quantité : la quantité dépasse le maximum autorisé par membre (500).", html, StringComparison.Ordinal);
        Assert.Contains($"Ligne {rows.Count - 2}, colonne Quantité : la quantité ne peut pas être négative.", html, StringComparison.Ordinal);
        Assert.Contains($"Ligne {rows.Count - 1}, colonne Site : le site « Mairie inconnue » n'est pas un site du membre", html, StringComparison.Ordinal);
        Assert.Contains($"Ligne {rows.Count}, colonne Code : l'article ENT-ENS sans site figure déjà à la ligne {ens + 1}.", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
    }

    [Theory]
    [InlineData("toolarge", "Le fichier dépasse la taille maximale autorisée (5 Mo).")]
    [InlineData("notxlsx", "Ce fichier n'est pas un classeur XLSX valide.")]
    [InlineData("wrongsheet", "Le classeur ne contient pas d'onglet « Besoins »")]
    public async Task Upload_BadFile_FrenchMessageNextToField_NothingSaved(string kind, string message)
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var bytes = kind switch
        {
            "toolarge" => new byte[(5 * 1024 * 1024) + 1],
            "notxlsx" => "Code;Quantité\nENT-ELEVE;12\n"u8.ToArray(),
            _ => WrongSheet(),
        };

        var response = await UploadAsync(client, formId, bytes, kind == "notxlsx" ? "besoins.csv" : "besoins.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, document.QuerySelector("[data-valmsg-for=File]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
    }

    [Fact]
    public async Task AmiensBuyer_VimeuForm_AnswersNotFoundEverywhere()
    {
        var (_, formId, _) = await VimeuDraftAsync();
        var vimeu = await app.LoginAsync("acheteur.vimeu@demo.local");
        var file = await vimeu.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}");
        var amiens = await app.LoginAsync("acheteur.amiens@demo.local");

        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/NeedsDocuments/Download/{formId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/NeedsDocuments/Upload/{formId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/NeedsDocuments/Recap/{formId}")).StatusCode);
        var token = await amiens.AntiforgeryTokenAsync("/Account/ChangePassword");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(file), "File", "b.xlsx" } };
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.PostAsync($"/NeedsDocuments/Upload/{formId}", content)).StatusCode);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT Version FROM NeedsForms WHERE Id = @formId", new { formId }));
    }

    [Fact]
    public async Task Upload_SubmittedForm_BuyerRefused_OfficerAllowed()
    {
        var formId = (await app.OpenEntCampaign().Form(NeedsDocumentsScenarios.Vimeu, f => f.Submitted()).BuildAsync()).FormId(NeedsDocumentsScenarios.Vimeu);
        var officer = await app.LoginAsync("marches@demo.local");
        var rows = Rows(await officer.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        rows[rows.FindIndex(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE")][6] = 5d;

        var buyer = await app.LoginAsync("acheteur.vimeu@demo.local");
        var page = await buyer.GetDocumentAsync($"/NeedsDocuments/Upload/{formId}");
        Assert.Null(page.QuerySelector("input[type=file]"));

        // Changing what the member submitted takes a reason (issue 7): see NeedLineRulesHttpTests for the refusal without one.
        var html = WebUtility.HtmlDecode(await (await UploadAsync(officer, formId, Write(rows), "b.xlsx", "Quantités du rectorat")).Content.ReadAsStringAsync());
        Assert.Contains("1 ligne(s) enregistrée(s).", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE FormId = @formId", new { formId }));
    }


    /// <summary>The Besoins sheet as rows of cells (index = row number − 1), as a user's spreadsheet program would see it.</summary>
    public static List<object?[]> Rows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: false, sheetName: "Besoins").Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
    }

    /// <summary>Saves rows as a workbook with a Besoins sheet, cell for cell (what "edit and save" produces, styling aside).</summary>
    public static byte[] Write(List<object?[]> rows)
    {
        var width = rows.Max(r => r.Length);
        var sheet = rows.Select(r =>
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < width; i++)
            {
                d[((char)('A' + i)).ToString()] = i < r.Length ? r[i] : null;
            }

            return d;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false, sheetName: "Besoins");
        return stream.ToArray();
    }

    private static List<object?[]> Copy(List<object?[]> rows) => rows.Select(r => (object?[])r.Clone()).ToList();

    private static byte[] WrongSheet()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { new Dictionary<string, object?> { ["Code"] = "ENT-ELEVE", ["Quantité"] = 3 } }, sheetName: "Feuil1");
        return stream.ToArray();
    }
}
