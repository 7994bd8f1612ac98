using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>A member taking part whose form is missing, a draft or returned (Status null: no form yet).</summary>
public sealed record NotSubmittedMember(long MemberId, string Name, NeedsFormStatus? Status);

/// <summary>A form whose member does not take part (its adhesion does not cover the launch day): shown apart, never counted.</summary>
public sealed record NotTakingPartForm(long FormId, long MemberId, string Name, NeedsFormStatus Status);

/// <summary>
/// What the aggregation queries return: grouped rows only, never the lines themselves. Only the forms of members taking
/// part (<see cref="ParticipationSql"/>) are aggregated; the others are listed in <see cref="NotTakingPart"/>.
/// </summary>
public sealed record AggregationRows(
    IReadOnlyList<(NeedsFormStatus Status, int Count)> FormCounts,
    IReadOnlyList<ItemQuantityRow> Items,
    IReadOnlyList<LotMembersRow> Lots,
    IReadOnlyList<MemberValueRow> Members,
    IReadOnlyDictionary<long, string> MemberNames,
    IReadOnlyList<NotSubmittedMember> NotSubmitted)
{
    public IReadOnlyList<NotTakingPartForm> NotTakingPart { get; init; } = [];
}

public interface IAggregationQueries
{
    /// <summary>Runs the aggregation's GROUP BY statements for a campaign, on one connection.</summary>
    Task<AggregationRows> LoadAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default);
}

/// <summary>
/// The needs aggregation in SQL: GROUP BY over the indexed integer columns of NeedLines (CampaignId, CatalogueItemId,
/// FormId, MemberId, QuantityMilli), so 200,000 lines come back as a few hundred grouped rows.
/// </summary>
/// <remarks>
/// Speed: the per-item totals over all forms stream from the covering index IX_NeedLines_CampaignItem without a join;
/// only the smaller side (drafts and returned forms, or submitted and validated ones, whichever has fewer forms) is joined
/// to NeedsForms, and the other side is the difference (a member has one form, so counts of distinct forms subtract).
/// Exactness: per item, SQL sums only quantities; C# multiplies by the item's price and period factor in Int128. Per member
/// (several items, several prices), SQL sums price × quantity × factor (and × (10,000 + VAT) for the TTC when the catalogue
/// has several rates; with one rate the TTC is HT × (1 + rate) in C#), which could overflow 64 bits for absurd inputs: each
/// member's group also returns SUM(quantity), and it is trusted only when the catalogue's max price × max factor
/// (× (10,000 + max VAT)) × Σ quantity &lt; 2^63 (every term is non-negative, so no partial sum exceeds that bound). Otherwise, or if the database reports an overflow (SQL Server raises one; SQLite
/// raises one on SUM), the member totals are recomputed from per-member-and-item quantity sums, combined in Int128.
/// </remarks>
public sealed class AggregationQueries(IDbConnectionFactory factory) : IAggregationQueries
{
    /// <summary>The campaign's forms of members taking part (one per member, about a thousand at most): statuses and counts come from here.</summary>
    public const string FormsSql = "SELECT f.Id, f.MemberId, f.Status FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId IN " + ParticipationSql.MemberIds;

    /// <summary>The forms of members not taking part (few or none): their lines are left out of every sum.</summary>
    private const string NotTakingPartFormIds =
        "(SELECT f.Id FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId NOT IN " + ParticipationSql.MemberIds + ")";

    /// <summary>Those forms, with their member, to be shown apart.</summary>
    public const string NotTakingPartSql =
        "SELECT f.Id AS FormId, f.MemberId, m.Name, f.Status FROM NeedsForms f JOIN Members m ON m.Id = f.MemberId "
        + "WHERE f.CampaignId = @campaignId AND f.MemberId NOT IN " + ParticipationSql.MemberIds + " ORDER BY m.Name, m.Id";

    /// <summary>Per item over all forms: streams from IX_NeedLines_CampaignItem (CampaignId, CatalogueItemId, FormId, QuantityMilli).</summary>
    public const string ItemTotalsSql =
        $"""
        SELECT l.CatalogueItemId AS ItemId, SUM(l.QuantityMilli) AS QuantityMilli, COUNT(*) AS MemberCount
        FROM NeedLines l
        WHERE l.CampaignId = @campaignId AND l.FormId NOT IN {NotTakingPartFormIds}
        GROUP BY l.CatalogueItemId
        """;

    /// <summary>
    /// Lines counted above are members only when a member has one line per item; with sites it may have several. This finds
    /// those (form, item) pairs, among the members that have sites only, so the counts are corrected without a COUNT(DISTINCT)
    /// over every line (which costs a temporary B-tree per item).
    /// </summary>
    public const string SiteDuplicatesSql =
        $"""
        SELECT l.CatalogueItemId AS ItemId, f.Status, COUNT(*) AS Lines
        FROM NeedsForms f JOIN NeedLines l ON l.FormId = f.Id
        WHERE f.CampaignId = @campaignId AND EXISTS (SELECT 1 FROM MemberSites s WHERE s.MemberId = f.MemberId)
          AND f.MemberId IN {ParticipationSql.MemberIds}
        GROUP BY l.FormId, l.CatalogueItemId, f.Status
        HAVING COUNT(*) > 1
        """;

    /// <summary>Per item for the forms in two statuses (@statusA, @statusB): the smaller side of counted/pending.</summary>
    public const string ItemSideSql =
        $"""
        SELECT l.CatalogueItemId AS ItemId, SUM(l.QuantityMilli) AS QuantityMilli, COUNT(*) AS MemberCount
        FROM NeedsForms f JOIN NeedLines l ON l.FormId = f.Id
        WHERE f.CampaignId = @campaignId AND (f.Status = @statusA OR f.Status = @statusB) AND f.MemberId IN {ParticipationSql.MemberIds}
        GROUP BY l.CatalogueItemId
        """;

    /// <summary>Per lot and status, the forms with at least one line in the lot (probes UX_NeedLines_ItemSite; no line is read twice).</summary>
    public const string LotMembersSql =
        $"""
        SELECT lot.Id AS LotId, f.Status, COUNT(*) AS MemberCount
        FROM CampaignLots lot JOIN NeedsForms f ON f.CampaignId = lot.CampaignId
        WHERE lot.CampaignId = @campaignId AND f.MemberId IN {ParticipationSql.MemberIds}
          AND EXISTS (SELECT 1 FROM CatalogueItems i JOIN NeedLines nl ON nl.FormId = f.Id AND nl.CatalogueItemId = i.Id WHERE i.LotId = lot.Id)
        GROUP BY lot.Id, f.Status
        """;

    /// <summary>The catalogue's bounds: the overflow proof and whether a single VAT rate applies (then TTC = HT × (1 + rate), exactly).</summary>
    public const string CatalogueBoundsSql =
        """
        SELECT MAX(i.UnitPriceCents) AS MaxPriceCents, MIN(i.UnitPriceCents) AS MinPriceCents,
               MAX(i.VatRateBasisPoints) AS MaxVatRateBasisPoints, MIN(i.VatRateBasisPoints) AS MinVatRateBasisPoints
        FROM CatalogueItems i
        WHERE i.CampaignId = @campaignId
        """;

    /// <summary>
    /// Per member: the exact HT sum (one VAT rate in the catalogue). The factor per price period (EstimatedValue.PeriodFactor)
    /// is passed as parameters: 1 = one-off (quantity basis 2 = per year), 2 = monthly, 3 = annual. Streams from IX_NeedLines_CampaignMemberItem (0007_aggregation.sql).
    /// </summary>
    public const string MemberValuesSql =
        """
        SELECT l.MemberId,
               SUM(i.UnitPriceCents * l.QuantityMilli * (CASE WHEN i.PricePeriod = 1 AND i.QuantityBasis = 2 THEN @oneOffPerYearFactor WHEN i.PricePeriod = 1 THEN @oneOffFactor WHEN i.PricePeriod = 2 THEN @monthlyFactor ELSE @annualFactor END)) AS ExactHt,
               SUM(l.QuantityMilli) AS QuantityMilli
        FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId
        WHERE l.CampaignId = @campaignId
        GROUP BY l.MemberId
        """;

    /// <summary>The same with the exact TTC, when the catalogue has several VAT rates (each line's HT × (10,000 + its rate)).</summary>
    public const string MemberValuesWithVatSql =
        """
        SELECT l.MemberId,
               SUM(i.UnitPriceCents * l.QuantityMilli * (CASE WHEN i.PricePeriod = 1 AND i.QuantityBasis = 2 THEN @oneOffPerYearFactor WHEN i.PricePeriod = 1 THEN @oneOffFactor WHEN i.PricePeriod = 2 THEN @monthlyFactor ELSE @annualFactor END)) AS ExactHt,
               SUM(i.UnitPriceCents * l.QuantityMilli * (CASE WHEN i.PricePeriod = 1 AND i.QuantityBasis = 2 THEN @oneOffPerYearFactor WHEN i.PricePeriod = 1 THEN @oneOffFactor WHEN i.PricePeriod = 2 THEN @monthlyFactor ELSE @annualFactor END) * (10000 + i.VatRateBasisPoints)) AS ExactTtcScaled,
               SUM(l.QuantityMilli) AS QuantityMilli
        FROM NeedLines l JOIN CatalogueItems i ON i.Id = l.CatalogueItemId
        WHERE l.CampaignId = @campaignId
        GROUP BY l.MemberId
        """;

    /// <summary>The exact fallback for member totals: quantities per member and item, multiplied in C#.</summary>
    public const string MemberItemQuantitiesSql =
        """
        SELECT l.MemberId, l.CatalogueItemId AS ItemId, SUM(l.QuantityMilli) AS QuantityMilli
        FROM NeedLines l
        WHERE l.CampaignId = @campaignId
        GROUP BY l.MemberId, l.CatalogueItemId
        """;

    public const string MemberNamesSql =
        "SELECT m.Id, m.Name FROM Members m WHERE m.Id IN (SELECT f.MemberId FROM NeedsForms f WHERE f.CampaignId = @campaignId)";

    /// <summary>Members taking part (adhering on the launch day: joined on or before, not left before it) without a submitted or validated form.</summary>
    public const string NotSubmittedSql =
        $"""
        SELECT DISTINCT m.Id AS MemberId, m.Name, f.Status
        FROM Adhesions a
        JOIN Members m ON m.Id = a.MemberId
        LEFT JOIN NeedsForms f ON f.CampaignId = @campaignId AND f.MemberId = a.MemberId
        WHERE {ParticipationSql.AdhesionTakesPart}
          AND (f.Id IS NULL OR f.Status = 0 OR f.Status = 2)
        ORDER BY m.Name, m.Id
        """;


    public async Task<AggregationRows> LoadAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default)
    {
        var campaignId = campaign.Id;
        var groupId = campaign.PurchasingGroupId;
        var launchDay = CampaignRules.LaunchDay(campaign);
        var participation = new { campaignId, groupId, launchDay };
        await using var connection = await factory.OpenAsync(cancellationToken);

        var forms = (await connection.QueryAsync<FormDto>(new CommandDefinition(FormsSql, participation, cancellationToken: cancellationToken))).ToList();
        var formCounts = forms.GroupBy(f => (NeedsFormStatus)f.Status).Select(g => (g.Key, g.Count())).ToList();
        var statusOfMember = forms.GroupBy(f => f.MemberId).ToDictionary(g => g.Key, g => (NeedsFormStatus)g.First().Status);

        var items = await ItemRowsAsync(connection, campaignId, groupId, launchDay, forms, cancellationToken);

        var lots = (await connection.QueryAsync<LotDto>(new CommandDefinition(LotMembersSql, participation, cancellationToken: cancellationToken)))
            .Select(r => new LotMembersRow(r.LotId, Aggregation.Counts((NeedsFormStatus)r.Status), (int)r.MemberCount))
            .ToList();

        var members = await MemberValuesAsync(connection, campaign, statusOfMember, cancellationToken);

        var names = (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(MemberNamesSql, new { campaignId }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Id, r => r.Name);

        var notSubmitted = (await connection.QueryAsync<NotSubmittedDto>(
                new CommandDefinition(NotSubmittedSql, participation, cancellationToken: cancellationToken)))
            .Select(r => new NotSubmittedMember(r.MemberId, r.Name, r.Status is { } s ? (NeedsFormStatus)s : null))
            .ToList();

        var notTakingPart = (await connection.QueryAsync<NotTakingPartDto>(new CommandDefinition(NotTakingPartSql, participation, cancellationToken: cancellationToken)))
            .Select(r => new NotTakingPartForm(r.FormId, r.MemberId, r.Name, (NeedsFormStatus)r.Status))
            .ToList();

        return new AggregationRows(formCounts, items, lots, members, names, notSubmitted) { NotTakingPart = notTakingPart };
    }

    /// <summary>Per item, counted and pending rows: totals over all forms, the smaller side joined to its forms, the other by difference.</summary>
    private static async Task<IReadOnlyList<ItemQuantityRow>> ItemRowsAsync(DbConnection connection, long campaignId, long groupId, DateOnly launchDay, List<FormDto> forms, CancellationToken cancellationToken)
    {
        var pendingForms = forms.Count(f => !Aggregation.Counts((NeedsFormStatus)f.Status));
        var sideIsPending = pendingForms * 2 <= forms.Count;
        var (statusA, statusB) = sideIsPending
            ? ((int)NeedsFormStatus.Draft, (int)NeedsFormStatus.Returned)
            : ((int)NeedsFormStatus.Submitted, (int)NeedsFormStatus.Validated);

        var participation = new { campaignId, groupId, launchDay };
        var totals = await connection.QueryAsync<ItemDto>(new CommandDefinition(ItemTotalsSql, participation, cancellationToken: cancellationToken));
        var side = (await connection.QueryAsync<ItemDto>(new CommandDefinition(ItemSideSql, new { campaignId, groupId, launchDay, statusA, statusB }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.ItemId);

        // Extra lines of a member on the same item (one per additional site) are not extra members.
        var duplicates = (await connection.QueryAsync<DuplicateDto>(new CommandDefinition(SiteDuplicatesSql, participation, cancellationToken: cancellationToken))).ToList();
        var extraAll = duplicates.GroupBy(d => d.ItemId).ToDictionary(g => g.Key, g => g.Sum(d => d.Lines - 1));
        var extraSide = duplicates.Where(d => d.Status == statusA || d.Status == statusB).GroupBy(d => d.ItemId).ToDictionary(g => g.Key, g => g.Sum(d => d.Lines - 1));

        var rows = new List<ItemQuantityRow>();
        foreach (var total in totals)
        {
            side.TryGetValue(total.ItemId, out var part);
            total.MemberCount -= extraAll.GetValueOrDefault(total.ItemId);
            var partQuantity = part?.QuantityMilli ?? 0;
            var partMembers = (int)((part?.MemberCount ?? 0) - extraSide.GetValueOrDefault(total.ItemId));
            rows.Add(new ItemQuantityRow(total.ItemId, !sideIsPending, partQuantity, partMembers));
            rows.Add(new ItemQuantityRow(total.ItemId, sideIsPending, total.QuantityMilli - partQuantity, (int)total.MemberCount - partMembers));
        }

        return rows;
    }

    private static async Task<IReadOnlyList<MemberValueRow>> MemberValuesAsync(DbConnection connection, NeedsCampaign campaign, Dictionary<long, NeedsFormStatus> statusOfMember, CancellationToken cancellationToken)
    {
        var duration = campaign.DurationMonths;
        var oneOffFactor = EstimatedValue.PeriodFactor(PricePeriod.OneOff, QuantityBasis.WholeDuration, duration);
        var oneOffPerYearFactor = EstimatedValue.PeriodFactor(PricePeriod.OneOff, QuantityBasis.PerYear, duration);
        var monthlyFactor = EstimatedValue.PeriodFactor(PricePeriod.Monthly, QuantityBasis.WholeDuration, duration);
        var annualFactor = EstimatedValue.PeriodFactor(PricePeriod.Annual, QuantityBasis.WholeDuration, duration);
        var maxFactor = Math.Max(Math.Max(oneOffFactor, oneOffPerYearFactor), Math.Max(monthlyFactor, annualFactor));
        var bounds = await connection.QuerySingleOrDefaultAsync<BoundsDto>(new CommandDefinition(CatalogueBoundsSql, new { campaignId = campaign.Id }, cancellationToken: cancellationToken));
        if (bounds?.MaxPriceCents is not { } maxPrice || bounds.MinPriceCents < 0 || bounds.MinVatRateBasisPoints < 0)
        {
            return bounds?.MaxPriceCents is null ? [] : await MemberValuesExactAsync(connection, campaign, statusOfMember, cancellationToken);
        }

        var singleVat = bounds.MinVatRateBasisPoints == bounds.MaxVatRateBasisPoints;
        var maxVat = bounds.MaxVatRateBasisPoints ?? 0;
        try
        {
            var rows = (await connection.QueryAsync<MemberValueDto>(new CommandDefinition(
                singleVat ? MemberValuesSql : MemberValuesWithVatSql,
                new { campaignId = campaign.Id, oneOffFactor, oneOffPerYearFactor, monthlyFactor, annualFactor },
                cancellationToken: cancellationToken))).ToList();

            // The bound that proves the sums stayed within 64 bits for every member (all terms are non-negative).
            var vatFactor = singleVat ? 1 : 10_000 + maxVat;
            if (rows.All(r => r.QuantityMilli >= 0 && (Int128)maxPrice * maxFactor * vatFactor * r.QuantityMilli < long.MaxValue))
            {
                return rows
                    .Where(r => statusOfMember.ContainsKey(r.MemberId))
                    .Select(r => new MemberValueRow(
                        r.MemberId,
                        statusOfMember[r.MemberId],
                        r.ExactHt,
                        singleVat ? EstimatedValue.WithVat(r.ExactHt, (int)maxVat) : r.ExactTtcScaled))
                    .ToList();
            }
        }
        catch (Exception ex) when (ex is DbException or System.Data.DataException or OverflowException or InvalidCastException)
        {
            // Overflow reported by the database, or a product SQLite turned into a floating-point number (Dapper then fails to read
            // it as a long): take the exact path below.
        }

        return await MemberValuesExactAsync(connection, campaign, statusOfMember, cancellationToken);
    }

    private static async Task<IReadOnlyList<MemberValueRow>> MemberValuesExactAsync(DbConnection connection, NeedsCampaign campaign, Dictionary<long, NeedsFormStatus> statusOfMember, CancellationToken cancellationToken)
    {
        var items = (await connection.QueryAsync<CatalogueItem>(new CommandDefinition(
                "SELECT " + CatalogueRepository.ItemColumns + " FROM CatalogueItems i WHERE i.CampaignId = @campaignId",
                new { campaignId = campaign.Id },
                cancellationToken: cancellationToken)))
            .ToDictionary(i => i.Id);
        var rows = await connection.QueryAsync<MemberItemDto>(new CommandDefinition(MemberItemQuantitiesSql, new { campaignId = campaign.Id }, cancellationToken: cancellationToken));
        return rows
            .Where(r => items.ContainsKey(r.ItemId) && statusOfMember.ContainsKey(r.MemberId))
            .GroupBy(r => r.MemberId)
            .Select(g =>
            {
                var ht = Int128.Zero;
                var ttc = Int128.Zero;
                foreach (var r in g)
                {
                    var item = items[r.ItemId];
                    var exact = EstimatedValue.Exact(item, r.QuantityMilli, campaign.DurationMonths);
                    ht += exact;
                    ttc += EstimatedValue.WithVat(exact, item.VatRateBasisPoints);
                }

                return new MemberValueRow(g.Key, statusOfMember[g.Key], ht, ttc);
            })
            .ToList();
    }

    private sealed class NotTakingPartDto
    {
        public long FormId { get; set; }

        public long MemberId { get; set; }

        public string Name { get; set; } = string.Empty;

        public long Status { get; set; }
    }

    private sealed class FormDto
    {
        public long Id { get; set; }

        public long MemberId { get; set; }

        public long Status { get; set; }
    }

    private sealed class ItemDto
    {
        public long ItemId { get; set; }

        public long QuantityMilli { get; set; }

        public long MemberCount { get; set; }
    }

    private sealed class DuplicateDto
    {
        public long ItemId { get; set; }

        public long Status { get; set; }

        public long Lines { get; set; }
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

        public long ExactHt { get; set; }

        public long ExactTtcScaled { get; set; }

        public long QuantityMilli { get; set; }
    }

    private sealed class BoundsDto
    {
        public long? MaxPriceCents { get; set; }

        public long? MinPriceCents { get; set; }

        public long? MaxVatRateBasisPoints { get; set; }

        public long? MinVatRateBasisPoints { get; set; }
    }

    private sealed class MemberItemDto
    {
        public long MemberId { get; set; }

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
