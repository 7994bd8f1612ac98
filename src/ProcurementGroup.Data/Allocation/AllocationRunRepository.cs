using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Allocation;

public enum RunState
{
    Preview = 0,
    Issued = 1,
}

/// <summary>An allocation run: a preview (state 0) until issued (state 1), after which neither it nor its lines change.</summary>
public sealed class AllocationRunRow
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public RunState State { get; set; }

    /// <summary>The issued run this one corrects; it then carries only the differences.</summary>
    public long? RectifiesRunId { get; set; }

    /// <summary>The coordination fee as the run was computed with it (a snapshot of the settings), null when none.</summary>
    public CoordinationFeeKind? FeeKind { get; set; }

    public long? FeeValue { get; set; }

    public int? FeeVatRateBasisPoints { get; set; }

    public DateTime? IssuedAtUtc { get; set; }

    public long? IssuedByUserId { get; set; }

    /// <summary>Who computed the preview.</summary>
    public long? CreatedByUserId { get; set; }

    public string? StatementsJobId { get; set; }

    public int Version { get; set; } = 1;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>
/// Where the cost line <paramref name="CostLineId"/> of a computed run comes from: its cost entry (the cost line's id is
/// the cost entry's when there is one, so that a rectifying run matches them) and contract, and its key as the statements print it.
/// </summary>
public sealed record RunLineSource(long CostLineId, long? CostEntryId, long? ContractId, string KeyText);

/// <summary>One stored cost line of a run.</summary>
public sealed class RunCostLineRow
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long? CostEntryId { get; set; }

    public string Label { get; set; } = string.Empty;

    public long? ContractId { get; set; }

    public string? ContractReference { get; set; }

    public string KeyText { get; set; } = string.Empty;

    public long HtCents { get; set; }

    public int VatRateBasisPoints { get; set; }

    public long VatCents { get; set; }
}

/// <summary>One member's share of one cost line (RunCostLineId null: the coordination fee).</summary>
public sealed class RunShareRow
{
    public long RunCostLineId { get; set; }

    public bool IsFee { get; set; }

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public string BaseText { get; set; } = string.Empty;

    public string TotalBaseText { get; set; } = string.Empty;

    /// <summary>The member's exact share of the line (<c>n/d</c>); empty for the fee and for a difference.</summary>
    public string ShareText { get; set; } = string.Empty;

    public long HtCents { get; set; }

    public long VatCents { get; set; }
}

/// <summary>A run in the list: its state, period, totals and statements.</summary>
public sealed class RunSummaryRow
{
    public long Id { get; set; }

    public string GroupName { get; set; } = string.Empty;

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public RunState State { get; set; }

    public long? RectifiesRunId { get; set; }

    /// <summary>The coordination fee as the run was computed with it (a snapshot of the settings), null when none.</summary>
    public CoordinationFeeKind? FeeKind { get; set; }

    public long? FeeValue { get; set; }

    public int? FeeVatRateBasisPoints { get; set; }

    public DateTime? IssuedAtUtc { get; set; }

    public long HtCents { get; set; }

    public long VatCents { get; set; }

    public int Statements { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>An issued statement with what the accounting export needs of its member.</summary>
public sealed class StatementRow
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public string? Siren { get; set; }

    public string? BillingSiret { get; set; }

    public string? ChorusServiceCode { get; set; }

    public string Number { get; set; } = string.Empty;

    public bool IsCredit { get; set; }

    public long HtCents { get; set; }

    public long VatCents { get; set; }

    public long TtcCents { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public bool Generated { get; set; }
}

public enum IssueStatus
{
    Issued,
    NotFound,

    /// <summary>Already issued, or changed since the page was read: nothing was written.</summary>
    Conflict,
}

/// <summary>What deleting a preview did.</summary>
public enum PreviewDeletion
{
    Deleted,
    NotFound,

    /// <summary>The run is issued (frozen), or changed since the page was read: nothing was deleted.</summary>
    Conflict,
}

/// <summary>What an issue did: the statements numbered, or why nothing was written.</summary>
public sealed record IssueOutcome(IssueStatus Status, IReadOnlyList<StatementRow> Statements)
{
    /// <summary>
    /// Whether the statements batch was enqueued once the issue committed (set by the issuing service); false when it
    /// could not be: the run stays issued and its page offers to start the generation again.
    /// </summary>
    public bool BatchStarted { get; init; }

    public static readonly IssueOutcome Missing = new(IssueStatus.NotFound, []);

    public static readonly IssueOutcome Conflicted = new(IssueStatus.Conflict, []);
}

public enum RectificationStatus
{
    Saved,

    /// <summary>The run is not an issued original run (missing, a preview, or itself a rectifying run): nothing was written.</summary>
    NotIssued,

    /// <summary>Computed again, no member's figures change: nothing was written.</summary>
    NoDifference,
}

/// <summary>What saving a rectification did: the rectifying preview and its differences, or why nothing was written.</summary>
public sealed record RectificationSave(RectificationStatus Status, long? RunId, RectifyingRun? Differences)
{
    public static readonly RectificationSave NotIssued = new(RectificationStatus.NotIssued, null, null);

    public static readonly RectificationSave NoDifference = new(RectificationStatus.NoDifference, null, null);
}

/// <summary>
/// What the finance home page lists as to do; <paramref name="BatchesRunning"/>: issued runs whose statements are not all
/// generated yet (their batch running, or not started because it could not be enqueued); <paramref name="RunningBatchRunId"/>:
/// the oldest of them.
/// </summary>
public sealed record FinanceToDo(int CostEntriesNotIssued, int PreviewRuns, int BatchesRunning, int UnpaidStatements, long? RunningBatchRunId = null);

/// <summary>
/// Allocation runs: the preview (its cost lines and shares), the issue (frozen run, gapless statement numbers from a
/// locked counter, one statement per member), rectifying runs and what the pages and the accounting export read.
/// </summary>
public interface IAllocationRunRepository
{
    /// <summary>
    /// Saves a computed run as the period's preview, in one transaction: the groupement's previous previews of exactly this
    /// period are deleted (never an issued run nor a rectifying preview), then the run, one row per cost line, one per
    /// member share and the fee shares are written.
    /// </summary>
    Task<long> SavePreviewAsync(long purchasingGroupId, AllocationPeriod period, AllocationRun run, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, long? userId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a rectifying run as a preview: it references the issued original and carries only the differences of
    /// <paramref name="rectifying"/> (the cost lines named by <paramref name="corrected"/>, or by the original when the
    /// correction dropped them); null when the original is not an issued run.
    /// </summary>
    Task<long?> SaveRectifyingAsync(long originalRunId, RectifyingRun rectifying, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves, in the caller's transaction, the rectification of the issued original <paramref name="originalRunId"/> by
    /// <paramref name="corrected"/>: the original's row is locked first (so two rectifications of one run follow each
    /// other), the rectifying previews of the run still waiting are deleted (they were computed against an older state),
    /// then the differences against the latest state (the original and its issued rectifications, read in the
    /// transaction) are written as a rectifying preview referencing the original. Writes nothing when the original is not
    /// an issued original run, or when nothing differs.
    /// </summary>
    Task<RectificationSave> SaveRectificationAsync(DbConnection connection, DbTransaction transaction, long originalRunId, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, long? userId);

    /// <summary>An issued run's stored shares, in the form <see cref="Rectification.Compute(IEnumerable{IssuedShare}, AllocationRun)"/> compares (cost line id = cost entry id).</summary>
    Task<IReadOnlyList<IssuedShare>> IssuedSharesAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a previewed run in the caller's transaction: the run goes from preview to issued if its Version is still
    /// <paramref name="version"/>, then each member with a non-zero total gets a statement numbered from the year's
    /// counter, in ascending member id. A run already issued, or changed since, writes nothing (Conflict).
    /// </summary>
    Task<IssueOutcome> IssueAsync(DbConnection connection, DbTransaction transaction, long runId, int version, DateOnly issuedOn, DateTime nowUtc, long? userId);

    /// <summary>
    /// Deletes a preview (its shares, lines and run) if its Version is still <paramref name="version"/>; an issued run is
    /// never deleted (Conflict), nor a preview changed since (Conflict).
    /// </summary>
    Task<PreviewDeletion> DeletePreviewAsync(DbConnection connection, DbTransaction transaction, long runId, int version);

    Task<AllocationRunRow?> GetAsync(long runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunSummaryRow>> ListAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunCostLineRow>> LinesAsync(long runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunShareRow>> SharesAsync(long runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StatementRow>> StatementsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The coordinator's budget account, printed on each line of the accounting export.</summary>
    Task<string?> BudgetAccountAsync(CancellationToken cancellationToken = default);

    Task<FinanceToDo> ToDoAsync(CancellationToken cancellationToken = default);
}

public sealed class AllocationRunRepository(IDbConnectionFactory factory) : IAllocationRunRepository
{
    private const string RunColumns = "PurchasingGroupId, PeriodFrom, PeriodTo, State, RectifiesRunId, FeeKind, FeeValue, FeeVatRateBasisPoints, CreatedByUserId, Version, CreatedAtUtc, UpdatedAtUtc";
    private const string RunValues = "@PurchasingGroupId, @PeriodFrom, @PeriodTo, @State, @RectifiesRunId, @FeeKind, @FeeValue, @FeeVatRateBasisPoints, @CreatedByUserId, 1, @NowUtc, @NowUtc";

    /// <summary>Stored fractions (base, total base, share) longer than this are kept as their decimal value prefixed with ≈ (the columns hold 200 characters).</summary>
    public const int MaxTextLength = 200;
    private const string LineColumns = "RunId, CostEntryId, Label, ContractId, KeyText, HtCents, VatRateBasisPoints, VatCents";
    private const string LineValues = "@RunId, @CostEntryId, @Label, @ContractId, @KeyText, @HtCents, @VatRateBasisPoints, @VatCents";

    private const string InsertShare = """
        INSERT INTO RunShares (RunId, RunCostLineId, MemberId, BaseText, TotalBaseText, ShareText, HtCents, VatCents)
        VALUES (@RunId, @RunCostLineId, @MemberId, @BaseText, @TotalBaseText, @ShareText, @HtCents, @VatCents)
        """;

    private const string PeriodPreviews = "SELECT r.Id FROM AllocationRuns r WHERE r.PurchasingGroupId = @GroupId AND r.PeriodFrom = @From AND r.PeriodTo = @To AND r.State = 0 AND r.RectifiesRunId IS NULL";
    private const string DeletePeriodPreviewShares = "DELETE FROM RunShares WHERE RunId IN (" + PeriodPreviews + ")";
    private const string DeletePeriodPreviewLines = "DELETE FROM RunCostLines WHERE RunId IN (" + PeriodPreviews + ")";
    private const string DeletePeriodPreviewRuns = "DELETE FROM AllocationRuns WHERE Id IN (" + PeriodPreviews + ")";

    public async Task<long> SavePreviewAsync(long purchasingGroupId, AllocationPeriod period, AllocationRun run, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, long? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sources);
        var bySource = sources.ToDictionary(s => s.CostLineId);
        await using var connection = await factory.OpenAsync(cancellationToken);
        if (factory.Dialect.BulkWriteStart is { } start)
        {
            await connection.ExecuteAsync(start);
        }

        try
        {
            return await SavePreviewAsync(connection, purchasingGroupId, period, run, bySource, nowUtc, userId, cancellationToken);
        }
        finally
        {
            if (factory.Dialect.BulkWriteEnd is { } end)
            {
                await connection.ExecuteAsync(end);
            }
        }
    }

    private async Task<long> SavePreviewAsync(DbConnection connection, long purchasingGroupId, AllocationPeriod period, AllocationRun run, Dictionary<long, RunLineSource> bySource, DateTime nowUtc, long? userId, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var previous = new { GroupId = purchasingGroupId, period.From, period.To };
        await connection.ExecuteAsync(DeletePeriodPreviewShares, previous, transaction);
        await connection.ExecuteAsync(DeletePeriodPreviewLines, previous, transaction);
        await connection.ExecuteAsync(DeletePeriodPreviewRuns, previous, transaction);
        var runId = await InsertRunAsync(connection, transaction, purchasingGroupId, period, null, run.Fee, nowUtc, userId);
        await using (var shares = new ShareWriter(connection, transaction, factory.Dialect, runId))
        {
            // The texts depend only on the weights (lines sharing a key share its instance): written once per key and member.
            var texts = new Dictionary<AllocationWeights, WeightTexts>(ReferenceEqualityComparer.Instance);
            foreach (var line in run.Lines)
            {
                var lineId = await InsertLineAsync(connection, transaction, runId, line.Line, bySource);
                var weights = line.Line.Weights;
                if (!texts.TryGetValue(weights, out var text))
                {
                    text = new WeightTexts(weights);
                    texts.Add(weights, text);
                }

                for (var i = 0; i < line.Count; i++)
                {
                    await shares.WriteAsync(lineId, weights.Members[i].MemberId, text.Base(i), text.TotalBase, text.Share(i), line.HtCents(i), line.VatCents(i));
                }
            }

            foreach (var fee in FeeShares(runId, run))
            {
                await shares.WriteAsync(fee.RunCostLineId, fee.MemberId, fee.BaseText, fee.TotalBaseText, fee.ShareText, fee.HtCents, fee.VatCents);
            }

            await shares.FlushAsync();
        }

        await transaction.CommitAsync(cancellationToken);
        return runId;
    }

    private const string IssuedRun = "SELECT PurchasingGroupId, PeriodFrom, PeriodTo FROM AllocationRuns WHERE Id = @Id AND State = 1";

    public async Task<long?> SaveRectifyingAsync(long originalRunId, RectifyingRun rectifying, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rectifying);
        ArgumentNullException.ThrowIfNull(corrected);
        ArgumentNullException.ThrowIfNull(sources);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var original = await connection.QuerySingleOrDefaultAsync<(long GroupId, DateOnly From, DateOnly To)?>(IssuedRun, new { Id = originalRunId }, transaction);
        if (original is not { } o)
        {
            return null;
        }

        var runId = await InsertRectifyingAsync(connection, transaction, (o.GroupId, o.From, o.To), originalRunId, rectifying, corrected, sources, nowUtc, null);
        await transaction.CommitAsync(cancellationToken);
        return runId;
    }

    // A no-op write on the original's row: on SQL Server it holds the row's lock until the transaction ends, so a second
    // rectification of the same run waits here and then reads the first one's differences; SQLite's transaction already
    // holds the write lock.
    private const string LockOriginal = "UPDATE AllocationRuns SET UpdatedAtUtc = UpdatedAtUtc WHERE Id = @Id AND State = 1 AND RectifiesRunId IS NULL";
    private const string OriginalRun = "SELECT PurchasingGroupId, PeriodFrom, PeriodTo FROM AllocationRuns WHERE Id = @Id";
    private const string ChainPreviews = "SELECT p.Id FROM AllocationRuns p WHERE p.RectifiesRunId = @Id AND p.State = 0";
    private const string DeleteChainPreviewShares = "DELETE FROM RunShares WHERE RunId IN (" + ChainPreviews + ")";
    private const string DeleteChainPreviewLines = "DELETE FROM RunCostLines WHERE RunId IN (" + ChainPreviews + ")";
    private const string DeleteChainPreviewRuns = "DELETE FROM AllocationRuns WHERE Id IN (" + ChainPreviews + ")";

    private const string SelectChainShares = """
        SELECT s.RunId, s.MemberId, m.Name, l.CostEntryId, s.RunCostLineId, s.HtCents, s.VatCents
        FROM RunShares s
        JOIN AllocationRuns r ON r.Id = s.RunId
        JOIN Members m ON m.Id = s.MemberId
        LEFT JOIN RunCostLines l ON l.Id = s.RunCostLineId
        WHERE (r.Id = @Id OR r.RectifiesRunId = @Id) AND r.State = 1
        """;

    public async Task<RectificationSave> SaveRectificationAsync(DbConnection connection, DbTransaction transaction, long originalRunId, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, long? userId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(corrected);
        ArgumentNullException.ThrowIfNull(sources);
        var args = new { Id = originalRunId };
        if (await connection.ExecuteAsync(LockOriginal, args, transaction) == 0)
        {
            return RectificationSave.NotIssued;
        }

        var original = await connection.QuerySingleAsync<(long GroupId, DateOnly From, DateOnly To)>(OriginalRun, args, transaction);
        await connection.ExecuteAsync(DeleteChainPreviewShares, args, transaction);
        await connection.ExecuteAsync(DeleteChainPreviewLines, args, transaction);
        await connection.ExecuteAsync(DeleteChainPreviewRuns, args, transaction);

        var rows = await connection.QueryAsync<(long RunId, long MemberId, string Name, long? CostEntryId, long? RunCostLineId, long Ht, long Vat)>(SelectChainShares, args, transaction);
        var byRun = rows.GroupBy(r => r.RunId).ToDictionary(g => g.Key, g => g.Select(r => StoredShare(r.MemberId, r.Name, r.CostEntryId, r.RunCostLineId, r.Ht, r.Vat)).ToList());
        var rectifying = Rectification.Compute(
            byRun.GetValueOrDefault(originalRunId) ?? [],
            byRun.Where(r => r.Key != originalRunId).OrderBy(r => r.Key).Select(r => r.Value),
            corrected);
        if (rectifying.Lines.Count == 0)
        {
            return RectificationSave.NoDifference;
        }

        var runId = await InsertRectifyingAsync(connection, transaction, original, originalRunId, rectifying, corrected, sources, nowUtc, userId);
        return new RectificationSave(RectificationStatus.Saved, runId, rectifying);
    }

    private const string ChainLines = $"""
        SELECT l.Id, {LineColumns} FROM RunCostLines l
        JOIN AllocationRuns r ON r.Id = l.RunId
        WHERE (r.Id = @RunId OR r.RectifiesRunId = @RunId) AND r.State = 1 AND l.CostEntryId IS NOT NULL
        ORDER BY l.Id
        """;

    /// <summary>
    /// Writes a rectifying run (a preview referencing <paramref name="originalRunId"/>) with only the differences: a cost
    /// line is the corrected run's, or, when the correction dropped it, copied from the original or an earlier rectification.
    /// </summary>
    private async Task<long> InsertRectifyingAsync(DbConnection connection, DbTransaction transaction, (long GroupId, DateOnly From, DateOnly To) original, long originalRunId, RectifyingRun rectifying, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, DateTime nowUtc, long? userId)
    {
        var bySource = sources.ToDictionary(s => s.CostLineId);
        var runId = await InsertRunAsync(connection, transaction, original.GroupId, new AllocationPeriod(original.From, original.To), originalRunId, corrected.Fee, nowUtc, userId);
        var correctedLines = corrected.Lines.ToDictionary(l => l.Line.Id);
        var originalLines = (await connection.QueryAsync<RunCostLineRow>(ChainLines, new { RunId = originalRunId }, transaction))
            .GroupBy(l => l.CostEntryId!.Value)
            .ToDictionary(g => g.Key, g => g.First());
        var lineIds = new Dictionary<long, long>();
        var shares = new List<object>();
        foreach (var difference in rectifying.Lines)
        {
            long? runLineId = null;
            if (difference.CostLineId is { } costLineId)
            {
                if (!lineIds.TryGetValue(costLineId, out var id))
                {
                    id = correctedLines.TryGetValue(costLineId, out var line)
                        ? await InsertLineAsync(connection, transaction, runId, line.Line, bySource)
                        : await CopyLineAsync(connection, transaction, runId, originalLines[costLineId]);
                    lineIds.Add(costLineId, id);
                }

                runLineId = id;
            }

            // A difference has no base of its own: the corrected base is printed when the member still shares the line.
            var (baseText, totalText, share) = CorrectedBase(difference, correctedLines);
            shares.Add(Share(runId, runLineId, difference.MemberId, baseText, totalText, share, difference.Ht.Cents, difference.Vat.Cents));
        }

        await connection.ExecuteAsync(InsertShare, shares, transaction);
        return runId;
    }

    /// <summary>A stored share in the form a rectification compares: a line with no cost entry cannot be matched by a correction, so it is keyed by its own (negative) id to stay apart.</summary>
    private static IssuedShare StoredShare(long memberId, string name, long? costEntryId, long? runCostLineId, long ht, long vat) =>
        new(memberId, name, runCostLineId is null ? null : costEntryId ?? -runCostLineId, new(ht), new(vat));

    private const string SelectIssuedShares = """
        SELECT s.MemberId, m.Name, l.CostEntryId, s.RunCostLineId, s.HtCents, s.VatCents
        FROM RunShares s
        JOIN AllocationRuns r ON r.Id = s.RunId
        JOIN Members m ON m.Id = s.MemberId
        LEFT JOIN RunCostLines l ON l.Id = s.RunCostLineId
        WHERE s.RunId = @runId AND r.State = 1
        """;

    public async Task<IReadOnlyList<IssuedShare>> IssuedSharesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long MemberId, string Name, long? CostEntryId, long? RunCostLineId, long Ht, long Vat)>(SelectIssuedShares, new { runId });
        return rows.Select(r => StoredShare(r.MemberId, r.Name, r.CostEntryId, r.RunCostLineId, r.Ht, r.Vat)).ToList();
    }

    private const string MarkIssued = """
        UPDATE AllocationRuns SET State = 1, IssuedAtUtc = @NowUtc, IssuedByUserId = @UserId, Version = Version + 1, UpdatedAtUtc = @NowUtc
        WHERE Id = @Id AND State = 0 AND Version = @Version
        """;

    private const string MemberTotals = """
        SELECT MemberId, SUM(HtCents) AS Ht, SUM(VatCents) AS Vat
        FROM RunShares
        WHERE RunId = @Id
        GROUP BY MemberId
        """;

    private const string PaymentTerm = "SELECT PaymentTermDays FROM CoordinatorSettings WHERE Id = 1";

    private const string InsertStatement = """
        INSERT INTO Statements (RunId, MemberId, Number, Year, Sequence, IsCredit, HtCents, VatCents, TtcCents, IssuedOn, DueOn, Version, CreatedAtUtc, UpdatedAtUtc)
        VALUES (@RunId, @MemberId, @Number, @Year, @Sequence, @IsCredit, @HtCents, @VatCents, @TtcCents, @IssuedOn, @DueOn, 1, @NowUtc, @NowUtc)
        """;

    public async Task<IssueOutcome> IssueAsync(DbConnection connection, DbTransaction transaction, long runId, int version, DateOnly issuedOn, DateTime nowUtc, long? userId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The guarded UPDATE comes first: on SQL Server it locks the run row, so a second issue of the same run waits here
        // and then finds it issued; on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE).
        if (await connection.ExecuteAsync(MarkIssued, new { Id = runId, Version = version, NowUtc = nowUtc, UserId = userId }, transaction) == 0)
        {
            var exists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AllocationRuns WHERE Id = @Id", new { Id = runId }, transaction);
            return exists == 0 ? IssueOutcome.Missing : IssueOutcome.Conflicted;
        }

        var totals = await connection.QueryAsync<(long MemberId, long Ht, long Vat)>(MemberTotals, new { Id = runId }, transaction);
        var receiving = StatementIssue.Receiving(totals.Select(t => new MemberRunTotal(t.MemberId, new(t.Ht), new(t.Vat))));
        var term = await connection.ExecuteScalarAsync<int?>(PaymentTerm, transaction: transaction);
        var statements = new List<StatementRow>(receiving.Count);
        if (receiving.Count > 0)
        {
            var last = await connection.ExecuteScalarAsync<long>(
                factory.Dialect.TakeFromCounter("StatementCounters", "Year", "LastValue"), new { Key = issuedOn.Year, Count = receiving.Count }, transaction);
            var issued = StatementIssue.Number(receiving, checked((int)(last - receiving.Count)), issuedOn, term);
            await connection.ExecuteAsync(
                InsertStatement,
                issued.Select(s => new
                {
                    RunId = runId,
                    s.MemberId,
                    Number = s.Number.ToString(),
                    s.Number.Year,
                    s.Number.Sequence,
                    s.IsCredit,
                    HtCents = s.Ht.Cents,
                    VatCents = s.Vat.Cents,
                    TtcCents = s.Ttc.Cents,
                    s.IssuedOn,
                    s.DueOn,
                    NowUtc = nowUtc,
                }),
                transaction);
            statements.AddRange(issued.Select(s => new StatementRow
            {
                RunId = runId,
                MemberId = s.MemberId,
                Number = s.Number.ToString(),
                IsCredit = s.IsCredit,
                HtCents = s.Ht.Cents,
                VatCents = s.Vat.Cents,
                TtcCents = s.Ttc.Cents,
                IssuedOn = s.IssuedOn,
                DueOn = s.DueOn,
            }));
        }

        return new IssueOutcome(IssueStatus.Issued, statements);
    }

    private const string GuardPreview = "UPDATE AllocationRuns SET Version = Version + 1 WHERE Id = @Id AND State = 0 AND Version = @Version";
    private const string DeleteShares = "DELETE FROM RunShares WHERE RunId = @Id";
    private const string DeleteLines = "DELETE FROM RunCostLines WHERE RunId = @Id";
    private const string DeleteRun = "DELETE FROM AllocationRuns WHERE Id = @Id AND State = 0";

    public async Task<PreviewDeletion> DeletePreviewAsync(DbConnection connection, DbTransaction transaction, long runId, int version)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var args = new { Id = runId, Version = version };
        if (await connection.ExecuteAsync(GuardPreview, args, transaction) == 0)
        {
            var exists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AllocationRuns WHERE Id = @Id", args, transaction);
            return exists == 0 ? PreviewDeletion.NotFound : PreviewDeletion.Conflict;
        }

        await connection.ExecuteAsync(DeleteShares, args, transaction);
        await connection.ExecuteAsync(DeleteLines, args, transaction);
        await connection.ExecuteAsync(DeleteRun, args, transaction);
        return PreviewDeletion.Deleted;
    }

    private const string SelectRun = $"SELECT Id, {RunColumns}, IssuedAtUtc, IssuedByUserId, StatementsJobId FROM AllocationRuns WHERE Id = @runId";

    public async Task<AllocationRunRow?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AllocationRunRow>(SelectRun, new { runId });
    }

    private const string SelectSummaries = """
        SELECT r.Id, g.Name AS GroupName, r.PeriodFrom, r.PeriodTo, r.State, r.RectifiesRunId, r.IssuedAtUtc, r.CreatedAtUtc,
               COALESCE((SELECT SUM(s.HtCents) FROM RunShares s WHERE s.RunId = r.Id), 0) AS HtCents,
               COALESCE((SELECT SUM(s.VatCents) FROM RunShares s WHERE s.RunId = r.Id), 0) AS VatCents,
               (SELECT COUNT(*) FROM Statements st WHERE st.RunId = r.Id) AS Statements
        FROM AllocationRuns r
        JOIN PurchasingGroups g ON g.Id = r.PurchasingGroupId
        ORDER BY r.PeriodFrom DESC, r.Id DESC
        """;

    public async Task<IReadOnlyList<RunSummaryRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RunSummaryRow>(SelectSummaries)).ToList();
    }

    private const string SelectLines = """
        SELECT l.Id, l.RunId, l.CostEntryId, l.Label, l.ContractId, c.Reference AS ContractReference, l.KeyText, l.HtCents, l.VatRateBasisPoints, l.VatCents
        FROM RunCostLines l
        LEFT JOIN Contracts c ON c.Id = l.ContractId
        WHERE l.RunId = @runId
        ORDER BY l.Id
        """;

    public async Task<IReadOnlyList<RunCostLineRow>> LinesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RunCostLineRow>(SelectLines, new { runId })).ToList();
    }

    private const string SelectShares = """
        SELECT COALESCE(s.RunCostLineId, 0) AS RunCostLineId, CASE WHEN s.RunCostLineId IS NULL THEN 1 ELSE 0 END AS IsFee, s.MemberId, m.Name AS MemberName,
               s.BaseText, s.TotalBaseText, s.ShareText, s.HtCents, s.VatCents
        FROM RunShares s
        JOIN Members m ON m.Id = s.MemberId
        WHERE s.RunId = @runId
        ORDER BY s.MemberId, COALESCE(s.RunCostLineId, 0) DESC, s.Id
        """;

    public async Task<IReadOnlyList<RunShareRow>> SharesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RunShareRow>(SelectShares, new { runId })).ToList();
    }

    private const string SelectStatements = """
        SELECT s.Id, s.RunId, s.MemberId, m.Name AS MemberName, m.Siren, m.BillingSiret, m.ChorusServiceCode, s.Number, s.IsCredit,
               s.HtCents, s.VatCents, s.TtcCents, s.IssuedOn, s.DueOn, CASE WHEN s.GeneratedAtUtc IS NULL THEN 0 ELSE 1 END AS Generated
        FROM Statements s
        JOIN Members m ON m.Id = s.MemberId
        WHERE s.RunId = @runId
        ORDER BY s.Year, s.Sequence
        """;

    public async Task<IReadOnlyList<StatementRow>> StatementsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StatementRow>(SelectStatements, new { runId })).ToList();
    }

    private const string SelectBudgetAccount = "SELECT BudgetAccount FROM CoordinatorSettings WHERE Id = 1";

    public async Task<string?> BudgetAccountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(SelectBudgetAccount);
    }

    private const string SelectToDo = """
        SELECT
          (SELECT COUNT(*) FROM CostEntries e
           WHERE NOT EXISTS (SELECT 1 FROM RunCostLines l JOIN AllocationRuns r ON r.Id = l.RunId WHERE l.CostEntryId = e.Id AND r.State = 1)) AS CostEntriesNotIssued,
          (SELECT COUNT(*) FROM AllocationRuns WHERE State = 0) AS PreviewRuns,
          (SELECT COUNT(*) FROM AllocationRuns r
           WHERE r.State = 1 AND EXISTS (SELECT 1 FROM Statements s WHERE s.RunId = r.Id AND s.GeneratedAtUtc IS NULL)) AS BatchesRunning,
          (SELECT COUNT(*) FROM Statements WHERE PaidOn IS NULL AND IsCredit = 0) AS UnpaidStatements,
          (SELECT MIN(r.Id) FROM AllocationRuns r
           WHERE r.State = 1 AND EXISTS (SELECT 1 FROM Statements s WHERE s.RunId = r.Id AND s.GeneratedAtUtc IS NULL)) AS RunningBatchRunId
        """;

    public async Task<FinanceToDo> ToDoAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(int, int, int, int, long?)>(SelectToDo);
        return new FinanceToDo(row.Item1, row.Item2, row.Item3, row.Item4, row.Item5);
    }

    private async Task<long> InsertRunAsync(DbConnection connection, DbTransaction transaction, long purchasingGroupId, AllocationPeriod period, long? rectifiesRunId, CoordinationFee? fee, DateTime nowUtc, long? userId) =>
        await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("AllocationRuns", RunColumns, RunValues),
            new
            {
                PurchasingGroupId = purchasingGroupId,
                PeriodFrom = period.From,
                PeriodTo = period.To,
                State = RunState.Preview,
                RectifiesRunId = rectifiesRunId,
                FeeKind = fee?.Kind,
                FeeValue = fee?.Value,
                FeeVatRateBasisPoints = fee?.VatRateBasisPoints,
                CreatedByUserId = userId,
                NowUtc = nowUtc,
            },
            transaction);

    private async Task<long> InsertLineAsync(DbConnection connection, DbTransaction transaction, long runId, CostLine line, Dictionary<long, RunLineSource> sources)
    {
        var source = sources.GetValueOrDefault(line.Id) ?? new RunLineSource(line.Id, null, null, string.Empty);
        return await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("RunCostLines", LineColumns, LineValues),
            new { RunId = runId, source.CostEntryId, line.Label, source.ContractId, source.KeyText, HtCents = line.Ht.Cents, line.VatRateBasisPoints, VatCents = line.Vat.Cents },
            transaction);
    }

    private Task<long> CopyLineAsync(DbConnection connection, DbTransaction transaction, long runId, RunCostLineRow line) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("RunCostLines", LineColumns, LineValues),
            new { RunId = runId, line.CostEntryId, line.Label, line.ContractId, line.KeyText, line.HtCents, line.VatRateBasisPoints, line.VatCents },
            transaction);

    private static (string Base, string TotalBase, Core.Tenders.Fraction? Share) CorrectedBase(LineDifference difference, Dictionary<long, AllocatedLine> correctedLines)
    {
        if (difference.CostLineId is { } id && correctedLines.TryGetValue(id, out var line))
        {
            for (var i = 0; i < line.Count; i++)
            {
                if (line.Line.Weights.Members[i].MemberId == difference.MemberId)
                {
                    var detail = line[i];
                    return (Text(detail.Base), Text(detail.TotalBase), line.Line.Weights.Share(i));
                }
            }
        }

        return (string.Empty, string.Empty, null);
    }

    /// <summary>
    /// The fee's shares: each member's base is its cost HT in cents in the run, the total base the run's, and its share
    /// its part of the fee's total HT.
    /// </summary>
    private static IEnumerable<ShareValues> FeeShares(long runId, AllocationRun run)
    {
        var totalHt = run.Members.Sum(m => m.Ht.Cents);
        var totalFee = run.Members.Sum(m => m.FeeHt.Cents);
        return run.Members.Where(m => m.FeeHt.Cents != 0 || m.FeeVat.Cents != 0)
            .Select(m => Share(
                runId,
                null,
                m.MemberId,
                Text(new Core.Tenders.Fraction(m.Ht.Cents, 1)),
                Text(new Core.Tenders.Fraction(totalHt, 1)),
                totalFee == 0 ? null : new Core.Tenders.Fraction(m.FeeHt.Cents, totalFee),
                m.FeeHt.Cents,
                m.FeeVat.Cents));
    }

    /// <summary>An exact fraction as stored: <c>n/d</c>; past <see cref="MaxTextLength"/> characters, its decimal value prefixed with ≈.</summary>
    public static string Text(Core.Tenders.Fraction value)
    {
        var text = value.ToString();
        return text.Length <= MaxTextLength ? text : "≈" + value.ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ShareValues Share(long runId, long? lineId, long memberId, string baseText, string totalBaseText, Core.Tenders.Fraction? share, long ht, long vat) =>
        new(runId, lineId, memberId, baseText, totalBaseText, share is { } s ? Text(s) : string.Empty, ht, vat);

    /// <summary>One row of RunShares, named as <see cref="InsertShare"/>'s parameters.</summary>
    private sealed record ShareValues(long RunId, long? RunCostLineId, long MemberId, string BaseText, string TotalBaseText, string ShareText, long HtCents, long VatCents);

    /// <summary>The stored texts of one weights instance: each member's base and share, and the total base, each computed once.</summary>
    private sealed class WeightTexts(AllocationWeights weights)
    {
        private readonly string?[] _bases = new string?[weights.Members.Count];
        private readonly string?[] _shares = new string?[weights.Members.Count];

        public string TotalBase { get; } = Text(weights.TotalBase);

        public string Base(int index) => _bases[index] ??= Text(weights.Members[index].Base);

        public string Share(int index) => _shares[index] ??= Text(weights.Share(index));
    }

    /// <summary>
    /// Writes a run's shares in the caller's transaction, in the order given. Where the dialect has a JSON bulk insert
    /// (SQLite), rows are sent by batches of <see cref="ShareBatch"/> as one JSON text per statement; otherwise (SQL Server)
    /// through one command (<see cref="InsertShare"/>) whose parameters are re-bound for each row, so that its plan is reused.
    /// A run of 1,000 members × 1,000 lines writes 1,000,000 rows: one statement per row costs about 10 µs of CPU on SQLite,
    /// and Dapper's list execution also built new parameters for each row, from a list of as many objects.
    /// <see cref="FlushAsync"/> writes the last batch and must be awaited before the commit.
    /// </summary>
    private sealed class ShareWriter : IAsyncDisposable
    {
        public const int ShareBatch = 500;

        private static readonly string[] FixedColumns = ["RunId"];
        private static readonly string[] RowColumns = ["RunCostLineId", "MemberId", "BaseText", "TotalBaseText", "ShareText", "HtCents", "VatCents"];

        private readonly DbCommand _command;
        private readonly bool _bulk;
        private readonly DbParameter _rows = null!;
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private readonly Utf8JsonWriter _json = null!;
        private readonly DbParameter _lineId = null!;
        private readonly DbParameter _memberId = null!;
        private readonly DbParameter _base = null!;
        private readonly DbParameter _totalBase = null!;
        private readonly DbParameter _share = null!;
        private readonly DbParameter _ht = null!;
        private readonly DbParameter _vat = null!;
        private int _pending;

        public ShareWriter(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, long runId)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            Add("@RunId", DbType.Int64).Value = runId;
            if (dialect.InsertJsonRows("RunShares", FixedColumns, RowColumns) is { } bulk)
            {
                _bulk = true;
                _command.CommandText = bulk;
                _rows = Add("@Rows", DbType.String);
                _json = new Utf8JsonWriter(_buffer);
                _json.WriteStartArray();
                return;
            }

            _command.CommandText = InsertShare;
            _lineId = Add("@RunCostLineId", DbType.Int64);
            _memberId = Add("@MemberId", DbType.Int64);
            _base = Add("@BaseText", DbType.String);
            _totalBase = Add("@TotalBaseText", DbType.String);
            _share = Add("@ShareText", DbType.String);
            _ht = Add("@HtCents", DbType.Int64);
            _vat = Add("@VatCents", DbType.Int64);
        }

        public async Task WriteAsync(long? lineId, long memberId, string baseText, string totalBaseText, string shareText, long ht, long vat)
        {
            if (!_bulk)
            {
                _lineId.Value = lineId is { } id ? id : DBNull.Value;
                _memberId.Value = memberId;
                _base.Value = baseText;
                _totalBase.Value = totalBaseText;
                _share.Value = shareText;
                _ht.Value = ht;
                _vat.Value = vat;
                await _command.ExecuteNonQueryAsync();
                return;
            }

            _json.WriteStartArray();
            if (lineId is { } line)
            {
                _json.WriteNumberValue(line);
            }
            else
            {
                _json.WriteNullValue();
            }

            _json.WriteNumberValue(memberId);
            _json.WriteStringValue(baseText);
            _json.WriteStringValue(totalBaseText);
            _json.WriteStringValue(shareText);
            _json.WriteNumberValue(ht);
            _json.WriteNumberValue(vat);
            _json.WriteEndArray();
            if (++_pending == ShareBatch)
            {
                await FlushAsync();
            }
        }

        /// <summary>Sends the rows not yet written (bulk mode); nothing otherwise.</summary>
        public async Task FlushAsync()
        {
            if (!_bulk || _pending == 0)
            {
                return;
            }

            _json.WriteEndArray();
            _json.Flush();
            _rows.Value = Encoding.UTF8.GetString(_buffer.WrittenSpan);
            await _command.ExecuteNonQueryAsync();
            _buffer.ResetWrittenCount();
            _json.Reset();
            _json.WriteStartArray();
            _pending = 0;
        }

        public async ValueTask DisposeAsync()
        {
            if (_bulk)
            {
                await _json.DisposeAsync();
            }

            await _command.DisposeAsync();
        }

        private DbParameter Add(string name, DbType type)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            _command.Parameters.Add(parameter);
            return parameter;
        }
    }
}

