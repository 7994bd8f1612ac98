using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Contracts;

/// <summary>
/// A contract (marché) as stored: from an awarded lot (TenderLotId) or recorded as signed before the app. Its amount,
/// duration and supplier are the initial ones: amendments never update them. The DECP fields are filled for a contract
/// recorded without a tender (a tender's contract takes them from its tender).
/// </summary>
public sealed class ContractRecord
{
    public long Id { get; set; }

    public long PurchasingGroupId { get; set; }

    public long? TenderLotId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? LotLabel { get; set; }

    public long SupplierId { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public DateOnly? StartsOn { get; set; }

    public int DurationMonths { get; set; }

    /// <summary>The initial amount HT, or the initial maximum of an accord-cadre (<see cref="IsMaximum"/>).</summary>
    public long AmountCents { get; set; }

    public bool IsMaximum { get; set; }

    public string CpvCode { get; set; } = string.Empty;

    /// <summary>The DECP formePrix code.</summary>
    public string PriceForm { get; set; } = string.Empty;

    public long? AccordCadreContractId { get; set; }

    public PurchaseNature? Nature { get; set; }

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

    public int? OffresRecues { get; set; }

    public bool? SousTraitanceDeclaree { get; set; }

    public long? CreatedByUserId { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    // Read only (joined): the supplier's name and the tender the contract comes from.
    public string SupplierName { get; set; } = string.Empty;

    public string GroupName { get; set; } = string.Empty;

    public long? TenderId { get; set; }

    public string? TenderReference { get; set; }
}

/// <summary>A contract in the list, with what its orders consumed.</summary>
public sealed class ContractListRow
{
    public long Id { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? LotLabel { get; set; }

    public string SupplierName { get; set; } = string.Empty;

    public string GroupName { get; set; } = string.Empty;

    public DateOnly SignedOn { get; set; }

    public int DurationMonths { get; set; }

    public long AmountCents { get; set; }

    public bool IsMaximum { get; set; }

    public long SupplierId { get; set; }

    public long? TenderId { get; set; }

    public long OrderedCents { get; set; }
}

/// <summary>An item of the contract's BPU.</summary>
public sealed class ContractItemRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public long? TenderItemId { get; set; }

    public int Position { get; set; }

    public string Label { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public long UnitPriceTenThousandths { get; set; }

    public PricePeriod PricePeriod { get; set; }

    public QuantityBasis QuantityBasis { get; set; } = QuantityBasis.WholeDuration;

    public int VatRateBasisPoints { get; set; } = 2000;
}

/// <summary>A member taking part in a contract.</summary>
public sealed record ContractMemberRow(long MemberId, string Name);

/// <summary>A member's quantity of one item (thousandths).</summary>
public sealed record ContractQuantityRow(long MemberId, long ContractItemId, long QuantityMilli);

public sealed class ContractAmendmentRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public int Number { get; set; }

    public DateOnly SignedOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public long? NewAmountCents { get; set; }

    public int? NewDurationMonths { get; set; }

    public long? NewSupplierId { get; set; }

    public string Reason { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }

    public long? CreatedByUserId { get; set; }

    // Read only (joined).
    public string? NewSupplierName { get; set; }
}

public sealed class OrderRow
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public long MemberId { get; set; }

    public int Number { get; set; }

    public DateOnly OrderedOn { get; set; }

    public long TotalCents { get; set; }

    public long? CreatedByUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    // Read only (joined).
    public string MemberName { get; set; } = string.Empty;

    public string ContractReference { get; set; } = string.Empty;
}

public sealed class OrderLineRow
{
    public long OrderId { get; set; }

    public long ContractItemId { get; set; }

    public long QuantityMilli { get; set; }

    public long UnitPriceTenThousandths { get; set; }

    public long AmountCents { get; set; }
}

/// <summary>A choice of a select list (supplier, groupement, member).</summary>
public sealed record Choice(long Id, string Name);

public interface IContractRepository
{
    Task<IReadOnlyList<ContractListRow>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The contracts a member takes part in or ordered under.</summary>
    Task<IReadOnlyList<ContractListRow>> ListOfMemberAsync(long memberId, CancellationToken cancellationToken = default);

    Task<ContractRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractItemRow>> ItemsAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractMemberRow>> MembersAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractQuantityRow>> QuantitiesAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ContractAmendmentRow>> AmendmentsAsync(long contractId, CancellationToken cancellationToken = default);

    /// <summary>Every amendment of every contract (the list derives each contract's current terms).</summary>
    Task<IReadOnlyList<ContractAmendmentRow>> AllAmendmentsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OrderRow>> OrdersAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OrderRow>> OrdersOfMemberAsync(long memberId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OrderLineRow>> OrderLinesAsync(long contractId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Choice>> SupplierChoicesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Choice>> GroupChoicesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Choice>> MemberChoicesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The members with a form in the campaign titled <paramref name="campaignTitle"/>, each with its pupils of its latest
    /// recorded year, or an estimate when none is recorded (12 % of its population municipale): the demo's ENT quantities.
    /// </summary>
    Task<IReadOnlyList<(long MemberId, long Pupils)>> CampaignMembersPupilsAsync(string campaignTitle, CancellationToken cancellationToken = default);

    Task<bool> ReferenceTakenAsync(DbConnection connection, DbTransaction transaction, string reference);

    Task<long?> ContractIdByReferenceAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Inserts a contract recorded without a tender (Version 1) and returns its id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ContractRecord contract);

    Task<long> InsertItemAsync(DbConnection connection, DbTransaction transaction, ContractItemRow item);

    Task InsertMemberAsync(DbConnection connection, DbTransaction transaction, long contractId, long memberId);

    Task InsertQuantityAsync(DbConnection connection, DbTransaction transaction, long contractId, long memberId, long contractItemId, long quantityMilli);

    /// <summary>
    /// A contract signed from an awarded lot: the awarded offer's unit prices become its items, and the tender's snapshot
    /// quantities its members (those with a quantity) and their quantities.
    /// </summary>
    Task CopyFromAwardAsync(DbConnection connection, DbTransaction transaction, long contractId, long tenderLotId, long offerId);

    /// <summary>Bumps the contract's version if it is still <paramref name="version"/>: amendments and orders are written one at a time per contract.</summary>
    Task<bool> TouchAsync(DbConnection connection, DbTransaction transaction, long contractId, int version, DateTime nowUtc);

    Task<long> InsertAmendmentAsync(DbConnection connection, DbTransaction transaction, ContractAmendmentRow amendment);

    /// <summary>The next order number of the contract (1, then one more than the highest).</summary>
    Task<int> NextOrderNumberAsync(DbConnection connection, DbTransaction transaction, long contractId);

    Task<long> InsertOrderAsync(DbConnection connection, DbTransaction transaction, OrderRow order);

    Task InsertOrderLineAsync(DbConnection connection, DbTransaction transaction, OrderLineRow line);

    /// <summary>How many cost entries, orders and amendments refer to the contract (what ends the correction of its initial data).</summary>
    Task<(int CostEntries, int Orders, int Amendments)> UsageAsync(DbConnection connection, DbTransaction? transaction, long contractId);

    /// <summary>Whether another contract than <paramref name="contractId"/> has the reference.</summary>
    Task<bool> ReferenceTakenByOtherAsync(DbConnection connection, DbTransaction transaction, string reference, long contractId);

    /// <summary>
    /// Corrects the initial data of a contract recorded without a tender (its items and members are not touched), if its
    /// Version is still <paramref name="contract"/>'s and nothing refers to it yet (no cost entry, order or amendment):
    /// the version moves on; false when nothing was written.
    /// </summary>
    Task<bool> CorrectInitialAsync(DbConnection connection, DbTransaction transaction, ContractRecord contract, DateTime nowUtc);
}

public sealed class ContractRepository(IDbConnectionFactory factory) : IContractRepository
{
    private const string ListSelect =
        """
        SELECT c.Id, c.Reference, c.Title, c.LotLabel, s.Name AS SupplierName, g.Name AS GroupName, c.SignedOn, c.DurationMonths, c.AmountCents, c.IsMaximum,
               c.SupplierId, l.TenderId,
               (SELECT COALESCE(SUM(o.TotalCents), 0) FROM Orders o WHERE o.ContractId = c.Id) AS OrderedCents
        FROM Contracts c
        JOIN Suppliers s ON s.Id = c.SupplierId
        JOIN PurchasingGroups g ON g.Id = c.PurchasingGroupId
        LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        """;

    public const string ListSql = ListSelect + " ORDER BY c.SignedOn DESC, c.Reference";

    public const string ListOfMemberSql = ListSelect +
        """

        WHERE EXISTS (SELECT 1 FROM ContractMembers m WHERE m.ContractId = c.Id AND m.MemberId = @memberId)
           OR EXISTS (SELECT 1 FROM Orders o WHERE o.ContractId = c.Id AND o.MemberId = @memberId)
        ORDER BY c.SignedOn DESC, c.Reference
        """;

    public const string GetSql =
        """
        SELECT c.Id, c.PurchasingGroupId, c.TenderLotId, c.Reference, c.Title, c.LotLabel, c.SupplierId, c.SignedOn, c.NotifiedOn, c.StartsOn, c.DurationMonths,
               c.AmountCents, c.IsMaximum, c.CpvCode, c.PriceForm, c.AccordCadreContractId, c.Nature, c.ProcedureType, c.ContractForm, c.Techniques,
               c.ModalitesExecution, c.MarcheInnovant, c.Ccag, c.AttributionAvance, c.TypeGroupementOperateurs, c.LieuExecutionCode, c.LieuExecutionTypeCode,
               c.TypesPrix, c.ConsiderationsSociales, c.ConsiderationsEnvironnementales, c.OffresRecues, c.SousTraitanceDeclaree, c.CreatedByUserId,
               c.Version, c.CreatedAtUtc, c.UpdatedAtUtc, s.Name AS SupplierName, g.Name AS GroupName, t.Id AS TenderId, t.Reference AS TenderReference
        FROM Contracts c
        JOIN Suppliers s ON s.Id = c.SupplierId
        JOIN PurchasingGroups g ON g.Id = c.PurchasingGroupId
        LEFT JOIN TenderLots l ON l.Id = c.TenderLotId
        LEFT JOIN Tenders t ON t.Id = l.TenderId
        WHERE c.Id = @id
        """;

    public const string ItemsSql =
        """
        SELECT Id, ContractId, TenderItemId, Position, Label, Unit, UnitPriceTenThousandths, PricePeriod, QuantityBasis, VatRateBasisPoints
        FROM ContractItems WHERE ContractId = @contractId ORDER BY Position
        """;

    public const string MembersSql =
        "SELECT m.Id AS MemberId, m.Name FROM ContractMembers cm JOIN Members m ON m.Id = cm.MemberId WHERE cm.ContractId = @contractId ORDER BY m.Name, m.Id";

    public const string QuantitiesSql =
        "SELECT MemberId, ContractItemId, QuantityMilli FROM ContractMemberQuantities WHERE ContractId = @contractId";

    private const string AmendmentSelect =
        """
        SELECT a.Id, a.ContractId, a.Number, a.SignedOn, a.NotifiedOn, a.NewAmountCents, a.NewDurationMonths, a.NewSupplierId, a.Reason, a.CreatedAtUtc,
               a.CreatedByUserId, s.Name AS NewSupplierName
        FROM ContractAmendments a LEFT JOIN Suppliers s ON s.Id = a.NewSupplierId
        """;

    public const string AmendmentsSql = AmendmentSelect + " WHERE a.ContractId = @contractId ORDER BY a.Number";

    public const string AllAmendmentsSql = AmendmentSelect + " ORDER BY a.ContractId, a.Number";

    private const string OrderSelect =
        """
        SELECT o.Id, o.ContractId, o.MemberId, o.Number, o.OrderedOn, o.TotalCents, o.CreatedByUserId, o.CreatedAtUtc, m.Name AS MemberName, c.Reference AS ContractReference
        FROM Orders o JOIN Members m ON m.Id = o.MemberId JOIN Contracts c ON c.Id = o.ContractId
        """;

    public const string OrdersSql = OrderSelect + " WHERE o.ContractId = @contractId ORDER BY o.Number";

    public const string OrdersOfMemberSql = OrderSelect + " WHERE o.MemberId = @memberId ORDER BY o.OrderedOn DESC, o.Id DESC";

    public const string OrderLinesSql =
        """
        SELECT l.OrderId, l.ContractItemId, l.QuantityMilli, l.UnitPriceTenThousandths, l.AmountCents
        FROM OrderLines l JOIN Orders o ON o.Id = l.OrderId
        WHERE o.ContractId = @contractId
        ORDER BY o.Number, l.ContractItemId
        """;

    public const string SupplierChoicesSql = "SELECT Id, Name FROM Suppliers ORDER BY Name, Id";

    public const string GroupChoicesSql = "SELECT Id, Name FROM PurchasingGroups ORDER BY Name, Id";

    public const string MemberChoicesSql = "SELECT Id, Name FROM Members ORDER BY Name, Id";

    public const string CampaignMembersPupilsSql =
        """
        SELECT f.MemberId, COALESCE(b.Pupils, b.PopulationMunicipale * 12 / 100, 0) AS Pupils
        FROM NeedsForms f
        JOIN NeedsCampaigns c ON c.Id = f.CampaignId
        LEFT JOIN MemberAllocationBases b ON b.MemberId = f.MemberId AND b.Year = (SELECT MAX(b2.Year) FROM MemberAllocationBases b2 WHERE b2.MemberId = f.MemberId)
        WHERE c.Title = @campaignTitle
        ORDER BY f.MemberId
        """;

    public const string ReferenceTakenSql = "SELECT COUNT(*) FROM Contracts WHERE Reference = @reference";

    public const string IdByReferenceSql = "SELECT Id FROM Contracts WHERE Reference = @reference";

    private const string InsertColumns =
        """
        PurchasingGroupId, TenderLotId, Reference, Title, LotLabel, SupplierId, SignedOn, NotifiedOn, StartsOn, DurationMonths, AmountCents, IsMaximum, CpvCode,
        PriceForm, AccordCadreContractId, Nature, ProcedureType, ContractForm, Techniques, ModalitesExecution, MarcheInnovant, Ccag, AttributionAvance,
        TypeGroupementOperateurs, LieuExecutionCode, LieuExecutionTypeCode, TypesPrix, ConsiderationsSociales, ConsiderationsEnvironnementales, OffresRecues,
        SousTraitanceDeclaree, CreatedByUserId, Version, CreatedAtUtc, UpdatedAtUtc
        """;

    private const string InsertValues =
        """
        @PurchasingGroupId, NULL, @Reference, @Title, @LotLabel, @SupplierId, @SignedOn, @NotifiedOn, @StartsOn, @DurationMonths, @AmountCents, @IsMaximum, @CpvCode,
        @PriceForm, @AccordCadreContractId, @Nature, @ProcedureType, @ContractForm, @Techniques, @ModalitesExecution, @MarcheInnovant, @Ccag, @AttributionAvance,
        @TypeGroupementOperateurs, @LieuExecutionCode, @LieuExecutionTypeCode, @TypesPrix, @ConsiderationsSociales, @ConsiderationsEnvironnementales, @OffresRecues,
        @SousTraitanceDeclaree, @CreatedByUserId, 1, @CreatedAtUtc, @UpdatedAtUtc
        """;

    private const string ItemColumns = "ContractId, TenderItemId, Position, Label, Unit, UnitPriceTenThousandths, PricePeriod, QuantityBasis, VatRateBasisPoints";

    private const string ItemValues = "@ContractId, @TenderItemId, @Position, @Label, @Unit, @UnitPriceTenThousandths, @PricePeriod, @QuantityBasis, @VatRateBasisPoints";

    public const string InsertMemberSql = "INSERT INTO ContractMembers (ContractId, MemberId) VALUES (@contractId, @memberId)";

    public const string InsertQuantitySql =
        "INSERT INTO ContractMemberQuantities (ContractId, MemberId, ContractItemId, QuantityMilli) VALUES (@contractId, @memberId, @contractItemId, @quantityMilli)";

    /// <summary>The awarded offer's unit price of each item of the lot, numbered in the tender's order.</summary>
    public const string CopyItemsSql =
        """
        INSERT INTO ContractItems (ContractId, TenderItemId, Position, Label, Unit, UnitPriceTenThousandths, PricePeriod, QuantityBasis, VatRateBasisPoints)
        SELECT @contractId, i.Id, ROW_NUMBER() OVER (ORDER BY i.SortOrder, i.Code), i.Label, i.Unit, p.UnitPriceTenThousandths, i.PricePeriod, i.QuantityBasis, i.VatRateBasisPoints
        FROM TenderItems i
        JOIN OfferUnitPrices p ON p.TenderItemId = i.Id AND p.OfferId = @offerId
        WHERE i.TenderLotId = @tenderLotId
        """;

    public const string CopyMembersSql =
        """
        INSERT INTO ContractMembers (ContractId, MemberId)
        SELECT DISTINCT @contractId, q.MemberId
        FROM TenderMemberQuantities q JOIN TenderItems i ON i.Id = q.TenderItemId
        WHERE i.TenderLotId = @tenderLotId AND q.QuantityMilli > 0
        """;

    public const string CopyQuantitiesSql =
        """
        INSERT INTO ContractMemberQuantities (ContractId, MemberId, ContractItemId, QuantityMilli)
        SELECT @contractId, q.MemberId, ci.Id, q.QuantityMilli
        FROM ContractItems ci JOIN TenderMemberQuantities q ON q.TenderItemId = ci.TenderItemId
        WHERE ci.ContractId = @contractId AND q.QuantityMilli > 0
        """;

    public const string TouchSql = "UPDATE Contracts SET Version = Version + 1, UpdatedAtUtc = @nowUtc WHERE Id = @contractId AND Version = @version";

    private const string AmendmentColumns = "ContractId, Number, SignedOn, NotifiedOn, NewAmountCents, NewDurationMonths, NewSupplierId, Reason, CreatedAtUtc, CreatedByUserId";

    private const string AmendmentValues = "@ContractId, @Number, @SignedOn, @NotifiedOn, @NewAmountCents, @NewDurationMonths, @NewSupplierId, @Reason, @CreatedAtUtc, @CreatedByUserId";

    private const string OrderColumns = "ContractId, MemberId, Number, OrderedOn, TotalCents, CreatedByUserId, CreatedAtUtc";

    private const string OrderValues = "@ContractId, @MemberId, @Number, @OrderedOn, @TotalCents, @CreatedByUserId, @CreatedAtUtc";

    public const string NextOrderNumberSql = "SELECT COALESCE(MAX(Number), 0) + 1 FROM Orders WHERE ContractId = @contractId";

    public const string InsertOrderLineSql =
        """
        INSERT INTO OrderLines (OrderId, ContractItemId, QuantityMilli, UnitPriceTenThousandths, AmountCents)
        VALUES (@OrderId, @ContractItemId, @QuantityMilli, @UnitPriceTenThousandths, @AmountCents)
        """;

    public async Task<IReadOnlyList<ContractListRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractListRow>(ListSql)).ToList();
    }

    public async Task<IReadOnlyList<ContractListRow>> ListOfMemberAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractListRow>(ListOfMemberSql, new { memberId })).ToList();
    }

    public async Task<ContractRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ContractRecord>(GetSql, new { id });
    }

    public async Task<IReadOnlyList<ContractItemRow>> ItemsAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractItemRow>(ItemsSql, new { contractId })).ToList();
    }

    public async Task<IReadOnlyList<ContractMemberRow>> MembersAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long MemberId, string Name)>(MembersSql, new { contractId })).Select(r => new ContractMemberRow(r.MemberId, r.Name)).ToList();
    }

    public async Task<IReadOnlyList<ContractQuantityRow>> QuantitiesAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long MemberId, long ContractItemId, long QuantityMilli)>(QuantitiesSql, new { contractId }))
            .Select(r => new ContractQuantityRow(r.MemberId, r.ContractItemId, r.QuantityMilli)).ToList();
    }

    public async Task<IReadOnlyList<ContractAmendmentRow>> AmendmentsAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractAmendmentRow>(AmendmentsSql, new { contractId })).ToList();
    }

    public async Task<IReadOnlyList<ContractAmendmentRow>> AllAmendmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ContractAmendmentRow>(AllAmendmentsSql)).ToList();
    }

    public async Task<IReadOnlyList<OrderRow>> OrdersAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrderRow>(OrdersSql, new { contractId })).ToList();
    }

    public async Task<IReadOnlyList<OrderRow>> OrdersOfMemberAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrderRow>(OrdersOfMemberSql, new { memberId })).ToList();
    }

    public async Task<IReadOnlyList<OrderLineRow>> OrderLinesAsync(long contractId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrderLineRow>(OrderLinesSql, new { contractId })).ToList();
    }

    public Task<IReadOnlyList<Choice>> SupplierChoicesAsync(CancellationToken cancellationToken = default) => ChoicesAsync(SupplierChoicesSql, cancellationToken);

    public Task<IReadOnlyList<Choice>> GroupChoicesAsync(CancellationToken cancellationToken = default) => ChoicesAsync(GroupChoicesSql, cancellationToken);

    public Task<IReadOnlyList<Choice>> MemberChoicesAsync(CancellationToken cancellationToken = default) => ChoicesAsync(MemberChoicesSql, cancellationToken);

    public async Task<IReadOnlyList<(long MemberId, long Pupils)>> CampaignMembersPupilsAsync(string campaignTitle, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long MemberId, long Pupils)>(CampaignMembersPupilsSql, new { campaignTitle })).ToList();
    }

    public async Task<bool> ReferenceTakenAsync(DbConnection connection, DbTransaction transaction, string reference) =>
        await connection.ExecuteScalarAsync<long>(ReferenceTakenSql, new { reference }, transaction) > 0;

    public async Task<long?> ContractIdByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(IdByReferenceSql, new { reference });
    }

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ContractRecord contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Contracts", InsertColumns, InsertValues),
            InitialDataParameters(contract, new { contract.AccordCadreContractId, contract.CreatedByUserId, contract.CreatedAtUtc, contract.UpdatedAtUtc }),
            transaction);
    }

    public Task<long> InsertItemAsync(DbConnection connection, DbTransaction transaction, ContractItemRow item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("ContractItems", ItemColumns, ItemValues),
            new
            {
                item.ContractId,
                item.TenderItemId,
                item.Position,
                item.Label,
                item.Unit,
                item.UnitPriceTenThousandths,
                PricePeriod = (int)item.PricePeriod,
                QuantityBasis = (int)item.QuantityBasis,
                item.VatRateBasisPoints,
            },
            transaction);
    }

    public Task InsertMemberAsync(DbConnection connection, DbTransaction transaction, long contractId, long memberId) =>
        connection.ExecuteAsync(InsertMemberSql, new { contractId, memberId }, transaction);

    public Task InsertQuantityAsync(DbConnection connection, DbTransaction transaction, long contractId, long memberId, long contractItemId, long quantityMilli) =>
        connection.ExecuteAsync(InsertQuantitySql, new { contractId, memberId, contractItemId, quantityMilli }, transaction);

    public async Task CopyFromAwardAsync(DbConnection connection, DbTransaction transaction, long contractId, long tenderLotId, long offerId)
    {
        await connection.ExecuteAsync(CopyItemsSql, new { contractId, tenderLotId, offerId }, transaction);
        await connection.ExecuteAsync(CopyMembersSql, new { contractId, tenderLotId }, transaction);
        await connection.ExecuteAsync(CopyQuantitiesSql, new { contractId }, transaction);
    }

    public async Task<bool> TouchAsync(DbConnection connection, DbTransaction transaction, long contractId, int version, DateTime nowUtc) =>
        await connection.ExecuteAsync(TouchSql, new { contractId, version, nowUtc }, transaction) == 1;

    public Task<long> InsertAmendmentAsync(DbConnection connection, DbTransaction transaction, ContractAmendmentRow amendment)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("ContractAmendments", AmendmentColumns, AmendmentValues),
            new
            {
                amendment.ContractId,
                amendment.Number,
                amendment.SignedOn,
                amendment.NotifiedOn,
                amendment.NewAmountCents,
                amendment.NewDurationMonths,
                amendment.NewSupplierId,
                amendment.Reason,
                amendment.CreatedAtUtc,
                amendment.CreatedByUserId,
            },
            transaction);
    }

    public Task<int> NextOrderNumberAsync(DbConnection connection, DbTransaction transaction, long contractId) =>
        connection.ExecuteScalarAsync<int>(NextOrderNumberSql, new { contractId }, transaction);

    public Task<long> InsertOrderAsync(DbConnection connection, DbTransaction transaction, OrderRow order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Orders", OrderColumns, OrderValues),
            new { order.ContractId, order.MemberId, order.Number, order.OrderedOn, order.TotalCents, order.CreatedByUserId, order.CreatedAtUtc },
            transaction);
    }

    public Task InsertOrderLineAsync(DbConnection connection, DbTransaction transaction, OrderLineRow line) =>
        connection.ExecuteAsync(InsertOrderLineSql, line, transaction);

    private async Task<IReadOnlyList<Choice>> ChoicesAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long Id, string Name)>(sql)).Select(r => new Choice(r.Id, r.Name)).ToList();
    }

    public const string UsageSql = """
        SELECT (SELECT COUNT(*) FROM CostEntries WHERE ContractId = @contractId) AS CostEntries,
               (SELECT COUNT(*) FROM Orders WHERE ContractId = @contractId) AS Orders,
               (SELECT COUNT(*) FROM ContractAmendments WHERE ContractId = @contractId) AS Amendments
        """;

    public async Task<(int CostEntries, int Orders, int Amendments)> UsageAsync(DbConnection connection, DbTransaction? transaction, long contractId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.QuerySingleAsync<(int, int, int)>(UsageSql, new { contractId }, transaction);
    }

    public const string ReferenceTakenByOtherSql = "SELECT COUNT(*) FROM Contracts WHERE Reference = @reference AND Id <> @contractId";

    public async Task<bool> ReferenceTakenByOtherAsync(DbConnection connection, DbTransaction transaction, string reference, long contractId) =>
        await connection.ExecuteScalarAsync<long>(ReferenceTakenByOtherSql, new { reference, contractId }, transaction) > 0;

    // Guarded on the version and on nothing referring to the contract yet, so that a cost entry, order or amendment
    // written meanwhile makes the correction write nothing.
    public const string CorrectInitialSql = """
        UPDATE Contracts SET PurchasingGroupId = @PurchasingGroupId, Reference = @Reference, Title = @Title, LotLabel = @LotLabel, SupplierId = @SupplierId,
               SignedOn = @SignedOn, NotifiedOn = @NotifiedOn, StartsOn = @StartsOn, DurationMonths = @DurationMonths, AmountCents = @AmountCents,
               IsMaximum = @IsMaximum, CpvCode = @CpvCode, PriceForm = @PriceForm, Nature = @Nature, ProcedureType = @ProcedureType,
               ContractForm = @ContractForm, Techniques = @Techniques, ModalitesExecution = @ModalitesExecution, MarcheInnovant = @MarcheInnovant,
               Ccag = @Ccag, AttributionAvance = @AttributionAvance, TypeGroupementOperateurs = @TypeGroupementOperateurs,
               LieuExecutionCode = @LieuExecutionCode, LieuExecutionTypeCode = @LieuExecutionTypeCode, TypesPrix = @TypesPrix,
               ConsiderationsSociales = @ConsiderationsSociales, ConsiderationsEnvironnementales = @ConsiderationsEnvironnementales,
               OffresRecues = @OffresRecues, SousTraitanceDeclaree = @SousTraitanceDeclaree, Version = Version + 1, UpdatedAtUtc = @NowUtc
        WHERE Id = @Id AND Version = @Version AND TenderLotId IS NULL
          AND NOT EXISTS (SELECT 1 FROM CostEntries e WHERE e.ContractId = @Id)
          AND NOT EXISTS (SELECT 1 FROM Orders o WHERE o.ContractId = @Id)
          AND NOT EXISTS (SELECT 1 FROM ContractAmendments a WHERE a.ContractId = @Id)
        """;

    public async Task<bool> CorrectInitialAsync(DbConnection connection, DbTransaction transaction, ContractRecord contract, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(contract);
        return await connection.ExecuteAsync(
            CorrectInitialSql,
            InitialDataParameters(contract, new { contract.Id, contract.Version, NowUtc = nowUtc }),
            transaction) == 1;
    }

    /// <summary>The contract's initial data as parameters (recording and correcting write the same columns), plus <paramref name="extra"/>.</summary>
    private static DynamicParameters InitialDataParameters(ContractRecord contract, object extra)
    {
        var parameters = new DynamicParameters(new
        {
            contract.PurchasingGroupId,
            contract.Reference,
            contract.Title,
            contract.LotLabel,
            contract.SupplierId,
            contract.SignedOn,
            contract.NotifiedOn,
            contract.StartsOn,
            contract.DurationMonths,
            contract.AmountCents,
            contract.IsMaximum,
            contract.CpvCode,
            contract.PriceForm,
            Nature = (int?)contract.Nature,
            ProcedureType = (int?)contract.ProcedureType,
            ContractForm = (int?)contract.ContractForm,
            contract.Techniques,
            contract.ModalitesExecution,
            contract.MarcheInnovant,
            contract.Ccag,
            contract.AttributionAvance,
            contract.TypeGroupementOperateurs,
            contract.LieuExecutionCode,
            contract.LieuExecutionTypeCode,
            contract.TypesPrix,
            contract.ConsiderationsSociales,
            contract.ConsiderationsEnvironnementales,
            contract.OffresRecues,
            contract.SousTraitanceDeclaree,
        });
        parameters.AddDynamicParams(extra);
        return parameters;
    }
}
