using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// Finance's whole flow through the pages: an invoice, the costs preview, its link to the run page, « Émettre » (which
/// starts the statements batch), the batch run here synchronously as Hangfire would, and the run's ZIP of statements.
/// The app runs no Hangfire server, so that a started batch stays pending until the test runs it.
/// </summary>
public sealed class FinanceFlowTests(FinanceFlowTests.NoJobServerApp app) : IClassFixture<FinanceFlowTests.NoJobServerApp>
{
    public sealed class NoJobServerApp : TestApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" };
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
        var runPage = "/Runs/Details/" + TestApp.Id(runId);
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(runPage, "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" })).StatusCode);

        // Its batch is started and not yet run: the home page links it.
        var home = await finance.GetDocumentAsync("/");
        Assert.Equal($"/Statements/Run/{TestApp.Id(runId)}", home.QuerySelector("[data-todo=batches] a")!.GetAttribute("href"));
        Assert.Equal("1", home.QuerySelector("[data-todo=batches] strong")!.TextContent.Trim());
        Assert.Equal("/Statements/Unpaid", home.QuerySelector("[data-todo=unpaid] a")!.GetAttribute("href"));
    }
}
