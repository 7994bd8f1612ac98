using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>
/// A campaign's catalogue: its lots and items, read and written here only (the campaign rows themselves are in
/// <see cref="ICampaignRepository"/>). The reads without a connection are shared by the campaign, needs-form,
/// spreadsheet and aggregation features.
/// </summary>
public interface ICatalogueRepository
{
    Task<IReadOnlyList<CampaignLot>> LotsAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>The catalogue in display order: by lot number, then sort order, then code.</summary>
    Task<IReadOnlyList<CatalogueItem>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Inserts lots (each naming its <see cref="CampaignLot.CampaignId"/>) a few hundred rows per statement. Their Ids
    /// are not read back: <see cref="ReplaceCatalogueAsync"/> finds them by lot number.
    /// </summary>
    Task InsertLotsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<CampaignLot> lots);

    /// <summary>Inserts items (each naming its campaign and lot) a few hundred rows per statement; Ids not read back.</summary>
    Task InsertItemsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<CatalogueItem> items);

    /// <summary>
    /// Replaces the whole catalogue (import): every item and lot is deleted, then the given ones inserted in batches.
    /// The given lots and items receive their campaign, lot and new Ids.
    /// </summary>
    Task ReplaceCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)> catalogue);

    /// <summary>Replaces the catalogue of <paramref name="campaignId"/> by a copy of <paramref name="sourceCampaignId"/>'s lots and items.</summary>
    Task CopyCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, long sourceCampaignId);

    /// <summary>The members whose forms already hold a line with this item.</summary>
    Task<IReadOnlyList<long>> MembersWithItemAsync(DbConnection connection, DbTransaction? transaction, long itemId);
}

public sealed class CatalogueRepository(IDbConnectionFactory factory) : ICatalogueRepository
{
    /// <summary>The columns of a <see cref="CampaignLot"/>; also read by the needs-form page's batch.</summary>
    public const string LotColumns = "Id, CampaignId, LotNumber, Title, MaximumCents, Version";

    /// <summary>The columns of a <see cref="CatalogueItem"/> aliased <c>i</c>; also read by the needs-form page's batch.</summary>
    public const string ItemColumns =
        "i.Id, i.CampaignId, i.LotId, i.Code, i.Label, i.Unit, i.WholeNumbersOnly, i.UnitPriceCents, i.PricePeriod, i.QuantityBasis, i.VatRateBasisPoints, i.MaxPerMemberMilli, i.SortOrder, i.Version";

    // SQL Server takes at most 2,100 parameters and 1,000 rows in one VALUES list; a batch stays below both.
    private const int MaxParametersPerStatement = 2000;

    private const int MaxRowsPerStatement = 1000;

    private const string LotInsertColumns = "CampaignId, LotNumber, Title, MaximumCents";

    private const string ItemInsertColumns =
        "CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, QuantityBasis, VatRateBasisPoints, MaxPerMemberMilli, SortOrder";

    private const string LotsSql = "SELECT " + LotColumns + " FROM CampaignLots WHERE CampaignId = @campaignId ORDER BY LotNumber";

    private const string ItemsSql =
        "SELECT " + ItemColumns + " FROM CatalogueItems i JOIN CampaignLots l ON l.Id = i.LotId WHERE i.CampaignId = @campaignId ORDER BY l.LotNumber, i.SortOrder, i.Code";

    private const string GetLotSql = "SELECT " + LotColumns + " FROM CampaignLots WHERE Id = @lotId";

    private const string LotNumberTakenSql =
        "SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @campaignId AND LotNumber = @lotNumber AND Id <> @exceptLotId";

    private const string UpdateLotSql = "UPDATE CampaignLots SET LotNumber = @LotNumber, Title = @Title, MaximumCents = @MaximumCents, Version = Version + 1 WHERE Id = @Id AND Version = @Version";

    private const string DeleteLotItemsSql = "DELETE FROM CatalogueItems WHERE LotId = @lotId";

    private const string DeleteLotSql = "DELETE FROM CampaignLots WHERE Id = @lotId";

    private const string GetItemSql = "SELECT " + ItemColumns + " FROM CatalogueItems i WHERE i.Id = @itemId";

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

    // After a batch insert: lot numbers and item codes are unique per campaign, so they give back the new Ids.
    private const string LotIdsSql = "SELECT Id, LotNumber FROM CampaignLots WHERE CampaignId = @campaignId";

    private const string ItemIdsSql = "SELECT Id, Code FROM CatalogueItems WHERE CampaignId = @campaignId";

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

    public async Task<IReadOnlyList<CampaignLot>> LotsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await LotsAsync(connection, null, campaignId);
    }

    public async Task<IReadOnlyList<CatalogueItem>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CatalogueItem>(new CommandDefinition(ItemsSql, new { campaignId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<CampaignLot>> LotsAsync(DbConnection connection, DbTransaction? transaction, long campaignId) =>
        (await connection.QueryAsync<CampaignLot>(LotsSql, new { campaignId }, transaction)).ToList();

    public Task<CampaignLot?> GetLotAsync(DbConnection connection, DbTransaction? transaction, long lotId) =>
        connection.QuerySingleOrDefaultAsync<CampaignLot>(GetLotSql, new { lotId }, transaction);

    public async Task<bool> LotNumberTakenAsync(DbConnection connection, DbTransaction? transaction, long campaignId, int lotNumber, long exceptLotId) =>
        await connection.ExecuteScalarAsync<long>(LotNumberTakenSql, new { campaignId, lotNumber, exceptLotId }, transaction) > 0;

    public Task<long> InsertLotAsync(DbConnection connection, DbTransaction? transaction, CampaignLot lot) =>
        connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("CampaignLots", LotInsertColumns, "@CampaignId, @LotNumber, @Title, @MaximumCents"),
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
                ItemInsertColumns + ", Version",
                "@CampaignId, @LotId, @Code, @Label, @Unit, @WholeNumbersOnly, @UnitPriceCents, @PricePeriod, @QuantityBasis, @VatRateBasisPoints, @MaxPerMemberMilli, @SortOrder, 1"),
            ItemArgs(item),
            transaction);

    public async Task<bool> UpdateItemAsync(DbConnection connection, DbTransaction? transaction, CatalogueItem item) =>
        await connection.ExecuteAsync(UpdateItemSql, ItemArgs(item), transaction) == 1;

    public Task DeleteItemAsync(DbConnection connection, DbTransaction? transaction, long itemId) =>
        connection.ExecuteAsync(DeleteItemSql, new { itemId }, transaction);

    public Task InsertLotsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<CampaignLot> lots) =>
        InsertRowsAsync(connection, transaction, "CampaignLots", LotInsertColumns, lots, (lot, add) =>
        {
            add(lot.CampaignId, DbType.Int64);
            add(lot.LotNumber, DbType.Int32);
            add(lot.Title, DbType.String);
            add(lot.MaximumCents, DbType.Int64);
        });

    public Task InsertItemsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<CatalogueItem> items) =>
        InsertRowsAsync(connection, transaction, "CatalogueItems", ItemInsertColumns, items, (item, add) =>
        {
            add(item.CampaignId, DbType.Int64);
            add(item.LotId, DbType.Int64);
            add(item.Code, DbType.String);
            add(item.Label, DbType.String);
            add(item.Unit, DbType.String);
            add(item.WholeNumbersOnly, DbType.Boolean);
            add(item.UnitPriceCents, DbType.Int64);
            add((int)item.PricePeriod, DbType.Int32);
            add((int)item.QuantityBasis, DbType.Int32);
            add(item.VatRateBasisPoints, DbType.Int32);
            add(item.MaxPerMemberMilli, DbType.Int64);
            add(item.SortOrder, DbType.Int32);
        });

    public async Task ReplaceCatalogueAsync(DbConnection connection, DbTransaction? transaction, long campaignId, IReadOnlyList<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)> catalogue)
    {
        await ClearAsync(connection, transaction, campaignId);
        foreach (var (lot, _) in catalogue)
        {
            lot.CampaignId = campaignId;
        }

        await InsertLotsAsync(connection, transaction, catalogue.Select(c => c.Lot).ToList());
        var lotIds = (await connection.QueryAsync<(long Id, int LotNumber)>(LotIdsSql, new { campaignId }, transaction)).ToDictionary(l => l.LotNumber, l => l.Id);
        var items = new List<CatalogueItem>();
        foreach (var (lot, lotItems) in catalogue)
        {
            lot.Id = lotIds[lot.LotNumber];
            foreach (var item in lotItems)
            {
                item.CampaignId = campaignId;
                item.LotId = lot.Id;
                items.Add(item);
            }
        }

        await InsertItemsAsync(connection, transaction, items);
        var itemIds = (await connection.QueryAsync<(long Id, string Code)>(ItemIdsSql, new { campaignId }, transaction)).ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
        foreach (var item in items)
        {
            item.Id = itemIds[item.Code];
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

    /// <summary>
    /// One multi-row <c>INSERT … VALUES (…), (…)</c> per batch, valid on both databases; each row's values are given
    /// by <paramref name="values"/> in the order of <paramref name="columns"/>.
    /// </summary>
    private static async Task InsertRowsAsync<T>(
        DbConnection connection, DbTransaction? transaction, string table, string columns, IReadOnlyList<T> rows, Action<T, Action<object?, DbType>> values)
    {
        var columnCount = columns.Split(',').Length;
        var batchSize = Math.Min(MaxRowsPerStatement, MaxParametersPerStatement / columnCount);
        foreach (var batch in rows.Chunk(batchSize))
        {
            var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").Append(columns).Append(") VALUES ");
            var parameters = new DynamicParameters();
            var index = 0;
            for (var row = 0; row < batch.Length; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                var first = true;
                values(batch[row], (value, type) =>
                {
                    var name = "p" + index.ToString(CultureInfo.InvariantCulture);
                    index++;
                    sql.Append(first ? "@" : ", @").Append(name);
                    first = false;
                    parameters.Add(name, value, type);
                });
                sql.Append(')');
            }

            await connection.ExecuteAsync(sql.ToString(), parameters, transaction);
        }
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
