using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Runs;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>The runs pages: issuing with confirmation, the frozen issued run (409), a rectifying run's credit statement, the accounting export.</summary>
public sealed class RunsPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Finance = "finances@demo.local";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static Dictionary<string, string> IssueFields(int version, bool confirm = true) => confirm
        ? new() { ["version"] = version.ToString(CultureInfo.InvariantCulture), ["confirm"] = "true" }
        : new() { ["version"] = version.ToString(CultureInfo.InvariantCulture) };

    private async Task<(RunArrangement Arrangement, long RunId)> PreviewAsync(params string[] labels)
    {
        var arrangement = await RunScenario.ArrangeAsync(app.ConnectionFactory, ["Amiens", "Vimeu"], labels.Length == 0 ? ["Hub télécom"] : labels);
        var lines = arrangement.CostEntryIds.Select((_, i) => arrangement.Line(i, labels.Length == 0 ? "Hub télécom" : labels[i], 10_000, arrangement.Equal)).ToList();
        return (arrangement, await arrangement.PreviewAsync(app.ConnectionFactory, AllocationRun.Compute(lines)));
    }

    private Task<int> StatementCountAsync(long runId) => app.ScalarAsync<int>("SELECT COUNT(*) FROM Statements WHERE RunId = @runId", new { runId });

    [Fact]
    public async Task Issue_WithConfirmation_NumbersOneStatementPerMember_ThenASecondIssueAnswers409AndChangesNothing()
    {
        var (arrangement, runId) = await PreviewAsync();
        var client = await app.LoginAsync(Finance);
        var page = $"/Runs/Details/{TestApp.Id(runId)}";

        var issued = await client.PostFormAsync(page, $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(1));

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var document = await client.GetDocumentAsync(page);
        Assert.Equal("Émise", document.QuerySelector("[data-testid=run] [data-field=State]")!.TextContent.Trim());
        Assert.Null(document.QuerySelector("[data-testid=issue-form]"));
        var numbers = document.QuerySelectorAll("[data-testid=statements] tbody tr").Select(r => r.GetAttribute("data-statement")!).ToList();
        Assert.Equal(2, numbers.Count);
        var sequences = numbers.Select(n => StatementNumber.Parse(n)).ToList();
        Assert.All(sequences, n => Assert.Equal(DateTime.UtcNow.Year, n.Year));
        Assert.Equal(sequences[0].Sequence + 1, sequences[1].Sequence);
        // 100.00 € HT + 20.00 € VAT in two equal shares: 60.00 € TTC each.
        Assert.Equal(TestApp.Money(12_000), document.QuerySelector("[data-testid=run] [data-field=Ttc]")!.TextContent.Trim());
        Assert.Equal([12_000L / 2, 12_000L / 2], await app.QueryAsync<long>("SELECT TtcCents FROM Statements WHERE RunId = @runId ORDER BY MemberId", new { runId }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'AllocationRun' AND EntityId = @runId AND Action = 'Issued'", new { runId }));

        // The issued run is frozen: issuing again, with the old or the new version, answers 409 in French and writes nothing.
        foreach (var version in new[] { 1, 2 })
        {
            var again = await client.PostFormAsync(page, $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(version));
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("déjà été émise", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Equal(2, await StatementCountAsync(runId));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT Version FROM AllocationRuns WHERE Id = @runId", new { runId }));
        Assert.Equal(arrangement.Members.Select(m => m.MemberId), await app.QueryAsync<long>("SELECT MemberId FROM Statements WHERE RunId = @runId ORDER BY Sequence", new { runId }));
    }

    [Fact]
    public async Task Issue_WithoutConfirmation_AsksForItInFrenchAndIssuesNothing()
    {
        var (_, runId) = await PreviewAsync();
        var client = await app.LoginAsync(Finance);
        var page = $"/Runs/Details/{TestApp.Id(runId)}";

        var response = await client.PostFormAsync(page, $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(1, confirm: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(RunsController.ConfirmMessage, document.QuerySelector("[data-valmsg-for=confirm]")!.TextContent.Trim());
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT State FROM AllocationRuns WHERE Id = @runId", new { runId }));
        Assert.Equal(0, await StatementCountAsync(runId));
    }

    [Fact]
    public async Task Rectify_MovingTheHubToPopulation_CreditsTheMemberWhoPaidTooMuch()
    {
        var (arrangement, runId) = await PreviewAsync();
        var client = await app.LoginAsync(Finance);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Runs/Details/{TestApp.Id(runId)}", $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(1))).StatusCode);

        // Corrected key: population 1,000 (Amiens) / 3,000 (Vimeu) instead of equal shares. Issued: 50 + 10 € each.
        // Corrected: Amiens 25.00 € HT + 5.00 € VAT, Vimeu 75.00 € HT + 15.00 € VAT. Differences: Amiens −25 − 5 = −30.00 € (avoir), Vimeu +30.00 €.
        var corrected = AllocationRun.Compute([arrangement.Line(0, "Hub télécom", 10_000, arrangement.Weighted(1000, 3000))]);
        long rectifyingId;
        using (var scope = app.Services.CreateScope())
        {
            rectifyingId = (await scope.ServiceProvider.GetRequiredService<RunService>().RectifyAsync(runId, corrected, arrangement.Sources("population municipale 2026")))!.Value;
        }

        var shares = await new AllocationRunRepository(app.ConnectionFactory).SharesAsync(rectifyingId);
        Assert.Equal(
            [(arrangement.Members[0].MemberId, -2500L, -500L), (arrangement.Members[1].MemberId, 2500L, 500L)],
            shares.Select(s => (s.MemberId, s.HtCents, s.VatCents)));
        var issue = await client.PostFormAsync($"/Runs/Details/{TestApp.Id(rectifyingId)}", $"/Runs/Issue/{TestApp.Id(rectifyingId)}", IssueFields(1));
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);

        var statements = await new AllocationRunRepository(app.ConnectionFactory).StatementsAsync(rectifyingId);
        Assert.Equal(
            [(arrangement.Members[0].MemberId, true, -2500L, -500L, -3000L), (arrangement.Members[1].MemberId, false, 2500L, 500L, 3000L)],
            statements.OrderBy(s => s.MemberId).Select(s => (s.MemberId, s.IsCredit, s.HtCents, s.VatCents, s.TtcCents)));
        Assert.Null(statements.Single(s => s.IsCredit).DueOn);
        var page = await client.GetDocumentAsync($"/Runs/Details/{TestApp.Id(rectifyingId)}");
        Assert.Equal("Rectificative émise", page.QuerySelector("[data-testid=run] [data-field=State]")!.TextContent.Trim());
        var amiens = page.QuerySelector($"[data-testid=member-totals] tr[data-member-id='{arrangement.Members[0].MemberId}']")!;
        Assert.Equal("avoir de " + TestApp.Money(3000), amiens.QuerySelector("[data-field=Ttc]")!.TextContent.Trim());
        Assert.Contains("avoir", amiens.QuerySelector("[data-field=Number]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Runs/Details/{TestApp.Id(runId)}");

        // The original stays as issued; only a rectifying run of an issued run can be made.
        Assert.Equal([6000L, 6000L], await app.QueryAsync<long>("SELECT TtcCents FROM Statements WHERE RunId = @runId ORDER BY MemberId", new { runId }));
        var (_, preview) = await PreviewAsync();
        using (var scope = app.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<RunService>().RectifyAsync(preview, corrected, arrangement.Sources()));
        }
    }

    [Fact]
    public async Task Export_IssuedRun_CsvAndXlsxCarryOneLinePerMember_TotalsMatch_AndFormulasAreNeutralised()
    {
        var (arrangement, runId) = await PreviewAsync("Hub télécom", "=SOMME(A1:A9)");
        // The settings of the coordination fee slice: a payment term and a budget account (which a spreadsheet could run).
        await app.ExecuteAsync("UPDATE CoordinatorSettings SET PaymentTermDays = 30, BudgetAccount = '=7478+1' WHERE Id = 1");
        var client = await app.LoginAsync(Finance);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Runs/Export/{TestApp.Id(runId)}?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Runs/Details/{TestApp.Id(runId)}", $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(1))).StatusCode);
        var statements = await new AllocationRunRepository(app.ConnectionFactory).StatementsAsync(runId);

        var csvResponse = await client.GetAsync($"/Runs/Export/{TestApp.Id(runId)}?format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = IndependentSheetReader.CsvRecords(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), ';').Where(r => r.Count > 1).ToList();
        Assert.Equal(RunExport.StatementHeaders, records[0]);
        Assert.Equal(2, records.Count - 1);
        Assert.Equal(statements.Select(s => s.Number), records.Skip(1).Select(r => r[0]));
        Assert.Equal(arrangement.Members.Select(m => m.Name), records.Skip(1).Select(r => r[1]));
        Assert.All(records.Skip(1), r => Assert.Equal(Core.Text.FrenchFormat.Date(statements[0].IssuedOn), r[5]));
        Assert.All(records.Skip(1), r => Assert.Equal(Core.Text.FrenchFormat.Date(statements[0].IssuedOn.AddDays(30)), r[6]));
        Assert.All(statements, s => Assert.Equal(s.IssuedOn.AddDays(30), s.DueOn));
        Assert.All(records.Skip(1), r => Assert.Equal("'=7478+1", r[7]));
        // Two lines of 100.00 € HT at 20 %: 240.00 € TTC in all, 120,00 each, written as French Excel reads numbers.
        Assert.Equal(["120", "120"], records.Skip(1).Select(r => r[11]));
        Assert.Equal(["100", "100"], records.Skip(1).Select(r => r[9]));
        Assert.Equal(24_000m / 100, records.Skip(1).Sum(r => decimal.Parse(r[11], French)));

        var detail = IndependentSheetReader.CsvRecords(Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/Runs/Export/{TestApp.Id(runId)}?format=csv&detail=true")).TrimStart('\uFEFF'), ';').Where(r => r.Count > 1).ToList();
        Assert.Equal(RunExport.DetailHeaders, detail[0]);
        Assert.Equal(4, detail.Count - 1);
        Assert.Equal(2, detail.Count(r => r[4] == "'=SOMME(A1:A9)"));
        Assert.DoesNotContain(detail, r => r.Any(f => f.StartsWith('=')));
        Assert.Equal(240m, detail.Skip(1).Sum(r => decimal.Parse(r[10], French)));
        Assert.All(detail.Skip(1), r => Assert.Equal(arrangement.ContractReference, r[3]));

        var xlsx = await client.GetByteArrayAsync($"/Runs/Export/{TestApp.Id(runId)}?format=xlsx&detail=true");
        Assert.Equal(0, IndependentSheetReader.FormulaCount(xlsx));
        Assert.Equal(2, IndependentSheetReader.XlsxCells(xlsx).Count(c => c.Text == "'=SOMME(A1:A9)"));
        var summary = IndependentSheetReader.XlsxCells(await client.GetByteArrayAsync($"/Runs/Export/{TestApp.Id(runId)}?format=xlsx"));
        Assert.Equal(statements.Select(s => s.Number), summary.Where(c => c.Reference.EndsWith("!A2", StringComparison.Ordinal) || c.Reference.EndsWith("!A3", StringComparison.Ordinal)).Select(c => c.Text));
    }

    [Fact]
    public async Task RunsList_ShowsStateTotalsAndStatementCount()
    {
        var (_, runId) = await PreviewAsync();
        var client = await app.LoginAsync(Finance);

        var row = (await client.GetDocumentAsync("/Runs")).QuerySelector($"[data-testid=runs] tr[data-run-id='{TestApp.Id(runId)}']")!;
        Assert.Equal("Prévisualisation", row.QuerySelector("[data-field=State]")!.TextContent.Trim());
        Assert.Equal(TestApp.Money(12_000), row.QuerySelector("[data-field=Ttc]")!.TextContent.Trim());
        Assert.Equal("0", row.QuerySelector("[data-field=Statements]")!.TextContent.Trim());

        await client.PostFormAsync($"/Runs/Details/{TestApp.Id(runId)}", $"/Runs/Issue/{TestApp.Id(runId)}", IssueFields(1));
        row = (await client.GetDocumentAsync("/Runs")).QuerySelector($"[data-testid=runs] tr[data-run-id='{TestApp.Id(runId)}']")!;
        Assert.Equal("Émise", row.QuerySelector("[data-field=State]")!.TextContent.Trim());
        Assert.Equal("2", row.QuerySelector("[data-field=Statements]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Delete_Preview_RemovesItsLinesAndShares_ButAnIssuedRunAnswers409AndStays()
    {
        var (_, previewId) = await PreviewAsync();
        var (_, issuedId) = await PreviewAsync();
        var client = await app.LoginAsync(Finance);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Runs/Details/{TestApp.Id(issuedId)}", $"/Runs/Issue/{TestApp.Id(issuedId)}", IssueFields(1))).StatusCode);
        var version = new Dictionary<string, string> { ["version"] = "1" };

        var deleted = await client.PostFormAsync($"/Runs/Details/{TestApp.Id(previewId)}", $"/Runs/Delete/{TestApp.Id(previewId)}", version);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AllocationRuns WHERE Id = @previewId", new { previewId }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM RunShares WHERE RunId = @previewId", new { previewId }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM RunCostLines WHERE RunId = @previewId", new { previewId }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'AllocationRun' AND EntityId = @previewId AND Action = 'Deleted'", new { previewId }));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/Runs", $"/Runs/Delete/{TestApp.Id(previewId)}", version)).StatusCode);

        var refused = await client.PostFormAsync($"/Runs/Details/{TestApp.Id(issuedId)}", $"/Runs/Delete/{TestApp.Id(issuedId)}", new Dictionary<string, string> { ["version"] = "2" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("déjà été émise", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal((1, 2, 2), (await app.ScalarAsync<int>("SELECT State FROM AllocationRuns WHERE Id = @issuedId", new { issuedId }), await app.ScalarAsync<int>("SELECT COUNT(*) FROM RunShares WHERE RunId = @issuedId", new { issuedId }), await StatementCountAsync(issuedId)));
    }
}
