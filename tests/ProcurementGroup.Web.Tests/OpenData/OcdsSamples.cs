using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Tests.OpenData;

/// <summary>
/// OCDS export data built in memory, as <see cref="OcdsRepository"/> reads it: random tenders and contracts from a seeded
/// <see cref="Random"/> (several lots, offers opened or sealed, awards, contracts, up to three amendments, optional fields
/// left out at random), and small hand-made cases.
/// </summary>
public static class OcdsSamples
{
    public static readonly DateTime Now = new(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);

    public static OcdsCoordinatorRow Coordinator(string? prefix = "ocds-213czf") => new()
    {
        Name = "Somme Numérique",
        Siret = "20008012500012",
        AddressLine1 = "1 rue de l'Essai",
        PostalCode = "80000",
        City = "Amiens",
        Email = "contact@example.org",
        OcdsPrefix = prefix,
    };

    public static OcdsData Random(int seed, int tenders, int standaloneContracts)
    {
        var random = new Random(seed);
        string? Maybe(string value) => random.Next(4) == 0 ? null : value;
        var members = Enumerable.Range(1, 12).Select(i => new OcdsOrganisationRow
        {
            Id = i,
            Name = $"Membre n° {i} « l'Été » & <Cie>",
            Number = i % 5 == 0 ? null : (200000000 + (i * 7)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AddressLine1 = Maybe($"{i} place de la Mairie"),
            PostalCode = Maybe("80100"),
            City = Maybe("Abbeville"),
        }).ToList();
        var suppliers = Enumerable.Range(1, 8).Select(i => new OcdsOrganisationRow
        {
            Id = i,
            Name = $"Fournisseur {i} \"SAS\"",
            Number = (30000000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AddressLine1 = "2 avenue du Port",
            PostalCode = "59000",
            City = "Lille",
        }).ToList();
        var tenderRows = new List<OcdsTenderRow>();
        var lots = new List<OcdsLotRow>();
        var items = new List<OcdsItemRow>();
        var offers = new List<OcdsOfferRow>();
        var awards = new List<OcdsAwardRow>();
        var contracts = new List<OcdsContractRow>();
        var amendments = new List<OcdsAmendmentRow>();
        var tenderMembers = new List<OcdsParticipantRow>();
        var contractMembers = new List<OcdsParticipantRow>();
        long lotId = 0, itemId = 0, awardId = 0, contractId = 0, amendmentId = 0;

        void Amend(OcdsContractRow contract)
        {
            for (var n = 1; n <= random.Next(4); n++)
            {
                amendments.Add(new OcdsAmendmentRow
                {
                    Id = ++amendmentId,
                    ContractId = contract.Id,
                    Number = n,
                    SignedOn = contract.SignedOn.AddMonths(n * 3),
                    NewAmountCents = random.Next(2) == 0 ? null : contract.AmountCents + random.Next(1, 1_000_000),
                    NewDurationMonths = random.Next(3) == 0 ? contract.DurationMonths + 6 : null,
                    NewSupplierId = random.Next(5) == 0 ? random.Next(1, 9) : null,
                    Reason = $"Avenant {n} : sujétions techniques imprévues",
                    CreatedAtUtc = Now.AddDays(-random.Next(300)),
                });
            }

            foreach (var member in members.OrderBy(_ => random.Next()).Take(random.Next(0, 5)))
            {
                contractMembers.Add(new OcdsParticipantRow(contract.Id, member.Id));
            }
        }

        for (var t = 1; t <= tenders; t++)
        {
            var state = (TenderStatus)random.Next(1, 8);
            var opened = state >= TenderStatus.Closed;
            var tender = new OcdsTenderRow
            {
                Id = t,
                Reference = $"2026-R{t:D3}",
                Object = $"Consultation {t} : téléphonie « fixe » et mobile",
                Nature = (PurchaseNature)random.Next(1, 4),
                ProcedureType = (TenderProcedure)random.Next(0, 3),
                DurationMonths = random.Next(1, 49),
                State = state,
                PublishedAtUtc = Now.AddDays(-random.Next(100, 400)),
                OfferDeadlineUtc = random.Next(5) == 0 ? null : Now.AddDays(-random.Next(50, 99)),
                OffersOpenedAtUtc = opened ? Now.AddDays(-40) : null,
                UpdatedAtUtc = Now.AddDays(-random.Next(40)),
                CampaignTitle = $"Recensement {t}",
                EstimateCents = random.Next(3) == 0 ? null : random.NextInt64(1, 100_000_000_00),
            };
            tenderRows.Add(tender);
            foreach (var member in members.OrderBy(_ => random.Next()).Take(random.Next(0, 8)))
            {
                tenderMembers.Add(new OcdsParticipantRow(tender.Id, member.Id));
            }

            for (var n = 1; n <= random.Next(1, 5); n++)
            {
                var lot = new OcdsLotRow
                {
                    Id = ++lotId,
                    TenderId = tender.Id,
                    LotNumber = n,
                    Title = $"Lot {n}",
                    CpvCode = random.Next(4) == 0 ? null : "64212000-5",
                    MaximumCents = random.Next(2) == 0 ? null : random.NextInt64(1, 50_000_000_00),
                };
                lots.Add(lot);
                for (var i = 1; i <= random.Next(0, 4); i++)
                {
                    items.Add(new OcdsItemRow
                    {
                        Id = ++itemId,
                        TenderId = tender.Id,
                        TenderLotId = lot.Id,
                        Code = $"L{n}-{i}",
                        Label = $"Article {i} (forfait \\ mensuel)",
                        Unit = random.Next(2) == 0 ? "ligne" : "mois",
                        PricePeriod = (PricePeriod)random.Next(1, 4),
                        QuantityBasis = (QuantityBasis)random.Next(1, 3),
                        EstimatedUnitPriceCents = random.Next(1, 1_000_000),
                        QuantityMilli = random.Next(0, 5_000_000),
                    });
                }

                var bidders = Enumerable.Range(1, 8).OrderBy(_ => random.Next()).Take(opened ? random.Next(0, 4) : 0).ToList();
                offers.AddRange(bidders.Select(b => new OcdsOfferRow(tender.Id, lot.Id, b)));
                if (bidders.Count == 0 || state < TenderStatus.Evaluated || random.Next(4) == 0)
                {
                    continue;
                }

                var award = new OcdsAwardRow { Id = ++awardId, TenderLotId = lot.Id, SupplierId = bidders[0], CreatedAtUtc = Now.AddDays(-30), UpdatedAtUtc = Now.AddDays(-30) };
                awards.Add(award);
                if (state != TenderStatus.Awarded || random.Next(4) == 0)
                {
                    continue;
                }

                var contract = new OcdsContractRow
                {
                    Id = ++contractId,
                    TenderLotId = lot.Id,
                    TenderId = tender.Id,
                    Reference = $"{tender.Reference}-L{n}",
                    Title = tender.Object,
                    LotLabel = random.Next(2) == 0 ? null : lot.Title,
                    SupplierId = award.SupplierId,
                    SignedOn = new DateOnly(2026, 3, 1).AddDays(random.Next(200)),
                    NotifiedOn = random.Next(2) == 0 ? null : new DateOnly(2026, 10, 1),
                    DurationMonths = tender.DurationMonths,
                    AmountCents = random.NextInt64(1, 100_000_000_00),
                    IsMaximum = lot.MaximumCents is not null,
                    CpvCode = "64212000-5",
                    CreatedAtUtc = Now.AddDays(-20),
                    UpdatedAtUtc = Now.AddDays(-random.Next(20)),
                };
                contracts.Add(contract);
                Amend(contract);
            }
        }

        for (var c = 1; c <= standaloneContracts; c++)
        {
            var contract = new OcdsContractRow
            {
                Id = ++contractId,
                Reference = $"ENT-{c:D4}",
                Title = $"Marché existant {c}",
                SupplierId = random.Next(1, 9),
                SignedOn = new DateOnly(2024, 1, 1).AddDays(random.Next(700)),
                NotifiedOn = random.Next(2) == 0 ? null : new DateOnly(2025, 1, 15),
                StartsOn = random.Next(2) == 0 ? null : new DateOnly(2025, 2, 1),
                DurationMonths = random.Next(1, 49),
                AmountCents = random.Next(3) == 0 ? 1 : random.NextInt64(1, 100_000_000_00),
                IsMaximum = random.Next(2) == 0,
                CpvCode = "48190000-6",
                Nature = random.Next(3) == 0 ? null : (PurchaseNature)random.Next(1, 4),
                ProcedureType = random.Next(3) == 0 ? null : (TenderProcedure)random.Next(0, 3),
                OffresRecues = random.Next(3) == 0 ? null : random.Next(0, 9),
                CreatedAtUtc = Now.AddDays(-100),
                UpdatedAtUtc = Now.AddDays(-random.Next(100)),
            };
            contracts.Add(contract);
            Amend(contract);
        }

        var coordinator = Coordinator(random.Next(4) == 0 ? null : "ocds-213czf");
        if (random.Next(2) == 0)
        {
            coordinator.Siret = null;
            coordinator.Email = null;
        }

        return new OcdsData(coordinator, tenderRows, lots, items, offers, awards, contracts, amendments, suppliers, members, tenderMembers, contractMembers);
    }
}
