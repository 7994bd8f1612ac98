using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.Tenders;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// Tenders in every state that has a form, beside the demo's awarded one (whose pages offer no write), so that the
/// corpus reaches every POST form of the tenders, offers and awards controllers: a draft (edit, criteria, publication),
/// a published tender whose deadline is ahead (register, abandon, infructueuse), one whose deadline has passed (close,
/// open), one opened with priced and scored offers, a tie and an abnormally low offer (prices, BPU upload, scores, tie,
/// abnormally-low decision), an evaluated one (CAO decision), and two after the CAO (award; signature). Each state has
/// its own tender, so that a form the corpus makes act (a tender abandoned, published) leaves the others' forms alone.
/// </summary>
public static class HostileTenders
{
    private static readonly string[] Forms =
    [
        "POST /Tenders/Abandon/{n}", "POST /Tenders/Unsuccessful/{n}", "POST /Tenders/Edit/{n}", "POST /Tenders/Criteria/{n}", "POST /Tenders/Publish/{n}",
        "POST /Tenders/Commission/{n}", "POST /Tenders/Create", "POST /Offers/Register/{n}", "POST /Offers/Prices/{n}", "POST /Offers/Scores/{n}",
        "POST /Offers/SettleTie/{n}", "POST /Offers/AbnormallyLow/{n}", "POST /Awards/Lot/{n}", "POST /Awards/Sign/{n}",
    ];

    /// <summary>The tender forms with text fields the crawl must find (each posted with the whole corpus).</summary>
    public static IReadOnlyList<string> ExpectedForms => Forms;

    /// <summary>Arranges the tenders; answers the pages the officer's crawl starts from, the published tender's first so that its abandon form is the one posted.</summary>
    public static async Task<string[]> ArrangeAsync(TestApp app, HttpClient officer)
    {
        var now = OfferPagesTestsMinute(DateTime.UtcNow);
        var factory = app.ConnectionFactory;
        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);

        // Published, deadline ahead: the register, and the abandon / infructueuse forms (posted on this tender only).
        var published = await OfferPagesTests.TenderAsync(app, now.AddDays(-2), now.AddDays(40));
        await OfferPagesTests.OfferAsync(app, published, "Registre", now.AddHours(-1));

        // Draft: its edit, criteria and publication forms.
        var draft = await TenderScenario.CampaignAsync(factory);
        await draft.MemberAsync("Brouillon", Core.Needs.NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("MIN", 1_000_000), ("LINE", 2_000));
        var draftId = (await tenders.CreateFromCampaignAsync(draft.NewTender("BRO"), now)).TenderId!.Value;

        // Deadline passed: the close form.
        var pastDeadline = await OfferPagesTests.TenderAsync(app, now.AddDays(-40), now.AddHours(-1));

        // Opened, priced and scored: Alpha and Beta tie exactly, Gamma is abnormally low (half their price).
        async Task<(OfferPagesTests.Arranged Tender, long[] Offers)> OpenedAsync()
        {
            var a = await OfferPagesTests.TenderAsync(app, now.AddDays(-40), now.AddHours(-2));
            long[] ids = [await OfferPagesTests.OfferAsync(app, a, "Alpha"), await OfferPagesTests.OfferAsync(app, a, "Beta"), await OfferPagesTests.OfferAsync(app, a, "Gamma")];
            Assert.True(await tenders.TransitionAsync(new TenderStateChange(a.TenderId, 3, TenderTransition.OpenOffers, now.AddHours(-1))));
            var details = (await tenders.GetAsync(a.TenderId))!;
            var t1 = details.SubCriteria.Single(s => s.Code == "T1");
            var t2 = details.SubCriteria.Single(s => s.Code == "T2");
            var env = details.Criteria.Single(c => c.Code == "ENV").Id;
            foreach (var (id, price) in ids.Zip(new[] { 20_000L, 20_000L, 10_000L }))
            {
                Assert.True(await offers.SavePricesAsync(id, 1, [(a.MinId, new UnitPrice(price / 100)), (a.LineId, new UnitPrice(price))], now.AddHours(-1)));
                Assert.True(await offers.SaveScoresAsync(id, 2, [new(t1.CriterionId, t1.Id, 7 * TenderScore.Scale, "Mémoire."), new(t2.CriterionId, t2.Id, 3 * TenderScore.Scale, "Support."), new(env, null, 6 * TenderScore.Scale, "Bilan carbone.")], now.AddHours(-1)));
            }

            return (a, ids);
        }

        var opened = await OpenedAsync();

        // Evaluated (the tie settled, the low offer kept): the CAO decision form.
        async Task<(OfferPagesTests.Arranged Tender, long[] Offers)> EvaluatedAsync()
        {
            var (a, ids) = await OpenedAsync();
            await using (var c = await factory.OpenAsync())
            await using (var tx = await c.BeginTransactionAsync())
            {
                await offers.InsertTieSettlementAsync(c, tx, a.LotId, new TieSettlement(ids[0], "Départage de contrôle."), null, now.AddMinutes(-50));
                Assert.True(await offers.RecordAbnormallyLowDecisionAsync(c, tx, ids[2], 3, new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Prix justifiés."), now.AddMinutes(-50)));
                await tx.CommitAsync();
            }

            Assert.True(await tenders.TransitionAsync(new TenderStateChange(a.TenderId, 4, TenderTransition.Evaluate, now.AddMinutes(-40))));
            return (a, ids);
        }

        var evaluated = await EvaluatedAsync();

        // After the CAO: the award form; and, the award recorded with its certificates and letters long ago, the signature form.
        async Task<(OfferPagesTests.Arranged Tender, long[] Offers)> DecidedAsync()
        {
            var (a, ids) = await EvaluatedAsync();
            Assert.True(await tenders.TransitionAsync(
                new TenderStateChange(a.TenderId, 5, TenderTransition.RecordCommissionDecision, now.AddMinutes(-30)) { CaoDecisionDate = DateOnly.FromDateTime(now), CaoDecision = "Attribution." }));
            return (a, ids);
        }

        var decided = await DecidedAsync();
        var awarded = await DecidedAsync();
        var url = $"/Awards/Lot/{TestApp.Id(awarded.Tender.LotId)}";
        var saved = await officer.PostFormAsync(url, url, new Dictionary<string, string>
        {
            // Gamma, the cheapest, ranks first.
            ["Award.AwardeeOfferId"] = TestApp.Id(awarded.Offers[2]),
            ["Award.TaxCertificateReceivedOn"] = "2011-01-01",
            ["Award.SocialCertificateReceivedOn"] = "2011-01-01",
            ["Award.RejectionLettersSentOn"] = "2011-01-02",
            ["Award.RejectionLettersChannel"] = ((int)LetterChannel.Electronic).ToString(CultureInfo.InvariantCulture),
            ["Award.AwardNoticeSentOn"] = string.Empty,
            ["Award.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        static string Id(long id) => TestApp.Id(id);
        return
        [
            $"/Tenders/Details/{Id(published.TenderId)}", $"/Offers/Index/{Id(published.LotId)}",
            $"/Tenders/Details/{Id(draftId)}", $"/Tenders/Edit/{Id(draftId)}", $"/Tenders/Criteria/{Id(draftId)}", $"/Tenders/Create?campaignId={Id(pastDeadline.Scenario.CampaignId)}",
            $"/Tenders/Details/{Id(pastDeadline.TenderId)}", $"/Offers/Index/{Id(pastDeadline.LotId)}",
            $"/Offers/Evaluation/{Id(opened.Tender.LotId)}", $"/Offers/Prices/{Id(opened.Offers[0])}", $"/Offers/Scores/{Id(opened.Offers[0])}",
            $"/Tenders/Details/{Id(evaluated.Tender.TenderId)}", $"/Awards/Lot/{Id(decided.Tender.LotId)}", url,
        ];
    }

    private static DateTime OfferPagesTestsMinute(DateTime t) => OfferPagesTests.Minute(t);
}
