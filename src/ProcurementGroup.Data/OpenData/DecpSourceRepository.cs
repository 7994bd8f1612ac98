using System.Data.Common;
using System.Globalization;
using Dapper;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Procedures;

namespace ProcurementGroup.Data.OpenData;

/// <summary>
/// A contract as the DECP export reads it: its initial values (never those of an amendment), its holder's SIRET and the
/// DECP fields, the contract's own for one recorded without a tender, otherwise its tender's (COALESCE, same codes).
/// </summary>
public sealed class DecpContractRow
{
    public long Id { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? LotLabel { get; set; }

    public long SupplierId { get; set; }

    public string SupplierName { get; set; } = string.Empty;

    public string SupplierSiret { get; set; } = string.Empty;

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public int DurationMonths { get; set; }

    public long AmountCents { get; set; }

    public bool IsMaximum { get; set; }

    public string CpvCode { get; set; } = string.Empty;

    public string PriceForm { get; set; } = string.Empty;

    public string? AccordCadreReference { get; set; }

    public long? TenderId { get; set; }

    public TenderProcedure? ProcedureType { get; set; }

    public ContractForm? ContractForm { get; set; }

    public string? Techniques { get; set; }

    public string? ModalitesExecution { get; set; }

    public bool? MarcheInnovant { get; set; }

    public string? Ccag { get; set; }

    public bool? AttributionAvance { get; set; }

    public string? TypeGroupementOperateurs { get; set; }

    public string? LieuExecutionCode { get; set; }

    public string? LieuExecutionTypeCode { get; set; }

    public string? TypesPrix { get; set; }

    public string? ConsiderationsSociales { get; set; }

    public string? ConsiderationsEnvironnementales { get; set; }

    /// <summary>The recorded number, or for a tender's contract the lot's offers received in time (late ones excluded).</summary>
    public int? OffresRecues { get; set; }

    public bool? SousTraitanceDeclaree { get; set; }
}

/// <summary>An amendment as the DECP export reads it, with its new holder's SIRET.</summary>
public sealed class DecpAmendmentRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public int Number { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public long? NewAmountCents { get; set; }

    public int? NewDurationMonths { get; set; }

    public long? NewSupplierId { get; set; }

    public string? NewSupplierName { get; set; }

    public string? NewSupplierSiret { get; set; }
}

/// <summary>Everything the DECP export of some contracts reads, in one connection.</summary>
public sealed record DecpSource(
    string? CoordinatorSiret,
    IReadOnlyList<DecpContractRow> Contracts,
    IReadOnlyList<DecpAmendmentRow> Amendments,
    IReadOnlyList<OpenDataPublicationRow> Publications,
    IReadOnlyList<Threshold> DecpThresholds);

public interface IDecpSourceRepository
{
    /// <summary>Every contract, by reference, with every amendment and publication-log row and the DECP threshold rows.</summary>
    Task<DecpSource> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The same for one contract (its check); null when it does not exist.</summary>
    Task<DecpSource?> ReadOneAsync(long contractId, CancellationToken cancellationToken = default);
}

public sealed class DecpSourceRepository(IDbConnectionFactory factory) : IDecpSourceRepository
{
    private const string ContractSelect =
        """
        SELECT c.Id, c.Reference, c.Title, c.LotLabel, c.SupplierId, s.Name AS SupplierName, s.Siret AS SupplierSiret, c.SignedOn, c.NotifiedOn,
               c.DurationMonths, c.AmountCents, c.IsMaximum, c.CpvCode, c.PriceForm, ac.Reference AS AccordCadreReference, t.Id AS TenderId,
               COALESCE(c.ProcedureType, l.ProcedureType, t.ProcedureType) AS ProcedureType,
               COALESCE(c.ContractForm, t.ContractForm) AS ContractForm,
               COALESCE(c.Techniques, t.Techniques) AS Techniques,
               COALESCE(c.ModalitesExecution, t.ModalitesExecution) AS ModalitesExecution,
               COALESCE(c.MarcheInnovant, t.MarcheInnovant) AS MarcheInnovant,
               COALESCE(c.Ccag, t.Ccag) AS Ccag,
               COALESCE(c.AttributionAvance, t.AttributionAvance) AS AttributionAvance,
               COALESCE(c.TypeGroupementOperateurs, t.TypeGroupementOperateurs) AS TypeGroupementOperateurs,
               COALESCE(c.LieuExecutionCode, t.LieuExecutionCode) AS LieuExecutionCode,
               COALESCE(c.LieuExecutionTypeCode, t.LieuExecutionTypeCode) AS LieuExecutionTypeCode,
               COALESCE(c.TypesPrix, t.TypesPrix) AS TypesPrix,
               COALESCE(c.ConsiderationsSociales, t.ConsiderationsSociales) AS ConsiderationsSociales,
               COALESCE(c.ConsiderationsEnvironnementales, t.ConsiderationsEnvironnementales) AS ConsiderationsEnvironnementales,
               COALESCE(c.OffresRecues, (SELECT COUNT(*) FROM TenderOffers o WHERE o.TenderLotId = c.TenderLotId AND o.IsLate = 0)) AS OffresRecues,
               c.SousTraitanceDeclaree
        FROM Contracts c
        JOIN Suppliers s ON s.Id = c.SupplierId
        LEFT JOIN Contracts ac ON ac.Id = c.AccordCadreContractId
        LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        LEFT JOIN Tenders t ON t.Id = l.TenderId
        """;

    public const string AllContractsSql = ContractSelect + " ORDER BY c.Reference";

    public const string OneContractSql = ContractSelect + " WHERE c.Id = @contractId";

    private const string AmendmentSelect =
        """
        SELECT a.Id, a.ContractId, a.Number, a.SignedOn, a.NotifiedOn, a.NewAmountCents, a.NewDurationMonths, a.NewSupplierId,
               s.Name AS NewSupplierName, s.Siret AS NewSupplierSiret
        FROM ContractAmendments a LEFT JOIN Suppliers s ON s.Id = a.NewSupplierId
        """;

    public const string AllAmendmentsSql = AmendmentSelect + " ORDER BY a.ContractId, a.Number";

    public const string OneContractAmendmentsSql = AmendmentSelect + " WHERE a.ContractId = @contractId ORDER BY a.Number";

    public const string AllPublicationsSql = "SELECT ContractId, AmendmentId, FirstPublishedOn FROM OpenDataPublications";

    public const string OneContractPublicationsSql = "SELECT ContractId, AmendmentId, FirstPublishedOn FROM OpenDataPublications WHERE ContractId = @contractId";

    public const string CoordinatorSiretSql = "SELECT Siret FROM CoordinatorSettings WHERE Id = 1";

    public const string DecpThresholdsSql =
        "SELECT Id, Kind, ValidFrom, ValidUntil, AmountCents, Article, UpdatedAtUtc, Version FROM ProcurementThresholds WHERE Kind = @kind ORDER BY ValidFrom";

    public async Task<DecpSource> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return new DecpSource(
            await CoordinatorSiretAsync(connection),
            await ReadContractsAsync(connection, AllContractsSql, null, cancellationToken),
            await ReadAmendmentsAsync(connection, AllAmendmentsSql, null, cancellationToken),
            await ReadPublicationsAsync(connection, AllPublicationsSql, null, cancellationToken),
            await ThresholdsAsync(connection));
    }

    // The whole export's rows (1,000 contracts, 3,000 amendments and as many log rows in the benchmark) are read with
    // plain reader loops by ordinal, as the tender scoring's read is: the row mapping, not the statements, was the cost.
    // Column types are those of both schemas: bigint ids and cents (GetInt64), int counts and enums (GetInt32), bit
    // flags (GetBoolean), text, and dates as text on SQLite or date on SQL Server (Day).

    private static async Task<List<DecpContractRow>> ReadContractsAsync(DbConnection connection, string sql, object? args, CancellationToken ct)
    {
        var rows = new List<DecpContractRow>();
        await using var r = await connection.ExecuteReaderAsync(sql, args);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new DecpContractRow
            {
                Id = r.GetInt64(0),
                Reference = r.GetString(1),
                Title = r.GetString(2),
                LotLabel = NullableString(r, 3),
                SupplierId = r.GetInt64(4),
                SupplierName = r.GetString(5),
                SupplierSiret = r.GetString(6),
                SignedOn = Day(r.GetValue(7)),
                NotifiedOn = r.IsDBNull(8) ? null : Day(r.GetValue(8)),
                DurationMonths = r.GetInt32(9),
                AmountCents = r.GetInt64(10),
                IsMaximum = r.GetBoolean(11),
                CpvCode = r.GetString(12),
                PriceForm = r.GetString(13),
                AccordCadreReference = NullableString(r, 14),
                TenderId = r.IsDBNull(15) ? null : r.GetInt64(15),
                ProcedureType = r.IsDBNull(16) ? null : (TenderProcedure)r.GetInt32(16),
                ContractForm = r.IsDBNull(17) ? null : (ContractForm)r.GetInt32(17),
                Techniques = NullableString(r, 18),
                ModalitesExecution = NullableString(r, 19),
                MarcheInnovant = r.IsDBNull(20) ? null : r.GetBoolean(20),
                Ccag = NullableString(r, 21),
                AttributionAvance = r.IsDBNull(22) ? null : r.GetBoolean(22),
                TypeGroupementOperateurs = NullableString(r, 23),
                LieuExecutionCode = NullableString(r, 24),
                LieuExecutionTypeCode = NullableString(r, 25),
                TypesPrix = NullableString(r, 26),
                ConsiderationsSociales = NullableString(r, 27),
                ConsiderationsEnvironnementales = NullableString(r, 28),
                OffresRecues = r.IsDBNull(29) ? null : r.GetInt32(29),
                SousTraitanceDeclaree = r.IsDBNull(30) ? null : r.GetBoolean(30),
            });
        }

        return rows;
    }

    private static async Task<List<DecpAmendmentRow>> ReadAmendmentsAsync(DbConnection connection, string sql, object? args, CancellationToken ct)
    {
        var rows = new List<DecpAmendmentRow>();
        await using var r = await connection.ExecuteReaderAsync(sql, args);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new DecpAmendmentRow
            {
                Id = r.GetInt64(0),
                ContractId = r.GetInt64(1),
                Number = r.GetInt32(2),
                SignedOn = Day(r.GetValue(3)),
                NotifiedOn = r.IsDBNull(4) ? null : Day(r.GetValue(4)),
                NewAmountCents = r.IsDBNull(5) ? null : r.GetInt64(5),
                NewDurationMonths = r.IsDBNull(6) ? null : r.GetInt32(6),
                NewSupplierId = r.IsDBNull(7) ? null : r.GetInt64(7),
                NewSupplierName = NullableString(r, 8),
                NewSupplierSiret = NullableString(r, 9),
            });
        }

        return rows;
    }

    private static async Task<List<OpenDataPublicationRow>> ReadPublicationsAsync(DbConnection connection, string sql, object? args, CancellationToken ct)
    {
        var rows = new List<OpenDataPublicationRow>();
        await using var r = await connection.ExecuteReaderAsync(sql, args);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new OpenDataPublicationRow
            {
                ContractId = r.GetInt64(0),
                AmendmentId = r.IsDBNull(1) ? null : r.GetInt64(1),
                FirstPublishedOn = Day(r.GetValue(2)),
            });
        }

        return rows;
    }

    private static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    /// <summary>A day as stored: <c>yyyy-MM-dd</c> text on SQLite, a date on SQL Server.</summary>
    private static DateOnly Day(object value) => value switch
    {
        DateTime d => DateOnly.FromDateTime(d),
        string s => DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d,
        _ => throw new InvalidCastException($"Cannot read a day from {value.GetType().Name}."),
    };

    public async Task<DecpSource?> ReadOneAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var contract = (await ReadContractsAsync(connection, OneContractSql, new { contractId }, cancellationToken)).SingleOrDefault();
        if (contract is null)
        {
            return null;
        }

        return new DecpSource(
            await CoordinatorSiretAsync(connection),
            [contract],
            await ReadAmendmentsAsync(connection, OneContractAmendmentsSql, new { contractId }, cancellationToken),
            await ReadPublicationsAsync(connection, OneContractPublicationsSql, new { contractId }, cancellationToken),
            await ThresholdsAsync(connection));
    }

    private static Task<string?> CoordinatorSiretAsync(DbConnection connection) => connection.ExecuteScalarAsync<string?>(CoordinatorSiretSql);

    private static async Task<IReadOnlyList<Threshold>> ThresholdsAsync(DbConnection connection) =>
        (await connection.QueryAsync<ThresholdRow>(DecpThresholdsSql, new { kind = (int)ThresholdKind.DecpPublication })).Select(r => r.ToThreshold()).ToList();
}
