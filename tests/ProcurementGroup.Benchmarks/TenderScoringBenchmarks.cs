using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Tenders.Offers;
using ProcurementGroup.Web.Infrastructure.Auditing;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// Scoring and ranking a tender of 50 lots × 30 offers (issue 8: ≤ 20 ms), read from a temporary SQLite file migrated by
/// the app's MigrationRunner, through the code the pages run: <see cref="OfferRepository.LoadScoringAsync"/> (the whole
/// tender in a fixed number of queries) and <see cref="OfferService.Evaluate"/> (Core's <see cref="LotScoring"/> and the
/// price-formula simulator) for every lot; and the evaluation page's view model of one lot as
/// <c>GET /Offers/Evaluation/{lot}</c> builds it (lot context, evaluation, offers with their DQE).
/// The tender: 5 items per lot (monthly, annual and one-off prices), criteria price 60, technical 30 (3 sub-criteria
/// scored on 10), environment 10; every offer priced (4-decimal unit prices) and scored with a justification.
/// </summary>
[MemoryDiagnoser]
public class TenderScoringBenchmarks
{
    public const int LotCount = 50;
    public const int OffersPerLot = 30;
    public const int ItemsPerLot = 5;

    private string _directory = string.Empty;
    private OfferRepository _offers = null!;
    private OfferService _service = null!;
    private long _tenderId;
    private long _middleLotId;
    private TenderScoringInput _loaded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
        (_tenderId, _middleLotId) = SeedAsync(factory).GetAwaiter().GetResult();
        _offers = new OfferRepository(factory);
        var tenders = new TenderRepository(factory);
        _service = new OfferService(
            factory,
            tenders,
            _offers,
            new SupplierRepository(factory),
            new AuditTrail(new AuditLogRepository(factory), new HttpContextAccessor(), TimeProvider.System),
            TimeProvider.System);

        // The arrangement is what the benchmark says: every lot complete and ranked.
        var scoring = _offers.LoadScoringAsync(_tenderId).GetAwaiter().GetResult() ?? throw new InvalidOperationException("tender missing");
        var ranked = scoring.Lots.Sum(l => OfferService.Evaluate(scoring, l.Lot.Id).Score.Ranked.Count());
        if (scoring.Lots.Count != LotCount || ranked != LotCount * OffersPerLot)
        {
            throw new InvalidOperationException($"Arranged {scoring.Lots.Count} lots and {ranked} ranked offers, not {LotCount} × {OffersPerLot}.");
        }

        _loaded = scoring;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every lot's evaluation (ranking, ties, abnormally-low flags, simulator) from one read of the tender.</summary>
    [Benchmark]
    public async Task<int> ScoreAndRankFiftyLotsOfThirtyOffers()
    {
        var scoring = await _offers.LoadScoringAsync(_tenderId) ?? throw new InvalidOperationException("tender missing");
        var ranked = 0;
        foreach (var lot in scoring.Lots)
        {
            ranked += OfferService.Evaluate(scoring, lot.Lot.Id).Score.Ranked.Count();
        }

        return ranked;
    }

    /// <summary>To split the time: the repository's read alone (queries and the DQE totals).</summary>
    [Benchmark]
    public async Task<int> LoadScoringOfFiftyLots() =>
        (await _offers.LoadScoringAsync(_tenderId) ?? throw new InvalidOperationException("tender missing")).Lots.Count;

    /// <summary>To split the time: the 50 evaluations (Core) from an input read once at setup.</summary>
    [Benchmark]
    public int EvaluateFiftyLotsInMemory()
    {
        var ranked = 0;
        foreach (var lot in _loaded.Lots)
        {
            ranked += OfferService.Evaluate(_loaded, lot.Lot.Id).Score.Ranked.Count();
        }

        return ranked;
    }

    /// <summary>The evaluation page's view model of one lot of the 50, as its controller action builds it.</summary>
    [Benchmark]
    public async Task<int> EvaluationPageModelOfOneLot()
    {
        var context = await _service.LoadLotAsync(_middleLotId) ?? throw new InvalidOperationException("lot missing");
        var model = new OfferEvaluationViewModel
        {
            Context = context,
            Evaluation = await _service.EvaluateAsync(context) ?? throw new InvalidOperationException("sealed"),
            Offers = await _service.ListAsync(context.Lot.Id),
        };
        return model.Evaluation.Score.Ranked.Count() + model.Offers.Count;
    }

    /// <summary>
    /// Arranged as the tests arrange theirs: the closed campaign through tests/Shared/Scenario.cs, then the tender, its
    /// criteria, publication, offers, opening, prices and scores through the tender and offer repositories.
    /// </summary>
    private static async Task<(long TenderId, long MiddleLotId)> SeedAsync(DbConnectionFactory factory)
    {
        var now = DateTime.UtcNow;
        var scenario = Scenario.For(factory)
            .Group("Bench tenders")
            .Member("Alpha")
            .Member("Beta")
            .Member("Gamma")
            .Campaign("Bench tenders", c =>
            {
                c.Dates(now.AddDays(-120), now.AddDays(-90)).Launch(DateOnly.FromDateTime(now.AddDays(-60))).Duration(48).Of(PurchaseNature.Services);
                for (var lot = 1; lot <= LotCount; lot++)
                {
                    var number = lot;
                    c.Lot(number, $"Lot {number.ToString(CultureInfo.InvariantCulture)}", l =>
                    {
                        for (var i = 0; i < ItemsPerLot; i++)
                        {
                            l.Item(Code(number, i), 100 + (((number * 7) + (i * 13)) % 900), (PricePeriod)(1 + (i % 3)), item => item.Fractions());
                        }
                    });
                }
            })
            .Closed();
        foreach (var member in new[] { "Alpha", "Beta", "Gamma" })
        {
            scenario.Form(member, f =>
            {
                for (var lot = 1; lot <= LotCount; lot++)
                {
                    for (var i = 0; i < ItemsPerLot; i++)
                    {
                        f.Line(Code(lot, i), 10 + ((lot + i + member.Length) % 40));
                    }
                }

                f.Validated();
            });
        }

        var s = await scenario.BuildAsync();
        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var tenderId = (await tenders.CreateFromCampaignAsync(
            new NewTender
            {
                CampaignId = s.CampaignId,
                Reference = "2026-BENCH-01",
                Object = "Benchmark du classement des offres",
                ProcedureType = TenderProcedure.OpenCallForTenders,
                DurationMonths = 48,
                PriceFormula = PriceFormula.Proportional,
                Decp = DecpCodes.Defaults(ContractForm.Ordinary, "80"),
                SnapshotDate = DateOnly.FromDateTime(now),
                Lots = Enumerable.Range(1, LotCount)
                    .Select(n => new NewTenderLot { CampaignLotId = s.LotId(n), CpvCode = "64210000-1", ProcedureType = TenderProcedure.OpenCallForTenders })
                    .ToList(),
            },
            now)).TenderId ?? throw new InvalidOperationException("The tender was not created.");
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []),
                new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 30,
                [
                    new SubCriterion("TECH1", "Méthodologie", 10, 10m),
                    new SubCriterion("TECH2", "Moyens", 10, 10m),
                    new SubCriterion("TECH3", "Support", 10, 10m),
                ]),
                new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 10, []),
            ],
            PriceFormula.Proportional,
            20m);
        Require(await tenders.ReplaceCriteriaAsync(tenderId, 1, criteria, now), "criteria");
        var published = now.AddDays(-45);
        var deadline = now.AddDays(-5);
        Require(await tenders.TransitionAsync(new TenderStateChange(tenderId, 2, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = deadline }), "publication");
        var details = await tenders.GetAsync(tenderId) ?? throw new InvalidOperationException("tender missing");
        var scored = details.Criteria.Single(c => c.Code == "TECH").Id;
        var subs = details.SubCriteria.Where(x => x.CriterionId == scored).Select(x => x.Id).ToList();
        var env = details.Criteria.Single(c => c.Code == "ENV").Id;

        // 30 suppliers, each offering on every lot.
        var suppliers = new List<long>();
        await using var connection = await factory.OpenAsync();
        var supplierRepository = new SupplierRepository(factory);
        for (var n = 0; n < OffersPerLot; n++)
        {
            suppliers.Add(await supplierRepository.InsertAsync(connection, null, new Supplier
            {
                Name = $"Fournisseur {n.ToString("00", CultureInfo.InvariantCulture)}",
                Siret = ValidSiret(n),
                AddressLine1 = "1 rue de la Gare",
                PostalCode = "80000",
                City = "Amiens",
                ContactEmail = "offres@example.org",
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            }));
        }

        var offerIds = new List<(long Offer, int Lot, int Supplier)>();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            foreach (var lot in details.Lots)
            {
                for (var n = 0; n < OffersPerLot; n++)
                {
                    var received = deadline.AddHours(-1 - n);
                    var id = await offers.RegisterAsync(connection, tx, new NewOffer { TenderId = tenderId, TenderLotId = lot.Id, SupplierId = suppliers[n], ReceivedAtUtc = received }, received)
                        ?? throw new InvalidOperationException("offer not registered");
                    offerIds.Add((id, lot.LotNumber, n));
                }
            }

            await tx.CommitAsync();
        }

        Require(await tenders.TransitionAsync(new TenderStateChange(tenderId, 3, TenderTransition.OpenOffers, deadline.AddHours(1))), "opening");
        var items = details.Items.ToLookup(i => i.TenderLotId);
        var lotIds = details.Lots.ToDictionary(l => l.LotNumber, l => l.Id);
        await using (var tx = await connection.BeginTransactionAsync())
        {
            foreach (var (offer, lot, n) in offerIds)
            {
                // Unit prices within 30 % of each other (no abnormally low offer), with 4 decimals.
                var factor = 100 + (((n * 7) + (lot * 3)) % 30);
                var prices = items[lotIds[lot]].Select(i => (i.Id, new UnitPrice((i.EstimatedUnitPriceCents * 100 * factor / 100) + n + 1))).ToList();
                Require(await offers.SavePricesAsync(connection, tx, offer, 1, prices, now), "prices");
                var marks = subs.Select((sub, k) => new OfferScoreInput(scored, sub, ((n + k + lot) % 11) * TenderScore.Scale, "Mémoire technique : moyens, méthode et engagements de service décrits et vérifiés."))
                    .Append(new OfferScoreInput(env, null, ((n * 3) + lot) % 21 * TenderScore.Scale, "Bilan carbone et reprise des équipements."))
                    .ToList();
                Require(await offers.SaveScoresAsync(connection, tx, offer, 2, marks, now), "scores");
            }

            await tx.CommitAsync();
        }

        return (tenderId, lotIds[LotCount / 2]);
    }

    private static string Code(int lot, int item) => $"L{lot.ToString("00", CultureInfo.InvariantCulture)}-{item.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The <paramref name="n"/>-th 14-digit number the app's SIRET rule accepts.</summary>
    private static string ValidSiret(int n)
    {
        var found = -1;
        for (var candidate = 73282932000000L; ; candidate++)
        {
            var text = candidate.ToString(CultureInfo.InvariantCulture);
            if (Siret.IsValid(text) && ++found == n)
            {
                return text;
            }
        }
    }

    private static void Require(bool done, string what)
    {
        if (!done)
        {
            throw new InvalidOperationException($"The {what} was not saved.");
        }
    }
}
