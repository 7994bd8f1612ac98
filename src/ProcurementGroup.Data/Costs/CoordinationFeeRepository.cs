using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Costs;

/// <summary>The coordination fee columns of the coordinator's settings (Kind null: no fee).</summary>
public sealed class CoordinationFeeSettings
{
    public int? CoordinationFeeKind { get; set; }

    public long? CoordinationFeeValue { get; set; }

    public int? CoordinationFeeVatRateBasisPoints { get; set; }
}

/// <summary>
/// Reads and writes only the coordination fee of the coordinator's settings row (the rest of the row is the
/// administrators' coordinator page): finance keeps the fee it bills.
/// </summary>
public interface ICoordinationFeeRepository
{
    Task<CoordinationFeeSettings> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>False when the coordinator's settings do not exist yet (the administrators record them first).</summary>
    Task<bool> SaveAsync(CoordinationFeeSettings fee, DateTime nowUtc, CancellationToken cancellationToken = default);
}

public sealed class CoordinationFeeRepository(IDbConnectionFactory factory) : ICoordinationFeeRepository
{
    private const string GetSql =
        "SELECT CoordinationFeeKind, CoordinationFeeValue, CoordinationFeeVatRateBasisPoints FROM CoordinatorSettings WHERE Id = 1";

    private const string SaveSql = """
        UPDATE CoordinatorSettings SET CoordinationFeeKind = @CoordinationFeeKind, CoordinationFeeValue = @CoordinationFeeValue,
            CoordinationFeeVatRateBasisPoints = @CoordinationFeeVatRateBasisPoints, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = 1
        """;

    public async Task<CoordinationFeeSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CoordinationFeeSettings>(GetSql) ?? new CoordinationFeeSettings();
    }

    public async Task<bool> SaveAsync(CoordinationFeeSettings fee, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fee);
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(SaveSql, new { fee.CoordinationFeeKind, fee.CoordinationFeeValue, fee.CoordinationFeeVatRateBasisPoints, nowUtc }) == 1;
    }
}
