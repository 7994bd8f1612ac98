using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Tenders;

/// <summary>The award of a lot: awardee, certificates, rejection letters and avis d'attribution.</summary>
public sealed class TenderAwardRow
{
    public long Id { get; set; }

    public long TenderLotId { get; set; }

    public long AwardeeOfferId { get; set; }

    public DateOnly? TaxCertificateReceivedOn { get; set; }

    public DateOnly? SocialCertificateReceivedOn { get; set; }

    public DateOnly? RejectionLettersSentOn { get; set; }

    public LetterChannel? RejectionLettersChannel { get; set; }

    public DateOnly? AwardNoticeSentOn { get; set; }

    /// <summary>
    /// The officer's reason for an awardee other than the proposed offer (Core <see cref="AwardRules.CheckAwardee"/>);
    /// null when the proposed offer is awarded.
    /// </summary>
    public string? AwardeeReason { get; set; }

    public int Version { get; set; } = 1;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A contract (marché) per awarded lot; <see cref="Reference"/> is the DECP id (at most 16 characters).</summary>
public sealed class ContractRow
{
    public long Id { get; set; }

    public long TenderLotId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public long SupplierId { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public int DurationMonths { get; set; }

    /// <summary>The amount HT, or the maximum of an accord-cadre (<see cref="IsMaximum"/>).</summary>
    public long AmountCents { get; set; }

    public bool IsMaximum { get; set; }

    public string CpvCode { get; set; } = string.Empty;

    /// <summary>The DECP formePrix code (<see cref="DecpCodes.FormePrixUnitaire"/>, "Forfaitaire", "Mixte").</summary>
    public string PriceForm { get; set; } = string.Empty;

    public int Version { get; set; } = 1;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>One line of a member's share of a contract: its snapshot quantity of an item at the awarded unit price.</summary>
public sealed class MemberContractLineRow
{
    public long ContractId { get; set; }

    public string ContractReference { get; set; } = string.Empty;

    public int DurationMonths { get; set; }

    public long TenderItemId { get; set; }

    public string ItemCode { get; set; } = string.Empty;

    public string ItemLabel { get; set; } = string.Empty;

    public long QuantityMilli { get; set; }

    public long UnitPriceTenThousandths { get; set; }

    public Core.Needs.PricePeriod PricePeriod { get; set; }

    public Core.Needs.QuantityBasis QuantityBasis { get; set; }

    public ShareLine ToShareLine() => new(TenderItemId, QuantityMilli, new UnitPrice(UnitPriceTenThousandths), PricePeriod, QuantityBasis);
}

/// <summary>Awards and contracts. Writes take the caller's transaction so the audit entry commits with them.</summary>
public interface IAwardRepository
{
    Task<long> InsertAwardAsync(DbConnection connection, DbTransaction transaction, TenderAwardRow award);

    /// <summary>Saves the awardee and its reason, certificates, letters and notice if the Version is still <see cref="TenderAwardRow.Version"/>; false when someone saved first.</summary>
    Task<bool> UpdateAwardAsync(DbConnection connection, DbTransaction transaction, TenderAwardRow award);

    Task<IReadOnlyList<TenderAwardRow>> AwardsOfTenderAsync(long tenderId, CancellationToken cancellationToken = default);

    Task<long> InsertContractAsync(DbConnection connection, DbTransaction transaction, ContractRow contract);

    Task<ContractRow?> GetContractAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractRow>> ContractsOfTenderAsync(long tenderId, CancellationToken cancellationToken = default);

    /// <summary>The lines of a member's shares of every contract: its snapshot quantities × the awardee's unit prices.</summary>
    Task<IReadOnlyList<MemberContractLineRow>> MemberContractLinesAsync(long memberId, CancellationToken cancellationToken = default);

    /// <summary>The tender of a lot, or null when the lot does not exist.</summary>
    Task<long?> TenderIdOfLotAsync(long tenderLotId, CancellationToken cancellationToken = default);

    /// <summary>Whether a contract already has this reference (the DECP id is unique).</summary>
    Task<bool> ContractReferenceTakenAsync(DbConnection connection, DbTransaction transaction, string reference);
}

public sealed class AwardRepository(IDbConnectionFactory factory) : IAwardRepository
{
    private const string AwardColumns =
        "TenderLotId, AwardeeOfferId, TaxCertificateReceivedOn, SocialCertificateReceivedOn, RejectionLettersSentOn, RejectionLettersChannel, AwardNoticeSentOn, AwardeeReason, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string AwardValues =
        "@TenderLotId, @AwardeeOfferId, @TaxCertificateReceivedOn, @SocialCertificateReceivedOn, @RejectionLettersSentOn, @RejectionLettersChannel, @AwardNoticeSentOn, @AwardeeReason, 1, @CreatedAtUtc, @UpdatedAtUtc";

    public const string UpdateAwardSql =
        """
        UPDATE TenderAwards SET AwardeeOfferId = @AwardeeOfferId, TaxCertificateReceivedOn = @TaxCertificateReceivedOn, SocialCertificateReceivedOn = @SocialCertificateReceivedOn,
            RejectionLettersSentOn = @RejectionLettersSentOn, RejectionLettersChannel = @RejectionLettersChannel, AwardNoticeSentOn = @AwardNoticeSentOn,
            AwardeeReason = @AwardeeReason, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
        WHERE Id = @Id AND Version = @Version
        """;

    public const string AwardsOfTenderSql =
        """
        SELECT a.Id, a.TenderLotId, a.AwardeeOfferId, a.TaxCertificateReceivedOn, a.SocialCertificateReceivedOn, a.RejectionLettersSentOn, a.RejectionLettersChannel,
               a.AwardNoticeSentOn, a.AwardeeReason, a.Version, a.CreatedAtUtc, a.UpdatedAtUtc
        FROM TenderAwards a JOIN TenderLots l ON l.Id = a.TenderLotId
        WHERE l.TenderId = @tenderId
        ORDER BY l.LotNumber
        """;

    private const string ContractColumns =
        "PurchasingGroupId, TenderLotId, Reference, Title, LotLabel, SupplierId, SignedOn, NotifiedOn, StartsOn, DurationMonths, AmountCents, IsMaximum, CpvCode, PriceForm, Version, CreatedAtUtc, UpdatedAtUtc";

    // The group is the tender's campaign's, the title the tender's object, the lot label the lot's title; the contract
    // starts on its notification.
    private const string ContractValues =
        """
        (SELECT n.PurchasingGroupId FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId JOIN NeedsCampaigns n ON n.Id = t.CampaignId WHERE l.Id = @TenderLotId),
        @TenderLotId, @Reference,
        (SELECT t.Object FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId WHERE l.Id = @TenderLotId),
        (SELECT l.Title FROM TenderLots l WHERE l.Id = @TenderLotId),
        @SupplierId, @SignedOn, @NotifiedOn, @NotifiedOn, @DurationMonths, @AmountCents, @IsMaximum, @CpvCode, @PriceForm, 1, @CreatedAtUtc, @UpdatedAtUtc
        """;

    private const string ContractSelect =
        "SELECT c.Id, c.TenderLotId, c.Reference, c.SupplierId, c.SignedOn, c.NotifiedOn, c.DurationMonths, c.AmountCents, c.IsMaximum, c.CpvCode, c.PriceForm, c.Version, c.CreatedAtUtc, c.UpdatedAtUtc FROM Contracts c";

    public const string GetContractSql = ContractSelect + " WHERE c.Id = @contractId";

    public const string ContractsOfTenderSql = ContractSelect + " JOIN TenderLots l ON l.Id = c.TenderLotId WHERE l.TenderId = @tenderId ORDER BY l.LotNumber";

    /// <summary>The member's snapshot quantities (TenderMemberQuantities) at the unit prices of the awarded offer of each contract's lot.</summary>
    public const string MemberContractLinesSql =
        """
        SELECT c.Id AS ContractId, c.Reference AS ContractReference, c.DurationMonths, i.Id AS TenderItemId, i.Code AS ItemCode, i.Label AS ItemLabel,
               q.QuantityMilli, p.UnitPriceTenThousandths, i.PricePeriod, i.QuantityBasis
        FROM TenderMemberQuantities q
        JOIN TenderItems i ON i.Id = q.TenderItemId
        JOIN Contracts c ON c.TenderLotId = i.TenderLotId
        JOIN TenderAwards a ON a.TenderLotId = c.TenderLotId
        JOIN OfferUnitPrices p ON p.OfferId = a.AwardeeOfferId AND p.TenderItemId = i.Id
        WHERE q.MemberId = @memberId
        ORDER BY c.SignedOn, c.Id, i.SortOrder, i.Code
        """;

    public const string TenderIdOfLotSql = "SELECT TenderId FROM TenderLots WHERE Id = @tenderLotId";

    public const string ContractReferenceTakenSql = "SELECT COUNT(*) FROM Contracts WHERE Reference = @reference";

    public Task<long> InsertAwardAsync(DbConnection connection, DbTransaction transaction, TenderAwardRow award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("TenderAwards", AwardColumns, AwardValues),
            new
            {
                award.TenderLotId,
                award.AwardeeOfferId,
                award.TaxCertificateReceivedOn,
                award.SocialCertificateReceivedOn,
                award.RejectionLettersSentOn,
                RejectionLettersChannel = (int?)award.RejectionLettersChannel,
                award.AwardNoticeSentOn,
                award.AwardeeReason,
                award.CreatedAtUtc,
                award.UpdatedAtUtc,
            },
            transaction);
    }

    public async Task<bool> UpdateAwardAsync(DbConnection connection, DbTransaction transaction, TenderAwardRow award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return await connection.ExecuteAsync(
            UpdateAwardSql,
            new
            {
                award.Id,
                award.Version,
                award.AwardeeOfferId,
                award.TaxCertificateReceivedOn,
                award.SocialCertificateReceivedOn,
                award.RejectionLettersSentOn,
                RejectionLettersChannel = (int?)award.RejectionLettersChannel,
                award.AwardNoticeSentOn,
                award.AwardeeReason,
                award.UpdatedAtUtc,
            },
            transaction) == 1;
    }

    public async Task<IReadOnlyList<TenderAwardRow>> AwardsOfTenderAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TenderAwardRow>(AwardsOfTenderSql, new { tenderId })).ToList();
    }

    public Task<long> InsertContractAsync(DbConnection connection, DbTransaction transaction, ContractRow contract) =>
        connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("Contracts", ContractColumns, ContractValues), contract, transaction);

    public async Task<ContractRow?> GetContractAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ContractRow>(GetContractSql, new { contractId });
    }

    public async Task<IReadOnlyList<ContractRow>> ContractsOfTenderAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractRow>(ContractsOfTenderSql, new { tenderId })).ToList();
    }

    public async Task<IReadOnlyList<MemberContractLineRow>> MemberContractLinesAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberContractLineRow>(MemberContractLinesSql, new { memberId })).ToList();
    }

    public async Task<long?> TenderIdOfLotAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(TenderIdOfLotSql, new { tenderLotId });
    }

    public async Task<bool> ContractReferenceTakenAsync(DbConnection connection, DbTransaction transaction, string reference) =>
        await connection.ExecuteScalarAsync<long>(ContractReferenceTakenSql, new { reference }, transaction) > 0;
}
