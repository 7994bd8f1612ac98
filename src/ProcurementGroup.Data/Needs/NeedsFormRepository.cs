using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>A form in the buyer's list: its campaign, its member and where it stands.</summary>
public sealed class NeedsFormListRow
{
    public long FormId { get; set; }

    public long CampaignId { get; set; }

    public string CampaignTitle { get; set; } = string.Empty;

    public CampaignStatus CampaignStatus { get; set; }

    public DateTime ClosesAtUtc { get; set; }

    public DateTime? MemberClosesAtUtc { get; set; }

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public NeedsFormStatus Status { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public int LineCount { get; set; }

    /// <summary>The member's deadline: its own extension when later than the campaign's closing.</summary>
    public DateTime DeadlineUtc => MemberClosesAtUtc is { } own && own > ClosesAtUtc ? own : ClosesAtUtc;
}

/// <summary>A campaign with the number of forms in each state, for the officers' entry page.</summary>
public sealed class CampaignFormsSummary
{
    public long CampaignId { get; set; }

    public string Title { get; set; } = string.Empty;

    public CampaignStatus Status { get; set; }

    public DateTime ClosesAtUtc { get; set; }

    public int Forms { get; set; }

    public int Submitted { get; set; }

    public int Validated { get; set; }
}

/// <summary>The quantity of one item in one form, summed over its sites (what the totals need).</summary>
public sealed class FormItemQuantity
{
    public long FormId { get; set; }

    public long CatalogueItemId { get; set; }

    public long QuantityMilli { get; set; }
}

/// <summary>A line of a member's form in an earlier campaign, by item code (catalogue ids differ between campaigns).</summary>
public sealed class PreviousLine
{
    public string Code { get; set; } = string.Empty;

    public long? SiteId { get; set; }

    public long QuantityMilli { get; set; }

    public string? Comment { get; set; }
}

/// <summary>Everything the needs-form page shows and checks, read in one round trip (<see cref="INeedsFormRepository.PageAsync"/>).</summary>
public sealed class NeedsFormPageData
{
    public required NeedsForm Form { get; init; }

    public required NeedsCampaign Campaign { get; init; }

    public required string MemberName { get; init; }

    public required IReadOnlyList<CampaignLot> Lots { get; init; }

    /// <summary>The catalogue in display order: by lot number, then sort order, then code.</summary>
    public required IReadOnlyList<CatalogueItem> Items { get; init; }

    /// <summary>The member's sites by name, archived ones included (older lines may name them).</summary>
    public required IReadOnlyList<MemberSite> Sites { get; init; }

    public required IReadOnlyList<NeedLine> Lines { get; init; }

    /// <summary>The member's own extended deadline, if an officer granted one.</summary>
    public DateTime? MemberClosesAtUtc { get; init; }

    /// <summary>
    /// The title of the latest earlier campaign of the groupement that has a form for this member, when that form has
    /// lines (what <see cref="INeedsFormRepository.PreviousCampaignLinesAsync"/> would copy); null otherwise.
    /// </summary>
    public string? PreviousCampaignTitle { get; init; }
}

/// <summary>
/// Needs forms: reads for the lists and the form page, and the workflow's status changes. Every status change is an
/// UPDATE guarded by the form's Version and its current Status, so a stale page changes nothing.
/// Lines are replaced through <see cref="INeedLinesStore"/>.
/// </summary>
public interface INeedsFormRepository
{
    Task<NeedsForm?> GetAsync(long formId, CancellationToken cancellationToken = default);

    Task<NeedsForm?> GetAsync(DbConnection connection, DbTransaction? transaction, long formId);

    Task<IReadOnlyList<NeedLine>> LinesAsync(DbConnection connection, DbTransaction? transaction, long formId);

    /// <summary>The form with its campaign, member name, lots, items, sites, lines, member deadline and previous campaign; null when there is no such form.</summary>
    Task<NeedsFormPageData?> PageAsync(long formId, CancellationToken cancellationToken = default);

    /// <summary>The forms of the given members across campaigns (newest campaign first).</summary>
    Task<IReadOnlyList<NeedsFormListRow>> ListForMembersAsync(IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken = default);

    /// <summary>Every form of a campaign with its member's name.</summary>
    Task<IReadOnlyList<NeedsFormListRow>> ListForCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Quantities per form and item of a campaign, summed over sites in SQL.</summary>
    Task<IReadOnlyList<FormItemQuantity>> QuantitiesForCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CampaignFormsSummary>> CampaignSummariesAsync(CancellationToken cancellationToken = default);

    /// <summary>The member's lines in the latest earlier campaign of the same groupement that has a form for it.</summary>
    Task<(string CampaignTitle, IReadOnlyList<PreviousLine> Lines)?> PreviousCampaignLinesAsync(long campaignId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>E-mail addresses of the member's active buyers.</summary>
    Task<IReadOnlyList<(string Email, string DisplayName)>> BuyersOfMemberAsync(long memberId, CancellationToken cancellationToken = default);

    Task<int> SubmitAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, long? userId, DateTime nowUtc);

    Task<int> ValidateAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, long? userId, DateTime nowUtc);

    /// <summary>Submitted → returned with a reason; <paramref name="reopen"/> marks it editable by its buyers after closing.</summary>
    Task<int> ReturnAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, string reason, bool reopen, long? userId, DateTime nowUtc);

    Task<int> ReopenAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, NeedsFormStatus expectedStatus, NeedsFormStatus target, string reason, long? userId, DateTime nowUtc);
}

public sealed class NeedsFormRepository(IDbConnectionFactory factory) : INeedsFormRepository
{
    private const string GetSql = $"SELECT {NeedLinesStore.FormColumns} FROM NeedsForms WHERE Id = @formId";

    private const string LinesSql = "SELECT Id, FormId, CampaignId, MemberId, CatalogueItemId, SiteId, QuantityMilli, Comment FROM NeedLines WHERE FormId = @formId ORDER BY Id";

    // The form page's reads as one batch on one connection, one round trip instead of ten: each statement reaches the
    // campaign and the member through the form's id. Aliases are unique across the batch (the SQL Server name check
    // resolves them over the whole batch).
    private const string PageCampaignSql =
        $"SELECT {CampaignRepository.CampaignColumns} FROM NeedsCampaigns WHERE Id = (SELECT f.CampaignId FROM NeedsForms f WHERE f.Id = @formId)";

    private const string PageMemberNameSql = "SELECT Name FROM Members WHERE Id = (SELECT f.MemberId FROM NeedsForms f WHERE f.Id = @formId)";

    private const string PageLotsSql =
        $"SELECT {CatalogueRepository.LotColumns} FROM CampaignLots WHERE CampaignId = (SELECT f.CampaignId FROM NeedsForms f WHERE f.Id = @formId) ORDER BY LotNumber";

    private const string PageItemsSql = $"""
        SELECT {CatalogueRepository.ItemColumns} FROM CatalogueItems i JOIN CampaignLots l ON l.Id = i.LotId
        WHERE i.CampaignId = (SELECT f.CampaignId FROM NeedsForms f WHERE f.Id = @formId) ORDER BY l.LotNumber, i.SortOrder, i.Code
        """;

    private const string PageSitesSql =
        $"SELECT {MemberSiteRepository.Columns} FROM MemberSites WHERE MemberId = (SELECT f.MemberId FROM NeedsForms f WHERE f.Id = @formId) ORDER BY Name, Id";

    private const string PageDeadlineSql = """
        SELECT d.ClosesAtUtc FROM CampaignMemberDeadlines d JOIN NeedsForms f ON f.CampaignId = d.CampaignId AND f.MemberId = d.MemberId
        WHERE f.Id = @formId
        """;

    // As PreviousFormSql, with whether that form has lines (the page offers to copy them only then).
    private const string PagePreviousSql = """
        SELECT p.Title, CASE WHEN EXISTS (SELECT 1 FROM NeedLines n WHERE n.FormId = pf.Id) THEN 1 ELSE 0 END AS HasLines
        FROM NeedsForms f
        JOIN NeedsCampaigns c ON c.Id = f.CampaignId
        JOIN NeedsCampaigns p ON p.PurchasingGroupId = c.PurchasingGroupId AND p.OpensAtUtc < c.OpensAtUtc AND p.Id <> c.Id
        JOIN NeedsForms pf ON pf.CampaignId = p.Id AND pf.MemberId = f.MemberId
        WHERE f.Id = @formId
        ORDER BY p.OpensAtUtc DESC
        """;

    private const string PageSql =
        GetSql + ";\n" + PageCampaignSql + ";\n" + PageMemberNameSql + ";\n" + PageLotsSql + ";\n" + PageItemsSql + ";\n"
        + PageSitesSql + ";\n" + LinesSql + ";\n" + PageDeadlineSql + ";\n" + PagePreviousSql + ";";

    private const string ListSelect = """
        SELECT f.Id AS FormId, f.CampaignId, c.Title AS CampaignTitle, c.Status AS CampaignStatus, c.ClosesAtUtc, d.ClosesAtUtc AS MemberClosesAtUtc,
               f.MemberId, m.Name AS MemberName, f.Status, f.UpdatedAtUtc,
               (SELECT COUNT(*) FROM NeedLines l WHERE l.FormId = f.Id) AS LineCount
        FROM NeedsForms f
        JOIN NeedsCampaigns c ON c.Id = f.CampaignId
        JOIN Members m ON m.Id = f.MemberId
        LEFT JOIN CampaignMemberDeadlines d ON d.CampaignId = f.CampaignId AND d.MemberId = f.MemberId
        """;

    // Not a const: Dapper expands "IN @memberIds" into a parameter list, which is not SQL either database parses as written.
    private static readonly string ListForMembersSql = ListSelect + " WHERE f.MemberId IN @memberIds AND c.Status <> 0 ORDER BY c.OpensAtUtc DESC, m.Name";

    private const string ListForCampaignSql = ListSelect + " WHERE f.CampaignId = @campaignId ORDER BY m.Name";

    private const string QuantitiesSql = """
        SELECT FormId, CatalogueItemId, SUM(QuantityMilli) AS QuantityMilli FROM NeedLines
        WHERE CampaignId = @campaignId GROUP BY FormId, CatalogueItemId
        """;

    private const string SummariesSql = """
        SELECT c.Id AS CampaignId, c.Title, c.Status, c.ClosesAtUtc,
               COUNT(f.Id) AS Forms,
               SUM(CASE WHEN f.Status = 1 THEN 1 ELSE 0 END) AS Submitted,
               SUM(CASE WHEN f.Status = 3 THEN 1 ELSE 0 END) AS Validated
        FROM NeedsCampaigns c LEFT JOIN NeedsForms f ON f.CampaignId = c.Id
        GROUP BY c.Id, c.Title, c.Status, c.ClosesAtUtc, c.OpensAtUtc
        ORDER BY c.OpensAtUtc DESC
        """;

    private const string PreviousFormSql = """
        SELECT f.Id AS FormId, p.Title FROM NeedsCampaigns c
        JOIN NeedsCampaigns p ON p.PurchasingGroupId = c.PurchasingGroupId AND p.OpensAtUtc < c.OpensAtUtc AND p.Id <> c.Id
        JOIN NeedsForms f ON f.CampaignId = p.Id AND f.MemberId = @memberId
        WHERE c.Id = @campaignId
        ORDER BY p.OpensAtUtc DESC
        """;

    private const string PreviousLinesSql = """
        SELECT i.Code, l.SiteId, l.QuantityMilli, l.Comment FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId
        WHERE l.FormId = @formId ORDER BY l.Id
        """;

    private const string BuyersSql = """
        SELECT u.Email, u.DisplayName FROM UserMembers um
        JOIN Users u ON u.Id = um.UserId
        JOIN UserRoles r ON r.UserId = u.Id AND r.Role = 'MemberBuyer'
        WHERE um.MemberId = @memberId AND u.IsDisabled = 0
        ORDER BY u.Email
        """;

    private const string SubmitSql = """
        UPDATE NeedsForms SET Status = 1, SubmittedAtUtc = @nowUtc, SubmittedByUserId = @userId,
            Version = Version + 1, UpdatedAtUtc = @nowUtc, UpdatedByUserId = @userId
        WHERE Id = @formId AND Version = @expectedVersion AND Status IN (0, 2)
        """;

    private const string ValidateSql = """
        UPDATE NeedsForms SET Status = 3, ValidatedAtUtc = @nowUtc, ValidatedByUserId = @userId,
            Version = Version + 1, UpdatedAtUtc = @nowUtc, UpdatedByUserId = @userId
        WHERE Id = @formId AND Version = @expectedVersion AND Status = 1
        """;

    private const string ReturnSql = """
        UPDATE NeedsForms SET Status = 2, ReturnReason = @reason, ReturnedAtUtc = @nowUtc,
            ReopenedAtUtc = CASE WHEN @reopen = 1 THEN @nowUtc ELSE ReopenedAtUtc END,
            Version = Version + 1, UpdatedAtUtc = @nowUtc, UpdatedByUserId = @userId
        WHERE Id = @formId AND Version = @expectedVersion AND Status = 1
        """;

    private const string ReopenSql = """
        UPDATE NeedsForms SET Status = @target, ReturnReason = @reason, ReturnedAtUtc = @nowUtc, ReopenedAtUtc = @nowUtc,
            ValidatedAtUtc = NULL, ValidatedByUserId = NULL,
            Version = Version + 1, UpdatedAtUtc = @nowUtc, UpdatedByUserId = @userId
        WHERE Id = @formId AND Version = @expectedVersion AND Status = @expectedStatus
        """;

    public async Task<NeedsForm?> GetAsync(long formId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, formId);
    }

    public Task<NeedsForm?> GetAsync(DbConnection connection, DbTransaction? transaction, long formId) =>
        connection.QuerySingleOrDefaultAsync<NeedsForm>(GetSql, new { formId }, transaction);

    public async Task<IReadOnlyList<NeedLine>> LinesAsync(DbConnection connection, DbTransaction? transaction, long formId) =>
        (await connection.QueryAsync<NeedLine>(LinesSql, new { formId }, transaction)).ToList();

    public async Task<NeedsFormPageData?> PageAsync(long formId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(PageSql, new { formId }, cancellationToken: cancellationToken));
        var form = await grid.ReadSingleOrDefaultAsync<NeedsForm>();
        var campaign = await grid.ReadSingleOrDefaultAsync<NeedsCampaign>();
        if (form is null || campaign is null)
        {
            return null;
        }

        var memberName = await grid.ReadSingleOrDefaultAsync<string>();
        var lots = (await grid.ReadAsync<CampaignLot>()).ToList();
        var items = (await grid.ReadAsync<CatalogueItem>()).ToList();
        var sites = (await grid.ReadAsync<MemberSite>()).ToList();
        var lines = (await grid.ReadAsync<NeedLine>()).ToList();
        var memberClosesAtUtc = await grid.ReadSingleOrDefaultAsync<DateTime?>();
        var previous = (await grid.ReadAsync<(string Title, long HasLines)>()).FirstOrDefault();
        return new NeedsFormPageData
        {
            Form = form,
            Campaign = campaign,
            MemberName = memberName ?? string.Empty,
            Lots = lots,
            Items = items,
            Sites = sites,
            Lines = lines,
            MemberClosesAtUtc = memberClosesAtUtc,
            PreviousCampaignTitle = previous.HasLines == 1 ? previous.Title : null,
        };
    }

    public async Task<IReadOnlyList<NeedsFormListRow>> ListForMembersAsync(IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken = default)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<NeedsFormListRow>(ListForMembersSql, new { memberIds })).ToList();
    }

    public async Task<IReadOnlyList<NeedsFormListRow>> ListForCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<NeedsFormListRow>(ListForCampaignSql, new { campaignId })).ToList();
    }

    public async Task<IReadOnlyList<FormItemQuantity>> QuantitiesForCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<FormItemQuantity>(QuantitiesSql, new { campaignId })).ToList();
    }

    public async Task<IReadOnlyList<CampaignFormsSummary>> CampaignSummariesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CampaignFormsSummary>(SummariesSql)).ToList();
    }

    public async Task<(string CampaignTitle, IReadOnlyList<PreviousLine> Lines)?> PreviousCampaignLinesAsync(long campaignId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var previous = (await connection.QueryAsync<(long FormId, string Title)>(PreviousFormSql, new { campaignId, memberId })).ToList();
        if (previous.Count == 0)
        {
            return null;
        }

        var (formId, title) = previous[0];
        var lines = (await connection.QueryAsync<PreviousLine>(PreviousLinesSql, new { formId })).ToList();
        return (title, lines);
    }

    public async Task<IReadOnlyList<(string Email, string DisplayName)>> BuyersOfMemberAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(BuyersSql, new { memberId })).ToList();
    }

    public Task<int> SubmitAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, long? userId, DateTime nowUtc) =>
        connection.ExecuteAsync(SubmitSql, new { formId, expectedVersion, userId, nowUtc }, transaction);

    public Task<int> ValidateAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, long? userId, DateTime nowUtc) =>
        connection.ExecuteAsync(ValidateSql, new { formId, expectedVersion, userId, nowUtc }, transaction);

    public Task<int> ReturnAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, string reason, bool reopen, long? userId, DateTime nowUtc) =>
        connection.ExecuteAsync(ReturnSql, new { formId, expectedVersion, reason, reopen = reopen ? 1 : 0, userId, nowUtc }, transaction);

    public Task<int> ReopenAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, NeedsFormStatus expectedStatus, NeedsFormStatus target, string reason, long? userId, DateTime nowUtc) =>
        connection.ExecuteAsync(ReopenSql, new { formId, expectedVersion, expectedStatus = (int)expectedStatus, target = (int)target, reason, userId, nowUtc }, transaction);
}
