using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>A member taking part in an open campaign whose form is not submitted yet (no form, draft or returned).</summary>
public sealed class PendingMember
{
    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public DateTime? ExtendedDeadlineUtc { get; set; }
}

/// <summary>Form counts of a campaign for the officers' closing notice.</summary>
public sealed class CampaignFormCounts
{
    public int Submitted { get; set; }

    public int Validated { get; set; }

    public int Returned { get; set; }

    public int Draft { get; set; }
}

/// <summary>
/// The reminders job's reads and its idempotence: a row in NeedsReminders per (campaign, member, kind), inserted in the
/// same transaction as the e-mails it stands for, so a second run (retry, second node) sends nothing again.
/// </summary>
public interface INeedsRemindersRepository
{
    /// <summary>Campaigns that are open, or whose closing date is after <paramref name="sinceUtc"/> (a closing notice may still be due).</summary>
    Task<IReadOnlyList<Core.Needs.NeedsCampaign>> CampaignsToRemindAsync(DateTime sinceUtc, CancellationToken cancellationToken = default);

    /// <summary>Members of <paramref name="participants"/> whose form is neither submitted nor validated.</summary>
    Task<IReadOnlyList<PendingMember>> PendingMembersAsync(long campaignId, IReadOnlyList<long> participants, CancellationToken cancellationToken = default);

    Task<CampaignFormCounts> CountsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Records the reminder; false when it was already recorded (nothing to send then).</summary>
    Task<bool> TryRecordAsync(DbConnection connection, DbTransaction transaction, long campaignId, long memberId, string kind, DateTime sentAtUtc);
}

public sealed class NeedsRemindersRepository(IDbConnectionFactory factory) : INeedsRemindersRepository
{
    private const string CampaignsSql =
        $"SELECT {CampaignRepository.CampaignColumns} FROM NeedsCampaigns WHERE Status = 1 OR (Status = 2 AND ClosesAtUtc > @sinceUtc) ORDER BY Id";

    // Names and extensions of the groupement's members, and the forms already handed in; the participants (decided by
    // adhesion dates, see CampaignRepository.ParticipantMemberIdsAsync) are then filtered in memory: no IN list to build.
    private const string GroupMembersSql = """
        SELECT DISTINCT m.Id AS MemberId, m.Name AS MemberName, d.ClosesAtUtc AS ExtendedDeadlineUtc
        FROM NeedsCampaigns c
        JOIN Adhesions a ON a.PurchasingGroupId = c.PurchasingGroupId
        JOIN Members m ON m.Id = a.MemberId
        LEFT JOIN CampaignMemberDeadlines d ON d.CampaignId = c.Id AND d.MemberId = m.Id
        WHERE c.Id = @campaignId
        """;

    private const string HandedInSql = "SELECT MemberId FROM NeedsForms WHERE CampaignId = @campaignId AND Status IN (1, 3)";

    private const string CountsSql = """
        SELECT
            COALESCE(SUM(CASE WHEN Status = 1 THEN 1 ELSE 0 END), 0) AS Submitted,
            COALESCE(SUM(CASE WHEN Status = 3 THEN 1 ELSE 0 END), 0) AS Validated,
            COALESCE(SUM(CASE WHEN Status = 2 THEN 1 ELSE 0 END), 0) AS Returned,
            COALESCE(SUM(CASE WHEN Status = 0 THEN 1 ELSE 0 END), 0) AS Draft
        FROM NeedsForms WHERE CampaignId = @campaignId
        """;

    private const string ExistsSql =
        "SELECT COUNT(*) FROM NeedsReminders WHERE CampaignId = @campaignId AND MemberId = @memberId AND Kind = @kind";

    private const string InsertSql =
        "INSERT INTO NeedsReminders (CampaignId, MemberId, Kind, SentAtUtc) VALUES (@campaignId, @memberId, @kind, @sentAtUtc)";

    public async Task<IReadOnlyList<Core.Needs.NeedsCampaign>> CampaignsToRemindAsync(DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Core.Needs.NeedsCampaign>(CampaignsSql, new { sinceUtc })).ToList();
    }

    public async Task<IReadOnlyList<PendingMember>> PendingMembersAsync(long campaignId, IReadOnlyList<long> participants, CancellationToken cancellationToken = default)
    {
        if (participants.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        var handedIn = (await connection.QueryAsync<long>(HandedInSql, new { campaignId })).ToHashSet();
        var wanted = participants.ToHashSet();
        var members = await connection.QueryAsync<PendingMember>(GroupMembersSql, new { campaignId });
        return members
            .Where(m => wanted.Contains(m.MemberId) && !handedIn.Contains(m.MemberId))
            .DistinctBy(m => m.MemberId)
            .OrderBy(m => m.MemberName, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task<CampaignFormCounts> CountsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<CampaignFormCounts>(CountsSql, new { campaignId });
    }

    public async Task<bool> TryRecordAsync(DbConnection connection, DbTransaction transaction, long campaignId, long memberId, string kind, DateTime sentAtUtc)
    {
        // Inside the transaction, the check and the insert are one unit; the primary key catches a concurrent node.
        var args = new { campaignId, memberId, kind, sentAtUtc };
        if (await connection.ExecuteScalarAsync<int>(ExistsSql, args, transaction) > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(InsertSql, args, transaction);
        return true;
    }
}
