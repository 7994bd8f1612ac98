using Dapper;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Costs;

/// <summary>A member's summed quantity (thousandths) in one contract: its contract quantities, or its orders.</summary>
public sealed class MemberQuantityRow
{
    public long ContractId { get; set; }

    public long MemberId { get; set; }

    public long QuantityMilli { get; set; }
}

/// <summary>A member's count of active (not archived) sites in its register.</summary>
public sealed class MemberSiteCountRow
{
    public long MemberId { get; set; }

    public long Sites { get; set; }
}

/// <summary>
/// What the keys weigh members by, for every contract of a groupement at once: one query per basis (participants,
/// contract quantities, order quantities, recorded bases, active sites), never one per member, so that a run of a
/// thousand members reads five result sets.
/// </summary>
public interface IAllocationInputQueries
{
    /// <summary>The members taking part in each contract of the groupement.</summary>
    Task<IReadOnlyList<ContractParticipantRow>> ParticipantsAsync(long groupId, CancellationToken cancellationToken = default);

    /// <summary>Each participant's quantities in each contract of the groupement (Σ over the contract's items).</summary>
    Task<IReadOnlyList<MemberQuantityRow>> ContractQuantitiesAsync(long groupId, CancellationToken cancellationToken = default);

    /// <summary>Each member's ordered quantities per contract of the groupement, for orders dated within [from, to].</summary>
    Task<IReadOnlyList<MemberQuantityRow>> OrderQuantitiesAsync(long groupId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>The recorded allocation bases (every year) of the members taking part in the groupement's contracts.</summary>
    Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(long groupId, CancellationToken cancellationToken = default);

    /// <summary>The active sites of the members taking part in the groupement's contracts.</summary>
    Task<IReadOnlyList<MemberSiteCountRow>> ActiveSitesAsync(long groupId, CancellationToken cancellationToken = default);
}

public sealed class AllocationInputQueries(IDbConnectionFactory factory) : IAllocationInputQueries
{
    private const string ParticipantsSql = """
        SELECT cm.ContractId, m.Id AS MemberId, m.Name, m.Siren
        FROM ContractMembers cm
        JOIN Contracts c ON c.Id = cm.ContractId
        JOIN Members m ON m.Id = cm.MemberId
        WHERE c.PurchasingGroupId = @groupId
        ORDER BY cm.ContractId, m.Id
        """;

    private const string ContractQuantitiesSql = """
        SELECT q.ContractId, q.MemberId, SUM(q.QuantityMilli) AS QuantityMilli
        FROM ContractMemberQuantities q
        JOIN Contracts c ON c.Id = q.ContractId
        WHERE c.PurchasingGroupId = @groupId
        GROUP BY q.ContractId, q.MemberId
        """;

    private const string OrderQuantitiesSql = """
        SELECT o.ContractId, o.MemberId, SUM(l.QuantityMilli) AS QuantityMilli
        FROM Orders o
        JOIN OrderLines l ON l.OrderId = o.Id
        JOIN Contracts c ON c.Id = o.ContractId
        WHERE c.PurchasingGroupId = @groupId AND o.OrderedOn >= @from AND o.OrderedOn <= @to
        GROUP BY o.ContractId, o.MemberId
        """;

    private const string BasesSql = """
        SELECT b.MemberId, b.Year, b.PopulationMunicipale, b.PopulationTotale, b.PopulationInseeYear, b.Pupils, b.Schools, b.Sites, b.Lines
        FROM MemberAllocationBases b
        WHERE b.MemberId IN (SELECT cm.MemberId FROM ContractMembers cm JOIN Contracts c ON c.Id = cm.ContractId WHERE c.PurchasingGroupId = @groupId)
        """;

    private const string ActiveSitesSql = """
        SELECT s.MemberId, COUNT(*) AS Sites
        FROM MemberSites s
        WHERE s.IsArchived = 0
          AND s.MemberId IN (SELECT cm.MemberId FROM ContractMembers cm JOIN Contracts c ON c.Id = cm.ContractId WHERE c.PurchasingGroupId = @groupId)
        GROUP BY s.MemberId
        """;

    public async Task<IReadOnlyList<ContractParticipantRow>> ParticipantsAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractParticipantRow>(ParticipantsSql, new { groupId })).ToList();
    }

    public async Task<IReadOnlyList<MemberQuantityRow>> ContractQuantitiesAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberQuantityRow>(ContractQuantitiesSql, new { groupId })).ToList();
    }

    public async Task<IReadOnlyList<MemberQuantityRow>> OrderQuantitiesAsync(long groupId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberQuantityRow>(OrderQuantitiesSql, new { groupId, from, to })).ToList();
    }

    public async Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberAllocationBase>(BasesSql, new { groupId })).ToList();
    }

    public async Task<IReadOnlyList<MemberSiteCountRow>> ActiveSitesAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberSiteCountRow>(ActiveSitesSql, new { groupId })).ToList();
    }
}
