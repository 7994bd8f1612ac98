using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Accounts;

/// <summary>Which members a MemberBuyer acts for (chosen by an administrator).</summary>
public interface IUserMemberRepository
{
    Task<IReadOnlyList<long>> MemberIdsForUserAsync(long userId, CancellationToken cancellationToken = default);

    Task ReplaceAsync(long userId, IEnumerable<long> memberIds, CancellationToken cancellationToken = default);

    /// <summary>The members a user acts for, by name, for its home page.</summary>
    Task<IReadOnlyList<(long Id, string Name)>> MembersForUserAsync(long userId, CancellationToken cancellationToken = default);
}

public sealed class UserMemberRepository(IDbConnectionFactory factory) : IUserMemberRepository
{
    public async Task<IReadOnlyList<long>> MemberIdsForUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>("SELECT MemberId FROM UserMembers WHERE UserId = @userId ORDER BY MemberId", new { userId });
        return ids.ToList();
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> MembersForUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Name)>(
            "SELECT m.Id, m.Name FROM UserMembers um JOIN Members m ON m.Id = um.MemberId WHERE um.UserId = @userId ORDER BY m.Name",
            new { userId });
        return rows.ToList();
    }

    public async Task ReplaceAsync(long userId, IEnumerable<long> memberIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM UserMembers WHERE UserId = @userId", new { userId }, tx);
        await connection.ExecuteAsync(
            "INSERT INTO UserMembers (UserId, MemberId) VALUES (@UserId, @MemberId)",
            memberIds.Distinct().Select(m => new { UserId = userId, MemberId = m }),
            tx);
        await tx.CommitAsync(cancellationToken);
    }
}
