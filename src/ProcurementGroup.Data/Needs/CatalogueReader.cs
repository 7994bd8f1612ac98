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

    /// <summary>The members taking part: adhering to the campaign's groupement on its opening day (joined on or before, not left by then).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The same, inside a caller's transaction (opening a campaign reads them with the opening it just wrote).</summary>
    Task<IReadOnlyList<long>> ParticipantMemberIdsAsync(DbConnection connection, DbTransaction? transaction, long campaignId);
}

public sealed class CatalogueReader(IDbConnectionFactory factory) : ICatalogueReader
{
    public const string CampaignColumns =
        "Id, PurchasingGroupId, Title, Description, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Nature, ContractForm, Status, CopiedFromCampaignId, OpenedAtUtc, ClosedAtUtc, Version, CreatedAtUtc, UpdatedAtUtc";

    public const string LotColumns = "Id, CampaignId, LotNumber, Title, MaximumCents";

    public const string ItemColumns =
        "i.Id, i.CampaignId, i.LotId, i.Code, i.Label, i.Unit, i.WholeNumbersOnly, i.UnitPriceCents, i.PricePeriod, i.VatRateBasisPoints, i.MaxPerMemberMilli, i.SortOrder, i.Version";

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

        // The opening day in Paris: an adhesion dated that day takes part.
        var openingDay = CampaignRules.OpeningDay(campaign);
        var rows = await connection.QueryAsync<long>(
            """
            SELECT DISTINCT a.MemberId FROM Adhesions a
            WHERE a.PurchasingGroupId = @PurchasingGroupId AND a.JoinedOn <= @openingDay AND (a.LeftOn IS NULL OR a.LeftOn > @openingDay)
            ORDER BY a.MemberId
            """,
            new { campaign.PurchasingGroupId, openingDay },
            transaction);
        return rows.ToList();
    }

}
