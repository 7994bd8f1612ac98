using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Statements;

/// <summary>An issued run's header, as issuing freezes it.</summary>
public sealed record NewIssuedRun(long PurchasingGroupId, DateOnly PeriodFrom, DateOnly PeriodTo, int? FeeKind, long? FeeValue, int? FeeVatRateBasisPoints, long? RectifiesRunId, DateTime IssuedAtUtc, long? IssuedByUserId);

/// <summary>A frozen cost line of a run.</summary>
public sealed record NewRunCostLine(long RunId, long? ContractId, string Label, string KeyText, long HtCents, int VatRateBasisPoints, long VatCents);

/// <summary>A member's frozen share of a cost line (or of the fee, <see cref="RunCostLineId"/> null).</summary>
public sealed record NewRunShare(long RunId, long? RunCostLineId, long MemberId, string BaseText, string TotalBaseText, string ShareText, long HtCents, long VatCents);

/// <summary>
/// Writes an issued run's frozen rows (header, cost lines, shares) as issuing does, for the statements' tests, the
/// benchmark and the demo; the issuing itself (the runs slice) writes the same tables in its own transaction.
/// </summary>
public sealed class IssuedRunWriter(IDbConnectionFactory factory)
{
    private const string RunColumns = "PurchasingGroupId, PeriodFrom, PeriodTo, State, RectifiesRunId, FeeKind, FeeValue, FeeVatRateBasisPoints, IssuedAtUtc, IssuedByUserId, Version, CreatedAtUtc, UpdatedAtUtc";
    private const string RunValues = "@PurchasingGroupId, @PeriodFrom, @PeriodTo, 1, @RectifiesRunId, @FeeKind, @FeeValue, @FeeVatRateBasisPoints, @IssuedAtUtc, @IssuedByUserId, 1, @IssuedAtUtc, @IssuedAtUtc";
    private const string LineColumns = "RunId, ContractId, Label, KeyText, HtCents, VatRateBasisPoints, VatCents";
    private const string LineValues = "@RunId, @ContractId, @Label, @KeyText, @HtCents, @VatRateBasisPoints, @VatCents";

    private const string ShareSql = """
        INSERT INTO RunShares (RunId, RunCostLineId, MemberId, BaseText, TotalBaseText, ShareText, HtCents, VatCents)
        VALUES (@RunId, @RunCostLineId, @MemberId, @BaseText, @TotalBaseText, @ShareText, @HtCents, @VatCents)
        """;

    public Task<long> InsertRunAsync(DbConnection connection, DbTransaction? transaction, NewIssuedRun run) =>
        connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("AllocationRuns", RunColumns, RunValues), run, transaction);

    public Task<long> InsertCostLineAsync(DbConnection connection, DbTransaction? transaction, NewRunCostLine line) =>
        connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("RunCostLines", LineColumns, LineValues), line, transaction);

    public Task<int> InsertSharesAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<NewRunShare> shares) =>
        connection.ExecuteAsync(ShareSql, shares, transaction);
}
