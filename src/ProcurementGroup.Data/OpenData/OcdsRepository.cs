using System.Data.Common;
using System.Globalization;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.OpenData;

/// <summary>The coordinator as the OCDS export names it (buyer and procuring entity, publisher of the package).</summary>
public sealed class OcdsCoordinatorRow
{
    public string Name { get; set; } = string.Empty;

    public string? Siret { get; set; }

    public string? AddressLine1 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? OcdsPrefix { get; set; }
}

/// <summary>A published tender, with the estimate of its campaign's latest stored advice (the planning budget).</summary>
public sealed class OcdsTenderRow
{
    public long Id { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Object { get; set; } = string.Empty;

    public PurchaseNature Nature { get; set; }

    public TenderProcedure ProcedureType { get; set; }

    public int DurationMonths { get; set; }

    public TenderStatus State { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public DateTime? OfferDeadlineUtc { get; set; }

    public DateTime? OffersOpenedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string CampaignTitle { get; set; } = string.Empty;

    public long? EstimateCents { get; set; }
}

public sealed class OcdsLotRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public int LotNumber { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? CpvCode { get; set; }

    public long? MaximumCents { get; set; }
}

public sealed class OcdsItemRow
{
    public long Id { get; set; }

    public long TenderId { get; set; }

    public long TenderLotId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public PricePeriod PricePeriod { get; set; }

    public QuantityBasis QuantityBasis { get; set; }

    public long EstimatedUnitPriceCents { get; set; }

    public long QuantityMilli { get; set; }
}

/// <summary>A supplier that sent an offer in time to a lot.</summary>
public sealed record OcdsOfferRow(long TenderId, long TenderLotId, long SupplierId);

public sealed class OcdsAwardRow
{
    public long Id { get; set; }

    public long TenderLotId { get; set; }

    public long SupplierId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

public sealed class OcdsContractRow
{
    public long Id { get; set; }

    public long? TenderLotId { get; set; }

    public long? TenderId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? LotLabel { get; set; }

    public long SupplierId { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public DateOnly? StartsOn { get; set; }

    public int DurationMonths { get; set; }

    public long AmountCents { get; set; }

    public bool IsMaximum { get; set; }

    public string CpvCode { get; set; } = string.Empty;

    public PurchaseNature? Nature { get; set; }

    public TenderProcedure? ProcedureType { get; set; }

    public int? OffresRecues { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

public sealed class OcdsAmendmentRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public int Number { get; set; }

    public DateOnly SignedOn { get; set; }

    public long? NewAmountCents { get; set; }

    public int? NewDurationMonths { get; set; }

    public long? NewSupplierId { get; set; }

    public string Reason { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }
}

public sealed class OcdsOrganisationRow
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>A supplier's SIRET, a member's SIREN (NULL when not known yet).</summary>
    public string? Number { get; set; }

    public string? AddressLine1 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }
}

/// <summary>A member taking part in a tender (it has a snapshot quantity) or in a contract.</summary>
public sealed record OcdsParticipantRow(long OwnerId, long MemberId);

/// <summary>Everything the OCDS export publishes, read in one pass.</summary>
public sealed record OcdsData(
    OcdsCoordinatorRow Coordinator,
    IReadOnlyList<OcdsTenderRow> Tenders,
    IReadOnlyList<OcdsLotRow> Lots,
    IReadOnlyList<OcdsItemRow> Items,
    IReadOnlyList<OcdsOfferRow> Offers,
    IReadOnlyList<OcdsAwardRow> Awards,
    IReadOnlyList<OcdsContractRow> Contracts,
    IReadOnlyList<OcdsAmendmentRow> Amendments,
    IReadOnlyList<OcdsOrganisationRow> Suppliers,
    IReadOnlyList<OcdsOrganisationRow> Members,
    IReadOnlyList<OcdsParticipantRow> TenderMembers,
    IReadOnlyList<OcdsParticipantRow> ContractMembers);

/// <summary>Reads what the OCDS 1.1.5 export publishes: published tenders, their lots, items, offers and awards, contracts and amendments.</summary>
public interface IOcdsRepository
{
    Task<OcdsData> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>What the release of one contract needs: its tender (lots, items, offers, awards, the tender's other contracts) or the contract alone.</summary>
    Task<OcdsData> ReadForContractAsync(long contractId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Each statement exists twice: for the whole export (no filter) and for one contract's check (its release's scope:
/// the tender of the contract, or the contract alone). The three largest row sets (contracts, amendments, participants)
/// are read with a plain <see cref="DbDataReader"/> loop: the export of 1,000 contracts must stay well under 100 ms.
/// </summary>
public sealed class OcdsRepository(IDbConnectionFactory factory) : IOcdsRepository
{
    // The scope of one contract's check: the contract, and the other contracts of its tender (its release).
    private const string InScope =
        "SELECT c.Id FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId WHERE c.Id = @contractId OR l.TenderId = @tenderId";

    public const string CoordinatorSql =
        "SELECT Name, Siret, AddressLine1, PostalCode, City, Email, Phone, OcdsPrefix FROM CoordinatorSettings WHERE Id = 1";

    // The planning budget: the estimate of the campaign's latest stored advice (EstimateCents; older advices kept only
    // the value compared with the thresholds).
    private const string TendersSelect = """
        SELECT t.Id, t.Reference, t.Object, t.Nature, t.ProcedureType, t.DurationMonths, t.State, t.PublishedAtUtc, t.OfferDeadlineUtc,
               t.OffersOpenedAtUtc, t.UpdatedAtUtc, c.Title AS CampaignTitle,
               (SELECT COALESCE(a.EstimateCents, a.EstimatedValueCents) FROM ProcedureAdvices a
                WHERE a.Id = (SELECT MAX(a2.Id) FROM ProcedureAdvices a2 WHERE a2.CampaignId = t.CampaignId)) AS EstimateCents
        FROM Tenders t JOIN NeedsCampaigns c ON c.Id = t.CampaignId
        WHERE t.PublishedAtUtc IS NOT NULL
        """;

    public const string TendersSql = TendersSelect + " ORDER BY t.PublishedAtUtc, t.Id";

    public const string ScopedTendersSql = TendersSelect + " AND t.Id = @tenderId ORDER BY t.PublishedAtUtc, t.Id";

    private const string LotsSelect = """
        SELECT l.Id, l.TenderId, l.LotNumber, l.Title, l.CpvCode, l.MaximumCents
        FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId
        WHERE t.PublishedAtUtc IS NOT NULL
        """;

    public const string LotsSql = LotsSelect + " ORDER BY l.TenderId, l.LotNumber";

    public const string ScopedLotsSql = LotsSelect + " AND t.Id = @tenderId ORDER BY l.TenderId, l.LotNumber";

    private const string ItemsSelect = """
        SELECT i.Id, i.TenderId, i.TenderLotId, i.Code, i.Label, i.Unit, i.PricePeriod, i.QuantityBasis, i.EstimatedUnitPriceCents, i.QuantityMilli
        FROM TenderItems i JOIN Tenders t ON t.Id = i.TenderId
        WHERE t.PublishedAtUtc IS NOT NULL
        """;

    public const string ItemsSql = ItemsSelect + " ORDER BY i.TenderId, i.TenderLotId, i.SortOrder, i.Id";

    public const string ScopedItemsSql = ItemsSelect + " AND t.Id = @tenderId ORDER BY i.TenderId, i.TenderLotId, i.SortOrder, i.Id";

    // Offers stay sealed until the deadline: tenderers are published once the offers were opened; late ones do not count.
    private const string OffersSelect = """
        SELECT o.TenderId, o.TenderLotId, o.SupplierId
        FROM TenderOffers o JOIN Tenders t ON t.Id = o.TenderId
        WHERE t.OffersOpenedAtUtc IS NOT NULL AND o.IsLate = 0
        """;

    public const string OffersSql = OffersSelect + " ORDER BY o.TenderId, o.TenderLotId, o.Id";

    public const string ScopedOffersSql = OffersSelect + " AND t.Id = @tenderId ORDER BY o.TenderId, o.TenderLotId, o.Id";

    private const string AwardsSelect = """
        SELECT a.Id, a.TenderLotId, o.SupplierId, a.CreatedAtUtc, a.UpdatedAtUtc
        FROM TenderAwards a JOIN TenderOffers o ON o.Id = a.AwardeeOfferId
        """;

    public const string AwardsSql = AwardsSelect + " ORDER BY a.TenderLotId";

    public const string ScopedAwardsSql = AwardsSelect + " WHERE o.TenderId = @tenderId ORDER BY a.TenderLotId";

    private const string ContractsSelect = """
        SELECT c.Id, c.TenderLotId, l.TenderId, c.Reference, c.Title, c.LotLabel, c.SupplierId, c.SignedOn, c.NotifiedOn, c.StartsOn,
               c.DurationMonths, c.AmountCents, c.IsMaximum, c.CpvCode, c.Nature, c.ProcedureType, c.OffresRecues, c.CreatedAtUtc, c.UpdatedAtUtc
        FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        """;

    public const string ContractsSql = ContractsSelect + " ORDER BY c.SignedOn, c.Id";

    public const string ScopedContractsSql = ContractsSelect + " WHERE c.Id = @contractId OR l.TenderId = @tenderId ORDER BY c.SignedOn, c.Id";

    private const string AmendmentsSelect =
        "SELECT Id, ContractId, Number, SignedOn, NewAmountCents, NewDurationMonths, NewSupplierId, Reason, CreatedAtUtc FROM ContractAmendments";

    public const string AmendmentsSql = AmendmentsSelect + " ORDER BY ContractId, Number";

    public const string ScopedAmendmentsSql = AmendmentsSelect + " WHERE ContractId IN (" + InScope + ") ORDER BY ContractId, Number";

    public const string SuppliersSql =
        "SELECT Id, Name, Siret AS Number, AddressLine1, PostalCode, City FROM Suppliers";

    public const string MembersSql =
        "SELECT Id, Name, Siren AS Number, AddressLine1, PostalCode, City FROM Members";

    private const string TenderMembersSelect = """
        SELECT DISTINCT i.TenderId AS OwnerId, q.MemberId
        FROM TenderMemberQuantities q JOIN TenderItems i ON i.Id = q.TenderItemId
        WHERE q.QuantityMilli > 0
        """;

    public const string TenderMembersSql = TenderMembersSelect;

    public const string ScopedTenderMembersSql = TenderMembersSelect + " AND i.TenderId = @tenderId";

    public const string ContractMembersSql = "SELECT ContractId AS OwnerId, MemberId FROM ContractMembers";

    public const string ScopedContractMembersSql = ContractMembersSql + " WHERE ContractId IN (" + InScope + ")";

    public const string ScopeSql = "SELECT l.TenderId FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId WHERE c.Id = @contractId";

    public async Task<OcdsData> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await ReadAsync(
            connection,
            null,
            [TendersSql, LotsSql, ItemsSql, OffersSql, AwardsSql, ContractsSql, AmendmentsSql, TenderMembersSql, ContractMembersSql]);
    }

    public async Task<OcdsData> ReadForContractAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        // An unknown contract, or one without a tender: no tender row matches -1.
        var tenderId = await connection.QuerySingleOrDefaultAsync<long?>(ScopeSql, new { contractId }) ?? -1;
        return await ReadAsync(
            connection,
            new { tenderId, contractId },
            [ScopedTendersSql, ScopedLotsSql, ScopedItemsSql, ScopedOffersSql, ScopedAwardsSql, ScopedContractsSql, ScopedAmendmentsSql, ScopedTenderMembersSql, ScopedContractMembersSql]);
    }

    private static async Task<OcdsData> ReadAsync(DbConnection connection, object? scope, string[] sql)
    {
        var coordinator = await connection.QuerySingleOrDefaultAsync<OcdsCoordinatorRow>(CoordinatorSql) ?? new OcdsCoordinatorRow();
        var tenders = (await connection.QueryAsync<OcdsTenderRow>(sql[0], scope)).AsList();
        var lots = (await connection.QueryAsync<OcdsLotRow>(sql[1], scope)).AsList();
        var items = (await connection.QueryAsync<OcdsItemRow>(sql[2], scope)).AsList();
        var offers = (await connection.QueryAsync<OcdsOfferRow>(sql[3], scope)).AsList();
        var awards = (await connection.QueryAsync<OcdsAwardRow>(sql[4], scope)).AsList();
        var contracts = new List<OcdsContractRow>();
        await using (var reader = await connection.ExecuteReaderAsync(sql[5], scope))
        {
            while (await reader.ReadAsync())
            {
                contracts.Add(new OcdsContractRow
                {
                    Id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    TenderLotId = NullableLong(reader, 1),
                    TenderId = NullableLong(reader, 2),
                    Reference = reader.GetString(3),
                    Title = reader.GetString(4),
                    LotLabel = reader.IsDBNull(5) ? null : reader.GetString(5),
                    SupplierId = Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture),
                    SignedOn = Day(reader.GetValue(7)),
                    NotifiedOn = reader.IsDBNull(8) ? null : Day(reader.GetValue(8)),
                    StartsOn = reader.IsDBNull(9) ? null : Day(reader.GetValue(9)),
                    DurationMonths = Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
                    AmountCents = Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture),
                    IsMaximum = Convert.ToBoolean(reader.GetValue(12), CultureInfo.InvariantCulture),
                    CpvCode = reader.GetString(13),
                    Nature = reader.IsDBNull(14) ? null : (Core.Procedures.PurchaseNature)Convert.ToInt32(reader.GetValue(14), CultureInfo.InvariantCulture),
                    ProcedureType = reader.IsDBNull(15) ? null : (TenderProcedure)Convert.ToInt32(reader.GetValue(15), CultureInfo.InvariantCulture),
                    OffresRecues = reader.IsDBNull(16) ? null : Convert.ToInt32(reader.GetValue(16), CultureInfo.InvariantCulture),
                    CreatedAtUtc = Utc(reader.GetValue(17)),
                    UpdatedAtUtc = Utc(reader.GetValue(18)),
                });
            }
        }

        var amendments = new List<OcdsAmendmentRow>();
        await using (var reader = await connection.ExecuteReaderAsync(sql[6], scope))
        {
            while (await reader.ReadAsync())
            {
                amendments.Add(new OcdsAmendmentRow
                {
                    Id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    ContractId = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                    Number = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                    SignedOn = Day(reader.GetValue(3)),
                    NewAmountCents = NullableLong(reader, 4),
                    NewDurationMonths = reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    NewSupplierId = NullableLong(reader, 6),
                    Reason = reader.GetString(7),
                    CreatedAtUtc = Utc(reader.GetValue(8)),
                });
            }
        }

        var suppliers = (await connection.QueryAsync<OcdsOrganisationRow>(SuppliersSql)).AsList();
        var members = (await connection.QueryAsync<OcdsOrganisationRow>(MembersSql)).AsList();
        var tenderMembers = await ParticipantsAsync(connection, sql[7], scope);
        var contractMembers = await ParticipantsAsync(connection, sql[8], scope);
        return new OcdsData(coordinator, tenders, lots, items, offers, awards, contracts, amendments, suppliers, members, tenderMembers, contractMembers);
    }

    private static async Task<List<OcdsParticipantRow>> ParticipantsAsync(DbConnection connection, string sql, object? scope)
    {
        var rows = new List<OcdsParticipantRow>();
        await using var reader = await connection.ExecuteReaderAsync(sql, scope);
        while (await reader.ReadAsync())
        {
            rows.Add(new OcdsParticipantRow(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static long? NullableLong(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    // As the app's Dapper handlers read them: SQLite keeps ISO text, SQL Server date and datetime2.
    private static DateOnly Day(object value) => value switch
    {
        DateTime dt => DateOnly.FromDateTime(dt),
        DateOnly d => d,
        string s => DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read a date from {value.GetType().Name}."),
    };

    private static DateTime Utc(object value) => value switch
    {
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        string s => DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc),
        _ => throw new InvalidCastException($"Cannot read an instant from {value.GetType().Name}."),
    };
}
