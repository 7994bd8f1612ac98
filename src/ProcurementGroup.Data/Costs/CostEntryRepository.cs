using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Costs;

/// <summary>The cost entries a list shows: those of one contract, or of every contract, covering part of a period.</summary>
public sealed record CostEntryQuery(long? ContractId, DateOnly? From, DateOnly? To);

/// <summary>A cost entry as the list shows it, with its contract, the member it is assigned to and whether an issued run holds it.</summary>
public sealed class CostEntryRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public string ContractReference { get; set; } = string.Empty;

    public string InvoiceNumber { get; set; } = string.Empty;

    public DateOnly InvoiceDate { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public string Label { get; set; } = string.Empty;

    public long AmountHtCents { get; set; }

    public int VatRateBasisPoints { get; set; }

    public long? MemberId { get; set; }

    public string? MemberName { get; set; }

    public long? AllocationKeyId { get; set; }

    public bool Issued { get; set; }
}

/// <summary>A contract as the cost pages need it: its groupement, its key and its title.</summary>
public sealed class CostContract
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public long? AllocationKeyId { get; set; }
}

/// <summary>A member taking part in a contract.</summary>
public sealed class ContractParticipantRow
{
    public long ContractId { get; set; }

    public long MemberId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Siren { get; set; }
}

public interface ICostEntryRepository
{
    Task<IReadOnlyList<CostEntryRow>> ListAsync(CostEntryQuery query, CancellationToken cancellationToken = default);

    Task<CostEntry?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<CostEntry?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    /// <summary>Inserts with Version 1 and returns the new id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, CostEntry entry);

    /// <summary>Saves when the Version is still the stored one (then increments it); false when someone else saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, CostEntry entry);

    Task<bool> DeleteAsync(DbConnection connection, DbTransaction? transaction, long id, int version);

    /// <summary>Whether an issued run (State 1) holds the entry: it is then frozen.</summary>
    Task<bool> IsIssuedAsync(DbConnection connection, DbTransaction? transaction, long id);

    /// <summary>The (invoice number, label) pairs already recorded for the contract.</summary>
    Task<IReadOnlyList<(string InvoiceNumber, string Label)>> InvoiceLinesAsync(DbConnection connection, DbTransaction? transaction, long contractId);

    /// <summary>The ids of the members taking part in the contract.</summary>
    Task<IReadOnlyList<long>> ParticipantIdsAsync(DbConnection connection, DbTransaction? transaction, long contractId);

    /// <summary>Lets previews (never issued runs) forget an entry about to be deleted; their next computation drops its line.</summary>
    Task DetachFromPreviewsAsync(DbConnection connection, DbTransaction? transaction, long id);

    /// <summary>The member of an order of the contract (null when the contract has no such order).</summary>
    Task<long?> OrderMemberAsync(DbConnection connection, DbTransaction? transaction, long orderId, long contractId);

    Task<IReadOnlyList<CostContract>> ContractsAsync(CancellationToken cancellationToken = default);

    Task<CostContract?> ContractAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractParticipantRow>> ParticipantsAsync(long contractId, CancellationToken cancellationToken = default);

    /// <summary>The entries of a groupement's contracts whose covered period meets [from, to] and that no issued run holds yet.</summary>
    Task<IReadOnlyList<CostEntry>> UnissuedInPeriodAsync(long groupId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

public sealed class CostEntryRepository(IDbConnectionFactory factory) : ICostEntryRepository
{
    public const string Columns =
        "Id, PurchasingGroupId, ContractId, InvoiceNumber, InvoiceDate, PeriodFrom, PeriodTo, Label, AmountHtCents, VatRateBasisPoints, MemberId, OrderId, AllocationKeyId, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string InsertColumns =
        "PurchasingGroupId, ContractId, InvoiceNumber, InvoiceDate, PeriodFrom, PeriodTo, Label, AmountHtCents, VatRateBasisPoints, MemberId, OrderId, AllocationKeyId, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string InsertValues =
        "@PurchasingGroupId, @ContractId, @InvoiceNumber, @InvoiceDate, @PeriodFrom, @PeriodTo, @Label, @AmountHtCents, @VatRateBasisPoints, @MemberId, @OrderId, @AllocationKeyId, 1, @CreatedAtUtc, @UpdatedAtUtc";

    private const string ListSql = """
        SELECT e.Id, e.ContractId, c.Reference AS ContractReference, e.InvoiceNumber, e.InvoiceDate, e.PeriodFrom, e.PeriodTo, e.Label,
            e.AmountHtCents, e.VatRateBasisPoints, e.MemberId, m.Name AS MemberName, e.AllocationKeyId,
            CASE WHEN EXISTS (SELECT 1 FROM RunCostLines l JOIN AllocationRuns r ON r.Id = l.RunId WHERE l.CostEntryId = e.Id AND r.State = 1) THEN 1 ELSE 0 END AS Issued
        FROM CostEntries e
        JOIN Contracts c ON c.Id = e.ContractId
        LEFT JOIN Members m ON m.Id = e.MemberId
        WHERE (@ContractId IS NULL OR e.ContractId = @ContractId)
          AND (@From IS NULL OR e.PeriodTo >= @From)
          AND (@To IS NULL OR e.PeriodFrom <= @To)
        ORDER BY e.PeriodFrom, c.Reference, e.InvoiceNumber, e.Id
        """;

    private const string GetSql = "SELECT " + Columns + " FROM CostEntries WHERE Id = @id";

    private const string UpdateSql = """
        UPDATE CostEntries SET InvoiceNumber = @InvoiceNumber, InvoiceDate = @InvoiceDate, PeriodFrom = @PeriodFrom, PeriodTo = @PeriodTo,
            Label = @Label, AmountHtCents = @AmountHtCents, VatRateBasisPoints = @VatRateBasisPoints, MemberId = @MemberId, OrderId = @OrderId,
            AllocationKeyId = @AllocationKeyId, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
        WHERE Id = @Id AND Version = @Version
        """;

    private const string DeleteSql = "DELETE FROM CostEntries WHERE Id = @id AND Version = @version";

    private const string IssuedSql =
        "SELECT COUNT(*) FROM RunCostLines l JOIN AllocationRuns r ON r.Id = l.RunId WHERE l.CostEntryId = @id AND r.State = 1";

    private const string InvoiceLinesSql = "SELECT InvoiceNumber, Label FROM CostEntries WHERE ContractId = @contractId";

    private const string ParticipantIdsSql = "SELECT MemberId FROM ContractMembers WHERE ContractId = @contractId";

    private const string DetachSql =
        "UPDATE RunCostLines SET CostEntryId = NULL WHERE CostEntryId = @id AND RunId IN (SELECT r.Id FROM AllocationRuns r WHERE r.State = 0)";

    private const string OrderMemberSql = "SELECT MemberId FROM Orders WHERE Id = @orderId AND ContractId = @contractId";

    private const string ContractsSql =
        "SELECT Id, PurchasingGroupId, Reference, Title, AllocationKeyId FROM Contracts ORDER BY Reference, Id";

    private const string ContractSql =
        "SELECT Id, PurchasingGroupId, Reference, Title, AllocationKeyId FROM Contracts WHERE Id = @contractId";

    private const string ParticipantsSql = """
        SELECT cm.ContractId, m.Id AS MemberId, m.Name, m.Siren
        FROM ContractMembers cm
        JOIN Members m ON m.Id = cm.MemberId
        WHERE cm.ContractId = @contractId
        ORDER BY m.NameSearch, m.Id
        """;

    private const string UnissuedSql = "SELECT " + Columns + """
         FROM CostEntries e
        WHERE e.PurchasingGroupId = @groupId AND e.PeriodTo >= @from AND e.PeriodFrom <= @to
          AND NOT EXISTS (SELECT 1 FROM RunCostLines l JOIN AllocationRuns r ON r.Id = l.RunId WHERE l.CostEntryId = e.Id AND r.State = 1)
        ORDER BY e.ContractId, e.Id
        """;

    public async Task<IReadOnlyList<CostEntryRow>> ListAsync(CostEntryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CostEntryRow>(ListSql, new { query.ContractId, query.From, query.To })).ToList();
    }

    public async Task<CostEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public Task<CostEntry?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<CostEntry>(GetSql, new { id }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Version = 1;
        return connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("CostEntries", InsertColumns, InsertValues), entry, transaction);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var changed = await connection.ExecuteAsync(UpdateSql, entry, transaction);
        if (changed == 1)
        {
            entry.Version++;
        }

        return changed == 1;
    }

    public async Task<bool> DeleteAsync(DbConnection connection, DbTransaction? transaction, long id, int version) =>
        await connection.ExecuteAsync(DeleteSql, new { id, version }, transaction) == 1;

    public async Task<bool> IsIssuedAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        await connection.ExecuteScalarAsync<long>(IssuedSql, new { id }, transaction) > 0;

    public async Task<IReadOnlyList<(string InvoiceNumber, string Label)>> InvoiceLinesAsync(DbConnection connection, DbTransaction? transaction, long contractId) =>
        (await connection.QueryAsync<(string, string)>(InvoiceLinesSql, new { contractId }, transaction)).ToList();

    public async Task<IReadOnlyList<long>> ParticipantIdsAsync(DbConnection connection, DbTransaction? transaction, long contractId) =>
        (await connection.QueryAsync<long>(ParticipantIdsSql, new { contractId }, transaction)).ToList();

    public Task DetachFromPreviewsAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteAsync(DetachSql, new { id }, transaction);

    public Task<long?> OrderMemberAsync(DbConnection connection, DbTransaction? transaction, long orderId, long contractId) =>
        connection.ExecuteScalarAsync<long?>(OrderMemberSql, new { orderId, contractId }, transaction);

    public async Task<IReadOnlyList<CostContract>> ContractsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CostContract>(ContractsSql)).ToList();
    }

    public async Task<CostContract?> ContractAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CostContract>(ContractSql, new { contractId });
    }

    public async Task<IReadOnlyList<ContractParticipantRow>> ParticipantsAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractParticipantRow>(ParticipantsSql, new { contractId })).ToList();
    }

    public async Task<IReadOnlyList<CostEntry>> UnissuedInPeriodAsync(long groupId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CostEntry>(UnissuedSql, new { groupId, from, to })).ToList();
    }
}
