using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Costs;

/// <summary>An allocation run's header. State 0: preview (replaced by the next preview of the period); 1: issued (frozen).</summary>
public sealed class AllocationRunRecord
{
    public const int Preview = 0;
    public const int Issued = 1;

    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public int State { get; set; }

    public long? RectifiesRunId { get; set; }

    public int? FeeKind { get; set; }

    public long? FeeValue { get; set; }

    public int? FeeVatRateBasisPoints { get; set; }

    public long? CreatedByUserId { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A cost line of a run as computed: its entry, contract, key (canonical text), HT, VAT rate and VAT.</summary>
public sealed class RunCostLineRecord
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long? CostEntryId { get; set; }

    public long? ContractId { get; set; }

    public string Label { get; set; } = string.Empty;

    public string KeyText { get; set; } = string.Empty;

    public long HtCents { get; set; }

    public int VatRateBasisPoints { get; set; }

    public long VatCents { get; set; }
}

/// <summary>
/// A member's share of a run line (<see cref="RunCostLineId"/> null: its coordination fee). Base, total base and share are
/// exact fractions as text (<c>n/d</c>); for the fee, the base is the member's cost HT in cents, the total base the run's,
/// and the share the fee setting (<c>Percent:200</c>, <c>Flat:5000</c>).
/// </summary>
public sealed class RunShareRecord
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long? RunCostLineId { get; set; }

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public string BaseText { get; set; } = string.Empty;

    public string TotalBaseText { get; set; } = string.Empty;

    public string ShareText { get; set; } = string.Empty;

    public long HtCents { get; set; }

    public long VatCents { get; set; }
}

/// <summary>A line and its shares to save (the shares' RunCostLineId is filled on insert).</summary>
public sealed record RunLineToSave(RunCostLineRecord Line, IReadOnlyList<RunShareRecord> Shares);

public interface IAllocationRunRepository
{
    Task<AllocationRunRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunCostLineRecord>> LinesAsync(long runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunShareRecord>> SharesAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the groupement's previews of exactly this period (never an issued run) by a new preview with its lines and
    /// shares, in one transaction; returns the new run's id.
    /// </summary>
    Task<long> ReplacePreviewAsync(AllocationRunRecord run, IReadOnlyList<RunLineToSave> lines, IReadOnlyList<RunShareRecord> feeShares, CancellationToken cancellationToken = default);

    /// <summary>The previews of the groupement for this period (to tell what a new preview replaces).</summary>
    Task<int> CountPreviewsAsync(DbConnection connection, DbTransaction? transaction, long groupId, DateOnly from, DateOnly to);
}

public sealed class AllocationRunRepository(IDbConnectionFactory factory) : IAllocationRunRepository
{
    private const string Columns =
        "Id, PurchasingGroupId, PeriodFrom, PeriodTo, State, RectifiesRunId, FeeKind, FeeValue, FeeVatRateBasisPoints, CreatedByUserId, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string GetSql = "SELECT " + Columns + " FROM AllocationRuns WHERE Id = @id";

    private const string LinesSql =
        "SELECT Id, RunId, CostEntryId, ContractId, Label, KeyText, HtCents, VatRateBasisPoints, VatCents FROM RunCostLines WHERE RunId = @runId ORDER BY Id";

    private const string SharesSql = """
        SELECT s.Id, s.RunId, s.RunCostLineId, s.MemberId, m.Name AS MemberName, s.BaseText, s.TotalBaseText, s.ShareText, s.HtCents, s.VatCents
        FROM RunShares s
        JOIN Members m ON m.Id = s.MemberId
        WHERE s.RunId = @runId
        ORDER BY s.RunCostLineId, s.MemberId
        """;

    private const string CountPreviewsSql =
        "SELECT COUNT(*) FROM AllocationRuns WHERE PurchasingGroupId = @groupId AND PeriodFrom = @from AND PeriodTo = @to AND State = 0";

    private const string DeletePreviewSharesSql = """
        DELETE FROM RunShares WHERE RunId IN
            (SELECT r.Id FROM AllocationRuns r WHERE r.PurchasingGroupId = @groupId AND r.PeriodFrom = @from AND r.PeriodTo = @to AND r.State = 0)
        """;

    private const string DeletePreviewLinesSql = """
        DELETE FROM RunCostLines WHERE RunId IN
            (SELECT r.Id FROM AllocationRuns r WHERE r.PurchasingGroupId = @groupId AND r.PeriodFrom = @from AND r.PeriodTo = @to AND r.State = 0)
        """;

    private const string DeletePreviewRunsSql =
        "DELETE FROM AllocationRuns WHERE PurchasingGroupId = @groupId AND PeriodFrom = @from AND PeriodTo = @to AND State = 0";

    private const string RunInsertColumns =
        "PurchasingGroupId, PeriodFrom, PeriodTo, State, RectifiesRunId, FeeKind, FeeValue, FeeVatRateBasisPoints, CreatedByUserId, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string RunInsertValues =
        "@PurchasingGroupId, @PeriodFrom, @PeriodTo, 0, @RectifiesRunId, @FeeKind, @FeeValue, @FeeVatRateBasisPoints, @CreatedByUserId, 1, @CreatedAtUtc, @UpdatedAtUtc";

    private const string LineInsertColumns = "RunId, CostEntryId, ContractId, Label, KeyText, HtCents, VatRateBasisPoints, VatCents";

    private const string LineInsertValues = "@RunId, @CostEntryId, @ContractId, @Label, @KeyText, @HtCents, @VatRateBasisPoints, @VatCents";

    private const string ShareInsertSql = """
        INSERT INTO RunShares (RunId, RunCostLineId, MemberId, BaseText, TotalBaseText, ShareText, HtCents, VatCents)
        VALUES (@RunId, @RunCostLineId, @MemberId, @BaseText, @TotalBaseText, @ShareText, @HtCents, @VatCents)
        """;

    public async Task<AllocationRunRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AllocationRunRecord>(GetSql, new { id });
    }

    public async Task<IReadOnlyList<RunCostLineRecord>> LinesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RunCostLineRecord>(LinesSql, new { runId })).ToList();
    }

    public async Task<IReadOnlyList<RunShareRecord>> SharesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RunShareRecord>(SharesSql, new { runId })).ToList();
    }

    public async Task<int> CountPreviewsAsync(DbConnection connection, DbTransaction? transaction, long groupId, DateOnly from, DateOnly to) =>
        await connection.ExecuteScalarAsync<int>(CountPreviewsSql, new { groupId, from, to }, transaction);

    public async Task<long> ReplacePreviewAsync(AllocationRunRecord run, IReadOnlyList<RunLineToSave> lines, IReadOnlyList<RunShareRecord> feeShares, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(feeShares);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var period = new { groupId = run.PurchasingGroupId, from = run.PeriodFrom, to = run.PeriodTo };
        await connection.ExecuteAsync(DeletePreviewSharesSql, period, tx);
        await connection.ExecuteAsync(DeletePreviewLinesSql, period, tx);
        await connection.ExecuteAsync(DeletePreviewRunsSql, period, tx);

        run.State = AllocationRunRecord.Preview;
        run.Version = 1;
        run.Id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("AllocationRuns", RunInsertColumns, RunInsertValues), run, tx);
        var shares = new List<RunShareRecord>();
        foreach (var (line, lineShares) in lines)
        {
            line.RunId = run.Id;
            line.Id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("RunCostLines", LineInsertColumns, LineInsertValues), line, tx);
            foreach (var share in lineShares)
            {
                share.RunId = run.Id;
                share.RunCostLineId = line.Id;
                shares.Add(share);
            }
        }

        foreach (var share in feeShares)
        {
            share.RunId = run.Id;
            share.RunCostLineId = null;
            shares.Add(share);
        }

        // Dapper runs the statement once per share, in the transaction: one prepared statement, no string building.
        await connection.ExecuteAsync(ShareInsertSql, shares, tx);
        await tx.CommitAsync(cancellationToken);
        return run.Id;
    }
}
