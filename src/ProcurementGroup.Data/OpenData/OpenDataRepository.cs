using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.OpenData;

/// <summary>A stored check of one contract in one export format (0016_open_data.sql); <see cref="Errors"/> null = valid.</summary>
public sealed class OpenDataCheckRow
{
    public long ContractId { get; set; }

    public string Format { get; set; } = string.Empty;

    public DateTime CheckedAtUtc { get; set; }

    /// <summary>The French messages, one per line; null when the contract is valid in this format.</summary>
    public string? Errors { get; set; }

    // Read only (joined): what the checks page shows.
    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? LotLabel { get; set; }

    public long SupplierId { get; set; }

    public long? TenderId { get; set; }
}

/// <summary>The day a contract (<see cref="AmendmentId"/> null) or an amendment first appeared in the DECP export.</summary>
public sealed class OpenDataPublicationRow
{
    public long ContractId { get; set; }

    public long? AmendmentId { get; set; }

    public DateOnly FirstPublishedOn { get; set; }
}

/// <summary>
/// What the exports' version stamp is derived from: the number of rows and the latest change of every table whose data
/// the exports publish or depend on. Any insert, update or delete there changes one of these values.
/// </summary>
public sealed class OpenDataStampRow
{
    public long Contracts { get; set; }

    public DateTime? ContractsChangedAtUtc { get; set; }

    public long Amendments { get; set; }

    public DateTime? AmendmentsChangedAtUtc { get; set; }

    public long ContractMembers { get; set; }

    public long Suppliers { get; set; }

    public DateTime? SuppliersChangedAtUtc { get; set; }

    public DateTime? CoordinatorChangedAtUtc { get; set; }

    public long Members { get; set; }

    public DateTime? MembersChangedAtUtc { get; set; }

    public long Tenders { get; set; }

    public DateTime? TendersChangedAtUtc { get; set; }

    public DateTime? AwardsChangedAtUtc { get; set; }

    public DateTime? CampaignsChangedAtUtc { get; set; }

    public long Thresholds { get; set; }

    public DateTime? ThresholdsChangedAtUtc { get; set; }

    public long Publications { get; set; }

    public DateTime? PublicationsChangedAtUtc { get; set; }

    public long Checks { get; set; }

    public DateTime? ChecksChangedAtUtc { get; set; }
}

public interface IOpenDataRepository
{
    /// <summary>Writes (inserts or replaces) the check of one contract in one format.</summary>
    Task SaveCheckAsync(long contractId, string format, DateTime checkedAtUtc, string? errors, CancellationToken cancellationToken = default);

    /// <summary>Every stored check, with its contract's reference and title, by reference then format.</summary>
    Task<IReadOnlyList<OpenDataCheckRow>> ChecksAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored check as (contract, format, valid), without the joined texts: what the exports select on.</summary>
    Task<IReadOnlyList<(long ContractId, string Format, bool Valid)>> CheckStatesAsync(CancellationToken cancellationToken = default);

    /// <summary>The ids of every contract (a recheck of all after a change every export depends on).</summary>
    Task<IReadOnlyList<long>> ContractIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The contracts whose stored check of <paramref name="format"/> is missing or older than a change of what their export
    /// depends on (the contract, an amendment, its supplier or an amendment's, its tender, the coordinator's settings).
    /// </summary>
    Task<IReadOnlyList<long>> StaleContractIdsAsync(string format, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OpenDataPublicationRow>> PublicationsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs <paramref name="day"/> as the first publication of the given contracts and amendments that are not logged yet;
    /// an existing row is never changed.
    /// </summary>
    Task RecordPublicationsAsync(IReadOnlyCollection<long> contractIds, IReadOnlyCollection<(long ContractId, long AmendmentId)> amendments, DateOnly day, DateTime nowUtc, CancellationToken cancellationToken = default);

    Task<OpenDataStampRow> StampAsync(CancellationToken cancellationToken = default);
}

public sealed class OpenDataRepository(IDbConnectionFactory factory) : IOpenDataRepository
{
    public const string ChecksSql =
        """
        SELECT k.ContractId, k.Format, k.CheckedAtUtc, k.Errors, c.Reference, c.Title, c.LotLabel, c.SupplierId, l.TenderId
        FROM OpenDataChecks k
        JOIN Contracts c ON c.Id = k.ContractId
        LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        ORDER BY c.Reference, k.Format
        """;

    public const string CheckStatesSql = "SELECT ContractId, Format, CASE WHEN Errors IS NULL THEN 1 ELSE 0 END AS Valid FROM OpenDataChecks";

    public const string ContractIdsSql = "SELECT Id FROM Contracts ORDER BY Id";

    public const string StaleContractIdsSql =
        """
        SELECT c.Id
        FROM Contracts c
        JOIN Suppliers s ON s.Id = c.SupplierId
        LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        LEFT JOIN Tenders t ON t.Id = l.TenderId
        LEFT JOIN OpenDataChecks k ON k.ContractId = c.Id AND k.Format = @format
        WHERE k.ContractId IS NULL
           OR k.CheckedAtUtc < c.UpdatedAtUtc
           OR k.CheckedAtUtc < s.UpdatedAtUtc
           OR k.CheckedAtUtc < t.UpdatedAtUtc
           OR EXISTS (SELECT 1 FROM CoordinatorSettings cs WHERE cs.UpdatedAtUtc > k.CheckedAtUtc)
           OR EXISTS (SELECT 1 FROM ContractAmendments a WHERE a.ContractId = c.Id AND a.CreatedAtUtc > k.CheckedAtUtc)
           OR EXISTS (SELECT 1 FROM ContractAmendments a JOIN Suppliers ns ON ns.Id = a.NewSupplierId WHERE a.ContractId = c.Id AND ns.UpdatedAtUtc > k.CheckedAtUtc)
        ORDER BY c.Id
        """;

    public const string PublicationsSql = "SELECT ContractId, AmendmentId, FirstPublishedOn FROM OpenDataPublications ORDER BY ContractId, AmendmentId";

    public const string InsertContractPublicationSql =
        """
        INSERT INTO OpenDataPublications (ContractId, AmendmentId, FirstPublishedOn, CreatedAtUtc)
        SELECT @contractId, NULL, @day, @nowUtc
        WHERE NOT EXISTS (SELECT 1 FROM OpenDataPublications p WHERE p.ContractId = @contractId AND p.AmendmentId IS NULL)
        """;

    public const string InsertAmendmentPublicationSql =
        """
        INSERT INTO OpenDataPublications (ContractId, AmendmentId, FirstPublishedOn, CreatedAtUtc)
        SELECT @contractId, @amendmentId, @day, @nowUtc
        WHERE NOT EXISTS (SELECT 1 FROM OpenDataPublications p WHERE p.AmendmentId = @amendmentId)
        """;

    public const string StampSql =
        """
        SELECT
            (SELECT COUNT(*) FROM Contracts) AS Contracts,
            (SELECT MAX(UpdatedAtUtc) FROM Contracts) AS ContractsChangedAtUtc,
            (SELECT COUNT(*) FROM ContractAmendments) AS Amendments,
            (SELECT MAX(CreatedAtUtc) FROM ContractAmendments) AS AmendmentsChangedAtUtc,
            (SELECT COUNT(*) FROM ContractMembers) AS ContractMembers,
            (SELECT COUNT(*) FROM Suppliers) AS Suppliers,
            (SELECT MAX(UpdatedAtUtc) FROM Suppliers) AS SuppliersChangedAtUtc,
            (SELECT MAX(UpdatedAtUtc) FROM CoordinatorSettings) AS CoordinatorChangedAtUtc,
            (SELECT COUNT(*) FROM Members) AS Members,
            (SELECT MAX(UpdatedAtUtc) FROM Members) AS MembersChangedAtUtc,
            (SELECT COUNT(*) FROM Tenders) AS Tenders,
            (SELECT MAX(UpdatedAtUtc) FROM Tenders) AS TendersChangedAtUtc,
            (SELECT MAX(UpdatedAtUtc) FROM TenderAwards) AS AwardsChangedAtUtc,
            (SELECT MAX(UpdatedAtUtc) FROM NeedsCampaigns) AS CampaignsChangedAtUtc,
            (SELECT COUNT(*) FROM ProcurementThresholds) AS Thresholds,
            (SELECT MAX(UpdatedAtUtc) FROM ProcurementThresholds) AS ThresholdsChangedAtUtc,
            (SELECT COUNT(*) FROM OpenDataPublications) AS Publications,
            (SELECT MAX(CreatedAtUtc) FROM OpenDataPublications) AS PublicationsChangedAtUtc,
            (SELECT COUNT(*) FROM OpenDataChecks) AS Checks,
            (SELECT MAX(CheckedAtUtc) FROM OpenDataChecks) AS ChecksChangedAtUtc
        """;

    public async Task SaveCheckAsync(long contractId, string format, DateTime checkedAtUtc, string? errors, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            factory.Dialect.Upsert("OpenDataChecks", ["ContractId", "Format"], ["CheckedAtUtc", "Errors"]),
            new { ContractId = contractId, Format = format, CheckedAtUtc = checkedAtUtc, Errors = errors });
    }

    public async Task<IReadOnlyList<OpenDataCheckRow>> ChecksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OpenDataCheckRow>(ChecksSql)).ToList();
    }

    public async Task<IReadOnlyList<(long ContractId, string Format, bool Valid)>> CheckStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var states = new List<(long, string, bool)>();
        await using var reader = await connection.ExecuteReaderAsync(CheckStatesSql);
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2) == 1));
        }

        return states;
    }

    public async Task<IReadOnlyList<long>> ContractIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(ContractIdsSql)).ToList();
    }

    public async Task<IReadOnlyList<long>> StaleContractIdsAsync(string format, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(StaleContractIdsSql, new { format })).ToList();
    }

    public async Task<IReadOnlyList<OpenDataPublicationRow>> PublicationsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OpenDataPublicationRow>(PublicationsSql)).ToList();
    }

    public async Task RecordPublicationsAsync(
        IReadOnlyCollection<long> contractIds, IReadOnlyCollection<(long ContractId, long AmendmentId)> amendments, DateOnly day, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contractIds);
        ArgumentNullException.ThrowIfNull(amendments);
        if (contractIds.Count == 0 && amendments.Count == 0)
        {
            return;
        }

        try
        {
            await InsertPublicationsAsync(contractIds, amendments, day, nowUtc, cancellationToken);
        }
        catch (DbException)
        {
            // Two first exports at the same moment (possible on SQL Server, whose NOT EXISTS takes no lock): the other one
            // logged some of the same rows and the unique index refused ours, rolling the whole batch back. Once more: the
            // NOT EXISTS now sees its committed rows and logs only the rest, with the same day.
            await InsertPublicationsAsync(contractIds, amendments, day, nowUtc, cancellationToken);
        }
    }

    private async Task InsertPublicationsAsync(
        IReadOnlyCollection<long> contractIds, IReadOnlyCollection<(long ContractId, long AmendmentId)> amendments, DateOnly day, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (contractIds.Count > 0)
        {
            await connection.ExecuteAsync(InsertContractPublicationSql, contractIds.Select(contractId => new { contractId, day, nowUtc }), transaction);
        }

        if (amendments.Count > 0)
        {
            await connection.ExecuteAsync(InsertAmendmentPublicationSql, amendments.Select(a => new { contractId = a.ContractId, amendmentId = a.AmendmentId, day, nowUtc }), transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<OpenDataStampRow> StampAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<OpenDataStampRow>(StampSql);
    }
}
