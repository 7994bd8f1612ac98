using System.Data.Common;
using System.Runtime.InteropServices;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Tenders;

/// <summary>An offer of a supplier for one lot, as stored, with the supplier's name.</summary>
public sealed class OfferRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public long TenderLotId { get; set; }

    public long SupplierId { get; set; }

    public string SupplierName { get; set; } = string.Empty;

    public DateTime ReceivedAtUtc { get; set; }

    public bool IsLate { get; set; }

    public string? LateReason { get; set; }

    public AbnormallyLowOutcome? AbnormallyLowOutcome { get; set; }

    public string? AbnormallyLowJustification { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public AbnormallyLowDecision? AbnormallyLowDecision =>
        AbnormallyLowOutcome is { } outcome ? new AbnormallyLowDecision(outcome, AbnormallyLowJustification ?? string.Empty) : null;
}

/// <summary>An offer registered in the register of offers received (late or not: the caller applies <see cref="OfferPeriod.IsLate"/>).</summary>
public sealed class NewOffer
{
    public long TenderId { get; set; }

    public long TenderLotId { get; set; }

    public long SupplierId { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public bool IsLate { get; set; }

    public string? LateReason { get; set; }
}

/// <summary>One score typed by the officers: for a criterion without sub-criteria (SubCriterionId null) or one sub-criterion.</summary>
public sealed record OfferScoreInput(long CriterionId, long? SubCriterionId, long ScoreTenThousandths, string Justification);

public sealed class OfferScoreRow
{
    public long OfferId { get; set; }

    public long CriterionId { get; set; }

    public long? SubCriterionId { get; set; }

    /// <summary>The scored item's code (the sub-criterion's, else the criterion's), as <see cref="AwardCriteria.ScoredItems"/> names it.</summary>
    public string Code { get; set; } = string.Empty;

    public long ScoreTenThousandths { get; set; }

    public string Justification { get; set; } = string.Empty;
}

public sealed class TieSettlementRow
{
    public long Id { get; set; }

    public long TenderLotId { get; set; }

    public long WinnerOfferId { get; set; }

    public string Reason { get; set; } = string.Empty;

    public DateTime SettledAtUtc { get; set; }

    public long? SettledByUserId { get; set; }
}

/// <summary>An offer with its DQE inputs: one line per item of the lot it priced.</summary>
public sealed record OfferWithDqe(OfferRow Offer, IReadOnlyList<DqeLine> Lines, int MissingPrices);

/// <summary>What <see cref="LotScoring.Score"/> needs for one lot.</summary>
public sealed record LotScoringInput(TenderLotRow Lot, IReadOnlyList<OfferForScoring> Offers, IReadOnlyList<TieSettlement> Settlements, IReadOnlyDictionary<long, int> MissingPrices);

/// <summary>Everything the scoring of every lot of a tender needs, read in a fixed number of queries whatever the number of lots and offers.</summary>
public sealed record TenderScoringInput(TenderRow Tender, AwardCriteria Criteria, AbnormallyLowRule LowRule, IReadOnlyList<LotScoringInput> Lots);

/// <summary>
/// Offers: the register of offers received, their BPU unit prices (ten-thousandths), the officers' scores with their
/// justifications, abnormally-low decisions and tie settlements, and the reads the scoring needs. Prices and scores are
/// written only once the offers are opened (tender closed), guarded in the UPDATE like every state rule.
/// </summary>
public interface IOfferRepository
{
    /// <summary>Registers an offer while the tender is published; null when it is not (or the lot is not the tender's).</summary>
    Task<long?> RegisterAsync(DbConnection connection, DbTransaction transaction, NewOffer offer, DateTime nowUtc);

    Task<long?> RegisterAsync(NewOffer offer, DateTime nowUtc, CancellationToken cancellationToken = default);

    Task<OfferRow?> GetAsync(long offerId, CancellationToken cancellationToken = default);

    /// <summary>The offers of a lot with their DQE lines (unit price × snapshot quantity × period), by supplier name.</summary>
    Task<IReadOnlyList<OfferWithDqe>> ListForLotAsync(long tenderLotId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the offer's unit prices at <paramref name="version"/> once the offers are opened; false otherwise.</summary>
    Task<bool> SavePricesAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, IReadOnlyList<(long TenderItemId, UnitPrice Price)> prices, DateTime nowUtc);

    Task<bool> SavePricesAsync(long offerId, int version, IReadOnlyList<(long TenderItemId, UnitPrice Price)> prices, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Replaces the offer's scores at <paramref name="version"/> once the offers are opened; false otherwise.</summary>
    Task<bool> SaveScoresAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, IReadOnlyList<OfferScoreInput> scores, DateTime nowUtc);

    Task<bool> SaveScoresAsync(long offerId, int version, IReadOnlyList<OfferScoreInput> scores, DateTime nowUtc, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OfferScoreRow>> ScoresAsync(long offerId, CancellationToken cancellationToken = default);

    /// <summary>Records the officer's decision on a flagged offer at <paramref name="version"/>, offers opened; false otherwise.</summary>
    Task<bool> RecordAbnormallyLowDecisionAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, AbnormallyLowDecision decision, DateTime nowUtc);

    Task<long> InsertTieSettlementAsync(DbConnection connection, DbTransaction transaction, long tenderLotId, TieSettlement settlement, long? userId, DateTime nowUtc);

    /// <summary>The tie settlements of a lot, in the order they were recorded (the order LotScoring applies them).</summary>
    Task<IReadOnlyList<TieSettlementRow>> TieSettlementsAsync(long tenderLotId, CancellationToken cancellationToken = default);

    Task<TenderScoringInput?> LoadScoringAsync(long tenderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="LoadScoringAsync"/> for one lot of the tender (its offers, prices, scores and settlements only): what a
    /// lot's evaluation and award pages need, without reading the tender's other lots. Null for an unknown tender.
    /// </summary>
    Task<TenderScoringInput?> LoadLotScoringAsync(long tenderId, long tenderLotId, CancellationToken cancellationToken = default);

    /// <summary>The tender of a lot, or null when the lot does not exist (the offers pages are keyed by lot).</summary>
    Task<long?> TenderOfLotAsync(long tenderLotId, CancellationToken cancellationToken = default);
}

public sealed class OfferRepository(IDbConnectionFactory factory) : IOfferRepository
{
    private const string OfferSelect =
        """
        SELECT o.Id, o.TenderId, o.TenderLotId, o.SupplierId, s.Name AS SupplierName, o.ReceivedAtUtc, o.IsLate, o.LateReason, o.AbnormallyLowOutcome,
               o.AbnormallyLowJustification, o.Version, o.CreatedAtUtc, o.UpdatedAtUtc
        FROM TenderOffers o JOIN Suppliers s ON s.Id = o.SupplierId
        """;

    public const string LotStateSql = "SELECT t.State FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId WHERE l.Id = @TenderLotId AND t.Id = @TenderId";

    /// <summary>The columns of the offer's INSERT (public for the SQL Server statement test: the insert needs a published tender to run).</summary>
    public const string InsertColumns = "TenderId, TenderLotId, SupplierId, ReceivedAtUtc, IsLate, LateReason, Version, CreatedAtUtc, UpdatedAtUtc";

    public const string InsertValues = "@TenderId, @TenderLotId, @SupplierId, @ReceivedAtUtc, @IsLate, @LateReason, 1, @nowUtc, @nowUtc";

    public const string GetSql = OfferSelect + " WHERE o.Id = @offerId";

    public const string ListForLotSql = OfferSelect + " WHERE o.TenderLotId = @tenderLotId ORDER BY s.Name, o.Id";

    public const string LotDqeSql =
        """
        SELECT p.OfferId, i.Id AS ItemId, p.UnitPriceTenThousandths, i.QuantityMilli, i.PricePeriod, i.QuantityBasis
        FROM TenderItems i JOIN OfferUnitPrices p ON p.TenderItemId = i.Id
        WHERE i.TenderLotId = @tenderLotId
        """;

    public const string LotItemCountSql = "SELECT COUNT(*) FROM TenderItems WHERE TenderLotId = @tenderLotId";

    public const string DurationOfLotSql = "SELECT t.DurationMonths FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId WHERE l.Id = @tenderLotId";

    /// <summary>Bumps the offer's Version if it is still the one read and its tender's offers are opened (closed, not yet evaluated).</summary>
    public const string BumpOpenedOfferSql =
        """
        UPDATE TenderOffers SET Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @offerId AND Version = @version AND TenderId IN (SELECT t.Id FROM Tenders t WHERE t.State = @closed)
        """;

    public const string DeletePricesSql = "DELETE FROM OfferUnitPrices WHERE OfferId = @offerId";

    /// <summary>Only the items of the offer's own lot are accepted.</summary>
    public const string InsertPriceSql =
        """
        INSERT INTO OfferUnitPrices (OfferId, TenderItemId, UnitPriceTenThousandths)
        SELECT o.Id, i.Id, @UnitPriceTenThousandths
        FROM TenderOffers o JOIN TenderItems i ON i.TenderLotId = o.TenderLotId
        WHERE o.Id = @OfferId AND i.Id = @TenderItemId
        """;

    public const string DeleteScoresSql = "DELETE FROM OfferScores WHERE OfferId = @offerId";

    /// <summary>Only the criteria of the offer's own tender are accepted; SubCriterionKey is the sub-criterion's Id or 0.</summary>
    public const string InsertScoreSql =
        """
        INSERT INTO OfferScores (OfferId, CriterionId, SubCriterionId, SubCriterionKey, ScoreTenThousandths, Justification)
        SELECT o.Id, c.Id, @SubCriterionId, @SubCriterionKey, @ScoreTenThousandths, @Justification
        FROM TenderOffers o JOIN TenderCriteria c ON c.TenderId = o.TenderId
        WHERE o.Id = @OfferId AND c.Id = @CriterionId
        """;

    public const string ScoresSql =
        """
        SELECT s.OfferId, s.CriterionId, s.SubCriterionId, COALESCE(sc.Code, c.Code) AS Code, s.ScoreTenThousandths, s.Justification
        FROM OfferScores s JOIN TenderCriteria c ON c.Id = s.CriterionId LEFT JOIN TenderSubCriteria sc ON sc.Id = s.SubCriterionId
        WHERE s.OfferId = @offerId
        ORDER BY c.SortOrder, sc.SortOrder
        """;

    public const string AbnormallyLowSql =
        """
        UPDATE TenderOffers SET AbnormallyLowOutcome = @outcome, AbnormallyLowJustification = @justification, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @offerId AND Version = @version AND TenderId IN (SELECT t.Id FROM Tenders t WHERE t.State = @closed)
        """;

    public const string InsertTieSettlementSql =
        """
        INSERT INTO TieSettlements (TenderLotId, WinnerOfferId, Reason, SettledAtUtc, SettledByUserId)
        SELECT o.TenderLotId, o.Id, @reason, @nowUtc, @userId
        FROM TenderOffers o
        WHERE o.Id = @winnerOfferId AND o.TenderLotId = @tenderLotId
        """;

    public const string TieSettlementIdSql = "SELECT Id FROM TieSettlements WHERE TenderLotId = @tenderLotId AND WinnerOfferId = @winnerOfferId";

    public const string TieSettlementsSql =
        "SELECT Id, TenderLotId, WinnerOfferId, Reason, SettledAtUtc, SettledByUserId FROM TieSettlements WHERE TenderLotId = @tenderLotId ORDER BY Id";

    /// <summary>What the scoring needs of each offer: no dates nor versions (SQLite returns dates as text to parse).</summary>
    public const string TenderOffersSql =
        """
        SELECT o.Id, o.TenderLotId, s.Name AS SupplierName, o.IsLate, o.LateReason, o.AbnormallyLowOutcome, o.AbnormallyLowJustification
        FROM TenderOffers o JOIN Suppliers s ON s.Id = o.SupplierId
        WHERE o.TenderId = @tenderId AND (@tenderLotId IS NULL OR o.TenderLotId = @tenderLotId) ORDER BY o.TenderLotId, s.Name, o.Id
        """;

    /// <summary>What the DQE needs of each item of the tender (read once, so that no price row joins its item), and each lot's item count.</summary>
    public const string TenderItemsForDqeSql = "SELECT Id, TenderLotId, QuantityMilli, PricePeriod, QuantityBasis FROM TenderItems WHERE TenderId = @tenderId";

    /// <summary>
    /// The unit prices of the tender's offers, driven from the offers (<c>IX_TenderOffers_Tender</c>, then the prices' primary
    /// key) rather than scanning every price: an offer's prices are only ever for items of its own lot (<see cref="InsertPriceSql"/>).
    /// </summary>
    public const string TenderPricesSql =
        """
        SELECT p.OfferId, p.TenderItemId, p.UnitPriceTenThousandths
        FROM TenderOffers o JOIN OfferUnitPrices p ON p.OfferId = o.Id
        WHERE o.TenderId = @tenderId AND (@tenderLotId IS NULL OR o.TenderLotId = @tenderLotId)
        """;

    /// <summary>
    /// What the scoring needs of each score: its sub-criterion key (the sub-criterion's id, 0 for a criterion without
    /// sub-criteria, never null) and criterion id, mapped to their codes from the criteria already read rather than one code
    /// string per row, and the value (not the justification, which the report reads per offer); driven from the offers like
    /// <see cref="TenderPricesSql"/> (a score's criterion is always its offer's tender's, <see cref="InsertScoreSql"/>).
    /// </summary>
    public const string TenderScoresSql =
        """
        SELECT os.OfferId, os.SubCriterionKey, os.ScoreTenThousandths, os.CriterionId
        FROM TenderOffers o JOIN OfferScores os ON os.OfferId = o.Id
        WHERE o.TenderId = @tenderId AND (@tenderLotId IS NULL OR o.TenderLotId = @tenderLotId)
        """;

    public const string TenderOfLotSql = "SELECT TenderId FROM TenderLots WHERE Id = @tenderLotId";

    public const string TenderSettlementsSql =
        """
        SELECT ts.TenderLotId, ts.WinnerOfferId, ts.Reason
        FROM TieSettlements ts JOIN TenderLots l ON l.Id = ts.TenderLotId
        WHERE l.TenderId = @tenderId AND (@tenderLotId IS NULL OR ts.TenderLotId = @tenderLotId)
        ORDER BY ts.Id
        """;

    /// <summary>
    /// The scoring's statements as one command (one round trip; each alias names one table throughout, as the SQL Server
    /// statement test resolves them over the whole batch), read in this order by <see cref="LoadScoringAsync(long, long?, CancellationToken)"/>:
    /// the tender, its lots, criteria, sub-criteria and items, then the prices, scores, settlements and offers.
    /// </summary>
    private const string ScoringSql =
        TenderRepository.GetTenderSql + ";\n" + TenderRepository.LotsSql + ";\n" + TenderRepository.CriteriaSql + ";\n" + TenderRepository.SubCriteriaSql + ";\n"
        + TenderItemsForDqeSql + ";\n" + TenderPricesSql + ";\n" + TenderScoresSql + ";\n" + TenderSettlementsSql + ";\n" + TenderOffersSql + ";";

    public async Task<long?> RegisterAsync(DbConnection connection, DbTransaction transaction, NewOffer offer, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var state = await connection.QuerySingleOrDefaultAsync<long?>(LotStateSql, new { offer.TenderLotId, offer.TenderId }, transaction);
        if (state != (long)TenderStatus.Published)
        {
            return null;
        }

        return await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("TenderOffers", InsertColumns, InsertValues),
            new { offer.TenderId, offer.TenderLotId, offer.SupplierId, offer.ReceivedAtUtc, offer.IsLate, offer.LateReason, nowUtc },
            transaction);
    }

    public async Task<long?> RegisterAsync(NewOffer offer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await RegisterAsync(connection, transaction, offer, nowUtc);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<OfferRow?> GetAsync(long offerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OfferRow>(GetSql, new { offerId });
    }

    public async Task<IReadOnlyList<OfferWithDqe>> ListForLotAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var offers = (await connection.QueryAsync<OfferRow>(ListForLotSql, new { tenderLotId })).ToList();
        var lines = await ReadDqeLinesAsync(connection, LotDqeSql, new { tenderLotId });
        var items = await connection.ExecuteScalarAsync<int>(LotItemCountSql, new { tenderLotId });
        return offers.Select(o =>
        {
            var offerLines = lines.GetValueOrDefault(o.Id) ?? [];
            return new OfferWithDqe(o, offerLines, items - offerLines.Count);
        }).ToList();
    }

    public async Task<bool> SavePricesAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, IReadOnlyList<(long TenderItemId, UnitPrice Price)> prices, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (await connection.ExecuteAsync(BumpOpenedOfferSql, new { offerId, version, nowUtc, closed = (int)TenderStatus.Closed }, transaction) != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(DeletePricesSql, new { offerId }, transaction);
        await connection.ExecuteAsync(
            InsertPriceSql,
            prices.Select(p => new { OfferId = offerId, p.TenderItemId, UnitPriceTenThousandths = p.Price.TenThousandths }),
            transaction);
        return true;
    }

    public async Task<bool> SavePricesAsync(long offerId, int version, IReadOnlyList<(long TenderItemId, UnitPrice Price)> prices, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var saved = await SavePricesAsync(connection, transaction, offerId, version, prices, nowUtc);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    public async Task<bool> SaveScoresAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, IReadOnlyList<OfferScoreInput> scores, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (await connection.ExecuteAsync(BumpOpenedOfferSql, new { offerId, version, nowUtc, closed = (int)TenderStatus.Closed }, transaction) != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(DeleteScoresSql, new { offerId }, transaction);
        await connection.ExecuteAsync(
            InsertScoreSql,
            scores.Select(s => new
            {
                OfferId = offerId,
                s.CriterionId,
                s.SubCriterionId,
                SubCriterionKey = s.SubCriterionId ?? 0,
                s.ScoreTenThousandths,
                s.Justification,
            }),
            transaction);
        return true;
    }

    public async Task<bool> SaveScoresAsync(long offerId, int version, IReadOnlyList<OfferScoreInput> scores, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var saved = await SaveScoresAsync(connection, transaction, offerId, version, scores, nowUtc);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    public async Task<IReadOnlyList<OfferScoreRow>> ScoresAsync(long offerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OfferScoreRow>(ScoresSql, new { offerId })).ToList();
    }

    public async Task<bool> RecordAbnormallyLowDecisionAsync(DbConnection connection, DbTransaction transaction, long offerId, int version, AbnormallyLowDecision decision, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return await connection.ExecuteAsync(
            AbnormallyLowSql,
            new { offerId, version, outcome = (int)decision.Outcome, justification = decision.Justification, nowUtc, closed = (int)TenderStatus.Closed },
            transaction) == 1;
    }

    public async Task<long> InsertTieSettlementAsync(DbConnection connection, DbTransaction transaction, long tenderLotId, TieSettlement settlement, long? userId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var winnerOfferId = settlement.WinnerOfferId;
        await connection.ExecuteAsync(InsertTieSettlementSql, new { tenderLotId, winnerOfferId, reason = settlement.Reason, nowUtc, userId }, transaction);
        return await connection.ExecuteScalarAsync<long>(TieSettlementIdSql, new { tenderLotId, winnerOfferId }, transaction);
    }

    public async Task<IReadOnlyList<TieSettlementRow>> TieSettlementsAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TieSettlementRow>(TieSettlementsSql, new { tenderLotId })).ToList();
    }

    public Task<TenderScoringInput?> LoadScoringAsync(long tenderId, CancellationToken cancellationToken = default) =>
        LoadScoringAsync(tenderId, null, cancellationToken);

    public Task<TenderScoringInput?> LoadLotScoringAsync(long tenderId, long tenderLotId, CancellationToken cancellationToken = default) =>
        LoadScoringAsync(tenderId, (long?)tenderLotId, cancellationToken);

    /// <summary>
    /// One command of nine statements for a whole tender (<paramref name="tenderLotId"/> null) or one of its lots, read with
    /// plain reader loops where the rows are many: each price is added to its offer's exact DQE sum as it is read
    /// (<see cref="Dqe.Exact(UnitPrice, long, PricePeriod, QuantityBasis, int)"/>, rounded once by <see cref="Dqe.ToMoney"/>,
    /// as <see cref="Dqe.Total"/> does), with no line object; the offers are built as they are read, last.
    /// </summary>
    private async Task<TenderScoringInput?> LoadScoringAsync(long tenderId, long? tenderLotId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ScoringSql, new { tenderId, tenderLotId }, cancellationToken: cancellationToken));
        var tender = await ReadRowsAsync<TenderRow>(reader, cancellationToken) is [var found] ? found : null;
        if (tender is null)
        {
            return null;
        }

        var lots = (await NextRowsAsync<TenderLotRow>(reader, cancellationToken)).Where(l => tenderLotId is null || l.Id == tenderLotId).ToList();
        var criteria = await NextRowsAsync<TenderCriterionRow>(reader, cancellationToken);
        var subCriteria = await NextRowsAsync<TenderSubCriterionRow>(reader, cancellationToken);

        // Items: what each price needs for its DQE line, and each lot's item count (for the prices missing).
        await reader.NextResultAsync(cancellationToken);
        var items = new Dictionary<long, (long QuantityMilli, PricePeriod Period, QuantityBasis Basis)>();
        var itemCounts = new Dictionary<long, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // PricePeriod and QuantityBasis are int columns on SQL Server (bigint elsewhere): read as Int32 on both.
            items.Add(reader.GetInt64(0), (reader.GetInt64(2), (PricePeriod)reader.GetInt32(3), (QuantityBasis)reader.GetInt32(4)));
            CollectionsMarshal.GetValueRefOrAddDefault(itemCounts, reader.GetInt64(1), out _)++;
        }

        // Prices: each offer's exact DQE sum and number of lines (a price of an item outside the tender, which the insert
        // never writes, would be left out as the former join on the items did).
        await reader.NextResultAsync(cancellationToken);
        var dqe = new Dictionary<long, (Int128 Exact, int Lines)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.TryGetValue(reader.GetInt64(1), out var item))
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(dqe, reader.GetInt64(0), out _);
                sum = (sum.Exact + Dqe.Exact(new UnitPrice(reader.GetInt64(2)), item.QuantityMilli, item.Period, item.Basis, tender.DurationMonths), sum.Lines + 1);
            }
        }

        // Scores by scored item's code: the sub-criterion's, else the criterion's (as AwardCriteria.ScoredItems names it).
        var criterionCodes = criteria.ToDictionary(c => c.Id, c => c.Code);
        var subCriterionCodes = subCriteria.ToDictionary(c => c.Id, c => c.Code);
        await reader.NextResultAsync(cancellationToken);
        var scores = new Dictionary<long, Dictionary<string, decimal>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // Each column read costs native calls: the criterion is read only for a score without sub-criterion.
            if (!subCriterionCodes.TryGetValue(reader.GetInt64(1), out var code) && !criterionCodes.TryGetValue(reader.GetInt64(3), out code))
            {
                continue;
            }

            var offerId = reader.GetInt64(0);
            if (!scores.TryGetValue(offerId, out var offerScores))
            {
                offerScores = new Dictionary<string, decimal>(StringComparer.Ordinal);
                scores.Add(offerId, offerScores);
            }

            offerScores.Add(code, TenderScore.FromScaled(reader.GetInt64(2)));
        }

        var settlements = (await NextRowsAsync<SettlementDto>(reader, cancellationToken)).ToLookup(s => s.TenderLotId);

        // Offers, by lot, supplier name and id: built as read.
        await reader.NextResultAsync(cancellationToken);
        var offers = new Dictionary<long, (List<OfferForScoring> Offers, Dictionary<long, int> Missing)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var offerId = reader.GetInt64(0);
            var lotId = reader.GetInt64(1);
            if (!offers.TryGetValue(lotId, out var lot))
            {
                lot = ([], []);
                offers.Add(lotId, lot);
            }

            var (exact, lines) = dqe.GetValueOrDefault(offerId);
            lot.Missing[offerId] = itemCounts.GetValueOrDefault(lotId) - lines;
            lot.Offers.Add(new OfferForScoring(
                offerId,
                reader.GetString(2),
                Dqe.ToMoney(exact),
                scores.GetValueOrDefault(offerId) ?? new Dictionary<string, decimal>(StringComparer.Ordinal),
                reader.GetBoolean(3) ? (reader.IsDBNull(4) ? string.Empty : reader.GetString(4)) : null,
                reader.IsDBNull(5) ? null : new AbnormallyLowDecision((AbnormallyLowOutcome)reader.GetInt32(5), reader.IsDBNull(6) ? string.Empty : reader.GetString(6))));
        }

        var inputs = lots.Select(lot =>
        {
            var (lotOffers, missing) = offers.TryGetValue(lot.Id, out var read) ? read : ([], []);
            return new LotScoringInput(
                lot,
                lotOffers,
                settlements[lot.Id].Select(s => new TieSettlement(s.WinnerOfferId, s.Reason)).ToList(),
                missing);
        }).ToList();

        return new TenderScoringInput(tender, TenderMapping.ToAwardCriteria(tender, criteria, subCriteria), new AbnormallyLowRule(tender.AbnormallyLowPercent), inputs);
    }

    /// <summary>The rows of the reader's current result, mapped by Dapper (the few rows of the tender, its lots and criteria).</summary>
    private static async Task<List<T>> ReadRowsAsync<T>(DbDataReader reader, CancellationToken cancellationToken)
    {
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    private static async Task<List<T>> NextRowsAsync<T>(DbDataReader reader, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        return await ReadRowsAsync<T>(reader, cancellationToken);
    }

    /// <summary>
    /// The priced lines of every offer (the columns of <see cref="LotDqeSql"/>) read with a plain reader loop (integers by ordinal, no intermediate row objects):
    /// at 7,500 prices the row mapping, not the statement, was the cost of the scoring's read.
    /// </summary>
    private static async Task<Dictionary<long, List<DqeLine>>> ReadDqeLinesAsync(DbConnection connection, string sql, object parameters)
    {
        var lines = new Dictionary<long, List<DqeLine>>();
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        while (await reader.ReadAsync())
        {
            var offerId = reader.GetInt64(0);
            if (!lines.TryGetValue(offerId, out var offerLines))
            {
                offerLines = [];
                lines.Add(offerId, offerLines);
            }

            // PricePeriod and QuantityBasis are int columns on SQL Server (bigint elsewhere): read as Int32 on both.
            offerLines.Add(new DqeLine(
                reader.GetInt64(1),
                new UnitPrice(reader.GetInt64(2)),
                reader.GetInt64(3),
                (PricePeriod)reader.GetInt32(4),
                (QuantityBasis)reader.GetInt32(5)));
        }

        return lines;
    }

    public async Task<long?> TenderOfLotAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(TenderOfLotSql, new { tenderLotId });
    }

    private sealed class SettlementDto
    {
        public long TenderLotId { get; set; }

        public long WinnerOfferId { get; set; }

        public string Reason { get; set; } = string.Empty;
    }
}
