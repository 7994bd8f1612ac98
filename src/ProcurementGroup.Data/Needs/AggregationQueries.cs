using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>A member taking part whose form is missing, a draft or returned (Status null: no form yet).</summary>
public sealed record NotSubmittedMember(long MemberId, string Name, NeedsFormStatus? Status);

/// <summary>What the aggregation queries return: grouped rows only, never the lines themselves.</summary>
public sealed record AggregationRows(
    IReadOnlyList<(NeedsFormStatus Status, int Count)> FormCounts,
    IReadOnlyList<ItemQuantityRow> Items,
    IReadOnlyList<LotMembersRow> Lots,
    IReadOnlyList<MemberValueRow> Members,
    IReadOnlyDictionary<long, string> MemberNames,
    IReadOnlyList<NotSubmittedMember> NotSubmitted);

public interface IAggregationQueries
{
    /// <summary>Runs the aggregation's GROUP BY statements for a campaign, on one connection.</summary>
    Task<AggregationRows> LoadAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default);
}

/// <summary>
/// The needs aggregation in SQL: GROUP BY over the indexed integer columns of NeedLines (CampaignId, CatalogueItemId,
/// MemberId, QuantityMilli), so 200,000 lines come back as a few hundred grouped rows.
/// </summary>
/// <remarks>
/// Exactness: per item, SQL sums only quantities; C# multiplies by the item's price and period factor in Int128. Per member
/// (several items, several prices), SQL sums price × quantity × factor, which could overflow 64 bits for absurd inputs:
/// each group also returns MAX(price) and SUM(quantity), and the group is trusted only when
/// max price × max factor × Σ quantity &lt; 2^63 (every term is non-negative, so no partial sum can exceed that bound).
/// Otherwise, or if the database reports an overflow (SQL Server raises one; SQLite raises one on SUM), the member totals
/// are recomputed from per-member-and-item quantity sums, combined in Int128.
/// </remarks>
public sealed class AggregationQueries(IDbConnectionFactory factory) : IAggregationQueries
{
    public const string FormCountsSql =
        "SELECT Status, COUNT(*) AS FormCount FROM NeedsForms WHERE CampaignId = @campaignId GROUP BY Status";

    public const string ItemQuantitiesSql =
        """
        SELECT l.CatalogueItemId AS ItemId, f.Status, SUM(l.QuantityMilli) AS QuantityMilli, COUNT(DISTINCT l.MemberId) AS MemberCount
        FROM NeedLines l JOIN NeedsForms f ON f.Id = l.FormId
        WHERE l.CampaignId = @campaignId
        GROUP BY l.CatalogueItemId, f.Status
        """;

    public const string LotMembersSql =
        """
        SELECT i.LotId, f.Status, COUNT(DISTINCT l.MemberId) AS MemberCount
        FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId JOIN NeedsForms f ON f.Id = l.FormId
        WHERE l.CampaignId = @campaignId
        GROUP BY i.LotId, f.Status
        """;

    /// <summary>The factor per price period (see EstimatedValue.PeriodFactor) is passed as parameters: 1 = one-off, 2 = monthly, 3 = annual.</summary>
    public const string MemberValuesSql =
        """
        SELECT l.MemberId, f.Status, i.VatRateBasisPoints,
               SUM(i.UnitPriceCents * l.QuantityMilli * (CASE i.PricePeriod WHEN 1 THEN @oneOffFactor WHEN 2 THEN @monthlyFactor ELSE @annualFactor END)) AS ExactHt,
               MAX(i.UnitPriceCents) AS MaxPriceCents,
               SUM(l.QuantityMilli) AS QuantityMilli
        FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId JOIN NeedsForms f ON f.Id = l.FormId
        WHERE l.CampaignId = @campaignId
        GROUP BY l.MemberId, f.Status, i.VatRateBasisPoints
        """;

    /// <summary>The exact fallback for member totals: quantities per member and item, multiplied in C#.</summary>
    public const string MemberItemQuantitiesSql =
        """
        SELECT l.MemberId, f.Status, l.CatalogueItemId AS ItemId, SUM(l.QuantityMilli) AS QuantityMilli
        FROM NeedLines l JOIN NeedsForms f ON f.Id = l.FormId
        WHERE l.CampaignId = @campaignId
        GROUP BY l.MemberId, f.Status, l.CatalogueItemId
        """;

    public const string MemberNamesSql =
        "SELECT m.Id, m.Name FROM Members m WHERE m.Id IN (SELECT f.MemberId FROM NeedsForms f WHERE f.CampaignId = @campaignId)";

    /// <summary>Members taking part (adhering on the opening day: joined on or before, not left by then) without a submitted or validated form.</summary>
    public const string NotSubmittedSql =
        """
        SELECT DISTINCT m.Id AS MemberId, m.Name, f.Status
        FROM Adhesions a
        JOIN Members m ON m.Id = a.MemberId
        LEFT JOIN NeedsForms f ON f.CampaignId = @campaignId AND f.MemberId = a.MemberId
        WHERE a.PurchasingGroupId = @groupId AND a.JoinedOn <= @openingDay AND (a.LeftOn IS NULL OR a.LeftOn > @openingDay)
          AND (f.Id IS NULL OR f.Status = 0 OR f.Status = 2)
        ORDER BY m.Name, m.Id
        """;

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task<AggregationRows> LoadAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default)
    {
        var campaignId = campaign.Id;
        await using var connection = await factory.OpenAsync(cancellationToken);

        var formCounts = (await connection.QueryAsync<FormCountDto>(new CommandDefinition(FormCountsSql, new { campaignId }, cancellationToken: cancellationToken)))
            .Select(r => ((NeedsFormStatus)r.Status, (int)r.FormCount))
            .ToList();

        var items = (await connection.QueryAsync<ItemDto>(new CommandDefinition(ItemQuantitiesSql, new { campaignId }, cancellationToken: cancellationToken)))
            .Select(r => new ItemQuantityRow(r.ItemId, (NeedsFormStatus)r.Status, r.QuantityMilli, (int)r.MemberCount))
            .ToList();

        var lots = (await connection.QueryAsync<LotDto>(new CommandDefinition(LotMembersSql, new { campaignId }, cancellationToken: cancellationToken)))
            .Select(r => new LotMembersRow(r.LotId, (NeedsFormStatus)r.Status, (int)r.MemberCount))
            .ToList();

        var members = await MemberValuesAsync(connection, campaign, cancellationToken);

        var names = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(MemberNamesSql, new { campaignId }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Id, r => r.Name);

        // The opening day in Paris: an adhesion dated that day takes part (as ICatalogueReader.ParticipantMemberIdsAsync).
        var openingDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(campaign.OpensAtUtc, DateTimeKind.Utc), Paris));
        var notSubmitted = (await connection.QueryAsync<NotSubmittedDto>(
                new CommandDefinition(NotSubmittedSql, new { campaignId, groupId = campaign.PurchasingGroupId, openingDay }, cancellationToken: cancellationToken)))
            .Select(r => new NotSubmittedMember(r.MemberId, r.Name, r.Status is { } s ? (NeedsFormStatus)s : null))
            .ToList();

        return new AggregationRows(formCounts, items, lots, members, names, notSubmitted);
    }

    private static async Task<IReadOnlyList<MemberValueRow>> MemberValuesAsync(DbConnection connection, NeedsCampaign campaign, CancellationToken cancellationToken)
    {
        var duration = campaign.DurationMonths;
        var oneOffFactor = EstimatedValue.PeriodFactor(PricePeriod.OneOff, duration);
        var monthlyFactor = EstimatedValue.PeriodFactor(PricePeriod.Monthly, duration);
        var annualFactor = EstimatedValue.PeriodFactor(PricePeriod.Annual, duration);
        var maxFactor = Math.Max(oneOffFactor, Math.Max(monthlyFactor, annualFactor));
        try
        {
            var rows = (await connection.QueryAsync<MemberValueDto>(new CommandDefinition(
                MemberValuesSql,
                new { campaignId = campaign.Id, oneOffFactor, monthlyFactor, annualFactor },
                cancellationToken: cancellationToken))).ToList();

            // The bound that proves SUM(price × quantity × factor) stayed within 64 bits for every group.
            if (rows.All(r => r.MaxPriceCents >= 0 && r.QuantityMilli >= 0 && (Int128)r.MaxPriceCents * maxFactor * r.QuantityMilli < long.MaxValue))
            {
                return rows.Select(r => new MemberValueRow(r.MemberId, (NeedsFormStatus)r.Status, (int)r.VatRateBasisPoints, r.ExactHt)).ToList();
            }
        }
        catch (Exception ex) when (ex is DbException or OverflowException or InvalidCastException)
        {
            // Overflow reported by the database, or a value SQLite turned into a floating-point number: take the exact path below.
        }

        return await MemberValuesExactAsync(connection, campaign, cancellationToken);
    }

    private static async Task<IReadOnlyList<MemberValueRow>> MemberValuesExactAsync(DbConnection connection, NeedsCampaign campaign, CancellationToken cancellationToken)
    {
        var items = (await connection.QueryAsync<CatalogueItem>(new CommandDefinition(
                "SELECT Id, UnitPriceCents, PricePeriod, VatRateBasisPoints FROM CatalogueItems WHERE CampaignId = @campaignId",
                new { campaignId = campaign.Id },
                cancellationToken: cancellationToken)))
            .ToDictionary(i => i.Id);
        var rows = await connection.QueryAsync<MemberItemDto>(new CommandDefinition(MemberItemQuantitiesSql, new { campaignId = campaign.Id }, cancellationToken: cancellationToken));
        return rows
            .Where(r => items.ContainsKey(r.ItemId))
            .Select(r =>
            {
                var item = items[r.ItemId];
                return new MemberValueRow(r.MemberId, (NeedsFormStatus)r.Status, item.VatRateBasisPoints, EstimatedValue.Exact(item.UnitPriceCents, r.QuantityMilli, item.PricePeriod, campaign.DurationMonths));
            })
            .ToList();
    }

    private sealed class FormCountDto
    {
        public long Status { get; set; }

        public long FormCount { get; set; }
    }

    private sealed class ItemDto
    {
        public long ItemId { get; set; }

        public long Status { get; set; }

        public long QuantityMilli { get; set; }

        public long MemberCount { get; set; }
    }

    private sealed class LotDto
    {
        public long LotId { get; set; }

        public long Status { get; set; }

        public long MemberCount { get; set; }
    }

    private sealed class MemberValueDto
    {
        public long MemberId { get; set; }

        public long Status { get; set; }

        public long VatRateBasisPoints { get; set; }

        public long ExactHt { get; set; }

        public long MaxPriceCents { get; set; }

        public long QuantityMilli { get; set; }
    }

    private sealed class MemberItemDto
    {
        public long MemberId { get; set; }

        public long Status { get; set; }

        public long ItemId { get; set; }

        public long QuantityMilli { get; set; }
    }

    private sealed class NotSubmittedDto
    {
        public long MemberId { get; set; }

        public string Name { get; set; } = string.Empty;

        public long? Status { get; set; }
    }
}
