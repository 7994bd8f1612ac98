using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Procedures;

/// <summary>A row of the dated threshold table, as stored (amount in cents).</summary>
public sealed class ThresholdRow
{
    public long Id { get; set; }

    public ThresholdKind Kind { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public long AmountCents { get; set; }

    public string Article { get; set; } = string.Empty;

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency: an update names the Version it read.</summary>
    public int Version { get; set; } = 1;

    public Threshold ToThreshold() => new(Id, Kind, ValidFrom, ValidUntil, new Core.Money.Money(AmountCents), Article);
}

/// <summary>
/// The thresholds of the Code de la commande publique, as dated rows an administrator edits when a decree changes them
/// (DOMAIN: store them as dated rows, not constants). Writes take the caller's transaction so the audit entry commits with them.
/// </summary>
public interface IThresholdRepository
{
    Task<IReadOnlyList<ThresholdRow>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The rows in force on <paramref name="day"/> (from ValidFrom to ValidUntil included), every kind.</summary>
    Task<IReadOnlyList<ThresholdRow>> InForceAsync(DateOnly day, CancellationToken cancellationToken = default);

    Task<ThresholdRow?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<ThresholdRow?> GetAsync(DbConnection connection, DbTransaction transaction, long id);

    Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ThresholdRow row);

    /// <summary>Saves the row if its Version is still <see cref="ThresholdRow.Version"/>; false when someone saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, ThresholdRow row);

    Task DeleteAsync(DbConnection connection, DbTransaction transaction, long id);

    /// <summary>How many stored advices cite the row: such a row is history and cannot be deleted.</summary>
    Task<int> CountAdvicesUsingAsync(DbConnection connection, DbTransaction transaction, long id);

    /// <summary>The latest launch date of the stored advices citing the row; null when none does.</summary>
    Task<DateOnly?> LatestCitingLaunchDateAsync(DbConnection connection, DbTransaction transaction, long id);

    /// <summary>The ids of the rows some stored advice cites.</summary>
    Task<IReadOnlySet<long>> CitedIdsAsync(CancellationToken cancellationToken = default);
}

public sealed class ThresholdRepository(IDbConnectionFactory factory) : IThresholdRepository
{
    private const string Columns = "Id, Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc, Version";

    public const string ListSql = "SELECT Id, Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc, Version FROM ProcurementThresholds ORDER BY Kind, ValidFrom, Id";

    public const string InForceSql =
        "SELECT Id, Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc, Version FROM ProcurementThresholds WHERE ValidFrom <= @day AND (ValidUntil IS NULL OR ValidUntil >= @day) ORDER BY Kind, ValidFrom";

    public const string UpdateSql =
        "UPDATE ProcurementThresholds SET Kind = @Kind, ValidFrom = @ValidFrom, ValidUntil = @ValidUntil, AmountCents = @AmountCents, Article = @Article, UpdatedAtUtc = @UpdatedAtUtc, Version = Version + 1 WHERE Id = @Id AND Version = @Version";

    public const string DeleteSql = "DELETE FROM ProcurementThresholds WHERE Id = @id";

    public const string CountAdvicesSql = "SELECT COUNT(*) FROM ProcedureAdviceThresholds WHERE ThresholdId = @id";

    public const string LatestCitingLaunchSql =
        "SELECT MAX(a.LaunchDate) AS LaunchDate FROM ProcedureAdvices a JOIN ProcedureAdviceThresholds t ON t.AdviceId = a.Id WHERE t.ThresholdId = @id";

    public const string CitedIdsSql = "SELECT DISTINCT ThresholdId FROM ProcedureAdviceThresholds";

    public async Task<IReadOnlyList<ThresholdRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ThresholdRow>(ListSql)).ToList();
    }

    public async Task<IReadOnlyList<ThresholdRow>> InForceAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ThresholdRow>(InForceSql, new { day })).ToList();
    }

    public async Task<ThresholdRow?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ThresholdRow>($"SELECT {Columns} FROM ProcurementThresholds WHERE Id = @id", new { id });
    }

    public Task<ThresholdRow?> GetAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<ThresholdRow>($"SELECT {Columns} FROM ProcurementThresholds WHERE Id = @id", new { id }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ThresholdRow row) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("ProcurementThresholds", "Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc", "@Kind, @ValidFrom, @ValidUntil, @AmountCents, @Article, @UpdatedAtUtc"),
            row,
            transaction);

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, ThresholdRow row) =>
        await connection.ExecuteAsync(UpdateSql, row, transaction) == 1;

    public Task DeleteAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteAsync(DeleteSql, new { id }, transaction);

    public Task<int> CountAdvicesUsingAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<int>(CountAdvicesSql, new { id }, transaction);

    public async Task<DateOnly?> LatestCitingLaunchDateAsync(DbConnection connection, DbTransaction transaction, long id) =>
        (await connection.QuerySingleAsync<LatestLaunch>(LatestCitingLaunchSql, new { id }, transaction)).LaunchDate;

    public async Task<IReadOnlySet<long>> CitedIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(CitedIdsSql)).ToHashSet();
    }

    private sealed class LatestLaunch
    {
        public DateOnly? LaunchDate { get; set; }
    }
}
