using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>The register of a member's sites (name, address, commune INSEE code), used by need lines per site.</summary>
public interface IMemberSiteRepository
{
    /// <summary>The member's sites by name; archived ones only when asked (they stay referenced by older lines).</summary>
    Task<IReadOnlyList<MemberSite>> ListAsync(long memberId, bool includeArchived, CancellationToken cancellationToken = default);

    Task<MemberSite?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<MemberSite?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, MemberSite site);

    /// <summary>Saves the site if its Version is still <see cref="MemberSite.Version"/>; 0 rows: someone else saved first.</summary>
    Task<int> UpdateAsync(DbConnection connection, DbTransaction? transaction, MemberSite site);

    Task<int> SetArchivedAsync(DbConnection connection, DbTransaction? transaction, long id, bool archived);
}

public sealed class MemberSiteRepository(IDbConnectionFactory factory) : IMemberSiteRepository
{
    /// <summary>The columns of a <see cref="MemberSite"/>; also read by the needs-form page's batch.</summary>
    internal const string Columns = "Id, MemberId, Name, Address, CommuneInsee, IsArchived, CreatedAtUtc, Version";

    private const string ListSql = $"SELECT {Columns} FROM MemberSites WHERE MemberId = @memberId AND (IsArchived = 0 OR @includeArchived = 1) ORDER BY Name, Id";

    private const string GetSql = $"SELECT {Columns} FROM MemberSites WHERE Id = @id";

    private const string UpdateSql =
        "UPDATE MemberSites SET Name = @Name, Address = @Address, CommuneInsee = @CommuneInsee, Version = Version + 1 WHERE Id = @Id AND MemberId = @MemberId AND Version = @Version";

    private const string ArchiveSql = "UPDATE MemberSites SET IsArchived = @archived, Version = Version + 1 WHERE Id = @id";

    public async Task<IReadOnlyList<MemberSite>> ListAsync(long memberId, bool includeArchived, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberSite>(ListSql, new { memberId, includeArchived = includeArchived ? 1 : 0 });
        return rows.ToList();
    }

    public async Task<MemberSite?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public Task<MemberSite?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<MemberSite>(GetSql, new { id }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, MemberSite site) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("MemberSites", "MemberId, Name, Address, CommuneInsee, IsArchived, CreatedAtUtc", "@MemberId, @Name, @Address, @CommuneInsee, @IsArchived, @CreatedAtUtc"),
            site,
            transaction);

    public Task<int> UpdateAsync(DbConnection connection, DbTransaction? transaction, MemberSite site) =>
        connection.ExecuteAsync(UpdateSql, site, transaction);

    public Task<int> SetArchivedAsync(DbConnection connection, DbTransaction? transaction, long id, bool archived) =>
        connection.ExecuteAsync(ArchiveSql, new { id, archived }, transaction);
}
