using Dapper;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Suppliers;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// A closed telecom campaign arranged through the app's own repositories (groupement, members, adhesions, catalogue,
/// forms filled, submitted and validated), ready to become a tender. The campaign runs 24 months, planned launch
/// 1 December 2026. Lot 1: MIN (per minute, one-off price, quantity per year), LINE (monthly); lot 2: FIB (monthly).
/// </summary>
public sealed class TenderScenario(IDbConnectionFactory factory)
{
    public static readonly DateTime Now = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    public static readonly DateOnly PlannedLaunch = new(2026, 12, 1);

    private readonly Dictionary<string, long> _items = [];
    private readonly Dictionary<string, long> _members = [];

    public long GroupId { get; private set; }

    public long CampaignId { get; private set; }

    public long Lot1Id { get; private set; }

    public long Lot2Id { get; private set; }

    public string Tag { get; } = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public long ItemId(string code) => _items[code];

    public long MemberId(string name) => _members[name];

    public static async Task<TenderScenario> CampaignAsync(IDbConnectionFactory factory, CampaignStatus status = CampaignStatus.Closed)
    {
        var s = new TenderScenario(factory);
        var campaigns = new CampaignRepository(factory);
        var catalogue = new CatalogueRepository(factory);
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        s.GroupId = await new PurchasingGroupRepository(factory).InsertAsync(c, tx, new PurchasingGroup
        {
            Name = "Groupement télécom " + s.Tag,
            Domain = GroupDomain.Telecom,
            StartDate = new DateOnly(2024, 1, 1),
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });
        s.CampaignId = await campaigns.InsertAsync(c, tx, new NeedsCampaign
        {
            PurchasingGroupId = s.GroupId,
            Title = "Télécoms 2027 " + s.Tag,
            OpensAtUtc = new DateTime(2026, 9, 1, 6, 0, 0, DateTimeKind.Utc),
            ClosesAtUtc = new DateTime(2026, 10, 15, 16, 0, 0, DateTimeKind.Utc),
            PlannedLaunchDate = PlannedLaunch,
            DurationMonths = 24,
            Nature = PurchaseNature.Services,
            ContractForm = ContractForm.FrameworkPurchaseOrders,
            Status = status,
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });
        s.Lot1Id = await catalogue.InsertLotAsync(c, tx, new CampaignLot { CampaignId = s.CampaignId, LotNumber = 1, Title = "Téléphonie fixe", MaximumCents = 50_000_000 });
        s.Lot2Id = await catalogue.InsertLotAsync(c, tx, new CampaignLot { CampaignId = s.CampaignId, LotNumber = 2, Title = "Accès internet", MaximumCents = null });
        s._items["MIN"] = await catalogue.InsertItemAsync(c, tx, Item(s, s.Lot1Id, "MIN", 2, PricePeriod.OneOff, QuantityBasis.PerYear, 1, wholeNumbers: false));
        s._items["LINE"] = await catalogue.InsertItemAsync(c, tx, Item(s, s.Lot1Id, "LINE", 1500, PricePeriod.Monthly, QuantityBasis.WholeDuration, 2));
        s._items["FIB"] = await catalogue.InsertItemAsync(c, tx, Item(s, s.Lot2Id, "FIB", 45000, PricePeriod.Monthly, QuantityBasis.WholeDuration, 1, vat: 550));
        await tx.CommitAsync();
        return s;
    }

    /// <summary>
    /// A member adhering from <paramref name="joinedOn"/> to <paramref name="leftOn"/>, whose form holds the lines and is
    /// brought to <paramref name="status"/> the way the app does it (saved as a draft, submitted, validated).
    /// </summary>
    public async Task<TenderScenario> MemberAsync(string name, NeedsFormStatus status, DateOnly joinedOn, DateOnly? leftOn, params (string Code, long QuantityMilli)[] lines)
    {
        var groups = new PurchasingGroupRepository(factory);
        var forms = new NeedsFormRepository(factory);
        var store = new NeedLinesStore(factory);
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var memberId = await new MemberRepository(factory).InsertAsync(c, tx, new Member
        {
            Name = $"{name} {Tag}",
            Kind = MemberKind.CommunauteCommunes,
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });
        await groups.AddAdhesionAsync(c, tx, new Adhesion { PurchasingGroupId = GroupId, MemberId = memberId, JoinedOn = joinedOn, LeftOn = leftOn });
        await new CampaignRepository(factory).InsertMissingFormsAsync(c, tx, CampaignId, [memberId], Now);
        var formId = await c.ExecuteScalarAsync<long>("SELECT Id FROM NeedsForms WHERE CampaignId = @CampaignId AND MemberId = @memberId", new { CampaignId, memberId }, tx);
        var version = await store.ReplaceLinesAsync(
            c,
            tx,
            formId,
            1,
            false,
            lines.Select(l => new NeedLine { CatalogueItemId = _items[l.Code], QuantityMilli = l.QuantityMilli }).ToList(),
            null,
            Now) ?? throw new InvalidOperationException("The draft was not saved.");
        if (status is NeedsFormStatus.Submitted or NeedsFormStatus.Validated)
        {
            Assert.Equal(1, await forms.SubmitAsync(c, tx, formId, version++, null, Now));
        }

        if (status == NeedsFormStatus.Validated)
        {
            Assert.Equal(1, await forms.ValidateAsync(c, tx, formId, version, null, Now));
        }

        await tx.CommitAsync();
        _members[name] = memberId;
        return this;
    }

    /// <summary>A supplier with a valid, random SIRET, written through the suppliers' repository.</summary>
    public async Task<long> SupplierAsync(string name)
    {
        await using var c = await factory.OpenAsync();
        return await new SupplierRepository(factory).InsertAsync(c, null, new Supplier
        {
            Name = $"{name} {Tag}",
            Siret = TestSirets.Random(),
            AddressLine1 = "1 rue de la Gare",
            PostalCode = "80000",
            City = "Amiens",
            ContactEmail = "offres@example.org",
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });
    }

    /// <summary>A tender of both lots, open appel d'offres, planned publication on the campaign's planned launch.</summary>
    public NewTender NewTender(string code = "TEL") => new()
    {
        CampaignId = CampaignId,
        Reference = $"2026-{code}{Tag[..4]}-01",
        Object = "Services de télécommunications — groupement " + Tag,
        ProcedureType = TenderProcedure.OpenCallForTenders,
        DurationMonths = 24,
        ElectronicOffers = true,
        PriceFormula = PriceFormula.Linear,
        MaxScoreTenThousandths = 10 * TenderScore.Scale,
        AbnormallyLowPercent = 25,
        Decp = DecpCodes.Defaults(ContractForm.FrameworkPurchaseOrders, "80"),
        SnapshotDate = PlannedLaunch,
        Lots =
        [
            new NewTenderLot { CampaignLotId = Lot1Id, CpvCode = "64210000-1", ProcedureType = TenderProcedure.OpenCallForTenders },
            new NewTenderLot { CampaignLotId = Lot2Id, CpvCode = "72400000", ProcedureType = TenderProcedure.Mapa, SmallLotException = true },
        ],
    };

    private static CatalogueItem Item(TenderScenario s, long lotId, string code, long priceCents, PricePeriod period, QuantityBasis basis, int sort, bool wholeNumbers = true, int vat = 2000) => new()
    {
        CampaignId = s.CampaignId,
        LotId = lotId,
        Code = code,
        Label = "Article " + code,
        Unit = code == "MIN" ? "minute" : "ligne",
        WholeNumbersOnly = wholeNumbers,
        UnitPriceCents = priceCents,
        PricePeriod = period,
        QuantityBasis = basis,
        VatRateBasisPoints = vat,
        SortOrder = sort,
    };
}
