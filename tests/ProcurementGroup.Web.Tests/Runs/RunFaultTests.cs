using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Runs;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Tests.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// Failures injected while issuing: a rectification that fails midway (after its run, lines, shares and numbered
/// statements are written, when the audit entry is) leaves nothing behind; a statements batch that cannot be enqueued
/// after an issue leaves the run issued, says so on its page and is started again by « Relancer la génération »
/// without a second statement. No Hangfire server runs, so a started batch waits until the test runs it.
/// </summary>
public sealed class RunFaultTests(RunFaultTests.FaultyApp app) : IClassFixture<RunFaultTests.FaultyApp>
{
    public sealed class Faults
    {
        public volatile bool IssueAuditFails;
        public volatile bool EnqueueFails;
    }

    public sealed class FaultyApp : TestApp
    {
        public Faults Faults { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddScoped<AuditTrail>();
                services.Replace(ServiceDescriptor.Scoped<IAuditTrail>(sp => new FaultyAudit(sp.GetRequiredService<AuditTrail>(), Faults)));
                services.AddScoped<StatementBatch>();
                services.Replace(ServiceDescriptor.Scoped<IStatementBatch>(sp => new FaultyBatch(sp.GetRequiredService<StatementBatch>(), Faults)));
            });
        }
    }

    private sealed class FaultyAudit(AuditTrail inner, Faults faults) : IAuditTrail
    {
        public Task WriteAsync(DbConnection connection, DbTransaction? transaction, string entityType, long? entityId, string action, object? before, object? after) =>
            faults.IssueAuditFails && entityType == RunService.EntityType && action == "Issued"
                ? throw new InvalidOperationException("Panne simulée pendant l'émission.")
                : inner.WriteAsync(connection, transaction, entityType, entityId, action, before, after);
    }

    private sealed class FaultyBatch(StatementBatch inner, Faults faults) : IStatementBatch
    {
        public Task<string> StartAsync(long runId, CancellationToken cancellationToken = default) =>
            faults.EnqueueFails ? throw new InvalidOperationException("Panne simulée du stockage des tâches.") : inner.StartAsync(runId, cancellationToken);
    }

    private static readonly DateOnly LongAgo = new(2020, 1, 1);

    private static Task<HttpResponseMessage> IssueAsync(HttpClient finance, long runId) =>
        finance.PostFormAsync("/Runs/Details/" + TestApp.Id(runId), "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" });

    private async Task<(ScenarioResult Scenario, long Contract, long RunId, HttpClient Finance)> PreviewedAsync(string invoice)
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 3000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry(invoice, "Hub mutualisé", "1 000,00"));
        return (s, contract, await CostsHttpTests.PreviewAsync(finance, s.GroupId), finance);
    }

    private Task<long> CountAsync(string table) => app.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}");

    [Fact]
    public async Task Rectify_FailingMidway_LeavesNoRunNoShareNoStatementNoNumber_ThenSucceedsWithTheNextNumbers()
    {
        var (s, contract, runId, finance) = await PreviewedAsync("F-T1");
        Assert.Equal(HttpStatusCode.Redirect, (await IssueAsync(finance, runId)).StatusCode);
        var url = "/Costs/Key?contractId=" + TestApp.Id(contract);
        var version = (await finance.GetDocumentAsync(url)).QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(url, url, new Dictionary<string, string> { ["PercentQuantity"] = "100", ["Year"] = string.Empty, ["Version"] = version })).StatusCode);
        var year = DateTime.UtcNow.Year;
        var before = (Runs: await CountAsync("AllocationRuns"), Lines: await CountAsync("RunCostLines"), Shares: await CountAsync("RunShares"),
            Statements: await CountAsync("Statements"), Audit: await CountAsync("AuditLog"),
            Counter: await app.ScalarAsync<long>("SELECT LastValue FROM StatementCounters WHERE Year = @year", new { year }));

        app.Faults.IssueAuditFails = true;
        try
        {
            using var scope = app.Services.CreateScope();
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<RunService>().RectifyWithCurrentKeysAsync(runId, null));
        }
        finally
        {
            app.Faults.IssueAuditFails = false;
        }

        Assert.Equal(
            before,
            (await CountAsync("AllocationRuns"), await CountAsync("RunCostLines"), await CountAsync("RunShares"), await CountAsync("Statements"), await CountAsync("AuditLog"),
                await app.ScalarAsync<long>("SELECT LastValue FROM StatementCounters WHERE Year = @year", new { year })));

        // Once the fault is gone the same rectification goes through, numbered right after the last number: no gap.
        using (var scope = app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().RectifyWithCurrentKeysAsync(runId, null);
            Assert.Equal((RectifyStatus.Issued, 2, true), (outcome.Status, outcome.Statements, outcome.BatchStarted));
        }

        var sequences = await app.QueryAsync<int>("SELECT Sequence FROM Statements WHERE RunId IN (SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @runId) ORDER BY Sequence", new { runId });
        Assert.Equal([(int)before.Counter + 1, (int)before.Counter + 2], sequences);
        Assert.Equal(s.MemberId("A"), await app.ScalarAsync<long>("SELECT MemberId FROM Statements WHERE RunId IN (SELECT Id FROM AllocationRuns WHERE RectifiesRunId = @runId) AND IsCredit = 1", new { runId }));
    }

    [Fact]
    public async Task Issue_WhenTheBatchCannotBeEnqueued_StaysIssued_SaysSo_AndRestartingGeneratesEachStatementOnce()
    {
        var (_, _, runId, finance) = await PreviewedAsync("F-T2");
        var runPage = "/Runs/Details/" + TestApp.Id(runId);

        app.Faults.EnqueueFails = true;
        HttpResponseMessage issued;
        try
        {
            issued = await IssueAsync(finance, runId);
        }
        finally
        {
            app.Faults.EnqueueFails = false;
        }

        // Issued and numbered all the same; the run page says the statements are not generated and offers to restart.
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT State FROM AllocationRuns WHERE Id = @runId", new { runId }));
        Assert.Null(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @runId", new { runId }));
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Statements WHERE RunId = @runId", new { runId }));
        var page = await finance.GetDocumentAsync(runPage);
        Assert.Contains("ne sont pas encore générés", page.QuerySelector("[data-testid=batch-not-started]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(StatementBatchStarter.NotStartedMessage, page.QuerySelector(".alert-danger")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        var restart = page.QuerySelector("[data-testid=restart-batch]")!;
        Assert.Equal("Relancer la génération", restart.QuerySelector("button")!.TextContent.Trim());
        Assert.Equal("/Statements/Generate/" + TestApp.Id(runId), restart.GetAttribute("action"));

        // Restarting while the job storage is still down: a French message, no 500, nothing written.
        var form = new Dictionary<string, string> { ["returnTo"] = "run" };
        app.Faults.EnqueueFails = true;
        try
        {
            var refused = await finance.PostFormAsync(runPage, "/Statements/Generate/" + TestApp.Id(runId), form);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(runPage, refused.Headers.Location!.OriginalString);
            Assert.Contains(StatementBatchStarter.NotStartedMessage, (await finance.GetDocumentAsync(runPage)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            app.Faults.EnqueueFails = false;
        }

        Assert.Null(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @runId", new { runId }));

        // « Relancer la génération » enqueues the batch; pressed twice and run twice, it generates each statement once:
        // the second run finds nothing missing and stores nothing.
        var generations = new List<IReadOnlyList<(long Id, string Sha, string GeneratedAt)>>();
        for (var i = 0; i < 2; i++)
        {
            var restarted = await finance.PostFormAsync(runPage, "/Statements/Generate/" + TestApp.Id(runId), form);
            Assert.Equal(HttpStatusCode.Redirect, restarted.StatusCode);
            Assert.NotNull(await app.ScalarAsync<string?>("SELECT StatementsJobId FROM AllocationRuns WHERE Id = @runId", new { runId }));
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(runId, CancellationToken.None);
            }

            generations.Add(await app.QueryAsync<(long, string, string)>("SELECT Id, PdfSha256, GeneratedAtUtc FROM Statements WHERE RunId = @runId ORDER BY Id", new { runId }));
        }

        Assert.Equal(2, generations[0].Count);
        Assert.All(generations[0], st => Assert.Equal(64, st.Sha.Length));
        Assert.Equal(generations[0], generations[1]);

        page = await finance.GetDocumentAsync(runPage);
        Assert.Null(page.QuerySelector("[data-testid=batch-not-started]"));
        Assert.Null(page.QuerySelector("[data-testid=restart-batch]"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=statement-pdf]").Length);
    }
}
