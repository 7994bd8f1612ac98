using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>An item of a test catalogue.</summary>
public sealed record ItemSpec(int Lot, string Code, long UnitPriceCents, PricePeriod Period, bool Whole = true, int VatBasisPoints = 2000, long? MaxMilli = null, QuantityBasis Basis = QuantityBasis.WholeDuration);

/// <summary>A campaign written straight into the database (campaigns are built by another feature), with its forms.</summary>
public sealed record TestCampaign(long Id, IReadOnlyDictionary<string, long> Items, IReadOnlyDictionary<string, long> Forms);

/// <summary>Creates a campaign of a demo groupement ("Télécommunications" by default), its lots, items and a form per named member, with Dapper.</summary>
public static class CampaignBuilder
{
    public const string Amiens = "CA Amiens Métropole";
    public const string Vimeu = "CC du Vimeu";

    public static readonly ItemSpec[] DefaultItems =
    [
        new(1, "MOB-VOIX", 1200, PricePeriod.Monthly),
        new(1, "MOB-TERM", 25000, PricePeriod.OneOff),
        new(2, "SIM-DATA", 950, PricePeriod.Monthly, Whole: false),
        new(2, "FIBRE-SITE", 5500, PricePeriod.Monthly),
        new(3, "FIXE-TRONC", 9500, PricePeriod.Monthly, MaxMilli: 5000),
        new(3, "LIV-ANNUEL", 420, PricePeriod.Annual, Whole: false, VatBasisPoints: 550),
    ];

    public static async Task<DbConnection> OpenAsync(TestApp app)
    {
        _ = app.Server;
        return await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
    }

    public static async Task<TestCampaign> CreateAsync(
        TestApp app,
        CampaignStatus status = CampaignStatus.Open,
        int durationMonths = 48,
        IReadOnlyList<ItemSpec>? items = null,
        string[]? members = null,
        DateTime? opensAtUtc = null,
        string group = "Télécommunications")
    {
        items ??= DefaultItems;
        members ??= [Amiens, Vimeu];
        var now = DateTime.UtcNow;
        var opens = opensAtUtc ?? now.AddDays(-10);
        var dialect = app.Services.GetRequiredService<IDbConnectionFactory>().Dialect;
        await using var c = await OpenAsync(app);
        var groupId = await c.ExecuteScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @group", new { group });
        var campaignId = await c.ExecuteScalarAsync<long>(
            dialect.InsertReturningId("NeedsCampaigns",
                "PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, Version, CreatedAtUtc, UpdatedAtUtc",
                "@groupId, @title, @opens, @closes, @launch, @durationMonths, @status, 1, @now, @now"),
            new
            {
                groupId,
                title = "Campagne de test " + Guid.NewGuid().ToString("N")[..8],
                opens,
                closes = opens.AddDays(40),
                launch = DateOnly.FromDateTime(opens.AddDays(90)),
                durationMonths,
                status = (int)status,
                now,
            });
        var lots = new Dictionary<int, long>();
        foreach (var lot in items.Select(i => i.Lot).Distinct())
        {
            lots[lot] = await c.ExecuteScalarAsync<long>(
                dialect.InsertReturningId("CampaignLots", "CampaignId, LotNumber, Title", "@campaignId, @lot, @title"),
                new { campaignId, lot, title = $"Lot de test {lot}" });
        }

        var itemIds = new Dictionary<string, long>();
        var order = 0;
        foreach (var i in items)
        {
            itemIds[i.Code] = await c.ExecuteScalarAsync<long>(
                dialect.InsertReturningId("CatalogueItems",
                    "CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, QuantityBasis, VatRateBasisPoints, MaxPerMemberMilli, SortOrder",
                    "@campaignId, @lotId, @Code, @label, 'unité', @Whole, @UnitPriceCents, @period, @basis, @VatBasisPoints, @MaxMilli, @order"),
                new { campaignId, lotId = lots[i.Lot], i.Code, label = "Article " + i.Code, i.Whole, i.UnitPriceCents, period = (int)i.Period, basis = (int)i.Basis, i.VatBasisPoints, i.MaxMilli, order = order++ });
        }

        var forms = new Dictionary<string, long>();
        foreach (var name in members)
        {
            var memberId = await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name });
            forms[name] = await c.ExecuteScalarAsync<long>(
                dialect.InsertReturningId("NeedsForms", "CampaignId, MemberId, Status, Version, UpdatedAtUtc", "@campaignId, @memberId, 0, 1, @now"),
                new { campaignId, memberId, now });
        }

        return new TestCampaign(campaignId, itemIds, forms);
    }

    public static async Task<long> MemberIdAsync(TestApp app, string name)
    {
        await using var c = await OpenAsync(app);
        return await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name });
    }

    public static async Task<long> AddSiteAsync(TestApp app, string member, string name)
    {
        var memberId = await MemberIdAsync(app, member);
        await using var c = await OpenAsync(app);
        var dialect = app.Services.GetRequiredService<IDbConnectionFactory>().Dialect;
        return await c.ExecuteScalarAsync<long>(
            dialect.InsertReturningId("MemberSites", "MemberId, Name, CommuneInsee, IsArchived, CreatedAtUtc", "@memberId, @name, '80368', 0, @now"),
            new { memberId, name, now = DateTime.UtcNow });
    }
}
