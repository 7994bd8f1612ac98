using System.Net;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// The finance home page lists what needs doing, counted on data this class arranged in its own app. The app runs no
/// Hangfire server: the demo's statements batches stay as they are between the two counts, and so does this test's.
/// </summary>
public sealed class RunsFinanceHomeTests(FinanceFlowTests.NoJobServerApp app) : IClassFixture<FinanceFlowTests.NoJobServerApp>
{
    [Fact]
    public async Task FinanceHome_CountsInvoicesNotIssued_PreviewRuns_RunningBatches_AndUnpaidStatements()
    {
        // Counted from what the demo data already holds (its finance quarter: issued runs, unpaid statements, their
        // batches), so that demo runs and invoices do not change the expected figures.
        var client = await app.LoginAsync("finances@demo.local");
        var before = await CountsAsync(client);
        var arrangement = await RunScenario.ArrangeAsync(app.ConnectionFactory, ["Amiens", "Vimeu"], "Hub télécom", "Maintenance", "Lignes");
        var issued = await arrangement.PreviewAsync(app.ConnectionFactory, AllocationRun.Compute([arrangement.Line(0, "Hub télécom", 10_000, arrangement.Equal)]));
        // Another period: a preview of the same period would replace the first one.
        await arrangement.PreviewAsync(app.ConnectionFactory, AllocationRun.Compute([arrangement.Line(1, "Maintenance", 3_000, arrangement.Equal)]), new(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Runs/Details/{TestApp.Id(issued)}", $"/Runs/Issue/{TestApp.Id(issued)}", new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" })).StatusCode);
        // Issuing started the statements batch (its job id on the run); with no job server its PDFs are not generated yet.
        Assert.NotNull(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @issued", new { issued }));

        var after = await CountsAsync(client);

        // Maintenance (previewed only) and Lignes (in no run) are not in an issued run; one preview; one batch; two unpaid statements.
        Assert.Equal((2, 1, 1, 2), (after.Costs - before.Costs, after.Previews - before.Previews, after.Batches - before.Batches, after.Unpaid - before.Unpaid));
        var todo = (await client.GetDocumentAsync("/")).QuerySelector("[data-testid=finance-todo]")!;
        Assert.Equal("/Runs", todo.QuerySelector("[data-todo=previews] a")!.GetAttribute("href"));

        // Other roles do not get the finance list.
        var officer = await app.LoginAsync("marches@demo.local");
        Assert.Null((await officer.GetDocumentAsync("/")).QuerySelector("[data-testid=finance-todo]"));
    }

    private static async Task<(int Costs, int Previews, int Batches, int Unpaid)> CountsAsync(HttpClient client)
    {
        var todo = (await client.GetDocumentAsync("/")).QuerySelector("[data-testid=finance-todo]")!;
        int Count(string item) => int.Parse(todo.QuerySelector($"[data-todo={item}] strong")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
        return (Count("costs"), Count("previews"), Count("batches"), Count("unpaid"));
    }
}
