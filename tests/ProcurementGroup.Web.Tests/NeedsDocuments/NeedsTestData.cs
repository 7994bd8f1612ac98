using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

public sealed record TestCampaign(long Id, string Title, long GroupId, IReadOnlyDictionary<string, long> Items);

/// <summary>
/// Campaigns, catalogues, sites and forms written with Dapper straight into the test database: the campaign and forms
/// features live on other branches, and these tests need exact, known data (the ENT catalogue of the demo).
/// </summary>
public sealed class NeedsTestData(TestApp app)
{
    public const string Amiens = "CA Amiens Métropole";
    public const string Vimeu = "CC du Vimeu";

    private IDbConnectionFactory Factory => app.Services.GetRequiredService<IDbConnectionFactory>();

    public async Task<long> MemberIdAsync(string name)
    {
        await using var c = await Factory.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name });
    }

    /// <summary>
    /// A groupement joined by <paramref name="memberIds"/> and a campaign with the demo ENT catalogue: lot 1 ENT-ELEVE
    /// (annual 4,20 €, whole), ENT-ENS (annual 6,00 €, whole, at most 500), lot 2 ENT-FORM (one-off 650,00 €, fractions allowed).
    /// </summary>
    public async Task<TestCampaign> CampaignAsync(CampaignStatus status, DateTime opensUtc, DateTime closesUtc, params long[] memberIds)
    {
        var title = "ENT test " + Guid.NewGuid().ToString("N")[..8];
        var now = DateTime.UtcNow;
        await using var c = await Factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var groupName = "Groupement " + title;
        var groupId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO PurchasingGroups (Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc)
            VALUES (@groupName, @search, 2, '2024-01-01', @now, @now);
            SELECT last_insert_rowid();
            """,
            new { groupName, search = SearchText.Fold(groupName), now },
            tx);
        foreach (var memberId in memberIds)
        {
            await c.ExecuteAsync("INSERT INTO Adhesions (PurchasingGroupId, MemberId, JoinedOn) VALUES (@groupId, @memberId, '2024-01-01')", new { groupId, memberId }, tx);
        }

        var campaignId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO NeedsCampaigns (PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, CreatedAtUtc, UpdatedAtUtc)
            VALUES (@groupId, @title, @opensUtc, @closesUtc, '2027-02-01', 36, @status, @now, @now);
            SELECT last_insert_rowid();
            """,
            new { groupId, title, opensUtc, closesUtc, status = (int)status, now },
            tx);
        var lot1 = await LotAsync(c, tx, campaignId, 1, "Espace numérique de travail");
        var lot2 = await LotAsync(c, tx, campaignId, 2, "Accompagnement");
        var items = new Dictionary<string, long>
        {
            ["ENT-ELEVE"] = await ItemAsync(c, tx, campaignId, lot1, "ENT-ELEVE", "Licence ENT par compte élève", "compte", 420, PricePeriod.Annual, true, null, 1),
            ["ENT-ENS"] = await ItemAsync(c, tx, campaignId, lot1, "ENT-ENS", "Licence ENT par compte enseignant", "compte", 600, PricePeriod.Annual, true, 500_000, 2),
            ["ENT-FORM"] = await ItemAsync(c, tx, campaignId, lot2, "ENT-FORM", "Journée de formation", "jour", 65_000, PricePeriod.OneOff, false, null, 1),
        };
        await tx.CommitAsync();
        return new TestCampaign(campaignId, title, groupId, items);
    }

    public async Task<long> FormAsync(long campaignId, long memberId, NeedsFormStatus status, DateTime? submittedAtUtc = null)
    {
        await using var c = await Factory.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO NeedsForms (CampaignId, MemberId, Status, SubmittedAtUtc, Version, UpdatedAtUtc)
            VALUES (@campaignId, @memberId, @status, @submittedAtUtc, 1, @now);
            SELECT last_insert_rowid();
            """,
            new { campaignId, memberId, status = (int)status, submittedAtUtc, now = DateTime.UtcNow });
    }

    public async Task<long> SiteAsync(long memberId, string name)
    {
        await using var c = await Factory.OpenAsync();
        var existing = await c.ExecuteScalarAsync<long?>("SELECT Id FROM MemberSites WHERE MemberId = @memberId AND Name = @name", new { memberId, name });
        return existing ?? await c.ExecuteScalarAsync<long>(
            "INSERT INTO MemberSites (MemberId, Name, Address, CreatedAtUtc) VALUES (@memberId, @name, '1 rue de l''École', @now); SELECT last_insert_rowid();",
            new { memberId, name, now = DateTime.UtcNow });
    }

    public async Task LineAsync(long formId, long itemId, long? siteId, long quantityMilli, string? comment = null)
    {
        await using var c = await Factory.OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli, Comment)
            SELECT f.Id, f.CampaignId, f.MemberId, @itemId, @siteId, @siteKey, @quantityMilli, @comment FROM NeedsForms f WHERE f.Id = @formId
            """,
            new { formId, itemId, siteId, siteKey = siteId ?? 0, quantityMilli, comment });
    }

    public async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var c = await Factory.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    private static Task<long> LotAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long campaignId, int number, string title) =>
        c.ExecuteScalarAsync<long>(
            "INSERT INTO CampaignLots (CampaignId, LotNumber, Title) VALUES (@campaignId, @number, @title); SELECT last_insert_rowid();",
            new { campaignId, number, title },
            tx);

    private static Task<long> ItemAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long campaignId, long lotId, string code, string label, string unit, long cents, PricePeriod period, bool whole, long? max, int sort) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO CatalogueItems (CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, VatRateBasisPoints, MaxPerMemberMilli, SortOrder)
            VALUES (@campaignId, @lotId, @code, @label, @unit, @whole, @cents, @period, 2000, @max, @sort);
            SELECT last_insert_rowid();
            """,
            new { campaignId, lotId, code, label, unit, whole, cents, period = (int)period, max, sort },
            tx);

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
