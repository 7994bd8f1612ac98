using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>
/// Read access to a campaign and its catalogue, shared by the campaign, needs-form, spreadsheet and aggregation features.
/// Writes to campaigns and catalogues live in <c>CampaignRepository</c>.
/// </summary>
public interface ICatalogueReader
{
    Task<NeedsCampaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CampaignLot>> LotsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The catalogue in display order: by lot number, then sort order, then code.</summary>
    Task<IReadOnlyList<CatalogueItem>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The member's own extended deadline, if an officer granted one.</summary>
    Task<DateTime?> MemberDeadlineAsync(long campaignId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>The members taking part: adhering to the campaign's groupement on its launch day (joined on or before, not left before it).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The same, inside a caller's transaction (opening a campaign reads them with the opening it just wrote).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(DbConnection connection, DbTransaction? transaction, long campaignId);

    /// <summary>Members taking part that have no form yet (they joined after the opening, by the launch), by name.</summary>
    Task<IReadOnlyList<(long MemberId, string Name)>> ParticipantsWithoutFormAsync(long campaignId, CancellationToken cancellationToken = default);
}

public sealed class CatalogueReader(IDbConnectionFactory factory) : ICatalogueReader
{
    public const string CampaignColumns =
        "Id, PurchasingGroupId, Title, Description, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Nature, ContractForm, Status, CopiedFromCampaignId, OpenedAtUtc, ClosedAtUtc, Version, CreatedAtUtc, UpdatedAtUtc";

    public const string LotColumns = "Id, CampaignId, LotNumber, Title, MaximumCents";

    public const string ItemColumns =
        "i.Id, i.CampaignId, i.LotId, i.Code, i.Label, i.Unit, i.WholeNumbersOnly, i.UnitPriceCents, i.PricePeriod, i.QuantityBasis, i.VatRateBasisPoints, i.MaxPerMemberMilli, i.SortOrder, i.Version";

    public async Task<NeedsCampaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<NeedsCampaign>(
            $"SELECT {CampaignColumns} FROM NeedsCampaigns WHERE Id = @campaignId", new { campaignId });
    }

    public async Task<IReadOnlyList<CampaignLot>> LotsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignLot>(
            $"SELECT {LotColumns} FROM CampaignLots WHERE CampaignId = @campaignId ORDER BY LotNumber", new { campaignId });
        return rows.ToList();
    }

    public async Task<IReadOnlyList<CatalogueItem>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CatalogueItem>(
            $"SELECT {ItemColumns} FROM CatalogueItems i JOIN CampaignLots l ON l.Id = i.LotId WHERE i.CampaignId = @campaignId ORDER BY l.LotNumber, i.SortOrder, i.Code",
            new { campaignId });
        return rows.ToList();
    }

    public async Task<DateTime?> MemberDeadlineAsync(long campaignId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTime?>(
            "SELECT ClosesAtUtc FROM CampaignMemberDeadlines WHERE CampaignId = @campaignId AND MemberId = @memberId", new { campaignId, memberId });
    }

    public async Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await ParticipantMemberIdsAsync(connection, null, campaignId);
    }

    public async Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(DbConnection connection, DbTransaction? transaction, long campaignId)
    {
        var campaign = await connection.QuerySingleOrDefaultAsync<NeedsCampaign>(
            $"SELECT {CampaignColumns} FROM NeedsCampaigns WHERE Id = @campaignId", new { campaignId }, transaction);
        if (campaign is null)
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
        var campaign = await connection.QuerySingleOrDefaultAsync<NeedsCampaign>(
            $"SELECT {CampaignColumns} FROM NeedsCampaigns WHERE Id = @campaignId", new { campaignId });
        if (campaign is null)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(long MemberId, string Name)>(new CommandDefinition(
            ParticipantsWithoutFormSql,
            new { campaignId, groupId = campaign.PurchasingGroupId, launchDay = CampaignRules.LaunchDay(campaign) },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private const string ParticipantsSql =
        "SELECT DISTINCT a.MemberId FROM Adhesions a WHERE " + ParticipationSql.AdhesionTakesPart + " ORDER BY a.MemberId";

    private const string ParticipantsWithoutFormSql =
        "SELECT m.Id AS MemberId, m.Name FROM Members m WHERE m.Id IN " + ParticipationSql.MemberIds
        + " AND NOT EXISTS (SELECT 1 FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId = m.Id) ORDER BY m.Name, m.Id";
}
