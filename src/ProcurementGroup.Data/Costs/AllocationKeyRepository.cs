using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Costs;

/// <summary>
/// A stored key: <see cref="Components"/> is the canonical text of Core's AllocationKey (AllocationKeyText), the year beside
/// it; a contract's key has its ContractId, a cost entry's own key none. Custom weights are exact decimal text per member.
/// </summary>
public sealed class AllocationKeyRecord
{
    public long Id { get; set; }

    public long? ContractId { get; set; }

    public string Components { get; set; } = string.Empty;

    public int? Year { get; set; }

    public int? PopulationKind { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A custom weight of one member in a key, as typed (exact decimal text, invariant).</summary>
public sealed class AllocationKeyWeightRow
{
    public long AllocationKeyId { get; set; }

    public long MemberId { get; set; }

    public string Weight { get; set; } = string.Empty;
}

public interface IAllocationKeyRepository
{
    Task<AllocationKeyRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AllocationKeyWeightRow>> WeightsAsync(long keyId, CancellationToken cancellationToken = default);

    /// <summary>The keys used by a groupement's contracts and cost entries, with their custom weights: one query each.</summary>
    Task<(IReadOnlyList<AllocationKeyRecord> Keys, IReadOnlyList<AllocationKeyWeightRow> Weights)> OfGroupAsync(long groupId, CancellationToken cancellationToken = default);

    /// <summary>Inserts a key (Version 1) and its weights; returns its id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, AllocationKeyRecord key, IReadOnlyList<AllocationKeyWeightRow> weights);

    /// <summary>Replaces the key's components, year and weights when its Version is still the stored one.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, AllocationKeyRecord key, IReadOnlyList<AllocationKeyWeightRow> weights);

    Task SetContractKeyAsync(DbConnection connection, DbTransaction? transaction, long contractId, long keyId);

    Task SetEntryKeyAsync(DbConnection connection, DbTransaction? transaction, long entryId, long? keyId);
}

public sealed class AllocationKeyRepository(IDbConnectionFactory factory) : IAllocationKeyRepository
{
    private const string Columns = "Id, ContractId, Components, Year, PopulationKind, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string GetSql = "SELECT " + Columns + " FROM AllocationKeys WHERE Id = @id";

    private const string WeightsSql = "SELECT AllocationKeyId, MemberId, Weight FROM AllocationKeyWeights WHERE AllocationKeyId = @keyId ORDER BY MemberId";

    private const string GroupKeysSql = "SELECT " + Columns + """
         FROM AllocationKeys
        WHERE Id IN (SELECT c.AllocationKeyId FROM Contracts c WHERE c.PurchasingGroupId = @groupId)
           OR Id IN (SELECT e.AllocationKeyId FROM CostEntries e WHERE e.PurchasingGroupId = @groupId)
        """;

    private const string GroupWeightsSql = """
        SELECT AllocationKeyId, MemberId, Weight FROM AllocationKeyWeights
        WHERE AllocationKeyId IN (SELECT c.AllocationKeyId FROM Contracts c WHERE c.PurchasingGroupId = @groupId)
           OR AllocationKeyId IN (SELECT e.AllocationKeyId FROM CostEntries e WHERE e.PurchasingGroupId = @groupId)
        """;

    private const string InsertColumns = "ContractId, Components, Year, PopulationKind, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string InsertValues = "@ContractId, @Components, @Year, @PopulationKind, 1, @CreatedAtUtc, @UpdatedAtUtc";

    private const string InsertWeightSql = "INSERT INTO AllocationKeyWeights (AllocationKeyId, MemberId, Weight) VALUES (@AllocationKeyId, @MemberId, @Weight)";

    private const string DeleteWeightsSql = "DELETE FROM AllocationKeyWeights WHERE AllocationKeyId = @Id";

    private const string UpdateSql = """
        UPDATE AllocationKeys SET Components = @Components, Year = @Year, PopulationKind = @PopulationKind, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
        WHERE Id = @Id AND Version = @Version
        """;

    private const string SetContractKeySql = "UPDATE Contracts SET AllocationKeyId = @keyId WHERE Id = @contractId";

    private const string SetEntryKeySql = "UPDATE CostEntries SET AllocationKeyId = @keyId, Version = Version + 1 WHERE Id = @entryId";

    public async Task<AllocationKeyRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AllocationKeyRecord>(GetSql, new { id });
    }

    public async Task<IReadOnlyList<AllocationKeyWeightRow>> WeightsAsync(long keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AllocationKeyWeightRow>(WeightsSql, new { keyId })).ToList();
    }

    public async Task<(IReadOnlyList<AllocationKeyRecord> Keys, IReadOnlyList<AllocationKeyWeightRow> Weights)> OfGroupAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var keys = (await connection.QueryAsync<AllocationKeyRecord>(GroupKeysSql, new { groupId })).ToList();
        var weights = (await connection.QueryAsync<AllocationKeyWeightRow>(GroupWeightsSql, new { groupId })).ToList();
        return (keys, weights);
    }

    public async Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, AllocationKeyRecord key, IReadOnlyList<AllocationKeyWeightRow> weights)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(weights);
        key.Version = 1;
        key.Id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("AllocationKeys", InsertColumns, InsertValues), key, transaction);
        await InsertWeightsAsync(connection, transaction, key.Id, weights);
        return key.Id;
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, AllocationKeyRecord key, IReadOnlyList<AllocationKeyWeightRow> weights)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(weights);
        if (await connection.ExecuteAsync(UpdateSql, key, transaction) != 1)
        {
            return false;
        }

        key.Version++;
        await connection.ExecuteAsync(DeleteWeightsSql, new { key.Id }, transaction);
        await InsertWeightsAsync(connection, transaction, key.Id, weights);
        return true;
    }

    public Task SetContractKeyAsync(DbConnection connection, DbTransaction? transaction, long contractId, long keyId) =>
        connection.ExecuteAsync(SetContractKeySql, new { contractId, keyId }, transaction);

    public Task SetEntryKeyAsync(DbConnection connection, DbTransaction? transaction, long entryId, long? keyId) =>
        connection.ExecuteAsync(SetEntryKeySql, new { entryId, keyId }, transaction);

    private static async Task InsertWeightsAsync(DbConnection connection, DbTransaction? transaction, long keyId, IReadOnlyList<AllocationKeyWeightRow> weights)
    {
        foreach (var weight in weights)
        {
            await connection.ExecuteAsync(InsertWeightSql, new { AllocationKeyId = keyId, weight.MemberId, weight.Weight }, transaction);
        }
    }
}
