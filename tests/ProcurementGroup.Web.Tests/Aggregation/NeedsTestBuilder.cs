using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>
/// Writes a campaign, its lots, items, members, adhesions, forms and lines straight into the database with Dapper, so the
/// aggregation can be tested before (and independently of) the campaign and form pages of the other branches.
/// </summary>
public sealed class NeedsTestBuilder(IDbConnectionFactory factory)
{
    private static readonly string Now = "2026-11-28 10:00:00.0000000";

    private readonly Dictionary<string, long> _lots = [];
    private readonly Dictionary<string, long> _items = [];
    private readonly Dictionary<string, (long MemberId, long FormId)> _members = [];

    public long GroupId { get; private set; }

    public long CampaignId { get; private set; }

    public long LotId(string key) => _lots[key];

    public long MemberId(string name) => _members[name].MemberId;

    public static async Task<NeedsTestBuilder> CampaignAsync(IDbConnectionFactory factory, int durationMonths, DateOnly plannedLaunch)
    {
        var b = new NeedsTestBuilder(factory);
        await using var c = await factory.OpenAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        b.GroupId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO PurchasingGroups (Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc) VALUES (@name, @name, 1, '2024-01-01', @Now, @Now) RETURNING Id",
            new { name = "Groupement test " + tag, Now });
        b.CampaignId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO NeedsCampaigns (PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, CreatedAtUtc, UpdatedAtUtc)
            VALUES (@GroupId, @title, '2026-09-01 06:00:00.0000000', '2026-10-15 16:00:00.0000000', @plannedLaunch, @durationMonths, 2, @Now, @Now) RETURNING Id
            """,
            new { b.GroupId, title = "Campagne test " + tag, plannedLaunch, durationMonths, Now });
        return b;
    }

    public async Task<NeedsTestBuilder> LotAsync(string key, int number, string title)
    {
        await using var c = await factory.OpenAsync();
        _lots[key] = await c.ExecuteScalarAsync<long>(
            "INSERT INTO CampaignLots (CampaignId, LotNumber, Title) VALUES (@CampaignId, @number, @title) RETURNING Id", new { CampaignId, number, title });
        return this;
    }

    public async Task<NeedsTestBuilder> ItemAsync(string lot, string code, long unitPriceCents, PricePeriod period, bool whole = true, int vat = 2000)
    {
        await using var c = await factory.OpenAsync();
        _items[code] = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO CatalogueItems (CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, VatRateBasisPoints, SortOrder)
            VALUES (@CampaignId, @lotId, @code, @label, 'unité', @whole, @unitPriceCents, @period, @vat, 0) RETURNING Id
            """,
            new { CampaignId, lotId = _lots[lot], code, label = "Article " + code, whole, unitPriceCents, period = (int)period, vat });
        return this;
    }

    /// <summary>A member adhering since 2024 (so it takes part), with a form in <paramref name="status"/> (null: no form) holding the lines.</summary>
    public async Task<NeedsTestBuilder> MemberAsync(string name, NeedsFormStatus? status, params (string Code, decimal Quantity)[] lines)
    {
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var fullName = $"{name} {CampaignId}";
        var memberId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO Members (Name, NameSearch, Kind, CreatedAtUtc, UpdatedAtUtc) VALUES (@fullName, @search, 3, @Now, @Now) RETURNING Id",
            new { fullName, search = fullName.ToUpperInvariant(), Now }, tx);
        await c.ExecuteAsync("INSERT INTO Adhesions (PurchasingGroupId, MemberId, JoinedOn) VALUES (@GroupId, @memberId, '2024-01-01')", new { GroupId, memberId }, tx);
        long formId = 0;
        if (status is { } s)
        {
            formId = await c.ExecuteScalarAsync<long>(
                "INSERT INTO NeedsForms (CampaignId, MemberId, Status, UpdatedAtUtc) VALUES (@CampaignId, @memberId, @s, @Now) RETURNING Id",
                new { CampaignId, memberId, s = (int)s, Now }, tx);
            await InsertLinesAsync(c, tx, formId, memberId, lines);
        }

        await tx.CommitAsync();
        _members[name] = (memberId, formId);
        return this;
    }

    /// <summary>Adds to a member's form one line of <paramref name="code"/> per quantity, each on a new site of the member.</summary>
    public async Task<NeedsTestBuilder> SiteLinesAsync(string name, string code, params decimal[] quantities)
    {
        var (memberId, formId) = _members[name];
        await using var c = await factory.OpenAsync();
        foreach (var quantity in quantities)
        {
            var siteId = await c.ExecuteScalarAsync<long>(
                "INSERT INTO MemberSites (MemberId, Name, CreatedAtUtc) VALUES (@memberId, @siteName, @Now) RETURNING Id",
                new { memberId, siteName = "Site " + Guid.NewGuid().ToString("N")[..6], Now });
            await c.ExecuteAsync(
                """
                INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli)
                VALUES (@formId, @CampaignId, @memberId, @itemId, @siteId, @siteId, @quantityMilli)
                """,
                new { formId, CampaignId, memberId, itemId = _items[code], siteId, quantityMilli = (long)(quantity * 1000) });
        }

        return this;
    }

    private async Task InsertLinesAsync(DbConnection c, DbTransaction tx, long formId, long memberId, (string Code, decimal Quantity)[] lines)
    {
        foreach (var (code, quantity) in lines)
        {
            await c.ExecuteAsync(
                """
                INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteKey, QuantityMilli)
                VALUES (@formId, @CampaignId, @memberId, @itemId, 0, @quantityMilli)
                """,
                new { formId, CampaignId, memberId, itemId = _items[code], quantityMilli = (long)(quantity * 1000) }, tx);
        }
    }
}
