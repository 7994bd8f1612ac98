using System.Globalization;
using Dapper;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Features.Suppliers;
using ProcurementGroup.Web.Features.Tenders.Offers;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// Demo step 70 (issue 8 item 10): the closed telecom campaign becomes the awarded tender <c>AAAA-TEL-01</c>, made the
/// way an officer makes it, through <see cref="TenderService"/>, <see cref="OfferService"/> and <see cref="AwardService"/>
/// (their Core rules and audit trail), each call made at its own moment of a timeline that ends the day before the
/// seed's clock: creation and criteria, publication with a 30-day electronic offer period, offers registered (one after
/// the deadline, recorded as late and excluded), opening, BPU prices and justified technical scores, the abnormally low
/// offer kept after its justification (lot 1), the tie settled by the officer (lot 3), the end of the analysis, the CAO
/// decision, the awards with the certificates and the electronic rejection letters, and after the 11 days of standstill
/// one signed contract per lot. The ENT campaign stays open. A second run adds nothing (the campaign already has a tender).
/// </summary>
public sealed class TendersDemoSeed(IServiceProvider services, IDbConnectionFactory factory, ITenderRepository tenders, TimeProvider clock, ILogger<TendersDemoSeed> logger) : IDemoSeedStep
{
    public const string Code = "TEL";
    public const string Object = "Services de télécommunications du groupement : téléphonie mobile, accès internet et téléphonie fixe";
    public const string CaoDecision = "La commission d'appel d'offres attribue chaque lot à l'offre économiquement la plus avantageuse, classée première.";
    public const string AbnormallyLowJustification =
        "Prix demandés par courrier du pouvoir adjudicateur (L2152-5) : le fournisseur justifie ses prix par un accord d'itinérance déjà amorti et des terminaux reconditionnés ; explications jugées probantes, offre maintenue.";
    public const string TieReason =
        "Égalité parfaite des notes : le groupement retient l'offre dont le délai de mise en service des trunks SIP est le plus court (10 jours contre 20), comme l'annonce le règlement de la consultation.";

    /// <summary>The suppliers of the demo (step 60) by their role in the tender.</summary>
    public const string PicardieFibre = "Picardie Fibre Entreprises";
    public const string HautsDeFrance = "Hauts-de-France Télécom Services";
    public const string SommeReseaux = "Somme Réseaux et Téléphonie";
    public const string NordNumerique = "Nord Numérique Informatique";
    public const string OpaleMobile = "Opale Mobile Pro";

    /// <summary>One offer: its unit prices HT in catalogue order (4 decimals, French), then the technical and environmental scores out of 10.</summary>
    private sealed record DemoOffer(string Supplier, string[] Prices, decimal Quality, decimal Coverage, decimal Environment, bool Late = false);

    private sealed record DemoLot(int Number, string Cpv, DemoOffer[] Offers);

    /// <summary>
    /// Lot 1: Opale wins on its technical value; Somme Réseaux is more than 20 % below the mean of the others (flagged,
    /// kept after justification, ranked second); Picardie Fibre's offer arrived after the deadline. Lot 2: two offers.
    /// Lot 3: Somme Réseaux and Hauts-de-France tie exactly (same prices, same scores): the officer settles for Somme Réseaux.
    /// </summary>
    private static readonly DemoLot[] Lots =
    [
        new(1, "64212000-5",
        [
            new(OpaleMobile, ["9,9000", "229,0000"], 9m, 8m, 8m),
            new(HautsDeFrance, ["11,4500", "245,0000"], 7m, 7m, 6m),
            new(SommeReseaux, ["6,2000", "159,0000"], 5m, 5m, 4m),
            new(PicardieFibre, [], 0m, 0m, 0m, Late: true),
        ]),
        new(2, "72400000-4",
        [
            new(PicardieFibre, ["8,2000", "47,5000"], 8m, 8m, 7m),
            new(HautsDeFrance, ["8,9000", "52,0000"], 7m, 7m, 6m),
        ]),
        new(3, "64211000-8",
        [
            new(SommeReseaux, ["15,9000", "82,0000"], 8m, 7m, 7m),
            new(HautsDeFrance, ["15,9000", "82,0000"], 8m, 7m, 7m),
            new(NordNumerique, ["17,2000", "89,5000"], 6m, 6m, 5m),
        ]),
    ];

    /// <summary>The supplier the officer retains in the tie of lot 3.</summary>
    public const string TieWinner = SommeReseaux;

    public int Order => 70;

    /// <summary>The demo officer (step 30), named on the tie settlement.</summary>
    public const string OfficerEmail = "marches@demo.local";

    // Reads only (the lookups of the earlier steps' rows by their demo names); every write goes through the services.
    private const string CampaignSql = "SELECT MIN(Id) FROM NeedsCampaigns WHERE Title = @title";
    private const string SuppliersSql = "SELECT Id, Name FROM Suppliers";
    private const string OfficerSql = "SELECT MIN(Id) FROM Users WHERE Email = @email";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var campaignId = await connection.ExecuteScalarAsync<long?>(CampaignSql, new { title = CampaignsDemoSeed.TelecomTitle });
        if (campaignId is not { } campaign)
        {
            logger.LogInformation("Demo tender skipped: the campaign {Title} does not exist (step 40).", CampaignsDemoSeed.TelecomTitle);
            return;
        }

        if ((await tenders.ListForCampaignAsync(campaign, cancellationToken)).Count > 0)
        {
            return;
        }

        var suppliers = (await connection.QueryAsync<(long Id, string Name)>(SuppliersSql))
            .ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);
        if (SuppliersDemoSeed.Demo.Any(s => !suppliers.ContainsKey(s.Name)))
        {
            logger.LogInformation("Demo tender skipped: the demo suppliers (step 60) are missing.");
            return;
        }

        var officerId = await connection.ExecuteScalarAsync<long?>(OfficerSql, new { email = OfficerEmail });
        await new Timeline(services, clock).RunAsync(campaign, suppliers, officerId, cancellationToken);
    }

    /// <summary>The services, each call made at its own instant of the demo clock (Paris wall-clock times, days before the seed's today).</summary>
    private sealed class Timeline
    {
        private readonly DemoClock _clock;
        private readonly DateOnly _today;
        private readonly TenderService _tenderService;
        private readonly OfferService _offerService;
        private readonly AwardService _awardService;
        private readonly ITenderRepository _tenders;
        private readonly IOfferRepository _offers;
        private readonly IDbConnectionFactory _factory;
        private readonly IAuditTrail _audit;

        public Timeline(IServiceProvider services, TimeProvider clock)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            _today = ParisTime.Day(now);
            _clock = new DemoClock(now);
            _audit = ActivatorUtilities.CreateInstance<AuditTrail>(services, _clock);
            _tenderService = ActivatorUtilities.CreateInstance<TenderService>(services, _clock, _audit);
            _offerService = ActivatorUtilities.CreateInstance<OfferService>(services, _clock, _audit);
            _awardService = ActivatorUtilities.CreateInstance<AwardService>(services, _clock, _audit);
            _tenders = services.GetRequiredService<ITenderRepository>();
            _offers = services.GetRequiredService<IOfferRepository>();
            _factory = services.GetRequiredService<IDbConnectionFactory>();
        }

        /// <summary>Sets the demo clock to a Paris wall-clock time, <paramref name="daysAgo"/> days before today.</summary>
        private void At(int daysAgo, int hour, int minute = 0) =>
            _clock.Set(ParisTime.ToUtc(_today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute)))!.Value);

        private DateOnly Day(int daysAgo) => _today.AddDays(-daysAgo);

        private static string Date(DateOnly day) => FrenchDate.ForInput(day);

        private static long Check(SaveResult result, string step) => result.Status == SaveStatus.Saved
            ? result.Id
            : throw new InvalidOperationException($"Demo tender, {step}: {result.Status} {string.Join(" ", (result.Errors ?? []).Select(e => $"[{e.Field}] {e.Message}"))}");

        // Day 0 is the seed's today: signature the day before; letters sent 11 days before the signature (R2182-1,
        // electronic); the CAO decision the day before the letters; the deadline (noon) and the opening the day before;
        // publication (9:00) 30 days before the deadline, the minimum for an open appel d'offres with electronic offers
        // (R2161-3), so that a demo seeded on 29 November 2026 publishes after its campaign closed (15 October, 18:00).
        private const int SignatureDay = 1;
        private const int LettersDay = SignatureDay + 11;
        private const int CommissionDay = LettersDay + 1;
        private const int DeadlineDay = CommissionDay + 1;
        private const int PublicationDay = DeadlineDay + 30;
        private const int CreationDay = PublicationDay + 2;

        public async Task RunAsync(long campaignId, IReadOnlyDictionary<string, long> suppliers, long? officerId, CancellationToken cancellationToken)
        {
            // Creation from the closed campaign (the procedure its stored advice requires, formalised without one; DECP defaults), then the criteria.
            At(CreationDay, 10);
            var context = await _tenderService.CreateContextAsync(campaignId, cancellationToken)
                ?? throw new InvalidOperationException("Demo tender: the telecom campaign vanished.");
            var form = TenderService.BlankForm(context);
            form.Reference = string.Create(CultureInfo.InvariantCulture, $"{Day(PublicationDay).Year}-{Code}-01");
            form.Object = Object;
            foreach (var lot in form.Lots)
            {
                var number = context.Lots.Single(l => l.CampaignLotId == lot.CampaignLotId).LotNumber;
                lot.CpvCode = Lots.Single(l => l.Number == number).Cpv;
            }

            var tenderId = Check(await _tenderService.CreateAsync(campaignId, form, cancellationToken), "creation");

            At(CreationDay, 11);
            Check(await _tenderService.SaveCriteriaAsync(tenderId, Criteria(await VersionAsync(tenderId)), cancellationToken), "criteria");

            At(PublicationDay, 9);
            var deadline = Day(DeadlineDay).ToDateTime(new TimeOnly(12, 0));
            Check(await _tenderService.PublishAsync(
                tenderId,
                new PublishInput { Version = await VersionAsync(tenderId), Deadline = deadline.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), ElectronicOffers = true },
                cancellationToken), "publication");

            var details = await _tenders.GetAsync(tenderId, cancellationToken) ?? throw new InvalidOperationException("Demo tender: not found after publication.");
            var lotIds = details.Lots.ToDictionary(l => l.LotNumber, l => l.Id);

            // The register: one offer a day in the days before the deadline; the late one half an hour after it.
            var offerIds = new Dictionary<(int Lot, string Supplier), long>();
            var inTime = Lots.Sum(l => l.Offers.Count(o => !o.Late));
            var received = 0;
            foreach (var (lot, offer) in Lots.SelectMany(l => l.Offers.Select(o => (l, o))).OrderBy(x => x.o.Late))
            {
                var (daysAgo, hour, minute) = offer.Late ? (DeadlineDay, 12, 30) : (DeadlineDay + inTime - received++, 10, 0);
                At(daysAgo, hour, minute);
                var lotContext = await LotAsync(lotIds[lot.Number], cancellationToken);
                var receivedAt = ParisTime.ForInput(_clock.GetUtcNow().UtcDateTime);
                offerIds[(lot.Number, offer.Supplier)] = Check(
                    await _offerService.RegisterAsync(lotContext, suppliers[offer.Supplier], receivedAt, [lotIds[lot.Number]], cancellationToken),
                    $"offer of {offer.Supplier}, lot {lot.Number}");
            }

            // The opening, after the deadline, then the BPU prices and the justified scores of every offer in time.
            At(DeadlineDay, 14);
            Check(await _tenderService.CloseAsync(tenderId, new VersionInput { Version = await VersionAsync(tenderId) }, cancellationToken), "closing and opening");
            At(DeadlineDay, 16);
            foreach (var lot in Lots)
            {
                foreach (var offer in lot.Offers.Where(o => !o.Late))
                {
                    var lotContext = await LotAsync(lotIds[lot.Number], cancellationToken);
                    var id = offerIds[(lot.Number, offer.Supplier)];
                    var prices = lotContext.Items.Select((item, index) => (item.Id, (string?)offer.Prices[index])).ToDictionary(p => p.Id, p => p.Item2);
                    Check(await _offerService.SaveTypedPricesAsync(lotContext, await OfferAsync(id), (await OfferAsync(id)).Version, prices, cancellationToken), "prices");
                    var (scores, justifications) = Scores(lotContext, offer);
                    Check(await _offerService.SaveScoresAsync(lotContext, await OfferAsync(id), (await OfferAsync(id)).Version, scores, justifications, cancellationToken), "scores");
                }
            }

            // The abnormally low offer of lot 1: the supplier was asked to justify its prices; the officer keeps it.
            At(CommissionDay, 9);
            var lot1 = await LotAsync(lotIds[1], cancellationToken);
            var low = await OfferAsync(offerIds[(1, SommeReseaux)]);
            Check(await _offerService.DecideAbnormallyLowAsync(lot1, low, low.Version, nameof(AbnormallyLowOutcome.Kept), AbnormallyLowJustification, cancellationToken), "abnormally low decision");

            // The tie of lot 3, settled by the officer with its reason.
            var lot3 = await LotAsync(lotIds[3], cancellationToken);
            Check(await _offerService.SettleTieAsync(lot3, offerIds[(3, TieWinner)], TieReason, officerId, cancellationToken), "tie settlement");

            // The end of the analysis (« Terminer l'analyse des offres »), then the CAO.
            At(CommissionDay, 11);
            Check(await _tenderService.EvaluateAsync(tenderId, new VersionInput { Version = await VersionAsync(tenderId) }, cancellationToken), "end of the analysis");
            At(CommissionDay, 15);
            Check(await _tenderService.RecordCommissionDecisionAsync(
                tenderId,
                new CommissionInput { Version = await VersionAsync(tenderId), Date = Date(Day(CommissionDay)), Decision = CaoDecision },
                cancellationToken), "CAO decision");

            // The award of each lot: the proposed awardee, its certificates, the rejection letters sent electronically.
            At(LettersDay, 16);
            foreach (var lot in Lots)
            {
                var awardLot = await _awardService.LoadAsync(lotIds[lot.Number], cancellationToken) ?? throw new InvalidOperationException("Demo tender: award lot missing.");
                var award = AwardService.AwardFormFor(awardLot);
                award.TaxCertificateReceivedOn = Date(Day(LettersDay));
                award.SocialCertificateReceivedOn = Date(Day(LettersDay));
                award.RejectionLettersSentOn = Date(Day(LettersDay));
                award.RejectionLettersChannel = LetterChannel.Electronic;
                Check(await _awardService.SaveAwardAsync(lotIds[lot.Number], award, cancellationToken), $"award of lot {lot.Number}");
            }

            // The standstill over, each lot's contract is signed and notified; the last one makes the tender awarded.
            At(SignatureDay, 10);
            foreach (var lot in Lots)
            {
                var awardLot = await _awardService.LoadAsync(lotIds[lot.Number], cancellationToken) ?? throw new InvalidOperationException("Demo tender: award lot missing.");
                var contract = AwardService.ContractFormFor(awardLot);
                contract.Reference = string.Create(CultureInfo.InvariantCulture, $"{details.Tender.Reference}-L{lot.Number}");
                contract.SignedOn = Date(Day(SignatureDay));
                contract.NotifiedOn = Date(Day(SignatureDay));
                Check(await _awardService.SignAsync(lotIds[lot.Number], contract, cancellationToken), $"contract of lot {lot.Number}");
            }
        }

        private static CriteriaForm Criteria(int version) => new()
        {
            Version = version,
            PriceFormula = ((int)PriceFormula.Proportional).ToString(CultureInfo.InvariantCulture),
            MaxScore = "10",
            Criteria =
            [
                new CriterionInput { Name = "Prix (DQE)", Kind = ((int)CriterionKind.Price).ToString(CultureInfo.InvariantCulture), Weight = "40" },
                new CriterionInput
                {
                    Name = "Valeur technique",
                    Kind = ((int)CriterionKind.Technical).ToString(CultureInfo.InvariantCulture),
                    Weight = "50",
                    SubCriteria =
                    [
                        new SubCriterionInput { Name = "Qualité de service et assistance", Weight = "30", MaxScore = "10" },
                        new SubCriterionInput { Name = "Couverture et délais de mise en service", Weight = "20", MaxScore = "10" },
                    ],
                },
                new CriterionInput { Name = "Performance environnementale (reconditionnement, reprise des équipements)", Kind = ((int)CriterionKind.Environmental).ToString(CultureInfo.InvariantCulture), Weight = "10" },
            ],
        };

        /// <summary>The scores typed for each technical item (quality, coverage, environment in the criteria's order), each with its justification.</summary>
        private static (Dictionary<string, string?> Scores, Dictionary<string, string?> Justifications) Scores(OfferLotContext context, DemoOffer offer)
        {
            var items = OfferService.TechnicalItems(context);
            decimal[] values = [offer.Quality, offer.Coverage, offer.Environment];
            string[] reasons =
            [
                "Mémoire technique : engagements de disponibilité, délais de rétablissement et interlocuteur dédié",
                "Couverture des sites des membres et délais de mise en service annoncés au planning",
                "Part d'équipements reconditionnés, reprise et recyclage des matériels, bilan carbone fourni",
            ];
            var scores = new Dictionary<string, string?>(StringComparer.Ordinal);
            var justifications = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                scores[items[i].Code] = values[i].ToString(CultureInfo.GetCultureInfo("fr-FR"));
                justifications[items[i].Code] = string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{reasons[i]} : {Appreciation(values[i])} ({values[i]}/10).");
            }

            return (scores, justifications);
        }

        private static string Appreciation(decimal score) => score switch
        {
            >= 9 => "très satisfaisant",
            >= 7 => "satisfaisant",
            >= 5 => "moyen",
            _ => "insuffisant",
        };

        private async Task<OfferLotContext> LotAsync(long lotId, CancellationToken cancellationToken) =>
            await _offerService.LoadLotAsync(lotId, cancellationToken) ?? throw new InvalidOperationException("Demo tender: lot missing.");

        private async Task<OfferRow> OfferAsync(long offerId) =>
            await _offers.GetAsync(offerId) ?? throw new InvalidOperationException("Demo tender: offer missing.");

        private async Task<int> VersionAsync(long tenderId)
        {
            await using var connection = await _factory.OpenAsync();
            return (await _tenders.GetTenderAsync(connection, null, tenderId))!.Version;
        }
    }

    /// <summary>The seed's own clock, moved along the demo's timeline.</summary>
    private sealed class DemoClock(DateTime utcNow) : TimeProvider
    {
        private DateTimeOffset _now = new(utcNow, TimeSpan.Zero);

        public void Set(DateTime utc) => _now = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
