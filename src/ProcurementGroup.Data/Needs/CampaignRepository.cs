using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

public sealed class CampaignListRow
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public string GroupName { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public DateTime OpensAtUtc { get; set; }

    public DateTime ClosesAtUtc { get; set; }

    public CampaignStatus Status { get; set; }

    public int LotCount { get; set; }

    public int ItemCount { get; set; }

    public int FormCount { get; set; }

    /// <summary>Forms submitted or validated.</summary>
    public int SubmittedCount { get; set; }
}

public sealed class MemberDeadlineRow
{
    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public DateTime ClosesAtUtc { get; set; }
}

/// <summary>A member buyer to e-mail about a member's form.</summary>
public sealed class BuyerContact
{
    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;
}

/// <summary>
/// Campaign rows (read and written here only), their status transitions, member deadlines, who takes part, the forms
/// created at opening and the buyers to e-mail. The catalogue (lots and items) is in <see cref="ICatalogueRepository"/>.
/// Status changes are guarded in their WHERE clause (<c>WHERE Status = @Draft</c>...), so a job run twice, or two
/// officers clicking together, change a campaign once.
/// </summary>
public interface ICampaignRepository
{
    Task<NeedsCampaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The member's own extended deadline, if an officer granted one.</summary>
    Task<DateTime?> MemberDeadlineAsync(long campaignId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>The members taking part: adhering to the campaign's groupement on its launch day (joined on or before, not left before it).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The same, inside a caller's transaction (opening a campaign reads them with the opening it just wrote).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(DbConnection connection, DbTransaction? transaction, long campaignId);

    /// <summary>Members taking part that have no form yet (they joined after the opening, by the launch), by name.</summary>
    Task<IReadOnlyList<(long MemberId, string Name)>> ParticipantsWithoutFormAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Campaigns, newest opening first, of one groupement or of all (null).</summary>
    Task<IReadOnlyList<CampaignListRow>> ListAsync(long? purchasingGroupId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MemberDeadlineRow>> MemberDeadlinesAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The members that have a form in the campaign, by name (those an officer may grant a personal deadline).</summary>
    Task<IReadOnlyList<(long Id, string Name)>> FormMembersAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Draft campaigns whose opening time has come.</summary>
    Task<IReadOnlyList<long>> DueToOpenAsync(DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Open campaigns whose closing time, and every member's extended deadline, have passed.</summary>
    Task<IReadOnlyList<long>> DueToCloseAsync(DateTime nowUtc, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BuyerContact>> BuyersOfMembersAsync(IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken = default);

    /// <summary>The same, read in the caller's transaction (the e-mails are written in it).</summary>
    Task<IReadOnlyList<BuyerContact>> BuyersOfMembersAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> memberIds);

    Task<NeedsCampaign?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, NeedsCampaign campaign);

    /// <summary>Saves the editable fields if the Version is still the stored one; false when someone saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, NeedsCampaign campaign);

    /// <summary>Draft → Open at <paramref name="opensAtUtc"/>; false when it was no longer a draft.</summary>
    Task<bool> OpenAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime opensAtUtc, DateTime nowUtc);

    /// <summary>Open → Closed now (the officer's "close now").</summary>
    Task<bool> CloseAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc);

    /// <summary>Open → Closed only if its closing time and every member's extension have passed (the job).</summary>
    Task<bool> CloseIfDueAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc);

    Task<bool> ArchiveAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc);

    /// <summary>Moves the closing for all to <paramref name="closesAtUtc"/>; an open or closed campaign is (re)opened.</summary>
    Task<bool> ExtendAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime closesAtUtc, DateTime nowUtc);

    /// <summary>Closed → Open without changing its closing (a member was given a later personal deadline).</summary>
    Task<bool> ReopenAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc);

    Task<DateTime?> GetMemberDeadlineAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long memberId);

    Task UpsertMemberDeadlineAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long memberId, DateTime closesAtUtc);

    /// <summary>
    /// Creates the Draft form of each member that has none yet, in one INSERT … SELECT per thousand members; returns
    /// the members whose form was created, in the order given.
    /// </summary>
    Task<IReadOnlyList<long>> InsertMissingFormsAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<long> memberIds, DateTime nowUtc);

}

public sealed class CampaignRepository(IDbConnectionFactory factory) : ICampaignRepository
{
    /// <summary>The columns of a <see cref="NeedsCampaign"/>; also read by the needs-form page's batch and the reminders.</summary>
    public const string CampaignColumns =
        "Id, PurchasingGroupId, Title, Description, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Nature, ContractForm, Status, CopiedFromCampaignId, OpenedAtUtc, ClosedAtUtc, Version, CreatedAtUtc, UpdatedAtUtc";

    // One IN list per statement stays far below SQL Server's 2,100 parameters.
    private const int MembersPerStatement = 1000;

    private const string ListSql =
        """
        SELECT c.Id, c.PurchasingGroupId, g.Name AS GroupName, c.Title, c.OpensAtUtc, c.ClosesAtUtc, c.Status,
            (SELECT COUNT(*) FROM CampaignLots l WHERE l.CampaignId = c.Id) AS LotCount,
            (SELECT COUNT(*) FROM CatalogueItems i WHERE i.CampaignId = c.Id) AS ItemCount,
            (SELECT COUNT(*) FROM NeedsForms f WHERE f.CampaignId = c.Id) AS FormCount,
            (SELECT COUNT(*) FROM NeedsForms f WHERE f.CampaignId = c.Id AND f.Status IN (1, 3)) AS SubmittedCount
        FROM NeedsCampaigns c JOIN PurchasingGroups g ON g.Id = c.PurchasingGroupId
        WHERE (@purchasingGroupId IS NULL OR c.PurchasingGroupId = @purchasingGroupId)
        ORDER BY c.OpensAtUtc DESC, c.Id DESC
        """;

    private const string MemberDeadlinesSql =
        """
        SELECT d.MemberId, m.Name AS MemberName, d.ClosesAtUtc
        FROM CampaignMemberDeadlines d JOIN Members m ON m.Id = d.MemberId
        WHERE d.CampaignId = @campaignId ORDER BY m.Name
        """;

    private const string FormMembersSql =
        "SELECT m.Id, m.Name FROM NeedsForms f JOIN Members m ON m.Id = f.MemberId WHERE f.CampaignId = @campaignId ORDER BY m.Name";

    private const string DueToOpenSql =
        "SELECT Id FROM NeedsCampaigns WHERE Status = @Draft AND OpensAtUtc <= @nowUtc ORDER BY OpensAtUtc, Id";

    // A member with a later personal deadline keeps the campaign open until that deadline has passed too.
    private const string NoLaterMemberDeadline =
        "NOT EXISTS (SELECT 1 FROM CampaignMemberDeadlines d WHERE d.CampaignId = NeedsCampaigns.Id AND d.ClosesAtUtc > @nowUtc)";

    private const string DueToCloseSql =
        "SELECT Id FROM NeedsCampaigns WHERE Status = @Open AND ClosesAtUtc <= @nowUtc AND " + NoLaterMemberDeadline + " ORDER BY ClosesAtUtc, Id";

    // Not a const: Dapper expands "IN @memberIds" into a parameter list before the SQL reaches the server.
    private static readonly string BuyersSql =
        """
        SELECT um.MemberId, m.Name AS MemberName, u.Email, u.DisplayName
        FROM UserMembers um
        JOIN Users u ON u.Id = um.UserId
        JOIN UserRoles r ON r.UserId = u.Id AND r.Role = @role
        JOIN Members m ON m.Id = um.MemberId
        WHERE um.MemberId IN @memberIds AND u.IsDisabled = 0
        ORDER BY m.Name, u.Email
        """;

    private const string GetSql = "SELECT " + CampaignColumns + " FROM NeedsCampaigns WHERE Id = @id";

    private const string UpdateSql =
        """
        UPDATE NeedsCampaigns SET Title = @Title, Description = @Description, OpensAtUtc = @OpensAtUtc, ClosesAtUtc = @ClosesAtUtc,
            PlannedLaunchDate = @PlannedLaunchDate, DurationMonths = @DurationMonths, Nature = @Nature, ContractForm = @ContractForm, UpdatedAtUtc = @UpdatedAtUtc, Version = Version + 1
        WHERE Id = @Id AND Version = @Version
        """;

    private const string OpenSql =
        """
        UPDATE NeedsCampaigns SET Status = @Open, OpensAtUtc = @opensAtUtc, OpenedAtUtc = @nowUtc, UpdatedAtUtc = @nowUtc, Version = Version + 1
        WHERE Id = @id AND Status = @Draft
        """;

    private const string CloseSql =
        "UPDATE NeedsCampaigns SET Status = @Closed, ClosedAtUtc = @nowUtc, UpdatedAtUtc = @nowUtc, Version = Version + 1 WHERE Id = @id AND Status = @Open";

    private const string CloseIfDueSql = CloseSql + " AND ClosesAtUtc <= @nowUtc AND " + NoLaterMemberDeadline;

    private const string ArchiveSql =
        "UPDATE NeedsCampaigns SET Status = @Archived, UpdatedAtUtc = @nowUtc, Version = Version + 1 WHERE Id = @id AND Status = @Closed";

    private const string ExtendSql =
        """
        UPDATE NeedsCampaigns SET ClosesAtUtc = @closesAtUtc, Status = @Open, ClosedAtUtc = NULL, UpdatedAtUtc = @nowUtc, Version = Version + 1
        WHERE Id = @id AND Status IN (@Open, @Closed)
        """;

    private const string ReopenSql =
        "UPDATE NeedsCampaigns SET Status = @Open, ClosedAtUtc = NULL, UpdatedAtUtc = @nowUtc, Version = Version + 1 WHERE Id = @id AND Status = @Closed";

    private const string MemberDeadlineSql =
        "SELECT ClosesAtUtc FROM CampaignMemberDeadlines WHERE CampaignId = @campaignId AND MemberId = @memberId";

    // Not a const: Dapper expands "IN @memberIds" into a parameter list before the SQL reaches the server. The INSERT
    // returns the members it created, so a form another transaction created meanwhile is not reported (nor e-mailed).
    private static readonly string MissingFormsSelect =
        """
        SELECT @campaignId, m.Id, @Draft, 1, @nowUtc FROM Members m
        WHERE m.Id IN @memberIds AND NOT EXISTS (SELECT 1 FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId = m.Id)
        """;

    private const string ParticipantsSql =
        "SELECT DISTINCT a.MemberId FROM Adhesions a WHERE " + ParticipationSql.AdhesionTakesPart + " ORDER BY a.MemberId";

    private const string ParticipantsWithoutFormSql =
        "SELECT m.Id AS MemberId, m.Name FROM Members m WHERE m.Id IN " + ParticipationSql.MemberIds
        + " AND NOT EXISTS (SELECT 1 FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId = m.Id) ORDER BY m.Name, m.Id";

    public async Task<NeedsCampaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, campaignId);
    }

    public async Task<DateTime?> MemberDeadlineAsync(long campaignId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetMemberDeadlineAsync(connection, null, campaignId, memberId);
    }

    public async Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await ParticipantMemberIdsAsync(connection, null, campaignId);
    }

    public async Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(DbConnection connection, DbTransaction? transaction, long campaignId)
    {
        if (await GetAsync(connection, transaction, campaignId) is not { } campaign)
        {
            return [];
        }

        var rows = await connection.QueryAsync<long>(
            ParticipantsSql, new { groupId = campaign.PurchasingGroupId, launchDay = CampaignRules.LaunchDay(campaign) }, transaction);
        return rows.ToList();
    }

    public async Task<IReadOnlyList<(long MemberId, string Name)>> ParticipantsWithoutFormAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        if (await GetAsync(connection, null, campaignId) is not { } campaign)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(long MemberId, string Name)>(new CommandDefinition(
            ParticipantsWithoutFormSql,
            new { campaignId, groupId = campaign.PurchasingGroupId, launchDay = CampaignRules.LaunchDay(campaign) },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
    public async Task<IReadOnlyList<CampaignListRow>> ListAsync(long? purchasingGroupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignListRow>(ListSql, new { purchasingGroupId });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<MemberDeadlineRow>> MemberDeadlinesAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberDeadlineRow>(MemberDeadlinesSql, new { campaignId });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<(long Id, string Name)>> FormMembersAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Name)>(FormMembersSql, new { campaignId });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<long>> DueToOpenAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(DueToOpenSql, new { nowUtc, Draft = (int)CampaignStatus.Draft });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<long>> DueToCloseAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(DueToCloseSql, new { nowUtc, Open = (int)CampaignStatus.Open });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<BuyerContact>> BuyersOfMembersAsync(IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken = default)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return await BuyersOfMembersAsync(connection, null, memberIds);
    }

    public async Task<IReadOnlyList<BuyerContact>> BuyersOfMembersAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> memberIds)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<BuyerContact>(BuyersSql, new { memberIds = memberIds.Distinct().ToArray(), role = Roles.MemberBuyer }, transaction);
        return rows.ToList();
    }

    public Task<NeedsCampaign?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<NeedsCampaign>(GetSql, new { id }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, NeedsCampaign campaign) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "NeedsCampaigns",
                "PurchasingGroupId, Title, Description, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Nature, ContractForm, Status, CopiedFromCampaignId, OpenedAtUtc, ClosedAtUtc, Version, CreatedAtUtc, UpdatedAtUtc",
                "@PurchasingGroupId, @Title, @Description, @OpensAtUtc, @ClosesAtUtc, @PlannedLaunchDate, @DurationMonths, @Nature, @ContractForm, @Status, @CopiedFromCampaignId, @OpenedAtUtc, @ClosedAtUtc, 1, @CreatedAtUtc, @UpdatedAtUtc"),
            new
            {
                campaign.PurchasingGroupId,
                campaign.Title,
                campaign.Description,
                campaign.OpensAtUtc,
                campaign.ClosesAtUtc,
                campaign.PlannedLaunchDate,
                campaign.DurationMonths,
                Nature = (int)campaign.Nature,
                ContractForm = (int)campaign.ContractForm,
                Status = (int)campaign.Status,
                campaign.CopiedFromCampaignId,
                campaign.OpenedAtUtc,
                campaign.ClosedAtUtc,
                campaign.CreatedAtUtc,
                campaign.UpdatedAtUtc,
            },
            transaction);

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, NeedsCampaign campaign) =>
        await connection.ExecuteAsync(
            UpdateSql,
            new
            {
                campaign.Id,
                campaign.Version,
                campaign.Title,
                campaign.Description,
                campaign.OpensAtUtc,
                campaign.ClosesAtUtc,
                campaign.PlannedLaunchDate,
                campaign.DurationMonths,
                Nature = (int)campaign.Nature,
                ContractForm = (int)campaign.ContractForm,
                campaign.UpdatedAtUtc,
            },
            transaction) == 1;

    public async Task<bool> OpenAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime opensAtUtc, DateTime nowUtc) =>
        await connection.ExecuteAsync(OpenSql, new { id, opensAtUtc, nowUtc, Open = (int)CampaignStatus.Open, Draft = (int)CampaignStatus.Draft }, transaction) == 1;

    public async Task<bool> CloseAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc) =>
        await connection.ExecuteAsync(CloseSql, new { id, nowUtc, Open = (int)CampaignStatus.Open, Closed = (int)CampaignStatus.Closed }, transaction) == 1;

    public async Task<bool> CloseIfDueAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc) =>
        await connection.ExecuteAsync(CloseIfDueSql, new { id, nowUtc, Open = (int)CampaignStatus.Open, Closed = (int)CampaignStatus.Closed }, transaction) == 1;

    public async Task<bool> ArchiveAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc) =>
        await connection.ExecuteAsync(ArchiveSql, new { id, nowUtc, Closed = (int)CampaignStatus.Closed, Archived = (int)CampaignStatus.Archived }, transaction) == 1;

    public async Task<bool> ExtendAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime closesAtUtc, DateTime nowUtc) =>
        await connection.ExecuteAsync(ExtendSql, new { id, closesAtUtc, nowUtc, Open = (int)CampaignStatus.Open, Closed = (int)CampaignStatus.Closed }, transaction) == 1;

    public async Task<bool> ReopenAsync(DbConnection connection, DbTransaction? transaction, long id, DateTime nowUtc) =>
        await connection.ExecuteAsync(ReopenSql, new { id, nowUtc, Open = (int)CampaignStatus.Open, Closed = (int)CampaignStatus.Closed }, transaction) == 1;

    public Task<DateTime?> GetMemberDeadlineAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long memberId) =>
        connection.QuerySingleOrDefaultAsync<DateTime?>(MemberDeadlineSql, new { campaignId, memberId }, transaction);

    public Task UpsertMemberDeadlineAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long memberId, DateTime closesAtUtc) =>
        connection.ExecuteAsync(
            factory.Dialect.Upsert("CampaignMemberDeadlines", ["CampaignId", "MemberId"], ["ClosesAtUtc"]),
            new { CampaignId = campaignId, MemberId = memberId, ClosesAtUtc = closesAtUtc },
            transaction);

    public async Task<IReadOnlyList<long>> InsertMissingFormsAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<long> memberIds, DateTime nowUtc)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        var sql = factory.Dialect.InsertSelectReturning("NeedsForms", "CampaignId, MemberId, Status, Version, UpdatedAtUtc", MissingFormsSelect, "MemberId");
        var created = new HashSet<long>();
        foreach (var batch in memberIds.Distinct().Chunk(MembersPerStatement))
        {
            created.UnionWith(await connection.QueryAsync<long>(sql, new { campaignId, memberIds = batch, nowUtc, Draft = (int)NeedsFormStatus.Draft }, transaction));
        }

        return memberIds.Distinct().Where(created.Contains).ToList();
    }
}
