using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Contracts;

/// <summary>
/// Demo step 80: the ENT platform, an accord-cadre à bons de commande signed in 2024 before the app existed, recorded
/// through the contract repository: Éducation Connectée ENT, maximum 480 000 € HT over 48 months, its pupil licences and
/// training days; the members taking part are those of the demo's ENT campaign, each with its pupils as its quantity of
/// licences (the member's recorded pupils when there are, otherwise an estimate: 12 % of its population municipale),
/// and one order of two training days by the first of them. Idempotent: nothing is written when the contract exists.
/// </summary>
public sealed class ContractsDemoSeed(IDbConnectionFactory factory, IContractRepository contracts, ContractService service, TimeProvider clock) : IDemoSeedStep
{
    public const string EntReference = "ENT-2024-01";
    public const string EntSupplier = "Éducation Connectée ENT";
    public const string EntGroup = "ENT – Espace numérique de travail";

    public int Order => 80;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await contracts.ContractIdByReferenceAsync(EntReference, cancellationToken) is not null)
        {
            return;
        }

        var group = (await contracts.GroupChoicesAsync(cancellationToken)).FirstOrDefault(g => g.Name == EntGroup);
        var supplier = (await contracts.SupplierChoicesAsync(cancellationToken)).FirstOrDefault(s => s.Name == EntSupplier);
        if (group is null || supplier is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        var members = await contracts.CampaignMembersPupilsAsync(CampaignsDemoSeed.EntTitle, cancellationToken);
        if (members.Count == 0)
        {
            return;
        }

        var decp = DecpCodes.Defaults(ContractForm.FrameworkPurchaseOrders, ContractService.DefaultLieuExecution);
        var contract = new ContractRecord
        {
            PurchasingGroupId = group.Id,
            Reference = EntReference,
            Title = "Espace numérique de travail des collèges et écoles",
            SupplierId = supplier.Id,
            SignedOn = new DateOnly(2024, 6, 14),
            NotifiedOn = new DateOnly(2024, 6, 28),
            StartsOn = new DateOnly(2024, 9, 1),
            DurationMonths = 48,
            AmountCents = 480_000_00,
            IsMaximum = true,
            CpvCode = "48190000-6",
            PriceForm = decp.FormePrix,
            Nature = PurchaseNature.Services,
            ProcedureType = TenderProcedure.OpenCallForTenders,
            ContractForm = ContractForm.FrameworkPurchaseOrders,
            Techniques = DecpCodes.Join(decp.Techniques),
            ModalitesExecution = DecpCodes.Join(decp.ModalitesExecution),
            MarcheInnovant = decp.MarcheInnovant,
            Ccag = decp.Ccag,
            AttributionAvance = decp.AttributionAvance,
            TypeGroupementOperateurs = decp.TypeGroupementOperateurs,
            LieuExecutionCode = decp.LieuExecutionCode,
            LieuExecutionTypeCode = decp.LieuExecutionTypeCode,
            TypesPrix = DecpCodes.Join(decp.TypesPrix),
            ConsiderationsSociales = DecpCodes.Join(decp.ConsiderationsSociales),
            ConsiderationsEnvironnementales = DecpCodes.Join(decp.ConsiderationsEnvironnementales),
            OffresRecues = 3,
            SousTraitanceDeclaree = false,
            Version = 1,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        ContractItemRow[] items =
        [
            new() { Position = 1, Label = "Licence ENT par compte élève", Unit = "compte", UnitPriceTenThousandths = 4_2000, PricePeriod = PricePeriod.Annual },
            new() { Position = 2, Label = "Journée de formation", Unit = "jour", UnitPriceTenThousandths = 650_0000, PricePeriod = PricePeriod.OneOff },
        ];

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var id = await service.InsertAsync(
            connection,
            tx,
            contract,
            items,
            members.Select(m => (m.MemberId, (IReadOnlyList<long>)[m.Pupils * EstimatedValue.QuantityScale, 0L])).ToList());

        // A first order: two training days for the first member taking part.
        var training = items[1];
        var quantity = 2 * EstimatedValue.QuantityScale;
        var amount = OrderAmounts.Line(new UnitPrice(training.UnitPriceTenThousandths), quantity);
        var orderId = await contracts.InsertOrderAsync(connection, tx, new OrderRow
        {
            ContractId = id,
            MemberId = members[0].MemberId,
            Number = 1,
            OrderedOn = new DateOnly(2025, 3, 10),
            TotalCents = amount.Cents,
            CreatedAtUtc = now,
        });
        await contracts.InsertOrderLineAsync(connection, tx, new OrderLineRow
        {
            OrderId = orderId,
            ContractItemId = training.Id,
            QuantityMilli = quantity,
            UnitPriceTenThousandths = training.UnitPriceTenThousandths,
            AmountCents = amount.Cents,
        });
        await tx.CommitAsync(cancellationToken);
    }
}
