using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>Issue 6, defects 1 and 3 on the members import and export.</summary>
public sealed class MemberSpreadsheetSafetyTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<long> ScalarAsync(string sql, object? args = null)
    {
        _ = app.Server;
        await using var c = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/Members/Import");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "File", fileName);
        return await client.PostAsync("/Members/Import", content);
    }

    [Fact]
    public async Task Import_XlsxDeclaringXfd20001_RefusedInFrench_DatabaseUnchanged()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var members = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var audit = await ScalarAsync("SELECT COUNT(*) FROM AuditLog");
        var bytes = CraftedFiles.HugeDimension([["Nom", "Type"], ["Commune nouvelle", "Commune"]], "Membres", 20_001);

        var response = await UploadAsync(client, bytes, "membres.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ProcurementGroup.Web.Infrastructure.Uploads.SpreadsheetReader.TooManyRowsMessage(MemberSpreadsheet.MaxLines + 1, 20_001),
            doc.QuerySelector("[data-valmsg-for=File]")!.TextContent.Trim());
        Assert.Equal(members, await ScalarAsync("SELECT COUNT(*) FROM Members"));
        Assert.Equal(audit, await ScalarAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [Fact]
    public async Task Import_FileIdCell_ImportedAsThePlainTextTyped()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var bytes = CraftedFiles.FileIdCells([["Nom", "Type", "Adresse 1"], ["Commune au fichier caché", "Commune", CraftedFiles.FileIdValue]], "Membres");

        var response = await UploadAsync(client, bytes, "membres.xlsx");

        Assert.Contains("Import terminé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Members WHERE Name = 'Commune au fichier caché' AND AddressLine1 = @a", new { a = CraftedFiles.FileIdValue }));
    }

    [Fact]
    public async Task Export_NamesStartingWithFormulaSigns_NeutralisedInCsvAndXlsx_AndTheCsvImportsBackUnchanged()
    {
        string[] names = ["=1+1 Commune", "-Commune moins", "@Commune arobase", "+Commune plus"];
        var client = await app.LoginAsync("admin@demo.local");
        var csv = "Nom;Type\r\n" + string.Concat(names.Select(n => n + ";Commune\r\n"));
        Assert.Contains("Import terminé", await (await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "membres.csv")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var exported = await client.GetByteArrayAsync("/Members/Export?format=csv");
        var lines = MemberTestFiles.Csv(exported).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            Assert.Single(lines, l => l.StartsWith("'" + name + ";Commune;", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith(name, StringComparison.Ordinal));
        }

        var xlsx = await client.GetByteArrayAsync("/Members/Export?format=xlsx");
        var cells = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => r["Nom"]?.ToString()).ToList();
        Assert.All(names, n => Assert.Contains("'" + n, cells));
        Assert.Equal(0, IndependentSheetReader.FormulaCount(xlsx));

        var members = await ScalarAsync("SELECT COUNT(*) FROM Members");
        Assert.Contains("Import terminé", await (await UploadAsync(client, exported, "membres.csv")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(members, await ScalarAsync("SELECT COUNT(*) FROM Members"));
        foreach (var name in names)
        {
            Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Members WHERE Name = @name", new { name }));
        }

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Members WHERE Name LIKE '''%'"));
    }
}
