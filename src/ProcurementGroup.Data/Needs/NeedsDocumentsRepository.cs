using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>What the needs documents (spreadsheet round-trip, PDF recap) read besides the catalogue and the lines.</summary>
public interface INeedsDocumentsRepository
{
    /// <summary>All the member's sites, archived ones included (old lines may still name them), by name.</summary>
    Task<IReadOnlyList<MemberSite>> SitesAsync(long memberId, CancellationToken cancellationToken = default);

    /// <summary>The buyers' e-mail addresses of a member (role MemberBuyer, linked to it, not disabled).</summary>
    Task<IReadOnlyList<string>> BuyerEmailsAsync(DbConnection connection, DbTransaction? transaction, long memberId);

    /// <summary>The procurement officers' e-mail addresses (not disabled).</summary>
    Task<IReadOnlyList<string>> OfficerEmailsAsync(DbConnection connection, DbTransaction? transaction);
}

public sealed class NeedsDocumentsRepository(IDbConnectionFactory factory) : INeedsDocumentsRepository
{
    private const string SitesSql =
        "SELECT Id, MemberId, Name, Address, CommuneInsee, IsArchived, CreatedAtUtc FROM MemberSites WHERE MemberId = @memberId ORDER BY Name, Id";

    private const string BuyersSql = """
        SELECT u.Email FROM Users u
        JOIN UserRoles r ON r.UserId = u.Id AND r.Role = 'MemberBuyer'
        JOIN UserMembers um ON um.UserId = u.Id
        WHERE um.MemberId = @memberId AND u.IsDisabled = 0
        ORDER BY u.Email
        """;

    private const string OfficersSql = """
        SELECT u.Email FROM Users u
        JOIN UserRoles r ON r.UserId = u.Id AND r.Role = 'ProcurementOfficer'
        WHERE u.IsDisabled = 0
        ORDER BY u.Email
        """;

    public async Task<IReadOnlyList<MemberSite>> SitesAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberSite>(SitesSql, new { memberId })).ToList();
    }

    public async Task<IReadOnlyList<string>> BuyerEmailsAsync(DbConnection connection, DbTransaction? transaction, long memberId) =>
        (await connection.QueryAsync<string>(BuyersSql, new { memberId }, transaction)).ToList();

    public async Task<IReadOnlyList<string>> OfficerEmailsAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<string>(OfficersSql, transaction: transaction)).ToList();
}
