using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Accounts;

/// <summary>How the users list may be sorted (a closed list: never a column name from the request).</summary>
public enum UserSort
{
    Email,
    EmailDesc,
    Name,
    NameDesc,
    Created,
    CreatedDesc,
}

public sealed record UserListQuery(string? Search, UserSort Sort, int Skip, int Take);

public sealed class UserListRow
{
    public long Id { get; set; }

    public string Email { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public bool IsDisabled { get; set; }

    public bool HasPassword { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public IReadOnlyList<string> Roles { get; set; } = [];
}

/// <summary>A user with its roles and members, as the administration pages and the audit log see it.</summary>
public sealed class UserDetails
{
    public required AppUser User { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public required IReadOnlyList<long> MemberIds { get; init; }
}

/// <summary>
/// The administrators' side of accounts: the searchable list and the writes that must commit together with their audit
/// entry, so these take the caller's connection and transaction. Identity's own reads and writes go through <see cref="UserStore"/>.
/// </summary>
public interface IUserRepository
{
    Task<(IReadOnlyList<UserListRow> Rows, int Total)> ListAsync(UserListQuery query, CancellationToken cancellationToken = default);

    Task<UserDetails?> GetDetailsAsync(long id, CancellationToken cancellationToken = default);

    Task<UserDetails?> GetDetailsAsync(DbConnection connection, DbTransaction transaction, long id);

    Task<bool> EmailExistsAsync(string normalizedEmail, long? exceptUserId = null, CancellationToken cancellationToken = default);

    Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, AppUser user);

    /// <summary>
    /// Saves the display name if the account's ConcurrencyStamp is still <paramref name="expectedStamp"/> (the one the
    /// page was loaded with; null: no check); returns 0 when someone else changed the account first.
    /// </summary>
    Task<int> UpdateProfileAsync(DbConnection connection, DbTransaction transaction, long id, string displayName, string email, string? expectedStamp);

    Task ReplaceRolesAsync(DbConnection connection, DbTransaction transaction, long id, IEnumerable<string> roles);

    Task ReplaceMembersAsync(DbConnection connection, DbTransaction transaction, long id, IEnumerable<long> memberIds);

    /// <summary>Disables or enables an account and changes its security stamp, so that open sessions end.</summary>
    Task SetDisabledAsync(DbConnection connection, DbTransaction transaction, long id, bool disabled);
}

public sealed class UserRepository(IDbConnectionFactory factory) : IUserRepository
{
    public async Task<(IReadOnlyList<UserListRow> Rows, int Total)> ListAsync(UserListQuery query, CancellationToken cancellationToken = default)
    {
        var search = SearchText.Fold(query.Search?.Trim());
        // NormalizedEmail too: it is upper case like the folded search, and always filled.
        var filter = "FROM Users" + (search.Length == 0
            ? string.Empty
            : $" WHERE ({factory.Dialect.Contains("SearchText", "Search")} OR {factory.Dialect.Contains("NormalizedEmail", "Search")})");
        var orderBy = query.Sort switch
        {
            UserSort.EmailDesc => "NormalizedEmail DESC, Id DESC",
            UserSort.Name => "DisplayName, NormalizedEmail, Id",
            UserSort.NameDesc => "DisplayName DESC, NormalizedEmail DESC, Id DESC",
            UserSort.Created => "CreatedAtUtc, Id",
            UserSort.CreatedDesc => "CreatedAtUtc DESC, Id DESC",
            _ => "NormalizedEmail, Id",
        };
        var args = new { Search = search, query.Skip, query.Take };

        await using var connection = await factory.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {filter}", args);
        var rows = (await connection.QueryAsync<UserListRow>(
            factory.Dialect.Page(
                "SELECT Id, Email, DisplayName, IsDisabled, CASE WHEN PasswordHash IS NULL THEN 0 ELSE 1 END AS HasPassword, CreatedAtUtc " +
                $"{filter} ORDER BY {orderBy}"),
            args)).ToList();
        if (rows.Count > 0)
        {
            var roles = await connection.QueryAsync<(long UserId, string Role)>(
                "SELECT UserId, Role FROM UserRoles WHERE UserId IN @Ids", new { Ids = rows.Select(r => r.Id).ToList() });
            var byUser = roles.ToLookup(r => r.UserId, r => r.Role);
            foreach (var row in rows)
            {
                row.Roles = Roles.All.Where(r => byUser[row.Id].Contains(r, StringComparer.Ordinal)).ToList();
            }
        }

        return (rows, total);
    }

    public async Task<UserDetails?> GetDetailsAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await ReadDetailsAsync(connection, null, id);
    }

    public Task<UserDetails?> GetDetailsAsync(DbConnection connection, DbTransaction transaction, long id) =>
        ReadDetailsAsync(connection, transaction, id);

    private static async Task<UserDetails?> ReadDetailsAsync(DbConnection connection, DbTransaction? transaction, long id)
    {
        var user = await connection.QuerySingleOrDefaultAsync<AppUser>($"SELECT {UserStore.Columns} FROM Users WHERE Id = @id", new { id }, transaction);
        if (user is null)
        {
            return null;
        }

        var roles = await connection.QueryAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }, transaction);
        var members = await connection.QueryAsync<long>("SELECT MemberId FROM UserMembers WHERE UserId = @id ORDER BY MemberId", new { id }, transaction);
        var roleSet = roles.ToHashSet(StringComparer.Ordinal);
        return new UserDetails
        {
            User = user,
            Roles = Roles.All.Where(roleSet.Contains).ToList(),
            MemberIds = members.ToList(),
        };
    }

    public async Task<bool> EmailExistsAsync(string normalizedEmail, long? exceptUserId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM Users WHERE NormalizedEmail = @normalizedEmail AND (@exceptUserId IS NULL OR Id <> @exceptUserId)",
            new { normalizedEmail, exceptUserId }) > 0;
    }

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, AppUser user) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Users", UserStore.InsertColumns, UserStore.InsertValues), UserStore.InsertArgs(user), transaction);

    private const string UpdateProfileSql = """
        UPDATE Users SET DisplayName = @displayName, SearchText = @SearchText, ConcurrencyStamp = @Stamp
        WHERE Id = @id AND (@expectedStamp IS NULL OR ConcurrencyStamp = @expectedStamp)
        """;

    public Task<int> UpdateProfileAsync(DbConnection connection, DbTransaction transaction, long id, string displayName, string email, string? expectedStamp) =>
        connection.ExecuteAsync(
            UpdateProfileSql,
            new
            {
                id,
                expectedStamp,
                displayName,
                SearchText = UserStore.SearchTextOf(new AppUser { DisplayName = displayName, Email = email }),
                Stamp = Guid.NewGuid().ToString("N"),
            },
            transaction);

    public async Task ReplaceRolesAsync(DbConnection connection, DbTransaction transaction, long id, IEnumerable<string> roles)
    {
        await connection.ExecuteAsync("DELETE FROM UserRoles WHERE UserId = @id", new { id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO UserRoles (UserId, Role) VALUES (@UserId, @Role)",
            roles.Select(UserStore.CanonicalRole).Distinct(StringComparer.Ordinal).Select(r => new { UserId = id, Role = r }),
            transaction);
    }

    public async Task ReplaceMembersAsync(DbConnection connection, DbTransaction transaction, long id, IEnumerable<long> memberIds)
    {
        await connection.ExecuteAsync("DELETE FROM UserMembers WHERE UserId = @id", new { id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO UserMembers (UserId, MemberId) VALUES (@UserId, @MemberId)",
            memberIds.Distinct().Select(m => new { UserId = id, MemberId = m }),
            transaction);
    }

    public Task SetDisabledAsync(DbConnection connection, DbTransaction transaction, long id, bool disabled) =>
        connection.ExecuteAsync(
            "UPDATE Users SET IsDisabled = @disabled, SecurityStamp = @SecurityStamp, ConcurrencyStamp = @ConcurrencyStamp WHERE Id = @id",
            new { id, disabled, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString("N") },
            transaction);
}

/// <summary>The members an administrator may attach to a MemberBuyer (read-only, kept here so accounts do not depend on the members feature).</summary>
public interface IAccountMemberDirectory
{
    Task<IReadOnlyList<(long Id, string Name)>> ListIdsAndNamesAsync(CancellationToken cancellationToken = default);
}

public sealed class AccountMemberDirectory(IDbConnectionFactory factory) : IAccountMemberDirectory
{
    public async Task<IReadOnlyList<(long Id, string Name)>> ListIdsAndNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Name)>("SELECT Id, Name FROM Members ORDER BY NameSearch, Id");
        return rows.ToList();
    }
}
