using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Groups;

public enum GroupSort
{
    Name,
    Domain,
    StartDate,
}

public sealed record GroupQuery(string? Search, GroupSort Sort, bool Descending, int Skip, int Take);

public sealed class GroupListRow
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public GroupDomain Domain { get; set; }

    public DateOnly? ConventionDate { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    /// <summary>Adhesions not ended (LeftOn empty).</summary>
    public int OpenAdhesions { get; set; }
}

/// <summary>An adhesion with the names of its member and groupement, for pages.</summary>
public sealed class AdhesionRow
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public string GroupName { get; set; } = string.Empty;

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public DateOnly JoinedOn { get; set; }

    public DateOnly? LeftOn { get; set; }

    public int Version { get; set; }

    public Adhesion ToAdhesion() => new() { Id = Id, PurchasingGroupId = PurchasingGroupId, MemberId = MemberId, JoinedOn = JoinedOn, LeftOn = LeftOn, Version = Version };
}

public interface IPurchasingGroupRepository
{
    Task<(IReadOnlyList<GroupListRow> Rows, int Total)> SearchAsync(GroupQuery query, CancellationToken cancellationToken = default);

    Task<PurchasingGroup?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<PurchasingGroup?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, PurchasingGroup group);

    /// <summary>Saves when <see cref="PurchasingGroup.Version"/> is still the stored one; false when someone else saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, PurchasingGroup group);

    Task<IReadOnlyList<AdhesionRow>> AdhesionsOfGroupAsync(long groupId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AdhesionRow>> AdhesionsOfGroupAsync(DbConnection connection, DbTransaction? transaction, long groupId);

    Task<IReadOnlyList<AdhesionRow>> AdhesionsOfMemberAsync(long memberId, CancellationToken cancellationToken = default);

    Task<int> CountAdhesionsOfMemberAsync(DbConnection connection, DbTransaction? transaction, long memberId);

    Task<AdhesionRow?> GetAdhesionAsync(DbConnection connection, DbTransaction? transaction, long adhesionId);

    Task<long> AddAdhesionAsync(DbConnection connection, DbTransaction? transaction, Adhesion adhesion);

    /// <summary>Saves the dates if the Version is still <see cref="Adhesion.Version"/>; 0 rows: someone else saved first.</summary>
    Task<int> UpdateAdhesionAsync(DbConnection connection, DbTransaction? transaction, Adhesion adhesion);

    Task<int> RemoveAdhesionAsync(DbConnection connection, DbTransaction? transaction, long adhesionId);

    /// <summary>Whether a needs campaign of the adhesion's groupement holds a form of its member (the adhesion is then history).</summary>
    Task<bool> AdhesionUsedAsync(DbConnection connection, DbTransaction? transaction, long adhesionId);
}

public sealed class PurchasingGroupRepository(IDbConnectionFactory factory) : IPurchasingGroupRepository
{
    private const string Columns = "Id, Name, Domain, ConventionDate, StartDate, EndDate, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string UpdateAdhesionSql =
        "UPDATE Adhesions SET JoinedOn = @JoinedOn, LeftOn = @LeftOn, Version = Version + 1 WHERE Id = @Id AND Version = @Version";

    private const string AdhesionSelect = """
        SELECT a.Id, a.PurchasingGroupId, g.Name AS GroupName, a.MemberId, m.Name AS MemberName, a.JoinedOn, a.LeftOn, a.Version
        FROM Adhesions a
        JOIN PurchasingGroups g ON g.Id = a.PurchasingGroupId
        JOIN Members m ON m.Id = a.MemberId
        """;

    private static string OrderBy(GroupSort sort, bool descending)
    {
        var direction = descending ? " DESC" : " ASC";
        return sort switch
        {
            GroupSort.Domain => $" ORDER BY g.Domain{direction}, g.NameSearch ASC, g.Id ASC",
            GroupSort.StartDate => $" ORDER BY g.StartDate{direction}, g.NameSearch ASC, g.Id ASC",
            _ => $" ORDER BY g.NameSearch{direction}, g.Id ASC",
        };
    }

    public async Task<(IReadOnlyList<GroupListRow> Rows, int Total)> SearchAsync(GroupQuery query, CancellationToken cancellationToken = default)
    {
        var where = " WHERE (@Search IS NULL OR " + factory.Dialect.Contains("g.NameSearch", "Search") + ")";
        var args = new
        {
            Search = string.IsNullOrWhiteSpace(query.Search) ? null : SearchText.Fold(query.Search.Trim()),
            query.Skip,
            query.Take,
        };
        const string Select = """
            SELECT g.Id, g.Name, g.Domain, g.ConventionDate, g.StartDate, g.EndDate,
                (SELECT COUNT(*) FROM Adhesions a WHERE a.PurchasingGroupId = g.Id AND a.LeftOn IS NULL) AS OpenAdhesions
            FROM PurchasingGroups g
            """;
        await using var connection = await factory.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM PurchasingGroups g{where}", args);
        var rows = await connection.QueryAsync<GroupListRow>(factory.Dialect.Page(Select + where + OrderBy(query.Sort, query.Descending)), args);
        return (rows.ToList(), total);
    }

    public async Task<PurchasingGroup?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public Task<PurchasingGroup?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<PurchasingGroup>($"SELECT {Columns} FROM PurchasingGroups WHERE Id = @id", new { id }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, PurchasingGroup group)
    {
        group.Version = 1;
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "PurchasingGroups",
                "Name, NameSearch, Domain, ConventionDate, StartDate, EndDate, Version, CreatedAtUtc, UpdatedAtUtc",
                "@Name, @NameSearch, @Domain, @ConventionDate, @StartDate, @EndDate, 1, @CreatedAtUtc, @UpdatedAtUtc"),
            Parameters(group),
            transaction);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, PurchasingGroup group)
    {
        const string Sql = """
            UPDATE PurchasingGroups SET Name = @Name, NameSearch = @NameSearch, Domain = @Domain, ConventionDate = @ConventionDate,
                StartDate = @StartDate, EndDate = @EndDate, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
            WHERE Id = @Id AND Version = @Version
            """;
        var changed = await connection.ExecuteAsync(Sql, Parameters(group), transaction);
        if (changed == 1)
        {
            group.Version++;
        }

        return changed == 1;
    }

    public async Task<IReadOnlyList<AdhesionRow>> AdhesionsOfGroupAsync(long groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await AdhesionsOfGroupAsync(connection, null, groupId);
    }

    public async Task<IReadOnlyList<AdhesionRow>> AdhesionsOfGroupAsync(DbConnection connection, DbTransaction? transaction, long groupId) =>
        (await connection.QueryAsync<AdhesionRow>(
            $"{AdhesionSelect} WHERE a.PurchasingGroupId = @groupId ORDER BY m.NameSearch, a.JoinedOn", new { groupId }, transaction)).ToList();

    public async Task<IReadOnlyList<AdhesionRow>> AdhesionsOfMemberAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AdhesionRow>(
            $"{AdhesionSelect} WHERE a.MemberId = @memberId ORDER BY g.NameSearch, a.JoinedOn", new { memberId })).ToList();
    }

    public Task<int> CountAdhesionsOfMemberAsync(DbConnection connection, DbTransaction? transaction, long memberId) =>
        connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Adhesions WHERE MemberId = @memberId", new { memberId }, transaction);

    public Task<AdhesionRow?> GetAdhesionAsync(DbConnection connection, DbTransaction? transaction, long adhesionId) =>
        connection.QuerySingleOrDefaultAsync<AdhesionRow>($"{AdhesionSelect} WHERE a.Id = @adhesionId", new { adhesionId }, transaction);

    public Task<long> AddAdhesionAsync(DbConnection connection, DbTransaction? transaction, Adhesion adhesion) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Adhesions", "PurchasingGroupId, MemberId, JoinedOn, LeftOn", "@PurchasingGroupId, @MemberId, @JoinedOn, @LeftOn"),
            new { adhesion.PurchasingGroupId, adhesion.MemberId, adhesion.JoinedOn, adhesion.LeftOn },
            transaction);

    public Task<int> UpdateAdhesionAsync(DbConnection connection, DbTransaction? transaction, Adhesion adhesion) =>
        connection.ExecuteAsync(UpdateAdhesionSql, new { adhesion.Id, adhesion.JoinedOn, adhesion.LeftOn, adhesion.Version }, transaction);

    public Task<int> RemoveAdhesionAsync(DbConnection connection, DbTransaction? transaction, long adhesionId) =>
        connection.ExecuteAsync("DELETE FROM Adhesions WHERE Id = @adhesionId", new { adhesionId }, transaction);

    public async Task<bool> AdhesionUsedAsync(DbConnection connection, DbTransaction? transaction, long adhesionId) =>
        await connection.ExecuteScalarAsync<long>(AdhesionUsedSql, new { adhesionId }, transaction) > 0;

    private const string AdhesionUsedSql =
        """
        SELECT COUNT(*) FROM Adhesions a
        JOIN NeedsCampaigns c ON c.PurchasingGroupId = a.PurchasingGroupId
        JOIN NeedsForms f ON f.CampaignId = c.Id AND f.MemberId = a.MemberId
        WHERE a.Id = @adhesionId
        """;

    private static object Parameters(PurchasingGroup g) => new
    {
        g.Id,
        g.Name,
        NameSearch = SearchText.Fold(g.Name),
        Domain = (int)g.Domain,
        g.ConventionDate,
        g.StartDate,
        g.EndDate,
        g.Version,
        g.CreatedAtUtc,
        g.UpdatedAtUtc,
    };
}
