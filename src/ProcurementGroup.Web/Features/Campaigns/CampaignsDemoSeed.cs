using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Campaigns;

/// <summary>
/// Demo step 40: a closed telecom campaign and an open ENT campaign with their catalogues, and the empty Draft form of
/// every member taking part. Step 50 (needs forms) fills the lines; the codes below are the ones it uses.
/// </summary>
public sealed class CampaignsDemoSeed(
    IDbConnectionFactory factory,
    ICampaignRepository campaigns,
    ICatalogueRepository catalogue,
    IPurchasingGroupRepository groups,
    TimeProvider clock) : IDemoSeedStep
{
    public const string TelecomTitle = "Télécommunications 2027-2030";
    public const string EntTitle = "ENT collèges et écoles 2027-2029";

    private sealed record Item(string Code, string Label, string Unit, PricePeriod Period, long Cents, bool Whole = true, long? MaxUnits = null);

    /// <summary>A lot; <paramref name="MaximumEuros"/> is the accord-cadre's maximum HT (null for an ordinary contract).</summary>
    private sealed record Lot(int Number, string Title, Item[] Items, long? MaximumEuros = null);

    private sealed record Campaign(
        string Group, string Title, string Description, DateTime OpensParis, DateTime ClosesParis, DateOnly Launch, int Months, CampaignStatus Status, Lot[] Lots,
        ContractForm Contract = ContractForm.Ordinary);

    private static readonly Campaign[] Demo =
    [
        new(
            "Télécommunications",
            TelecomTitle,
            "Recensement des besoins de téléphonie mobile, d'accès internet et de téléphonie fixe pour le prochain accord-cadre à bons de commande.",
            new DateTime(2026, 9, 1, 8, 0, 0),
            new DateTime(2026, 10, 15, 18, 0, 0),
            new DateOnly(2027, 1, 15),
            48,
            CampaignStatus.Closed,
            [
                new(1, "Téléphonie mobile",
                [
                    new("MOB-VOIX", "Forfait mobile voix et données 20 Go", "ligne", PricePeriod.Monthly, 1200),
                    new("MOB-TERM", "Smartphone durci", "appareil", PricePeriod.OneOff, 25000),
                ], MaximumEuros: 600_000),
                new(2, "Accès internet et données",
                [
                    new("SIM-DATA", "Carte SIM données 50 Go", "carte", PricePeriod.Monthly, 950),
                    new("FIBRE-SITE", "Accès internet fibre par site", "site", PricePeriod.Monthly, 5500),
                ], MaximumEuros: 350_000),
                new(3, "Téléphonie fixe",
                [
                    new("FIXE-LIGNE", "Ligne fixe analogique", "ligne", PricePeriod.Monthly, 1800),
                    new("FIXE-TRONC", "Trunk SIP 10 canaux", "trunk", PricePeriod.Monthly, 9500, MaxUnits: 5),
                ], MaximumEuros: 600_000),
            ],
            ContractForm.FrameworkPurchaseOrders),
        new(
            "ENT – Espace numérique de travail",
            EntTitle,
            "Licences de l'espace numérique de travail par compte élève et enseignant, et journées de formation.",
            new DateTime(2026, 11, 2, 8, 0, 0),
            new DateTime(2026, 12, 18, 18, 0, 0),
            new DateOnly(2027, 2, 1),
            36,
            CampaignStatus.Open,
            [
                new(1, "Espace numérique de travail",
                [
                    new("ENT-ELEVE", "Licence ENT par compte élève", "compte", PricePeriod.Annual, 420),
                    new("ENT-ENS", "Licence ENT par compte enseignant", "compte", PricePeriod.Annual, 600),
                ]),
                new(2, "Accompagnement",
                [
                    new("ENT-FORM", "Journée de formation", "jour", PricePeriod.OneOff, 65000),
                ]),
            ]),
    ];

    public int Order => 40;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (groupRows, _) = await groups.SearchAsync(new GroupQuery(null, GroupSort.Name, false, 0, 1000), cancellationToken);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var demo in Demo)
        {
            var group = groupRows.FirstOrDefault(g => g.Name == demo.Group)
                ?? throw new InvalidOperationException($"Demo groupement « {demo.Group} » is missing (seed step 20).");
            var opens = TimeZoneInfo.ConvertTimeToUtc(demo.OpensParis, Fr.Paris);
            var closes = TimeZoneInfo.ConvertTimeToUtc(demo.ClosesParis, Fr.Paris);
            var campaign = new NeedsCampaign
            {
                PurchasingGroupId = group.Id,
                Title = demo.Title,
                Description = demo.Description,
                OpensAtUtc = opens,
                ClosesAtUtc = closes,
                PlannedLaunchDate = demo.Launch,
                DurationMonths = demo.Months,
                Nature = PurchaseNature.Services,
                ContractForm = demo.Contract,
                Status = demo.Status,
                OpenedAtUtc = opens,
                ClosedAtUtc = demo.Status == CampaignStatus.Closed ? closes : null,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            campaign.Id = await campaigns.InsertAsync(connection, tx, campaign);
            var lotsAndItems = demo.Lots.Select(l => (
                new CampaignLot { LotNumber = l.Number, Title = l.Title, MaximumCents = l.MaximumEuros * 100 },
                (IReadOnlyList<CatalogueItem>)l.Items.Select((i, index) => new CatalogueItem
                {
                    Code = i.Code,
                    Label = i.Label,
                    Unit = i.Unit,
                    PricePeriod = i.Period,
                    UnitPriceCents = i.Cents,
                    WholeNumbersOnly = i.Whole,
                    VatRateBasisPoints = 2000,
                    MaxPerMemberMilli = i.MaxUnits * EstimatedValue.QuantityScale,
                    SortOrder = index + 1,
                }).ToList())).ToList();
            await catalogue.ReplaceCatalogueAsync(connection, tx, campaign.Id, lotsAndItems);
            var participants = await campaigns.ParticipantMemberIdsAsync(connection, tx, campaign.Id);
            await campaigns.InsertMissingFormsAsync(connection, tx, campaign.Id, participants, opens);
        }

        await tx.CommitAsync(cancellationToken);
    }
}
