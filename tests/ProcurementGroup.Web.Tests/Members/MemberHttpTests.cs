using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>
/// Through HTTP as each demo account. These need /Account/Login (built on the accounts branch): they pass once it is merged.
/// </summary>
public sealed class MemberHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<long> ScalarAsync(string sql, object? args = null)
    {
        _ = app.Server;
        await using var c = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    private Task<long> IdBySirenAsync(string siren) => ScalarAsync("SELECT Id FROM Members WHERE Siren = @siren", new { siren });

    [Fact]
    public async Task Admin_SeesTheSixteenDemoMembers()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var doc = await client.GetDocumentAsync("/Members");
        Assert.Equal(16, doc.QuerySelectorAll("table[data-testid=members] tbody tr").Length);
        Assert.Contains("CA Amiens Métropole", doc.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VimeuBuyer_ListShowsOnlyVimeu()
    {
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var doc = await client.GetDocumentAsync("/Members");
        var row = Assert.Single(doc.QuerySelectorAll("table[data-testid=members] tbody tr"));
        Assert.Contains("CC du Vimeu", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VimeuBuyer_AmiensDetails_Answers404()
    {
        var amiens = await IdBySirenAsync("248000531");
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var response = await client.GetAsync($"/Members/Details/{amiens}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("248000531", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VimeuBuyer_EditPage_IsRefused()
    {
        var vimeu = await IdBySirenAsync("200070944");
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");
        var response = await client.GetAsync($"/Members/Edit/{vimeu}");

        // The Administrator policy refuses: 403, or the cookie handler's redirect to its access-denied page.
        Assert.True(
            response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("AccessDenied", StringComparison.OrdinalIgnoreCase)),
            $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Create_InvalidSiren_FrenchMessageNextToField_InputKept_NothingSaved()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var client = await app.LoginAsync("admin@demo.local");
        var response = await client.PostFormAsync("/Members/Create", "/Members/Create", new Dictionary<string, string>
        {
            ["Name"] = "Commune de Test",
            ["Kind"] = "Commune",
            ["Siren"] = "123456789",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("clé de contrôle", doc.QuerySelector("[data-valmsg-for=Siren]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Commune de Test", doc.QuerySelector("input[name=Name]")!.GetAttribute("value"));
        Assert.Equal("123456789", doc.QuerySelector("input[name=Siren]")!.GetAttribute("value"));
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Members"));
    }

    [Fact]
    public async Task Create_TenThousandCharacterName_Refused()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var client = await app.LoginAsync("admin@demo.local");
        var response = await client.PostFormAsync("/Members/Create", "/Members/Create", new Dictionary<string, string>
        {
            ["Name"] = new string('A', 10_000),
            ["Kind"] = "Commune",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("200 caractères", doc.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Members"));
    }

    [Fact]
    public async Task Edit_TwoEditorsWithSameVersion_SecondGetsFrenchMessage_FirstKept()
    {
        var id = await IdBySirenAsync("200071181");
        var client = await app.LoginAsync("admin@demo.local");
        var page = await client.GetDocumentAsync($"/Members/Edit/{id}");
        var version = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        var name = page.QuerySelector("input[name=Name]")!.GetAttribute("value")!;
        Dictionary<string, string> Fields(string city) => new()
        {
            ["Version"] = version, ["Name"] = name, ["Kind"] = "CommunauteCommunes", ["Siren"] = "200071181", ["City"] = city,
        };

        var first = await client.PostFormAsync($"/Members/Edit/{id}", $"/Members/Edit/{id}", Fields("Oisemont"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await client.PostFormAsync($"/Members/Edit/{id}", $"/Members/Edit/{id}", Fields("Poix-de-Picardie"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("modifié par quelqu&#x27;un d&#x27;autre", html, StringComparison.Ordinal);
        Assert.Contains("Poix-de-Picardie", html, StringComparison.Ordinal);
        await using var c = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal("Oisemont", await c.ExecuteScalarAsync<string>("SELECT City FROM Members WHERE Id = @id", new { id }));
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/Members/Import");
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "File", fileName);
        return await client.PostAsync("/Members/Import", content);
    }

    [Theory]
    [InlineData("notxlsx")]
    [InlineData("toolarge")]
    [InlineData("zipbomb")]
    public async Task Import_BadUpload_FrenchMessageNextToFile_NoChange(string kind)
    {
        var (bytes, name, expected) = kind switch
        {
            "notxlsx" => ("ceci n'est pas un classeur"u8.ToArray(), "membres.xlsx", MemberSpreadsheet.NotXlsxMessage),
            "toolarge" => (MemberTestFiles.OverFiveMegabytes(), "membres.csv", MemberSpreadsheet.TooLargeMessage),
            _ => (MemberTestFiles.ZipBomb(), "membres.xlsx", MemberSpreadsheet.ZipBombMessage),
        };
        var audit = await ScalarAsync("SELECT COUNT(*) FROM AuditLog");
        var client = await app.LoginAsync("admin@demo.local");
        var response = await UploadAsync(client, bytes, name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, doc.QuerySelector("[data-valmsg-for=File]")!.TextContent.Trim());
        Assert.Equal(audit, await ScalarAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [Fact]
    public async Task Import_CsvRoundTrip_ChangesPopulationAndAudits()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var export = await client.GetAsync("/Members/Export?format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var lines = MemberTestFiles.Csv(await export.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var i = Array.FindIndex(lines, l => l.Contains("248000747", StringComparison.Ordinal));
        lines[i] = lines[i].Replace(";28330;", ";28400;", StringComparison.Ordinal);

        var id = await IdBySirenAsync("248000747");
        const string ImportedRows = "SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND Action = 'Imported' AND UserEmail = 'admin@demo.local'";
        var importedBefore = await ScalarAsync(ImportedRows, new { id });
        var response = await UploadAsync(client, System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "membres.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Import terminé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(28400, await ScalarAsync("SELECT PopulationTotale FROM MemberAllocationBases WHERE MemberId = @id AND Year = 2025", new { id }));
        Assert.Equal(importedBefore + 1, await ScalarAsync(ImportedRows, new { id }));
    }
}
