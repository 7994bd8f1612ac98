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
/// Writes to campaigns, their catalogue (lots and items), member deadlines and the forms created at opening. Reads that
/// other features share are in <see cref="ICatalogueReader"/>. Status changes are guarded in their WHERE clause
/// (<c>WHERE Status = @Draft</c>...), so a job run twice, or two officers clicking together, change a campaign once.
/// </summary>
public interface ICampaignRepository
{
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

    /// <summary>Creates the Draft form of each member that has none yet; returns the members whose form was created.</summary>
    Task<IReadOnlyList<long>> InsertMissingFormsAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<long> memberIds, DateTime nowUtc);

    Task<IReadOnlyList<CampaignLot>> LotsAsync(DbConnection connection, DbTransaction? transaction, long campaignId);

    Task<CampaignLot?> GetLotAsync(DbConnection connection, DbTransaction? transaction, long lotId);

    Task<bool> LotNumberTakenAsync(DbConnection connection, DbTransaction? transaction, long campaignId, int lotNumber, long exceptLotId);

    Task<long> InsertLotAsync(DbConnection connection, DbTransaction? transaction, CampaignLot lot);

    /// <summary>Saves the lot if its Version is still <see cref="CampaignLot.Version"/>; false when someone saved first.</summary>
    Task<bool> UpdateLotAsync(DbConnection connection, DbTransaction? transaction, CampaignLot lot);

    /// <summary>Deletes a lot with its items (only while the campaign is a draft: no need line refers to them yet).</summary>
    Task DeleteLotAsync(DbConnection connection, DbTransaction? transaction, long lotId);

    Task<CatalogueItem?> GetItemAsync(DbConnection connection, DbTransaction? transaction, long itemId);

    Task<bool> ItemCodeTakenAsync(DbConnection connection, DbTransaction? transaction, long campaignId, string code, long exceptItemId);

    Task<long> InsertItemAsync(DbConnection connection, DbTransaction? transaction, CatalogueItem item);

    /// <summary>Saves an item if its Version is still the stored one; false when someone saved first.</summary>
    Task<bool> UpdateItemAsync(DbConnection connection, DbTransaction? transaction, CatalogueItem item);

    Task DeleteItemAsync(DbConnection connection, DbTransaction? transaction, long itemId);

    /// <summary>Replaces the whole catalogue (import): every item and lot is deleted, then the given ones inserted.</summary>
    Task ReplaceCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)> catalogue);

    /// <summary>Replaces the catalogue of <paramref name="campaignId"/> by a copy of <paramref name="sourceCampaignId"/>'s lots and items.</summary>
    Task CopyCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long sourceCampaignId);

    /// <summary>The members whose forms already hold a line with this item.</summary>
    Task<IReadOnlyList<long>> MembersWithItemAsync(DbConnection connection, DbTransaction? transaction, long itemId);
}

public sealed class CampaignRepository(IDbConnectionFactory factory) : ICampaignRepository
{
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

    private const string GetSql = "SELECT " + CatalogueReader.CampaignColumns + " FROM NeedsCampaigns WHERE Id = @id";

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

    private const string InsertFormSql =
        """
        INSERT INTO NeedsForms (CampaignId, MemberId, Status, Version, UpdatedAtUtc)
        SELECT @campaignId, @memberId, @Draft, 1, @nowUtc
        WHERE NOT EXISTS (SELECT 1 FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId = @memberId)
        """;

    private const string LotColumns = "Id, CampaignId, LotNumber, Title, MaximumCents, Version";

    private const string LotsSql = "SELECT " + LotColumns + " FROM CampaignLots WHERE CampaignId = @campaignId ORDER BY LotNumber";

    private const string GetLotSql = "SELECT " + LotColumns + " FROM CampaignLots WHERE Id = @lotId";

    private const string LotNumberTakenSql =
        "SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @campaignId AND LotNumber = @lotNumber AND Id <> @exceptLotId";

    private const string UpdateLotSql = "UPDATE CampaignLots SET LotNumber = @LotNumber, Title = @Title, MaximumCents = @MaximumCents, Version = Version + 1 WHERE Id = @Id AND Version = @Version";

    private const string DeleteLotItemsSql = "DELETE FROM CatalogueItems WHERE LotId = @lotId";

    private const string DeleteLotSql = "DELETE FROM CampaignLots WHERE Id = @lotId";

    private const string GetItemSql = "SELECT " + CatalogueReader.ItemColumns + " FROM CatalogueItems i WHERE i.Id = @itemId";

    private const string ItemCodeTakenSql =
        "SELECT COUNT(*) FROM CatalogueItems WHERE CampaignId = @campaignId AND Code = @code AND Id <> @exceptItemId";

    private const string UpdateItemSql =
        """
        UPDATE CatalogueItems SET LotId = @LotId, Code = @Code, Label = @Label, Unit = @Unit, WholeNumbersOnly = @WholeNumbersOnly,
            UnitPriceCents = @UnitPriceCents, PricePeriod = @PricePeriod, QuantityBasis = @QuantityBasis, VatRateBasisPoints = @VatRateBasisPoints,
            MaxPerMemberMilli = @MaxPerMemberMilli, SortOrder = @SortOrder, Version = Version + 1
        WHERE Id = @Id AND Version = @Version
        """;

    private const string DeleteItemSql = "DELETE FROM CatalogueItems WHERE Id = @itemId";

    private const string ClearItemsSql = "DELETE FROM CatalogueItems WHERE CampaignId = @campaignId";

    private const string ClearLotsSql = "DELETE FROM CampaignLots WHERE CampaignId = @campaignId";

    private const string CopyLotsSql =
        """
        INSERT INTO CampaignLots (CampaignId, LotNumber, Title, MaximumCents)
        SELECT @campaignId, s.LotNumber, s.Title, s.MaximumCents FROM CampaignLots s WHERE s.CampaignId = @sourceCampaignId
        """;

    // The copied items find their new lot by its number (unique per campaign).
    private const string CopyItemsSql =
        """
        INSERT INTO CatalogueItems (CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, QuantityBasis, VatRateBasisPoints, MaxPerMemberMilli, SortOrder, Version)
        SELECT @campaignId, nl.Id, s.Code, s.Label, s.Unit, s.WholeNumbersOnly, s.UnitPriceCents, s.PricePeriod, s.QuantityBasis, s.VatRateBasisPoints, s.MaxPerMemberMilli, s.SortOrder, 1
        FROM CatalogueItems s
        JOIN CampaignLots sl ON sl.Id = s.LotId
        JOIN CampaignLots nl ON nl.CampaignId = @campaignId AND nl.LotNumber = sl.LotNumber
        WHERE s.CampaignId = @sourceCampaignId
        """;

    private const string SetCopiedFromSql = "UPDATE NeedsCampaigns SET CopiedFromCampaignId = @sourceCampaignId WHERE Id = @campaignId";

    private const string MembersWithItemSql = "SELECT DISTINCT MemberId FROM NeedLines WHERE CatalogueItemId = @itemId ORDER BY MemberId";

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
        var created = new List<long>();
        foreach (var memberId in memberIds)
        {
            if (await connection.ExecuteAsync(InsertFormSql, new { campaignId, memberId, nowUtc, Draft = (int)NeedsFormStatus.Draft }, transaction) == 1)
            {
                created.Add(memberId);
            }
        }

        return created;
    }

    public async Task<IReadOnlyList<CampaignLot>> LotsAsync(DbConnection connection, DbTransaction? transaction, long campaignId) =>
        (await connection.QueryAsync<CampaignLot>(LotsSql, new { campaignId }, transaction)).ToList();

    public Task<CampaignLot?> GetLotAsync(DbConnection connection, DbTransaction? transaction, long lotId) =>
        connection.QuerySingleOrDefaultAsync<CampaignLot>(GetLotSql, new { lotId }, transaction);

    public async Task<bool> LotNumberTakenAsync(DbConnection connection, DbTransaction? transaction, long campaignId, int lotNumber, long exceptLotId) =>
        await connection.ExecuteScalarAsync<long>(LotNumberTakenSql, new { campaignId, lotNumber, exceptLotId }, transaction) > 0;

    public Task<long> InsertLotAsync(DbConnection connection, DbTransaction? transaction, CampaignLot lot) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("CampaignLots", "CampaignId, LotNumber, Title, MaximumCents", "@CampaignId, @LotNumber, @Title, @MaximumCents"),
            new { lot.CampaignId, lot.LotNumber, lot.Title, lot.MaximumCents },
            transaction);

    public async Task<bool> UpdateLotAsync(DbConnection connection, DbTransaction? transaction, CampaignLot lot) =>
        await connection.ExecuteAsync(UpdateLotSql, new { lot.Id, lot.LotNumber, lot.Title, lot.MaximumCents, lot.Version }, transaction) == 1;

    public async Task DeleteLotAsync(DbConnection connection, DbTransaction? transaction, long lotId)
    {
        await connection.ExecuteAsync(DeleteLotItemsSql, new { lotId }, transaction);
        await connection.ExecuteAsync(DeleteLotSql, new { lotId }, transaction);
    }

    public Task<CatalogueItem?> GetItemAsync(DbConnection connection, DbTransaction? transaction, long itemId) =>
        connection.QuerySingleOrDefaultAsync<CatalogueItem>(GetItemSql, new { itemId }, transaction);

    public async Task<bool> ItemCodeTakenAsync(DbConnection connection, DbTransaction? transaction, long campaignId, string code, long exceptItemId) =>
        await connection.ExecuteScalarAsync<long>(ItemCodeTakenSql, new { campaignId, code, exceptItemId }, transaction) > 0;

    public Task<long> InsertItemAsync(DbConnection connection, DbTransaction? transaction, CatalogueItem item) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "CatalogueItems",
                "CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, QuantityBasis, VatRateBasisPoints, MaxPerMemberMilli, SortOrder, Version",
                "@CampaignId, @LotId, @Code, @Label, @Unit, @WholeNumbersOnly, @UnitPriceCents, @PricePeriod, @QuantityBasis, @VatRateBasisPoints, @MaxPerMemberMilli, @SortOrder, 1"),
            ItemArgs(item),
            transaction);

    public async Task<bool> UpdateItemAsync(DbConnection connection, DbTransaction? transaction, CatalogueItem item) =>
        await connection.ExecuteAsync(UpdateItemSql, ItemArgs(item), transaction) == 1;

    public Task DeleteItemAsync(DbConnection connection, DbTransaction? transaction, long itemId) =>
        connection.ExecuteAsync(DeleteItemSql, new { itemId }, transaction);

    public async Task ReplaceCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)> catalogue)
    {
        await ClearAsync(connection, transaction, campaignId);
        foreach (var (lot, items) in catalogue)
        {
            lot.CampaignId = campaignId;
            lot.Id = await InsertLotAsync(connection, transaction, lot);
            foreach (var item in items)
            {
                item.CampaignId = campaignId;
                item.LotId = lot.Id;
                item.Id = await InsertItemAsync(connection, transaction, item);
            }
        }
    }

    public async Task CopyCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long sourceCampaignId)
    {
        await ClearAsync(connection, transaction, campaignId);
        await connection.ExecuteAsync(CopyLotsSql, new { campaignId, sourceCampaignId }, transaction);
        await connection.ExecuteAsync(CopyItemsSql, new { campaignId, sourceCampaignId }, transaction);
        await connection.ExecuteAsync(SetCopiedFromSql, new { campaignId, sourceCampaignId }, transaction);
    }

    public async Task<IReadOnlyList<long>> MembersWithItemAsync(DbConnection connection, DbTransaction? transaction, long itemId) =>
        (await connection.QueryAsync<long>(MembersWithItemSql, new { itemId }, transaction)).ToList();

    private static async Task ClearAsync(DbConnection connection, DbTransaction? transaction, long campaignId)
    {
        await connection.ExecuteAsync(ClearItemsSql, new { campaignId }, transaction);
        await connection.ExecuteAsync(ClearLotsSql, new { campaignId }, transaction);
    }

    private static object ItemArgs(CatalogueItem item) => new
    {
        item.Id,
        item.Version,
        item.CampaignId,
        item.LotId,
        item.Code,
        item.Label,
        item.Unit,
        item.WholeNumbersOnly,
        item.UnitPriceCents,
        PricePeriod = (int)item.PricePeriod,
        QuantityBasis = (int)item.QuantityBasis,
        item.VatRateBasisPoints,
        item.MaxPerMemberMilli,
        item.SortOrder,
    };
}
