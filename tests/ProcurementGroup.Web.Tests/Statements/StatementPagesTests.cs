using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Documents.Statements;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Statements;

/// <summary>
/// The statements of an issued run (arranged by <see cref="Scenario.IssuedRunWithStatementsAsync"/> for the demo's
/// Amiens and Vimeu): the batch stores each PDF once with its SHA-256 and e-mails the member's buyers once, downloads
/// serve the stored bytes, a buyer sees and downloads only its own member's statements, finance records titres and
/// payments.
/// </summary>
public sealed class StatementPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(ScenarioIssuedRun Run, long Amiens, long Vimeu)> IssuedAsync()
    {
        var amiens = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CA Amiens Métropole'");
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CC du Vimeu'");
        var group = await app.ScalarAsync<long>("SELECT MIN(Id) FROM PurchasingGroups");
        return (await Scenario.IssuedRunWithStatementsAsync(app.ConnectionFactory, group, [amiens, vimeu]), amiens, vimeu);
    }

    private async Task GenerateAsync(long runId)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(runId, CancellationToken.None);
    }

    private Task<long> EmailsAsync(string number) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject LIKE @pattern", new { pattern = "%" + number + "%" });

    [Fact]
    public async Task Batch_StoresEachPdfOnceWithItsHash_EmailsTheBuyersOnce_AndRunningAgainChangesNothing()
    {
        var (run, amiens, vimeu) = await IssuedAsync();
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(PdfSha256) FROM Statements WHERE RunId = @RunId", new { run.RunId }));

        await GenerateAsync(run.RunId);

        var rows = await app.QueryAsync<(long Id, byte[] PdfBytes, string PdfSha256)>("SELECT Id, PdfBytes, PdfSha256 FROM Statements WHERE RunId = @RunId ORDER BY Id", new { run.RunId });
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(r.PdfBytes)), r.PdfSha256));
        Assert.Equal(1, await EmailsAsync(run.Numbers[amiens]));
        Assert.Equal(1, await EmailsAsync(run.Numbers[vimeu]));

        // The same statement rendered again gives the stored bytes; the batch run again stores and sends nothing.
        using (var scope = app.Services.CreateScope())
        {
            var built = await scope.ServiceProvider.GetRequiredService<StatementComposer>().BuildAsync(run.StatementIds[amiens], CancellationToken.None);
            var again = StatementDocument.Render(built!.Value.Model, scope.ServiceProvider.GetRequiredService<StatementTemplates>());
            Assert.Equal(rows.Single(r => r.Id == run.StatementIds[amiens]).PdfBytes, again);
        }

        await GenerateAsync(run.RunId);
        var after = await app.QueryAsync<(long Id, byte[] PdfBytes, string PdfSha256)>("SELECT Id, PdfBytes, PdfSha256 FROM Statements WHERE RunId = @RunId ORDER BY Id", new { run.RunId });
        Assert.Equal(rows.Select(r => r.PdfSha256), after.Select(r => r.PdfSha256));
        Assert.Equal(1, await EmailsAsync(run.Numbers[amiens]));
    }

    [Fact]
    public async Task AmiensBuyer_ListsAndDownloadsItsOwnStatement_AndVimeusAnswers404ByEveryUrl()
    {
        var (run, amiens, vimeu) = await IssuedAsync();
        await GenerateAsync(run.RunId);
        var buyer = await app.LoginAsync("acheteur.amiens@demo.local");

        var page = await buyer.GetDocumentAsync("/Statements/Mine");
        var table = page.QuerySelector("#statements")!.TextContent;
        Assert.Contains(run.Numbers[amiens], table, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Numbers[vimeu], table, StringComparison.Ordinal);
        Assert.Contains("36,72", table, StringComparison.Ordinal);
        Assert.Contains("Non payé", table, StringComparison.Ordinal);

        using var own = await buyer.GetAsync($"/Statements/Download/{TestApp.Id(run.StatementIds[amiens])}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/pdf", own.Content.Headers.ContentType!.MediaType);
        var bytes = await own.Content.ReadAsByteArrayAsync();
        var stored = await app.ScalarAsync<string>("SELECT PdfSha256 FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] });
        Assert.Equal(stored, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("\"" + stored + "\"", own.Headers.ETag!.Tag);

        var vimeuId = TestApp.Id(run.StatementIds[vimeu]);
        var runId = TestApp.Id(run.RunId);
        foreach (var (url, expected) in new[]
        {
            ($"/Statements/Download/{vimeuId}", HttpStatusCode.NotFound),
            ($"/Statements/Download?id={vimeuId}", HttpStatusCode.NotFound),
            ($"/Statements/Zip/{runId}", HttpStatusCode.Forbidden),
            ($"/Statements/Run/{runId}", HttpStatusCode.Forbidden),
            ($"/Statements/Payment/{vimeuId}", HttpStatusCode.Forbidden),
        })
        {
            using var response = await buyer.GetAsync(url);
            Assert.True(expected == response.StatusCode, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Finance_WatchesProgress_AndDownloadsTheRunAsOneZipOfTheStoredFiles()
    {
        var (run, amiens, vimeu) = await IssuedAsync();
        var finance = await app.LoginAsync("finances@demo.local");

        Assert.Contains("\"generated\":0,\"total\":2", await finance.GetStringAsync($"/Statements/Progress/{TestApp.Id(run.RunId)}"), StringComparison.Ordinal);
        var page = await finance.GetDocumentAsync($"/Statements/Run/{TestApp.Id(run.RunId)}");
        Assert.Contains("0 état(s) généré(s) sur 2", page.QuerySelector(".statements-progress")!.TextContent, StringComparison.Ordinal);

        await GenerateAsync(run.RunId);
        Assert.Contains("\"generated\":2,\"total\":2", await finance.GetStringAsync($"/Statements/Progress/{TestApp.Id(run.RunId)}"), StringComparison.Ordinal);

        using var response = await finance.GetAsync($"/Statements/Zip/{TestApp.Id(run.RunId)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(new[] { $"etat-{run.Numbers[amiens]}.pdf", $"etat-{run.Numbers[vimeu]}.pdf" }.Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var content = new MemoryStream();
            await using (var stream = entry.Open())
            {
                await stream.CopyToAsync(content);
            }

            var number = entry.FullName["etat-".Length..^".pdf".Length];
            Assert.Equal(await app.ScalarAsync<string>("SELECT PdfSha256 FROM Statements WHERE Number = @number", new { number }), Convert.ToHexStringLower(SHA256.HashData(content.ToArray())));
        }
    }

    [Fact]
    public async Task Finance_RecordsTitreAndPayment_RefusesABadDateInFrench_AndTheUnpaidListDropsThePaidOne()
    {
        var (run, amiens, vimeu) = await IssuedAsync();
        var finance = await app.LoginAsync("finances@demo.local");
        var id = TestApp.Id(run.StatementIds[amiens]);
        var version = await app.ScalarAsync<long>("SELECT Version FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] });

        using var future = await finance.PostFormAsync($"/Statements/Payment/{id}", $"/Statements/Payment/{id}", new Dictionary<string, string>
        {
            ["TitreNumber"] = "T-2026-118",
            ["PaidOn"] = "2099-01-01",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var html = WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Contains("La date de paiement doit être comprise entre la date d'émission (15/04/2026) et aujourd'hui.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"T-2026-118\"", html, StringComparison.Ordinal);
        Assert.Null(await app.ScalarAsync<string?>("SELECT TitreNumber FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] }));

        using var saved = await finance.PostFormAsync($"/Statements/Payment/{id}", $"/Statements/Payment/{id}", new Dictionary<string, string>
        {
            ["TitreNumber"] = "T-2026-118",
            ["PaidOn"] = "2026-05-02",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(("T-2026-118", "2026-05-02"), (await app.QueryAsync<(string, string)>("SELECT TitreNumber, PaidOn FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] })).Single());

        var unpaid = (await finance.GetDocumentAsync("/Statements/Unpaid")).QuerySelector("#unpaid")!.TextContent;
        Assert.DoesNotContain(run.Numbers[amiens], unpaid, StringComparison.Ordinal);
        Assert.Contains(run.Numbers[vimeu], unpaid, StringComparison.Ordinal);

        // The same form posted again with the old version: someone saved first, nothing is overwritten.
        using var stale = await finance.PostFormAsync($"/Statements/Payment/{id}", $"/Statements/Payment/{id}", new Dictionary<string, string>
        {
            ["TitreNumber"] = "T-AUTRE",
            ["PaidOn"] = "2026-05-03",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Contains("modifié par quelqu'un d'autre", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("T-2026-118", await app.ScalarAsync<string>("SELECT TitreNumber FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] }));
    }
}

/// <summary>The folder storage: files renamed into place, the row holding their path and hash, no bytes in the database.</summary>
public sealed class StatementFolderTests(StatementFolderTests.FolderApp app) : IClassFixture<StatementFolderTests.FolderApp>
{
    public sealed class FolderApp : TestApp
    {
        public string Folder => Path.Combine(Directory, "statements");

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Statements:Folder"] = Folder };
    }

    [Fact]
    public async Task Folder_HoldsEachFileUnderItsRun_NoPartialFile_AndTheDownloadServesIt()
    {
        var amiens = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CA Amiens Métropole'");
        var group = await app.ScalarAsync<long>("SELECT MIN(Id) FROM PurchasingGroups");
        var run = await Scenario.IssuedRunWithStatementsAsync(app.ConnectionFactory, group, [amiens]);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(run.RunId, CancellationToken.None);
        }

        var (bytes, path, hash) = (await app.QueryAsync<(byte[]?, string, string)>("SELECT PdfBytes, StoragePath, PdfSha256 FROM Statements WHERE Id = @id", new { id = run.StatementIds[amiens] })).Single();
        Assert.Null(bytes);
        Assert.Equal($"{TestApp.Id(run.RunId)}/{run.Numbers[amiens]}.pdf", path);
        var file = Path.Combine(app.Folder, path);
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        Assert.Equal([file], System.IO.Directory.GetFiles(Path.GetDirectoryName(file)!));

        var buyer = await app.LoginAsync("acheteur.amiens@demo.local");
        Assert.Equal(await File.ReadAllBytesAsync(file), await buyer.GetByteArrayAsync($"/Statements/Download/{TestApp.Id(run.StatementIds[amiens])}"));
    }
}
