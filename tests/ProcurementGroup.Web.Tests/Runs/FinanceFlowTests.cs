using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// Finance's whole flow through the pages: an invoice, the costs preview, its link to the run page, « Émettre » (which
/// starts the statements batch), the batch run here synchronously as Hangfire would, and the run's ZIP of statements.
/// The app runs no Hangfire server, so that a started batch stays pending until the test runs it. Each test arranges its
/// own groupement and charges no coordination fee: the demo's finance quarter (its runs, its 2 % fee) changes no figure.
/// </summary>
public sealed class FinanceFlowTests(FinanceFlowTests.NoJobServerApp app) : IClassFixture<FinanceFlowTests.NoJobServerApp>
{
    /// <summary>
    /// The app without a Hangfire server: a started batch (the demo's too) stays pending until a test runs it. Set as a
    /// host setting: the jobs options are read while the services are registered, before the test host's configuration.
    /// </summary>
    public sealed class NoJobServerApp : TestApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" };

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:RunServer", "false");
        }
    }

    private static readonly DateOnly LongAgo = new(2020, 1, 1);

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Join("\n", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');
    }

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim();

    [Fact]
    public async Task PreviewIssueAndBatch_GiveAZipWithOnePdfPerMember_WhoseTtcIsTheRunPages()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 3000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        await CostsHttpTests.NoFeeAsync(finance);
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-1", "Hub mutualisé", "1 000,01"));
        var runId = await CostsHttpTests.PreviewAsync(finance, s.GroupId);

        // The preview leads to the run page, where « Émettre » is.
        var preview = await finance.GetDocumentAsync("/Costs/Run/" + TestApp.Id(runId));
        var runPage = "/Runs/Details/" + TestApp.Id(runId);
        Assert.Equal(runPage, preview.QuerySelector("[data-testid=issue-link]")!.GetAttribute("href"));
        Assert.Null(preview.QuerySelector("[data-testid=issue-note] button[disabled]"));

        var issued = await finance.PostFormAsync(runPage, "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);

        // Issuing started the batch once its transaction committed: the run holds the job's id.
        Assert.NotNull(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @runId", new { runId }));
        var statements = await app.QueryAsync<(long MemberId, string Number)>("SELECT MemberId, Number FROM Statements WHERE RunId = @runId", new { runId });
        Assert.Equal(2, statements.Count);

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(runId, CancellationToken.None);
        }

        var page = await finance.GetDocumentAsync(runPage);
        Assert.Contains("2 état(s) généré(s) sur 2", page.QuerySelector(".statements-progress")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Statements/Zip/{TestApp.Id(runId)}", page.QuerySelector("[data-testid=statement-files] a")!.GetAttribute("href"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=statement-pdf]").Length);
        var ttc = statements.ToDictionary(
            st => st.Number,
            st => Plain(page.QuerySelector($"[data-testid=member-totals] tr[data-member-id='{st.MemberId}'] [data-field=Ttc]")!.TextContent));

        // Equal shares of 1 000,01 € HT: 500,01 € and 500,00 € HT (largest remainder), each with 20 % VAT.
        var expected = new[] { FrenchFormat.Money(60_001), FrenchFormat.Money(60_000) }.Select(Plain).Order(StringComparer.Ordinal);
        Assert.Equal(expected, ttc.Values.Order(StringComparer.Ordinal));

        using var response = await finance.GetAsync($"/Statements/Zip/{TestApp.Id(runId)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(statements.Select(st => $"etat-{st.Number}.pdf").Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var (number, amount) in ttc)
        {
            using var entry = zip.GetEntry($"etat-{number}.pdf")!.Open();
            using var bytes = new MemoryStream();
            await entry.CopyToAsync(bytes);
            var text = PdfText(bytes.ToArray());
            Assert.True(text.Contains(number, StringComparison.Ordinal) && text.Contains(amount, StringComparison.Ordinal), $"{number} {amount} not in:\n{text}");

            // The key in French, not as stored.
            Assert.Contains("parts égales", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Equal:100", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FinanceHome_LinksTheRunningBatchToItsStatementsPage_AndTheUnpaidToTheUnpaidList()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-2", "Hub", "100,00"));
        var runId = await CostsHttpTests.PreviewAsync(finance, s.GroupId);

        // The demo's batches (and any earlier test's) done, as the Hangfire server would have: this run's is the only one left.
        await RunScenario.RunPendingBatchesAsync(app);

        var runPage = "/Runs/Details/" + TestApp.Id(runId);
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(runPage, "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" })).StatusCode);

        // Its batch is started and not yet run: the home page links it.
        var home = await finance.GetDocumentAsync("/");
        Assert.Equal($"/Statements/Run/{TestApp.Id(runId)}", home.QuerySelector("[data-todo=batches] a")!.GetAttribute("href"));
        Assert.Equal("1", home.QuerySelector("[data-todo=batches] strong")!.TextContent.Trim());
        Assert.Equal("/Statements/Unpaid", home.QuerySelector("[data-todo=unpaid] a")!.GetAttribute("href"));
    }

    private static Task<HttpResponseMessage> IssueAsync(HttpClient finance, long runId) =>
        finance.PostFormAsync("/Runs/Details/" + TestApp.Id(runId), "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" });

    private static Task<HttpResponseMessage> RectifyAsync(HttpClient finance, long runId, bool confirm = true) =>
        finance.PostFormAsync("/Runs/Details/" + TestApp.Id(runId), "/Runs/Rectify/" + TestApp.Id(runId), confirm ? new Dictionary<string, string> { ["confirm"] = "true" } : []);

    /// <summary>Saves the contract's key again, with the version the key page shows.</summary>
    private static async Task ChangeKeyAsync(HttpClient finance, long contract, Dictionary<string, string> percents)
    {
        var url = "/Costs/Key?contractId=" + TestApp.Id(contract);
        var version = (await finance.GetDocumentAsync(url)).QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        var response = await finance.PostFormAsync(url, url, new Dictionary<string, string>(percents) { ["Year"] = string.Empty, ["Version"] = version });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private async Task<(ScenarioResult Scenario, long Contract, long RunId, HttpClient Finance)> IssuedEqualSharesAsync()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 3000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        await CostsHttpTests.NoFeeAsync(finance);
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-3", "Hub mutualisé", "1 000,00"));
        var runId = await CostsHttpTests.PreviewAsync(finance, s.GroupId);
        Assert.Equal(HttpStatusCode.Redirect, (await IssueAsync(finance, runId)).StatusCode);
        return (s, contract, runId, finance);
    }

    [Fact]
    public async Task Rectify_AfterTheKeyMovedToQuantities_TheMemberWhoseShareDroppedGetsACreditStatement_OfTheDifference()
    {
        var (s, contract, runId, finance) = await IssuedEqualSharesAsync();
        var (a, b) = (s.MemberId("A"), s.MemberId("B"));
        Assert.NotNull((await finance.GetDocumentAsync("/Runs/Details/" + TestApp.Id(runId))).QuerySelector("[data-testid=rectify-form]"));

        // Issued: 500,00 € HT + 100,00 € VAT each. Quantities 1 and 3: A 250,00 + 50,00, B 750,00 + 150,00.
        // Differences: A −250,00 € HT, −50,00 € VAT, an « avoir » of 300,00 €; B +250,00 + 50,00 = 300,00 €.
        await ChangeKeyAsync(finance, contract, new() { ["PercentQuantity"] = "100" });
        var response = await RectifyAsync(finance, runId);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rectifying = await app.ScalarAsync<long>("SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @runId AND State = 1", new { runId });
        Assert.Equal("/Runs/Details/" + TestApp.Id(rectifying), response.Headers.Location!.OriginalString);
        var statements = await app.QueryAsync<(long MemberId, bool IsCredit, long Ht, long Vat, long Ttc)>(
            "SELECT MemberId, IsCredit, HtCents, VatCents, TtcCents FROM Statements WHERE RunId = @rectifying ORDER BY MemberId", new { rectifying });
        Assert.Equal(new[] { (a, true, -25_000L, -5_000L, -30_000L), (b, false, 25_000L, 5_000L, 30_000L) }.OrderBy(x => x.Item1), statements);
        Assert.NotNull(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @rectifying", new { rectifying }));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(rectifying, CancellationToken.None);
        }

        var page = await finance.GetDocumentAsync("/Runs/Details/" + TestApp.Id(rectifying));
        var rowA = page.QuerySelector($"[data-testid=member-totals] tr[data-member-id='{a}']")!;
        Assert.Equal("avoir de " + Plain(FrenchFormat.Money(30_000)), Plain(rowA.QuerySelector("[data-field=Ttc]")!.TextContent));
        var credit = page.QuerySelectorAll("[data-testid=statement-pdf]").Single(l => l.TextContent.Contains("Avoir", StringComparison.Ordinal));
        using var pdf = await finance.GetAsync(credit.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains(Plain(FrenchFormat.Money(30_000)), PdfText(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        // The original is unchanged, lists its rectifying run and can still be rectified (against the latest state).
        Assert.Equal([60_000L, 60_000L], await app.QueryAsync<long>("SELECT TtcCents FROM Statements WHERE RunId = @runId ORDER BY MemberId", new { runId }));
        var original = await finance.GetDocumentAsync("/Runs/Details/" + TestApp.Id(runId));
        Assert.Equal("/Runs/Details/" + TestApp.Id(rectifying), original.QuerySelector("[data-testid=rectifications] a")!.GetAttribute("href"));
        Assert.NotNull(original.QuerySelector("[data-testid=rectify-form]"));
    }

    [Fact]
    public async Task Rectify_ASecondTime_CarriesTheDifferencesAgainstTheFirstRectification_AndEveryRunPageShowsTheChain()
    {
        var (s, contract, runId, finance) = await IssuedEqualSharesAsync();
        var (a, b) = (s.MemberId("A"), s.MemberId("B"));
        await ChangeKeyAsync(finance, contract, new() { ["PercentQuantity"] = "100" });
        Assert.Equal(HttpStatusCode.Redirect, (await RectifyAsync(finance, runId)).StatusCode);
        var first = await app.ScalarAsync<long>("SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @runId AND State = 1", new { runId });

        // Back to equal shares, rectified from the first rectification's page: against the original nothing would differ;
        // against the latest state (A 250,00 + 50,00, B 750,00 + 150,00) A owes 300,00 € again and B gets an avoir of 300,00 €.
        await ChangeKeyAsync(finance, contract, new() { ["PercentEqual"] = "100" });
        var response = await RectifyAsync(finance, first);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var runs = await app.QueryAsync<long>("SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @runId ORDER BY Id", new { runId });
        Assert.Equal(2, runs.Count);
        var second = runs[1];
        Assert.Equal("/Runs/Details/" + TestApp.Id(second), response.Headers.Location!.OriginalString);
        var statements = await app.QueryAsync<(long MemberId, bool IsCredit, long Ht, long Vat, long Ttc)>(
            "SELECT MemberId, IsCredit, HtCents, VatCents, TtcCents FROM Statements WHERE RunId = @second ORDER BY MemberId", new { second });
        Assert.Equal(new[] { (a, false, 25_000L, 5_000L, 30_000L), (b, true, -25_000L, -5_000L, -30_000L) }.OrderBy(x => x.Item1), statements);

        // Each member's statements of the chain add up to what equal shares give: 600,00 € TTC each.
        Assert.Equal(
            [(a, 60_000L), (b, 60_000L)],
            (await app.QueryAsync<(long MemberId, long Ttc)>(
                "SELECT s.MemberId, SUM(s.TtcCents) FROM Statements s JOIN AllocationRuns r ON r.Id = s.RunId WHERE r.Id = @runId OR r.RectifiesRunId = @runId GROUP BY s.MemberId", new { runId }))
            .OrderBy(x => x.MemberId));

        // B's avoir rectifies its latest statement, the first rectification's.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(second, CancellationToken.None);
        }

        var bFirst = await app.ScalarAsync<string>("SELECT Number FROM Statements WHERE RunId = @first AND MemberId = @b", new { first, b });
        var bOriginal = await app.ScalarAsync<string>("SELECT Number FROM Statements WHERE RunId = @runId AND MemberId = @b", new { runId, b });
        var credit = await app.ScalarAsync<long>("SELECT Id FROM Statements WHERE RunId = @second AND MemberId = @b", new { second, b });
        using (var pdf = await finance.GetAsync("/Statements/Download/" + TestApp.Id(credit)))
        {
            var text = PdfText(await pdf.Content.ReadAsByteArrayAsync());
            Assert.Contains(bFirst, text, StringComparison.Ordinal);
            Assert.DoesNotContain(bOriginal, text, StringComparison.Ordinal);
        }

        // Every page of the chain shows it, oldest first, with the net TTC billed after each run.
        foreach (var id in new[] { runId, first, second })
        {
            var page = await finance.GetDocumentAsync("/Runs/Details/" + TestApp.Id(id));
            var rows = page.QuerySelectorAll("[data-testid=rectification-chain] tbody tr");
            Assert.Equal([runId, first, second], rows.Select(r => long.Parse(r.GetAttribute("data-run-id")!, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(
                new[] { 120_000L, 0, 0 }.Select(c => Plain(FrenchFormat.Money(c))),
                rows.Select(r => Plain(r.QuerySelector("[data-field=Ttc]")!.TextContent)));
            Assert.All(rows, r => Assert.Equal(Plain(FrenchFormat.Money(120_000)), Plain(r.QuerySelector("[data-field=Cumulative]")!.TextContent)));
            Assert.Equal(2, rows.Count(r => r.QuerySelector("a") is not null));
        }
    }

    [Fact]
    public async Task Rectify_WithoutConfirmation_OrWithNothingChanged_SaysSoInFrench_AndWritesNothing()
    {
        var (_, _, runId, finance) = await IssuedEqualSharesAsync();
        var runs = await app.ScalarAsync<long>("SELECT COUNT(*) FROM AllocationRuns");

        var unconfirmed = await RectifyAsync(finance, runId, confirm: false);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var page = await HttpClientForms.ParseAsync(await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(Features.Runs.RunsController.ConfirmRectifyMessage, page.QuerySelector("[data-valmsg-for=confirmRectify]")!.TextContent.Trim());

        var unchanged = await RectifyAsync(finance, runId);
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        page = await HttpClientForms.ParseAsync(await unchanged.Content.ReadAsStringAsync());
        Assert.Equal(Features.Runs.RunService.NoDifferenceMessage, page.QuerySelector("[data-valmsg-for=confirmRectify]")!.TextContent.Trim());
        Assert.Equal(runs, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AllocationRuns"));
    }
}
