using System.Globalization;
using System.Net;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.Suppliers;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// « Terminer l'analyse des offres » (POST /Tenders/Evaluate): a closed tender becomes « Offres analysées » only when
/// every lot's evaluation is complete (Core <see cref="LotScore.IsComplete"/>); otherwise each unfinished lot is named in
/// French next to the action and nothing changes. Arranged through tests/Shared/Scenario.cs and the repositories: two
/// lots, two offers each, opened after the deadline, priced; lot 1's offers scored, lot 2's second offer not yet.
/// </summary>
public sealed class TenderEvaluateTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";

    private sealed record Arranged(long TenderId, long UnscoredOffer, long EnvironmentCriterion, DateTime AtUtc);

    private async Task<Arranged> ArrangeAsync()
    {
        var factory = app.ConnectionFactory;
        var s = await Scenario.For(factory)
            .Member("Alpha")
            .Campaign("Télécoms", c => c
                .Duration(24)
                .Of(PurchaseNature.Services)
                .Lot(1, "Téléphonie fixe", l => l.Item("LINE", 1500, PricePeriod.Monthly))
                .Lot(2, "Accès internet", l => l.Item("FIB", 45000, PricePeriod.Monthly)))
            .Closed()
            .Form("Alpha", f => f.Line("LINE", 10).Line("FIB", 2).Validated())
            .BuildAsync();

        var now = DateTime.UtcNow;
        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var tenderId = (await tenders.CreateFromCampaignAsync(
            new NewTender
            {
                CampaignId = s.CampaignId,
                Reference = $"2026-EV{s.Tag[..4].ToUpperInvariant()}-01",
                Object = "Télécommunications " + s.Tag,
                ProcedureType = TenderProcedure.OpenCallForTenders,
                DurationMonths = 24,
                Decp = DecpCodes.Defaults(ContractForm.Ordinary, "80"),
                SnapshotDate = DateOnly.FromDateTime(now),
                Lots =
                [
                    new NewTenderLot { CampaignLotId = s.LotId(1), CpvCode = "64210000-1", ProcedureType = TenderProcedure.OpenCallForTenders },
                    new NewTenderLot { CampaignLotId = s.LotId(2), CpvCode = "72400000", ProcedureType = TenderProcedure.OpenCallForTenders },
                ],
            },
            now)).TenderId!.Value;
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 70, []),
                new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 30, []),
            ],
            PriceFormula.Proportional,
            10m);
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 1, criteria, now));
        var published = now.AddDays(-40);
        var deadline = now.AddDays(-2);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 2, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = deadline }));
        var details = (await tenders.GetAsync(tenderId))!;
        var env = details.Criteria.Single(c => c.Code == "ENV").Id;
        var items = details.Items.ToDictionary(i => i.Code, i => i.Id);

        async Task<long> OfferAsync(string supplier, int lotNumber, string code, long tenThousandths)
        {
            await using var c = await factory.OpenAsync();
            var supplierId = await new SupplierRepository(factory).InsertAsync(c, null, new Supplier
            {
                Name = $"{supplier} {s.Tag}",
                Siret = TestSirets.Random(),
                AddressLine1 = "1 rue de la Gare",
                PostalCode = "80000",
                City = "Amiens",
                ContactEmail = "offres@example.org",
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            });
            var lot = details.Lots.Single(l => l.LotNumber == lotNumber).Id;
            var received = deadline.AddHours(-3);
            var id = (await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot, SupplierId = supplierId, ReceivedAtUtc = received }, received))!.Value;
            return id;
        }

        var offer1 = await OfferAsync("Alpha Télécom", 1, "LINE", 120_000);
        var offer2 = await OfferAsync("Beta Réseaux", 1, "LINE", 130_000);
        var offer3 = await OfferAsync("Gamma Fibre", 2, "FIB", 4_000_000);
        var offer4 = await OfferAsync("Delta Net", 2, "FIB", 4_200_000);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 3, TenderTransition.OpenOffers, deadline.AddHours(1))));
        foreach (var (offer, code, price) in new[] { (offer1, "LINE", 120_000L), (offer2, "LINE", 130_000L), (offer3, "FIB", 4_000_000L), (offer4, "FIB", 4_200_000L) })
        {
            Assert.True(await offers.SavePricesAsync(offer, 1, [(items[code], new UnitPrice(price))], now));
        }

        foreach (var (offer, score) in new[] { (offer1, 6L), (offer2, 8L), (offer3, 7L) })
        {
            Assert.True(await offers.SaveScoresAsync(offer, 2, [new OfferScoreInput(env, null, score * TenderScore.Scale, "Bilan carbone.")], now));
        }

        return new Arranged(tenderId, offer4, env, now);
    }

    private Task<HttpResponseMessage> PostEvaluateAsync(HttpClient officer, long tenderId, int version)
    {
        var details = "/Tenders/Details/" + TestApp.Id(tenderId);
        return officer.PostFormAsync(details, "/Tenders/Evaluate/" + TestApp.Id(tenderId), new Dictionary<string, string>
        {
            ["Evaluate.Version"] = version.ToString(CultureInfo.InvariantCulture),
        });
    }

    private Task<long> StateAsync(long id) => app.ScalarAsync<long>("SELECT State FROM Tenders WHERE Id = @id", new { id });

    private Task<int> VersionAsync(long id) => app.ScalarAsync<int>("SELECT Version FROM Tenders WHERE Id = @id", new { id });

    private Task<long> EvaluatedAuditsAsync(long id) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @id AND Action = @action", new { id, action = TenderService.Evaluated });

    [Fact]
    public async Task Evaluate_WithAnOfferOfLot2NotScored_RefusedNamingLot2Only_InFrench_TenderUnchanged()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        var version = await VersionAsync(a.TenderId);

        var page = await officer.GetDocumentAsync("/Tenders/Details/" + TestApp.Id(a.TenderId));
        var response = await PostEvaluateAsync(officer, a.TenderId, version);

        Assert.NotNull(page.QuerySelector("[data-testid=evaluate-form]"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var errors = doc.QuerySelectorAll("[data-testid=action-errors] .alert").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal([string.Format(CultureInfo.InvariantCulture, TenderForms.LotNotEvaluatedMessage, 2)], errors);
        Assert.Equal((long)TenderStatus.Closed, await StateAsync(a.TenderId));
        Assert.Equal(version, await VersionAsync(a.TenderId));
        Assert.Equal(0, await EvaluatedAuditsAsync(a.TenderId));
    }

    [Fact]
    public async Task Evaluate_EveryLotComplete_TenderBecomesEvaluated_Audited_CommissionFormShown()
    {
        var a = await ArrangeAsync();
        Assert.True(await new OfferRepository(app.ConnectionFactory).SaveScoresAsync(a.UnscoredOffer, 2, [new OfferScoreInput(a.EnvironmentCriterion, null, 5 * TenderScore.Scale, "Bilan carbone.")], a.AtUtc));
        var officer = await app.LoginAsync(Officer);

        var response = await PostEvaluateAsync(officer, a.TenderId, await VersionAsync(a.TenderId));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Tenders/Details/" + TestApp.Id(a.TenderId), response.Headers.Location?.OriginalString);
        Assert.Equal((long)TenderStatus.Evaluated, await StateAsync(a.TenderId));
        Assert.Equal(1, await EvaluatedAuditsAsync(a.TenderId));
        var page = await officer.GetDocumentAsync("/Tenders/Details/" + TestApp.Id(a.TenderId));
        Assert.Equal("Offres analysées", page.QuerySelector("[data-testid=tender-state]")?.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=evaluate-form]"));
        Assert.NotNull(page.QuerySelector("[data-testid=commission-form]"));
        Assert.Contains("Analyse des offres terminée", page.QuerySelector("[data-testid=history]")?.TextContent, StringComparison.Ordinal);

        // Once evaluated, a second click (a stale page) is refused in French by the Core workflow.
        var again = await PostEvaluateAsync(officer, a.TenderId, await VersionAsync(a.TenderId));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await EvaluatedAuditsAsync(a.TenderId));
    }
}
