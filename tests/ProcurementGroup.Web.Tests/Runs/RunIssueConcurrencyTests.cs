using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>Issues a run the way the issuing service does: its own connection and transaction, committed when issued.</summary>
internal static class Issuing
{
    public static async Task<IssueOutcome> IssueAsync(IDbConnectionFactory factory, long runId, int version, DateOnly issuedOn)
    {
        await using var connection = await factory.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var outcome = await new AllocationRunRepository(factory).IssueAsync(connection, transaction, runId, version, issuedOn, DateTime.UtcNow, null);
        if (outcome.Status == IssueStatus.Issued)
        {
            await transaction.CommitAsync();
        }

        return outcome;
    }

    /// <summary>Starts every issue at the same moment, each on its own task and connection.</summary>
    public static async Task<IssueOutcome[]> ConcurrentlyAsync(IDbConnectionFactory factory, DateOnly issuedOn, params (long RunId, int Version)[] issues)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = issues.Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await IssueAsync(factory, i.RunId, i.Version, issuedOn);
        })).ToList();
        start.Release(issues.Length);
        return await Task.WhenAll(tasks);
    }

    public static IReadOnlyList<int> Sequences(IEnumerable<StatementRow> statements) =>
        statements.Select(s => StatementNumber.Parse(s.Number).Sequence).Order().ToList();
}

/// <summary>Two finance users issue the same run at the same moment: one issues it, the other is told and writes nothing.</summary>
public sealed class RunsIssueSameRunConcurrently : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var arrangement = await RunScenario.ArrangeAsync(factory, ["Amiens", "Abbeville", "Vimeu"], "Hub télécom");
        var runs = new AllocationRunRepository(factory);
        // 100.00 € HT at 20 % in three equal shares: 33.34 / 33.33 / 33.33 € HT, 6.67 / 6.67 / 6.66 € VAT.
        var runId = await arrangement.PreviewAsync(factory, AllocationRun.Compute([arrangement.Line(0, "Hub télécom", 10_000, arrangement.Equal)]));
        var version = (await runs.GetAsync(runId))!.Version;

        var outcomes = await Issuing.ConcurrentlyAsync(factory, new DateOnly(2041, 2, 1), (runId, version), (runId, version));

        Assert.Equal(1, outcomes.Count(o => o.Status == IssueStatus.Issued));
        Assert.Equal(1, outcomes.Count(o => o.Status == IssueStatus.Conflict));
        Assert.Empty(outcomes.Single(o => o.Status == IssueStatus.Conflict).Statements);
        var run = await runs.GetAsync(runId);
        Assert.Equal(RunState.Issued, run!.State);
        Assert.Equal(version + 1, run.Version);

        var statements = await runs.StatementsAsync(runId);
        Assert.Equal(3, statements.Count);
        Assert.All(statements, s => Assert.StartsWith("2041-", s.Number, StringComparison.Ordinal));
        var sequences = Issuing.Sequences(statements);
        Assert.Equal(Enumerable.Range(sequences[0], 3), sequences);
        // Numbered in ascending member id, each with its own totals.
        Assert.Equal(arrangement.Members.Select(m => m.MemberId), statements.Select(s => s.MemberId));
        Assert.Equal([4001L, 4000, 3999], statements.Select(s => s.TtcCents));
        Assert.Equal(12_000, statements.Sum(s => s.TtcCents));

        // Issuing it again later changes nothing either.
        var again = await Issuing.IssueAsync(factory, runId, run.Version, new DateOnly(2041, 2, 2));
        Assert.Equal(IssueStatus.Conflict, again.Status);
        Assert.Equal(3, (await runs.StatementsAsync(runId)).Count);
        Assert.Equal(IssueStatus.NotFound, (await Issuing.IssueAsync(factory, long.MaxValue - 1, 1, new DateOnly(2041, 2, 2))).Status);
    }
}

/// <summary>Two different runs issued at the same moment share the year's counter: their numbers are unique and gapless.</summary>
public sealed class RunsIssueTwoRunsConcurrently : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var first = await RunScenario.ArrangeAsync(factory, ["Amiens", "Abbeville", "Vimeu"], "Hub télécom");
        var second = await RunScenario.ArrangeAsync(factory, ["Péronne", "Ham", "Nesle", "Roye"], "ENT");
        var runs = new AllocationRunRepository(factory);
        var firstId = await first.PreviewAsync(factory, AllocationRun.Compute([first.Line(0, "Hub télécom", 9_000, first.Equal)]));
        var secondId = await second.PreviewAsync(factory, AllocationRun.Compute([second.Line(0, "ENT", 8_000, second.Equal)]));

        var outcomes = await Issuing.ConcurrentlyAsync(factory, new DateOnly(2042, 6, 30), (firstId, 1), (secondId, 1));

        Assert.All(outcomes, o => Assert.Equal(IssueStatus.Issued, o.Status));
        var firstStatements = await runs.StatementsAsync(firstId);
        var secondStatements = await runs.StatementsAsync(secondId);
        Assert.Equal(3, firstStatements.Count);
        Assert.Equal(4, secondStatements.Count);
        var all = Issuing.Sequences(firstStatements.Concat(secondStatements));
        Assert.Equal(7, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(all[0], 7), all);
        // Each run took one block of numbers.
        var firstSequences = Issuing.Sequences(firstStatements);
        Assert.Equal(Enumerable.Range(firstSequences[0], 3), firstSequences);
    }
}

/// <summary>The statements a run's saving and issuing send reach the SQL Server parse and name checks.</summary>
public sealed class RunsStatementsRecordingTests
{
    [Fact]
    public async Task Recording_ReachesTheRunStatements()
    {
        var recorded = await SqlServerStatements.RecordedAsync();

        Assert.Contains(recorded, s => s.Source == "AllocationRunRepository.SavePreviewAsync" && s.Sql.StartsWith("INSERT INTO AllocationRuns", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "AllocationRunRepository.SavePreviewAsync" && s.Sql.StartsWith("INSERT INTO RunCostLines", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "AllocationRunRepository.SavePreviewAsync" && s.Sql.Contains("INSERT INTO RunShares", StringComparison.Ordinal));
        Assert.Contains(recorded, s => s.Source == "AllocationRunRepository.IssueAsync" && s.Sql.Contains("State = 0 AND Version = @Version", StringComparison.Ordinal));
        Assert.Contains(SqlServerStatements.DialectOutputs(), s => s.Source == "TakeFromCounter" && s.Sql.Contains("WITH (UPDLOCK, HOLDLOCK)", StringComparison.Ordinal));
    }
}
