using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Identity;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Accounts;

/// <summary>
/// ASP.NET Core Identity over Dapper: the user name is the e-mail address, roles are the fixed
/// <see cref="Roles"/> kept in UserRoles (no role table, so no role store). One connection per call.
/// Role changes are written at once (UserManager then calls <see cref="UpdateAsync"/> for the stamps).
/// </summary>
public sealed class UserStore(IDbConnectionFactory factory, IdentityErrorDescriber describer) :
    IUserPasswordStore<AppUser>,
    IUserEmailStore<AppUser>,
    IUserSecurityStampStore<AppUser>,
    IUserLockoutStore<AppUser>,
    IUserRoleStore<AppUser>,
    IUserTwoFactorStore<AppUser>,
    IUserAuthenticatorKeyStore<AppUser>,
    IUserTwoFactorRecoveryCodeStore<AppUser>,
    IUserAccessFailureStore
{
    internal const string Columns =
        "Id, Email, NormalizedEmail, DisplayName, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, " +
        "LockoutEnd, LockoutEnabled, AccessFailedCount, IsDisabled, CreatedAtUtc, TwoFactorEnabled, AuthenticatorKey";

    internal const string InsertColumns =
        "Email, NormalizedEmail, DisplayName, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, " +
        "LockoutEnd, LockoutEnabled, AccessFailedCount, IsDisabled, CreatedAtUtc, SearchText, TwoFactorEnabled, AuthenticatorKey";

    internal const string InsertValues =
        "@Email, @NormalizedEmail, @DisplayName, @EmailConfirmed, @PasswordHash, @SecurityStamp, @ConcurrencyStamp, " +
        "@LockoutEnd, @LockoutEnabled, @AccessFailedCount, @IsDisabled, @CreatedAtUtc, @SearchText, @TwoFactorEnabled, @AuthenticatorKey";

    /// <summary>What the users list searches: display name and e-mail, folded (upper case, no accents).</summary>
    public static string SearchTextOf(AppUser user) => SearchText.Fold(user.DisplayName + " " + user.Email);

    internal static object InsertArgs(AppUser user) => new
    {
        user.Email,
        user.NormalizedEmail,
        user.DisplayName,
        user.EmailConfirmed,
        user.PasswordHash,
        user.SecurityStamp,
        user.ConcurrencyStamp,
        user.LockoutEnd,
        user.LockoutEnabled,
        user.AccessFailedCount,
        user.IsDisabled,
        user.CreatedAtUtc,
        SearchText = SearchTextOf(user),
        user.TwoFactorEnabled,
        user.AuthenticatorKey,
    };

    public void Dispose()
    {
        // Stateless: every call opens and closes its own connection.
    }

    public async Task<IdentityResult> CreateAsync(AppUser user, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (user.CreatedAtUtc == default)
        {
            user.CreatedAtUtc = DateTime.UtcNow;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        user.Id = await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Users", InsertColumns, InsertValues), InsertArgs(user));
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(AppUser user, CancellationToken cancellationToken)
    {
        const string Sql = """
            UPDATE Users SET Email = @Email, NormalizedEmail = @NormalizedEmail, DisplayName = @DisplayName,
                EmailConfirmed = @EmailConfirmed, PasswordHash = @PasswordHash, SecurityStamp = @SecurityStamp,
                ConcurrencyStamp = @NewConcurrencyStamp, LockoutEnd = @LockoutEnd, LockoutEnabled = @LockoutEnabled,
                AccessFailedCount = @AccessFailedCount, IsDisabled = @IsDisabled, SearchText = @SearchText,
                TwoFactorEnabled = @TwoFactorEnabled, AuthenticatorKey = @AuthenticatorKey
            WHERE Id = @Id AND ConcurrencyStamp = @ConcurrencyStamp
            """;
        cancellationToken.ThrowIfCancellationRequested();
        var newStamp = Guid.NewGuid().ToString("N");
        await using var connection = await factory.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(Sql, new
        {
            user.Id,
            user.Email,
            user.NormalizedEmail,
            user.DisplayName,
            user.EmailConfirmed,
            user.PasswordHash,
            user.SecurityStamp,
            user.ConcurrencyStamp,
            NewConcurrencyStamp = newStamp,
            user.LockoutEnd,
            user.LockoutEnabled,
            user.AccessFailedCount,
            user.IsDisabled,
            SearchText = SearchTextOf(user),
            user.TwoFactorEnabled,
            user.AuthenticatorKey,
        });
        if (changed == 0)
        {
            return IdentityResult.Failed(describer.ConcurrencyFailure());
        }

        user.ConcurrencyStamp = newStamp;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(AppUser user, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM Users WHERE Id = @Id", new { user.Id });
        return IdentityResult.Success;
    }

    public async Task<AppUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AppUser>($"SELECT {Columns} FROM Users WHERE Id = @id", new { id });
    }

    public Task<AppUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindByEmailAsync(normalizedUserName, cancellationToken);

    public async Task<AppUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AppUser>(
            $"SELECT {Columns} FROM Users WHERE NormalizedEmail = @normalizedEmail", new { normalizedEmail });
    }

    // The user name is the e-mail address.
    public Task<string> GetUserIdAsync(AppUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Id.ToString(CultureInfo.InvariantCulture));

    public Task<string?> GetUserNameAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task SetUserNameAsync(AppUser user, string? userName, CancellationToken cancellationToken)
    {
        user.Email = userName ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(AppUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedName ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(AppUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(AppUser user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task<bool> GetEmailConfirmedAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);

    public Task SetEmailConfirmedAsync(AppUser user, bool confirmed, CancellationToken cancellationToken)
    {
        user.EmailConfirmed = confirmed;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedEmailAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(AppUser user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedEmail ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task SetSecurityStampAsync(AppUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(AppUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Counts one failure in a single UPDATE (never read-modify-write: parallel attempts would lose increments) and sets
    /// the lockout end in the same statement once the count reaches the threshold. The count is not reset on lockout,
    /// so it equals the number of failed checks since the last success or reset; each failure past the threshold
    /// locks again from now. The concurrency stamp changes so that a stale copy of the row cannot overwrite the count.
    /// </summary>
    public async Task<AccessFailure> RecordAccessFailureAsync(long userId, int maxFailedAttempts, DateTimeOffset lockoutEnd, CancellationToken cancellationToken = default)
    {
        const string Increment = """
            UPDATE Users SET AccessFailedCount = AccessFailedCount + 1,
                LockoutEnd = CASE WHEN LockoutEnabled = 1 AND AccessFailedCount + 1 >= @MaxFailedAttempts THEN @LockoutEnd ELSE LockoutEnd END,
                ConcurrencyStamp = @ConcurrencyStamp
            WHERE Id = @Id
            """;
        const string Read = "SELECT AccessFailedCount, LockoutEnd, ConcurrencyStamp FROM Users WHERE Id = @Id";
        var stamp = Guid.NewGuid().ToString("N");
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Increment, new { Id = userId, MaxFailedAttempts = maxFailedAttempts, LockoutEnd = lockoutEnd, ConcurrencyStamp = stamp }, tx);
        var after = await connection.QuerySingleOrDefaultAsync<AccessFailure>(Read, new { Id = userId }, tx) ?? new AccessFailure();
        await tx.CommitAsync(cancellationToken);
        return after;
    }

    public Task<int> IncrementAccessFailedCountAsync(AppUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount++;
        return Task.FromResult(user.AccessFailedCount);
    }

    public Task ResetAccessFailedCountAsync(AppUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(AppUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task SetTwoFactorEnabledAsync(AppUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKey = key;
        return Task.CompletedTask;
    }

    public Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken) => Task.FromResult(user.AuthenticatorKey);

    /// <summary>Replaces the recovery codes at once: only their hashes are kept (UserManager then saves the user).</summary>
    public async Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        const string Delete = "DELETE FROM UserRecoveryCodes WHERE UserId = @UserId";
        const string Insert = "INSERT INTO UserRecoveryCodes (UserId, CodeHash) VALUES (@UserId, @CodeHash)";
        var rows = recoveryCodes.Select(c => RecoveryCodeHash(user.Id, c)).Distinct(StringComparer.Ordinal)
            .Select(h => new { UserId = user.Id, CodeHash = h }).ToList();
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Delete, new { UserId = user.Id }, tx);
        await connection.ExecuteAsync(Insert, rows, tx);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Single use: the code's row is deleted, and only the request that deleted it succeeds.</summary>
    public async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        const string Sql = "DELETE FROM UserRecoveryCodes WHERE UserId = @UserId AND CodeHash = @CodeHash";
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(Sql, new { UserId = user.Id, CodeHash = RecoveryCodeHash(user.Id, code) }) == 1;
    }

    public async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT COUNT(*) FROM UserRecoveryCodes WHERE UserId = @UserId";
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(Sql, new { UserId = user.Id });
    }

    /// <summary>
    /// SHA-256 of the user id and the code without spaces or dashes, upper case (typed either way, it is the same code).
    /// Recovery codes are random (about 50 bits), so a fast hash is enough: no dictionary applies to them.
    /// </summary>
    public static string RecoveryCodeHash(long userId, string code)
    {
        var normalized = new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        var bytes = System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(userId.ToString(CultureInfo.InvariantCulture) + ":" + normalized));
        return Convert.ToHexString(bytes);
    }

    /// <summary>UserManager passes role names normalized (upper case); the database keeps the canonical name.</summary>
    public static string CanonicalRole(string roleName) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"Unknown role {roleName}.");

    public async Task AddToRoleAsync(AppUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO UserRoles (UserId, Role) SELECT @UserId, @Role WHERE NOT EXISTS (SELECT 1 FROM UserRoles WHERE UserId = @UserId AND Role = @Role)",
            new { UserId = user.Id, Role = role });
    }

    public async Task RemoveFromRoleAsync(AppUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM UserRoles WHERE UserId = @UserId AND Role = @Role", new { UserId = user.Id, Role = role });
    }

    public async Task<IList<string>> GetRolesAsync(AppUser user, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var roles = await connection.QueryAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @Id ORDER BY Role", new { user.Id });
        return roles.ToList();
    }

    public async Task<bool> IsInRoleAsync(AppUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = Roles.All.FirstOrDefault(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase));
        if (role is null)
        {
            return false;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM UserRoles WHERE UserId = @UserId AND Role = @Role", new { UserId = user.Id, Role = role }) > 0;
    }

    public async Task<IList<AppUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var connection = await factory.OpenAsync(cancellationToken);
        var users = await connection.QueryAsync<AppUser>(
            $"SELECT {Columns} FROM Users WHERE Id IN (SELECT UserId FROM UserRoles WHERE Role = @role) ORDER BY Email", new { role });
        return users.ToList();
    }
}

/// <summary>The lockout counter, counted in the database (see <see cref="UserStore.RecordAccessFailureAsync"/>).</summary>
public interface IUserAccessFailureStore
{
    Task<AccessFailure> RecordAccessFailureAsync(long userId, int maxFailedAttempts, DateTimeOffset lockoutEnd, CancellationToken cancellationToken = default);
}

/// <summary>The row's lockout state right after a failure was counted.</summary>
public sealed class AccessFailure
{
    public int AccessFailedCount { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }

    public string ConcurrencyStamp { get; set; } = string.Empty;
}
