using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.Security;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// Issue 8, « Done when »: before the opening no page, export or document answered to any role contains a price or a
/// score, searched in the bodies. A second tender (beside the demo's awarded one) is published with its deadline 40 days
/// ahead and three offers registered; the test then writes a distinctive unit price (7 654,3210 €) and score (13,37) into
/// their rows itself, as a leak would need them to be there, and fetches every GET route of the tenders, offers and awards
/// controllers with each of that tender's ids (tender, lots, offers, campaign, members) as every account. PDFs are read
/// back as text and spreadsheets unzipped, so that a price cannot hide in a download.
/// </summary>
public sealed class SealedTenderBodiesTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>7 654,3210 € in ten-thousandths of a euro, and 13,37 in ten-thousandths of a point.</summary>
    private const long Price = 76_543_210;
    private const long Score = 133_700;

    private static readonly string[] Accounts = ["admin@demo.local", "marches@demo.local", "finances@demo.local", "acheteur.vimeu@demo.local", "acheteur.amiens@demo.local"];

    private static readonly string[] Controllers = ["/Tenders/", "/Offers/", "/Awards/"];

    private sealed record Arranged(long TenderId, string Reference, long CampaignId, long[] LotIds, long[] OfferIds, long[] MemberIds, IReadOnlyList<Core.Money.Money> DqeTotals);

    private async Task<Arranged> ArrangeSealedAsync()
    {
        var factory = app.ConnectionFactory;
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var s = await TenderScenario.CampaignAsync(factory);
        await s.MemberAsync("Commune scellée A", NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("MIN", 1_000_000), ("LINE", 5_000));
        await s.MemberAsync("Commune scellée B", NeedsFormStatus.Submitted, new DateOnly(2024, 1, 1), null, ("MIN", 200_000), ("LINE", 2_000), ("FIB", 1_000));

        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var created = s.NewTender("SCEL");
        var tenderId = (await tenders.CreateFromCampaignAsync(created, now.AddDays(-3))).TenderId!.Value;
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []),
                new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 30, []),
                new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 10, []),
            ],
            PriceFormula.Linear,
            20m);
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 1, criteria, now.AddDays(-3)));
        var published = now.AddDays(-2);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 2, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = now.AddDays(40) }));

        var details = (await tenders.GetAsync(tenderId))!;
        var lot1 = details.Lots.Single(l => l.LotNumber == 1).Id;
        var lot2 = details.Lots.Single(l => l.LotNumber == 2).Id;
        var received = now.AddHours(-1);
        async Task<long> OfferAsync(string name, long lot) =>
            (await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot, SupplierId = await s.SupplierAsync(name), ReceivedAtUtc = received }, received))!.Value;
        long[] offerIds = [await OfferAsync("Scellé Alpha", lot1), await OfferAsync("Scellé Beta", lot1), await OfferAsync("Scellé Gamma", lot2)];

        // What the app refuses to write before the opening, written here so that a leak has something to show.
        await using (var c = await factory.OpenAsync())
        {
            foreach (var offerId in offerIds)
            {
                var lot = offerId == offerIds[2] ? lot2 : lot1;
                foreach (var item in details.Items.Where(i => i.TenderLotId == lot))
                {
                    await c.ExecuteAsync(OfferRepository.InsertPriceSql, new { OfferId = offerId, TenderItemId = item.Id, UnitPriceTenThousandths = Price });
                }

                foreach (var criterion in details.Criteria.Where(x => x.Code != "PRIX"))
                {
                    await c.ExecuteAsync(OfferRepository.InsertScoreSql, new { OfferId = offerId, CriterionId = criterion.Id, SubCriterionId = (long?)null, SubCriterionKey = 0L, ScoreTenThousandths = Score, Justification = "Note de contrôle" });
                }
            }

            Assert.Equal(offerIds.Length, await c.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT OfferId) FROM OfferUnitPrices WHERE UnitPriceTenThousandths = @Price", new { Price }));
            Assert.Equal(offerIds.Length * 2, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM OfferScores WHERE ScoreTenThousandths = @Score", new { Score }));
        }

        var totals = new[] { lot1, lot2 }
            .Select(lot => Dqe.Total(
                details.Items.Where(i => i.TenderLotId == lot).Select(i => new DqeLine(i.Id, new UnitPrice(Price), i.QuantityMilli, i.PricePeriod, i.QuantityBasis)),
                details.Tender.DurationMonths))
            .ToList();
        return new Arranged(tenderId, created.Reference, s.CampaignId, [lot1, lot2], offerIds, [s.MemberId("Commune scellée A"), s.MemberId("Commune scellée B")], totals);
    }

    /// <summary>Every way a price, a DQE total or a score could be printed: French and invariant, grouped or not, rounded or not, raw.</summary>
    private static IReadOnlyList<string> Needles(Arranged a)
    {
        var needles = new List<string> { "7 654,32", "7654,32", "7 654.32", "7654.32", "7,654.32", "7654,321", "7654.321", "76543210", "13,37", "13.37", "133700" };
        foreach (var total in a.DqeTotals)
        {
            var euros = total.Cents / 100m;
            needles.Add(Plain(TestApp.Money(total.Cents)).Replace(" €", string.Empty, StringComparison.Ordinal));
            needles.Add(euros.ToString("0.00", CultureInfo.InvariantCulture));
            needles.Add(euros.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")));
            needles.Add(total.Cents.ToString(CultureInfo.InvariantCulture));
        }

        return needles;
    }

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>The text a user could read in the response: the page, the PDF's text, the spreadsheet's XML.</summary>
    private static async Task<string> BodyTextAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (type == "application/pdf")
        {
            using var pdf = PdfDocument.Open(bytes);
            return Plain(string.Join("\n", pdf.GetPages().Select(p => p.Text)));
        }

        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var text = new StringBuilder();
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                text.Append(await reader.ReadToEndAsync());
            }

            return Plain(text.ToString());
        }

        return Plain(Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task BeforeTheDeadline_NoPageExportOrDocument_ShowsAPriceADqeTotalOrAScore_ToAnyAccount()
    {
        var a = await ArrangeSealedAsync();
        var needles = Needles(a);
        var routes = AppEndpoints.List(app.Services)
            .Select(e => e.Key)
            .Where(k => k.Method is "GET" or "ANY" && Controllers.Any(c => k.Route.StartsWith(c, StringComparison.Ordinal)))
            .Select(k => k.Route)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        long[] ids = [a.TenderId, a.CampaignId, .. a.LotIds, .. a.OfferIds, .. a.MemberIds];

        var leaks = new List<string>();
        var read = 0;
        var officerSawTheTender = false;
        foreach (var email in Accounts)
        {
            var client = await app.LoginAsync(email);
            foreach (var route in routes)
            {
                foreach (var url in ids.Select(id => $"{route}/{TestApp.Id(id)}?campaignId={TestApp.Id(id)}").Prepend(route))
                {
                    using var response = await client.GetAsync(url);
                    Assert.True((int)response.StatusCode < 500, $"GET {url} as {email}: {(int)response.StatusCode}");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        continue;
                    }

                    read++;
                    var body = await BodyTextAsync(response);
                    officerSawTheTender |= email == "marches@demo.local" && route == "/Tenders/Details" && body.Contains(a.Reference, StringComparison.Ordinal);
                    leaks.AddRange(needles.Where(n => body.Contains(n, StringComparison.Ordinal)).Select(n => $"GET {url} as {email}: « {n} »"));
                }
            }
        }

        // The crawl reached the sealed tender's own pages (not only refusals), and nothing showed a price or a score.
        Assert.True(officerSawTheTender, "the officer never read the sealed tender's page");
        Assert.True(read >= 40, $"only {read} pages answered 200");
        Assert.True(leaks.Count == 0, "Sealed prices or scores in the bodies:\n" + string.Join('\n', leaks.Distinct().Take(60)));
    }
}
