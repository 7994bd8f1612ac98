using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Documents.Statements;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Statements;

/// <summary>
/// Issue 9: a crash mid-batch loses nothing. The built app runs as a child process (Development, a temporary SQLite
/// database, statements in a folder, 60 ms per statement, Hangfire's invisibility timeout 3 s); finance starts the batch
/// of a 200-statement run through the page; the process is killed (kill -9 of its tree) once some but not all are
/// stored, then started again: the batch resumes and every statement ends with its file, whose SHA-256 is the row's and
/// a regeneration's, no statement twice and no partial file left.
/// </summary>
public sealed class StatementBatchCrashResumeTests : IDisposable
{
    private const int Count = 200;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pg-crash", Guid.NewGuid().ToString("N"));

    public StatementBatchCrashResumeTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "procurement.db");

    private string Folder => Path.Combine(_directory, "statements");

    [Fact]
    public async Task KilledMidBatch_ResumesAfterRestart_NoStatementMissingDuplicatedOrPartial()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(DatabasePath));

        var first = Start(url);
        long runId;
        try
        {
            await WaitHealthyAsync(url, first);

            // 200 members and an issued run with one statement each, written as issuing writes them.
            var scenario = Scenario.For(factory).Campaign("Lot de test", c => c.Lot(1, "Lot", l => l.Item("A", 100, PricePeriod.OneOff)));
            var names = Enumerable.Range(1, Count).Select(i => "Membre " + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture)).ToList();
            foreach (var name in names)
            {
                scenario.Member(name);
            }

            var arranged = await scenario.BuildAsync();
            runId = (await Scenario.IssuedRunWithStatementsAsync(factory, arranged.GroupId, names.Select(arranged.MemberId).ToList())).RunId;

            using var finance = await LoginAsync(url, "finances@demo.local");
            var page = await finance.GetStringAsync($"/Statements/Run/{runId}");
            var token = new HtmlParser().ParseDocument(page).QuerySelector("form[action*='Generate'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var started = await finance.PostAsync($"/Statements/Generate/{runId}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

            // Some, not all: then kill -9.
            var clock = Stopwatch.StartNew();
            while (await GeneratedAsync(factory, runId) < 20)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "The batch did not start within 90 s.");
                await Task.Delay(100);
            }
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            first.Dispose();
        }

        var atKill = await GeneratedAsync(factory, runId);
        Assert.InRange(atKill, 20, Count - 1);

        var second = Start(url);
        try
        {
            await WaitHealthyAsync(url, second);
            var clock = Stopwatch.StartNew();
            while (await GeneratedAsync(factory, runId) < Count)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"Only {await GeneratedAsync(factory, runId)} of {Count} statements after the restart.");
                await Task.Delay(250);
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }

        await using var connection = await factory.OpenAsync();
        var rows = (await connection.QueryAsync<(long Id, string Number, string? StoragePath, string? PdfSha256, byte[]? PdfBytes)>(
            "SELECT Id, Number, StoragePath, PdfSha256, PdfBytes FROM Statements WHERE RunId = @runId", new { runId })).ToList();
        Assert.Equal(Count, rows.Count);
        Assert.Equal(Count, rows.Select(r => r.Number).Distinct().Count());
        Assert.All(rows, r => Assert.Null(r.PdfBytes));

        var runFolder = Path.Combine(Folder, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(Directory.GetFiles(runFolder, "*.partial"));
        Assert.Equal(Count, Directory.GetFiles(runFolder).Length);

        var composer = new StatementComposer(new StatementRepository(factory), new CoordinatorRepository(factory));
        var templates = StatementTemplates.Load(AppContext.BaseDirectory);
        foreach (var row in rows)
        {
            var file = await File.ReadAllBytesAsync(Path.Combine(Folder, row.StoragePath!));
            Assert.Equal(row.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(file)));
            var built = await composer.BuildAsync(row.Id, CancellationToken.None);
            Assert.Equal(row.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(StatementDocument.Render(built!.Value.Model, templates))));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }

    private static async Task<int> GeneratedAsync(IDbConnectionFactory factory, long runId)
    {
        await using var connection = await factory.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(PdfSha256) FROM Statements WHERE RunId = @runId", new { runId });
    }

    private Process Start(string url)
    {
        var dll = AppProcess.WebApplicationPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = DatabasePath;
        start.Environment["Database__HangfireSqlitePath"] = Path.Combine(_directory, "hangfire.db");
        start.Environment["Statements__Folder"] = Folder;
        start.Environment["Statements__DelayPerStatementMilliseconds"] = "60";
        start.Environment["Jobs__InvisibilityTimeoutSeconds"] = "3";
        start.Environment["Jobs__PollIntervalSeconds"] = "1";
        start.Environment["Jobs__WorkerCount"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(string url, Process process)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"The application exited with code {(process.HasExited ? process.ExitCode : 0)}.");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "The application did not answer /health within 120 s.");
            await Task.Delay(250);
        }
    }

    private static async Task<HttpClient> LoginAsync(string url, string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var page = await client.GetStringAsync("/Account/Login");
        var token = new HtmlParser().ParseDocument(page).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(
        [
            new("Email", email),
            new("Password", TestApp.DemoPassword),
            new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
