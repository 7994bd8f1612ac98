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

public sealed class OcdsRepository(IDbConnectionFactory factory) : IOcdsRepository
{
    // The scope of one contract's check: the contract, and the other contracts of its tender (its release).
    private const string InScope =
        "SELECT c.Id FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId WHERE c.Id = @contractId OR l.TenderId = @tenderId";

    public const string CoordinatorSql =
        "SELECT Name, Siret, AddressLine1, PostalCode, City, Email, Phone, OcdsPrefix FROM CoordinatorSettings WHERE Id = 1";

    // The planning budget: the estimate of the campaign's latest stored advice (EstimateCents; older advices kept only
    // the value compared with the thresholds).
    public const string TendersSql = """
        SELECT t.Id, t.Reference, t.Object, t.Nature, t.ProcedureType, t.DurationMonths, t.State, t.PublishedAtUtc, t.OfferDeadlineUtc,
               t.OffersOpenedAtUtc, t.UpdatedAtUtc, c.Title AS CampaignTitle,
               (SELECT COALESCE(a.EstimateCents, a.EstimatedValueCents) FROM ProcedureAdvices a
                WHERE a.Id = (SELECT MAX(a2.Id) FROM ProcedureAdvices a2 WHERE a2.CampaignId = t.CampaignId)) AS EstimateCents
        FROM Tenders t JOIN NeedsCampaigns c ON c.Id = t.CampaignId
        WHERE t.PublishedAtUtc IS NOT NULL AND (@scoped = 0 OR t.Id = @tenderId)
        ORDER BY t.PublishedAtUtc, t.Id
        """;

    public const string LotsSql = """
        SELECT l.Id, l.TenderId, l.LotNumber, l.Title, l.CpvCode, l.MaximumCents
        FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId
        WHERE t.PublishedAtUtc IS NOT NULL AND (@scoped = 0 OR t.Id = @tenderId)
        ORDER BY l.TenderId, l.LotNumber
        """;

    public const string ItemsSql = """
        SELECT i.Id, i.TenderId, i.TenderLotId, i.Code, i.Label, i.Unit, i.PricePeriod, i.QuantityBasis, i.EstimatedUnitPriceCents, i.QuantityMilli
        FROM TenderItems i JOIN Tenders t ON t.Id = i.TenderId
        WHERE t.PublishedAtUtc IS NOT NULL AND (@scoped = 0 OR t.Id = @tenderId)
        ORDER BY i.TenderId, i.TenderLotId, i.SortOrder, i.Id
        """;

    // Offers stay sealed until the deadline: tenderers are published once the offers were opened; late ones do not count.
    public const string OffersSql = """
        SELECT o.TenderId, o.TenderLotId, o.SupplierId
        FROM TenderOffers o JOIN Tenders t ON t.Id = o.TenderId
        WHERE t.OffersOpenedAtUtc IS NOT NULL AND o.IsLate = 0 AND (@scoped = 0 OR t.Id = @tenderId)
        ORDER BY o.TenderId, o.TenderLotId, o.Id
        """;

    public const string AwardsSql = """
        SELECT a.Id, a.TenderLotId, o.SupplierId, a.CreatedAtUtc, a.UpdatedAtUtc
        FROM TenderAwards a JOIN TenderOffers o ON o.Id = a.AwardeeOfferId
        WHERE @scoped = 0 OR o.TenderId = @tenderId
        ORDER BY a.TenderLotId
        """;

    public const string ContractsSql = """
        SELECT c.Id, c.TenderLotId, l.TenderId, c.Reference, c.Title, c.LotLabel, c.SupplierId, c.SignedOn, c.NotifiedOn, c.StartsOn,
               c.DurationMonths, c.AmountCents, c.IsMaximum, c.CpvCode, c.Nature, c.ProcedureType, c.OffresRecues, c.CreatedAtUtc, c.UpdatedAtUtc
        FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        WHERE @scoped = 0 OR c.Id = @contractId OR l.TenderId = @tenderId
        ORDER BY c.SignedOn, c.Id
        """;

    public const string AmendmentsSql =
        "SELECT Id, ContractId, Number, SignedOn, NewAmountCents, NewDurationMonths, NewSupplierId, Reason, CreatedAtUtc FROM ContractAmendments " +
        "WHERE @scoped = 0 OR ContractId IN (" + InScope + ") ORDER BY ContractId, Number";

    public const string SuppliersSql =
        "SELECT Id, Name, Siret AS Number, AddressLine1, PostalCode, City FROM Suppliers";

    public const string MembersSql =
        "SELECT Id, Name, Siren AS Number, AddressLine1, PostalCode, City FROM Members";

    public const string TenderMembersSql = """
        SELECT DISTINCT i.TenderId AS OwnerId, q.MemberId
        FROM TenderMemberQuantities q JOIN TenderItems i ON i.Id = q.TenderItemId
        WHERE q.QuantityMilli > 0 AND (@scoped = 0 OR i.TenderId = @tenderId)
        """;

    public const string ContractMembersSql =
        "SELECT ContractId AS OwnerId, MemberId FROM ContractMembers WHERE @scoped = 0 OR ContractId IN (" + InScope + ")";

    public const string ScopeSql = "SELECT l.TenderId FROM Contracts c LEFT JOIN TenderLots l ON l.Id = c.TenderLotId WHERE c.Id = @contractId";

    public Task<OcdsData> ReadAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(new { scoped = 0, tenderId = (long?)null, contractId = (long?)null }, cancellationToken);

    public async Task<OcdsData> ReadForContractAsync(long contractId, CancellationToken cancellationToken = default)
    {
        long? tenderId;
        await using (var connection = await factory.OpenAsync(cancellationToken))
        {
            // An unknown contract, or one without a tender: no tender row matches -1.
            tenderId = await connection.QuerySingleOrDefaultAsync<long?>(ScopeSql, new { contractId }) ?? -1;
        }

        return await ReadAsync(new { scoped = 1, tenderId, contractId = (long?)contractId }, cancellationToken);
    }

    private async Task<OcdsData> ReadAsync(object scope, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var coordinator = await connection.QuerySingleOrDefaultAsync<OcdsCoordinatorRow>(CoordinatorSql) ?? new OcdsCoordinatorRow();
        var tenders = (await connection.QueryAsync<OcdsTenderRow>(TendersSql, scope)).AsList();
        var lots = (await connection.QueryAsync<OcdsLotRow>(LotsSql, scope)).AsList();
        var items = (await connection.QueryAsync<OcdsItemRow>(ItemsSql, scope)).AsList();
        var offers = (await connection.QueryAsync<OcdsOfferRow>(OffersSql, scope)).AsList();
        var awards = (await connection.QueryAsync<OcdsAwardRow>(AwardsSql, scope)).AsList();
        var contracts = (await connection.QueryAsync<OcdsContractRow>(ContractsSql, scope)).AsList();
        var amendments = (await connection.QueryAsync<OcdsAmendmentRow>(AmendmentsSql, scope)).AsList();
        var suppliers = (await connection.QueryAsync<OcdsOrganisationRow>(SuppliersSql)).AsList();
        var members = (await connection.QueryAsync<OcdsOrganisationRow>(MembersSql)).AsList();
        var tenderMembers = (await connection.QueryAsync<OcdsParticipantRow>(TenderMembersSql, scope)).AsList();
        var contractMembers = (await connection.QueryAsync<OcdsParticipantRow>(ContractMembersSql, scope)).AsList();
        return new OcdsData(coordinator, tenders, lots, items, offers, awards, contracts, amendments, suppliers, members, tenderMembers, contractMembers);
    }
}
