using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Infrastructure.Auditing;

namespace ProcurementGroup.Web.Features.Runs;

/// <summary>
/// Issuing and rectifying allocation runs (issue 9 item 6). An issued run is frozen: its lines and shares are never
/// written again, and a correction is a new rectifying run that references it and carries only the differences
/// (Core <see cref="Rectification"/>).
/// </summary>
public sealed class RunService(IDbConnectionFactory factory, IAllocationRunRepository runs, StatementBatchStarter batch, AllocationPreviewService previews, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "AllocationRun";
    public const string AlreadyIssuedMessage =
        "Cette répartition a déjà été émise (ou modifiée depuis l'ouverture de la page) : rien n'a été changé. Une répartition émise ne se modifie plus ; corrigez-la par une répartition rectificative.";
    public const string NotIssuedMessage = "Seule une répartition émise peut être rectifiée.";
    public const string NoDifferenceMessage = "Recalculée avec les clés et les dépenses actuelles, la répartition ne change pour aucun membre : aucune répartition rectificative n'a été créée.";

    public DateOnly Today => DateOnly.FromDateTime(ParisTime.FromUtc(clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// Issues the previewed run in one transaction: frozen state, one statement per member with a non-zero total,
    /// numbered without gaps from the year's locked counter, and the audit entry; once committed, the statements batch
    /// is started (a job started inside the transaction could run before the statements exist, or for a rolled-back issue).
    /// A batch that cannot be enqueued leaves the run issued (<see cref="IssueOutcome.BatchStarted"/> false): the run page
    /// then says its statements are not generated yet and offers « Relancer la génération ».
    /// </summary>
    public async Task<IssueOutcome> IssueAsync(long runId, int version, long? userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await runs.IssueAsync(connection, transaction, runId, version, Today, clock.GetUtcNow().UtcDateTime, userId);
        if (outcome.Status != IssueStatus.Issued)
        {
            return outcome;
        }

        await audit.WriteAsync(
            connection,
            transaction,
            EntityType,
            runId,
            "Issued",
            new { State = RunState.Preview },
            new { State = RunState.Issued, Statements = outcome.Statements.Select(s => new { s.MemberId, s.Number, s.TtcCents }).ToList() });
        await transaction.CommitAsync(cancellationToken);
        return outcome with { BatchStarted = await batch.TryStartAsync(runId, CancellationToken.None) };
    }

    /// <summary>Deletes a preview (its lines and shares) with its audit entry; an issued run is never deleted.</summary>
    public async Task<PreviewDeletion> DeletePreviewAsync(long runId, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await runs.DeletePreviewAsync(connection, transaction, runId, version);
        if (outcome == PreviewDeletion.Deleted)
        {
            await audit.WriteAsync(connection, transaction, EntityType, runId, "Deleted", new { State = RunState.Preview, Version = version }, null);
            await transaction.CommitAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// A rectifying run of the issued run <paramref name="originalRunId"/> (or of the original of that rectifying run): the
    /// <paramref name="corrected"/> run (recomputed with the corrected costs and keys, cost line id = cost entry id) minus
    /// the latest state (the original and its issued rectifications), saved as a preview in one transaction; null when
    /// the run is not issued, or when nothing differs.
    /// </summary>
    public async Task<long?> RectifyAsync(long originalRunId, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, CancellationToken cancellationToken = default)
    {
        if (await OriginalOfAsync(originalRunId, cancellationToken) is not { } original)
        {
            return null;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var saved = await runs.SaveRectificationAsync(connection, transaction, original.Id, corrected, sources, clock.GetUtcNow().UtcDateTime, null);
        if (saved.RunId is not { } id)
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// « Rectifier »: computes the period of the issued original (of <paramref name="runId"/>, or of the original it
    /// rectifies) again with its cost entries and the keys stored now (the costs' <see cref="AllocationPreviewService.RecomputeAsync"/>,
    /// the preview's own code) and the fee it was issued with; then, in ONE transaction, stores the differences against
    /// the latest state of the run and its earlier rectifications as a rectifying run, issues it (numbered statements, a
    /// credit statement for a member whose difference is negative) and audits it: a failure anywhere leaves nothing. Its
    /// statements batch starts once committed.
    /// </summary>
    public async Task<RectifyOutcome> RectifyWithCurrentKeysAsync(long runId, long? userId, CancellationToken cancellationToken = default)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } run)
        {
            return RectifyOutcome.Failed(RectifyStatus.NotFound);
        }

        if (run.State != RunState.Issued || await OriginalOfAsync(runId, cancellationToken) is not { } original)
        {
            return RectifyOutcome.Failed(RectifyStatus.Conflict, NotIssuedMessage);
        }

        var entryIds = (await runs.LinesAsync(original.Id, cancellationToken)).Where(l => l.CostEntryId is not null).Select(l => l.CostEntryId!.Value).ToList();
        var fee = original.FeeKind is { } kind && original.FeeValue is { } value ? new CoordinationFee(kind, value, original.FeeVatRateBasisPoints ?? 0) : null;
        var (computed, errors) = await previews.RecomputeAsync(original.PurchasingGroupId, new AllocationPeriod(original.PeriodFrom, original.PeriodTo), entryIds, fee, cancellationToken);
        if (computed is null)
        {
            return new RectifyOutcome(RectifyStatus.Invalid, null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var saved = await runs.SaveRectificationAsync(connection, transaction, original.Id, computed.Run, computed.LineSources, now, userId);
        if (saved.Status == RectificationStatus.NoDifference)
        {
            return RectifyOutcome.Failed(RectifyStatus.Invalid, NoDifferenceMessage);
        }

        if (saved.RunId is not { } rectifyingId)
        {
            return RectifyOutcome.Failed(RectifyStatus.Conflict, NotIssuedMessage);
        }

        var outcome = await runs.IssueAsync(connection, transaction, rectifyingId, 1, Today, now, userId);
        if (outcome.Status != IssueStatus.Issued)
        {
            return new RectifyOutcome(RectifyStatus.Conflict, null, [AlreadyIssuedMessage]);
        }

        await audit.WriteAsync(
            connection,
            transaction,
            EntityType,
            rectifyingId,
            "Issued",
            new { State = RunState.Preview, RectifiesRunId = original.Id },
            new { State = RunState.Issued, RectifiesRunId = original.Id, Statements = outcome.Statements.Select(s => new { s.MemberId, s.Number, s.TtcCents }).ToList() });
        await transaction.CommitAsync(cancellationToken);
        var started = await batch.TryStartAsync(rectifyingId, CancellationToken.None);
        return new RectifyOutcome(RectifyStatus.Issued, rectifyingId, [], outcome.Statements.Count, started);
    }

    /// <summary>The issued original a rectification of <paramref name="runId"/> applies to: the run itself, or the original it rectifies; null when not issued.</summary>
    private async Task<AllocationRunRow?> OriginalOfAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        if (run?.RectifiesRunId is { } originalId)
        {
            run = await runs.GetAsync(originalId, cancellationToken);
        }

        return run is { State: RunState.Issued, RectifiesRunId: null } ? run : null;
    }
}

public enum RectifyStatus
{
    Issued,
    NotFound,

    /// <summary>Not an issued run, or issued by someone else meanwhile.</summary>
    Conflict,

    /// <summary>The period cannot be computed again (a key no longer valid), or nothing changes: French reasons.</summary>
    Invalid,
}

/// <summary>What « Rectifier » did: the rectifying run issued (its id and statements), or why not, in French.</summary>
public sealed record RectifyOutcome(RectifyStatus Status, long? RectifyingRunId, IReadOnlyList<string> Errors, int Statements = 0, bool BatchStarted = false)
{
    public static RectifyOutcome Failed(RectifyStatus status, params string[] errors) => new(status, null, errors);
}
