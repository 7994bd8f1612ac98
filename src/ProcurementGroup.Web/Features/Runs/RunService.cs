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
public sealed class RunService(IDbConnectionFactory factory, IAllocationRunRepository runs, IStatementBatch batch, AllocationPreviewService previews, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "AllocationRun";
    public const string AlreadyIssuedMessage =
        "Cette répartition a déjà été émise (ou modifiée depuis l'ouverture de la page) : rien n'a été changé. Une répartition émise ne se modifie plus ; corrigez-la par une répartition rectificative.";
    public const string NotIssuedMessage = "Seule une répartition émise peut être rectifiée.";
    public const string AlreadyRectifiedMessage = "Cette répartition a déjà été rectifiée : une seconde rectification n'est pas possible ici (la répartition rectificative figure sur cette page).";
    public const string NoDifferenceMessage = "Recalculée avec les clés et les dépenses actuelles, la répartition ne change pour aucun membre : aucune répartition rectificative n'a été créée.";

    public DateOnly Today => DateOnly.FromDateTime(ParisTime.FromUtc(clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// Issues the previewed run in one transaction: frozen state, one statement per member with a non-zero total,
    /// numbered without gaps from the year's locked counter, and the audit entry; once committed, the statements batch
    /// is started (a job started inside the transaction could run before the statements exist, or for a rolled-back issue).
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
        await batch.StartAsync(runId, CancellationToken.None);
        return outcome;
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
    /// A rectifying run of the issued <paramref name="originalRunId"/>: the <paramref name="corrected"/> run (recomputed
    /// with the corrected costs and keys, cost line id = cost entry id) minus the issued shares, saved as a preview; null
    /// when the original is not an issued run.
    /// </summary>
    public async Task<long?> RectifyAsync(long originalRunId, AllocationRun corrected, IReadOnlyList<RunLineSource> sources, CancellationToken cancellationToken = default)
    {
        if (await runs.GetAsync(originalRunId, cancellationToken) is not { State: RunState.Issued })
        {
            return null;
        }

        var issued = await runs.IssuedSharesAsync(originalRunId, cancellationToken);
        var rectifying = Rectification.Compute(issued, corrected);
        return await runs.SaveRectifyingAsync(originalRunId, rectifying, corrected, sources, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>
    /// « Rectifier »: computes the issued original's period again with its cost entries and the keys stored now (the
    /// costs' <see cref="AllocationPreviewService.RecomputeAsync"/>, the preview's own code) and the fee it was issued
    /// with, stores the differences as a rectifying run (<see cref="RectifyAsync"/>), issues it (a member whose
    /// difference is negative gets a credit statement) and starts its statements batch.
    /// </summary>
    public async Task<RectifyOutcome> RectifyWithCurrentKeysAsync(long originalRunId, long? userId, CancellationToken cancellationToken = default)
    {
        if (await runs.GetAsync(originalRunId, cancellationToken) is not { } original)
        {
            return RectifyOutcome.Failed(RectifyStatus.NotFound);
        }

        if (original is not { State: RunState.Issued, RectifiesRunId: null })
        {
            return RectifyOutcome.Failed(RectifyStatus.Conflict, NotIssuedMessage);
        }

        // A second correction would have to compare with the original and its first correction together: refused for now.
        if ((await runs.ListAsync(cancellationToken)).Any(r => r.RectifiesRunId == originalRunId))
        {
            return RectifyOutcome.Failed(RectifyStatus.Conflict, AlreadyRectifiedMessage);
        }

        var entryIds = (await runs.LinesAsync(originalRunId, cancellationToken)).Where(l => l.CostEntryId is not null).Select(l => l.CostEntryId!.Value).ToList();
        var fee = original.FeeKind is { } kind && original.FeeValue is { } value ? new CoordinationFee(kind, value, original.FeeVatRateBasisPoints ?? 0) : null;
        var (computed, errors) = await previews.RecomputeAsync(original.PurchasingGroupId, new AllocationPeriod(original.PeriodFrom, original.PeriodTo), entryIds, fee, cancellationToken);
        if (computed is null)
        {
            return new RectifyOutcome(RectifyStatus.Invalid, null, errors);
        }

        var issued = await runs.IssuedSharesAsync(originalRunId, cancellationToken);
        if (Rectification.Compute(issued, computed.Run).Lines.Count == 0)
        {
            return RectifyOutcome.Failed(RectifyStatus.Invalid, NoDifferenceMessage);
        }

        if (await RectifyAsync(originalRunId, computed.Run, computed.LineSources, cancellationToken) is not { } rectifyingId)
        {
            return RectifyOutcome.Failed(RectifyStatus.Conflict, NotIssuedMessage);
        }

        var outcome = await IssueAsync(rectifyingId, 1, userId, cancellationToken);
        return outcome.Status == IssueStatus.Issued
            ? new RectifyOutcome(RectifyStatus.Issued, rectifyingId, [], outcome.Statements.Count)
            : new RectifyOutcome(RectifyStatus.Conflict, rectifyingId, [AlreadyIssuedMessage]);
    }
}

public enum RectifyStatus
{
    Issued,
    NotFound,

    /// <summary>Not an issued original run, already rectified, or issued by someone else meanwhile.</summary>
    Conflict,

    /// <summary>The period cannot be computed again (a key no longer valid), or nothing changes: French reasons.</summary>
    Invalid,
}

/// <summary>What « Rectifier » did: the rectifying run issued (its id and statements), or why not, in French.</summary>
public sealed record RectifyOutcome(RectifyStatus Status, long? RectifyingRunId, IReadOnlyList<string> Errors, int Statements = 0)
{
    public static RectifyOutcome Failed(RectifyStatus status, params string[] errors) => new(status, null, errors);
}
