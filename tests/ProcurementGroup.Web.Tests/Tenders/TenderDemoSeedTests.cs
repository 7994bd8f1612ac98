using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Infrastructure.Seeding;
using ProcurementGroup.Web.Tests.Documents;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// Issue 8 item 10: what a user checks on the demo's awarded telecom tender (demo step 70), page by page: the tender
/// awarded with its 3 lots and CAO decision; each lot's ranking and awardee; the late offer excluded with its reason and
/// not ranked; the abnormally low offer kept after its justification; the tie settled by the officer; one signed contract
/// per lot; the buyers' « Mes marchés »; the analysis report of lot 1. The ENT campaign stays open.
/// </summary>
public sealed class TenderDemoSeedTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private const string AmiensBuyer = "acheteur.amiens@demo.local";

    private async Task<long> TenderIdAsync() => await app.ScalarAsync<long>("SELECT Id FROM Tenders WHERE Reference LIKE '%-TEL-01'");

    private async Task<long> LotIdAsync(int number) =>
        await app.ScalarAsync<long>("SELECT l.Id FROM TenderLots l JOIN Tenders t ON t.Id = l.TenderId WHERE t.Reference LIKE '%-TEL-01' AND l.LotNumber = @number", new { number });

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static IReadOnlyList<(string Rank, string Supplier, string Observations)> Ranking(IDocument evaluation) =>
        evaluation.QuerySelectorAll("[data-testid=ranking] tbody tr")
            .Select(tr => (tr.QuerySelector("[data-testid=rank]")!.TextContent.Trim(), tr.Children[1].TextContent.Trim(), Plain(tr.Children[^1].TextContent)))
            .ToList();

    [Fact]
    public async Task TenderPage_ShowsTheTenderAwarded_WithItsThreeLots_AndTheCaoDecision()
    {
        var officer = await app.LoginAsync(Officer);
        var page = await officer.GetDocumentAsync($"/Tenders/Details/{TestApp.Id(await TenderIdAsync())}");

        Assert.Equal("Attribué", page.QuerySelector("[data-testid=tender-state]")!.TextContent.Trim());
        Assert.Equal(
            ["Lot 1 : Téléphonie mobile", "Lot 2 : Accès internet et données", "Lot 3 : Téléphonie fixe"],
            page.QuerySelectorAll("h3").Select(h => h.TextContent.Trim()).Where(t => t.StartsWith("Lot ", StringComparison.Ordinal)));
        Assert.Equal(
            ["64212000-5", "72400000-4", "64211000-8"],
            new[] { 1, 2, 3 }.Select(n => page.QuerySelector($"[data-testid=lot-{n}]")!.TextContent.Trim()[4..14]));
        Assert.Contains(TendersDemoSeed.CaoDecision, page.QuerySelector("[data-testid=cao]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lot1_OpaleFirst_AbnormallyLowOfferKeptWithItsJustification_LateOfferExcludedAndNotRanked()
    {
        var officer = await app.LoginAsync(Officer);
        var ranking = Ranking(await officer.GetDocumentAsync($"/Offers/Evaluation/{TestApp.Id(await LotIdAsync(1))}"));

        Assert.Equal(
            [("1", TendersDemoSeed.OpaleMobile), ("2", TendersDemoSeed.SommeReseaux), ("3", TendersDemoSeed.HautsDeFrance), ("—", TendersDemoSeed.PicardieFibre)],
            ranking.Select(r => (r.Rank, r.Supplier)));
        var low = ranking.Single(r => r.Supplier == TendersDemoSeed.SommeReseaux).Observations;
        Assert.Contains("Anormalement basse", low, StringComparison.Ordinal);
        Assert.Contains("maintenue : " + TendersDemoSeed.AbnormallyLowJustification, low, StringComparison.Ordinal);
        Assert.Single(ranking, r => r.Observations.Contains("Anormalement basse", StringComparison.Ordinal));
        var late = ranking.Single(r => r.Supplier == TendersDemoSeed.PicardieFibre).Observations;
        Assert.Contains("Exclue", late, StringComparison.Ordinal);
        Assert.Contains("après la date limite", late, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lot2_TwoOffers_PicardieFibreFirst()
    {
        var officer = await app.LoginAsync(Officer);
        var ranking = Ranking(await officer.GetDocumentAsync($"/Offers/Evaluation/{TestApp.Id(await LotIdAsync(2))}"));

        Assert.Equal([("1", TendersDemoSeed.PicardieFibre), ("2", TendersDemoSeed.HautsDeFrance)], ranking.Select(r => (r.Rank, r.Supplier)));
        Assert.DoesNotContain(ranking, r => r.Observations.Contains("Exclue", StringComparison.Ordinal) || r.Observations.Contains("Égalité", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lot3_TieOfEqualTotals_SettledByTheOfficerWithItsReason()
    {
        var officer = await app.LoginAsync(Officer);
        var page = await officer.GetDocumentAsync($"/Offers/Evaluation/{TestApp.Id(await LotIdAsync(3))}");
        var ranking = Ranking(page);

        Assert.Equal(
            [TendersDemoSeed.SommeReseaux, TendersDemoSeed.HautsDeFrance, TendersDemoSeed.NordNumerique],
            ranking.Select(r => r.Supplier));
        var totals = page.QuerySelectorAll("[data-testid=ranking] [data-testid=total]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(totals[0], totals[1]);
        Assert.NotEqual(totals[1], totals[2]);
        Assert.Equal(2, ranking.Count(r => r.Observations.Contains("Égalité", StringComparison.Ordinal)));
        Assert.Contains("départagée : " + TendersDemoSeed.TieReason, ranking[0].Observations, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=tie-form]"));
    }

    [Fact]
    public async Task EachLot_HasItsSignedContract_WithTheAwardee()
    {
        var officer = await app.LoginAsync(Officer);
        var awardees = new List<string>();
        foreach (var number in new[] { 1, 2, 3 })
        {
            var page = await officer.GetDocumentAsync($"/Awards/Lot/{TestApp.Id(await LotIdAsync(number))}");
            var contract = page.QuerySelector("[data-testid=contract]");
            Assert.NotNull(contract);
            Assert.EndsWith($"-TEL-01-L{number}", contract.QuerySelector("[data-field=Reference]")!.TextContent.Trim(), StringComparison.Ordinal);
            awardees.Add(contract.QuerySelector("[data-field=Supplier]")!.TextContent.Trim());
        }

        Assert.Equal([TendersDemoSeed.OpaleMobile, TendersDemoSeed.PicardieFibre, TendersDemoSeed.SommeReseaux], awardees);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts WHERE TenderLotId IS NOT NULL"));
    }

    [Fact]
    public async Task MyContracts_VimeuSeesItsShareOfEachContract_AmiensWhoseFormWasADraftSeesNone_AndNotVimeus()
    {
        var vimeu = await app.LoginAsync(VimeuBuyer);
        var page = await vimeu.GetDocumentAsync("/Awards/Mine");
        var contracts = page.QuerySelectorAll("table[data-contract]").ToList();
        Assert.Equal(3, contracts.Count);
        Assert.All(contracts, c => Assert.NotEqual(TestApp.Money(0), c.QuerySelector("tfoot [data-field=Total]")!.TextContent.Trim()));

        // Lot 1 is Opale's: a mobile line at 9,90 € a month over 48 months.
        var line = page.QuerySelector("tr[data-item=MOB-VOIX]")!;
        var quantity = decimal.Parse(Plain(line.Children[1].TextContent).Replace(" ", string.Empty, StringComparison.Ordinal), CultureInfo.GetCultureInfo("fr-FR"));
        Assert.Equal("9,90 €", Plain(line.Children[2].TextContent).Trim());
        Assert.Equal(TestApp.Money((long)(quantity * 990m * 48m)), line.QuerySelector("[data-field=Amount]")!.TextContent.Trim());

        // CA Amiens Métropole's telecom form was still a draft at publication: it does not take part in the tender.
        var amiens = await app.LoginAsync(AmiensBuyer);
        var mine = await amiens.GetDocumentAsync("/Awards/Mine");
        Assert.Empty(mine.QuerySelectorAll("table[data-contract]"));
        Assert.Contains("Aucun marché signé ne concerne ce membre.", mine.Body!.TextContent, StringComparison.Ordinal);
        var vimeuId = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Vimeu });
        Assert.Equal(HttpStatusCode.NotFound, (await amiens.GetAsync($"/Awards/Shares/{TestApp.Id(vimeuId)}")).StatusCode);
    }

    [Fact]
    public async Task AnalysisReportOfLot1_Downloads_WithTheRankingAndTheDecisions()
    {
        var officer = await app.LoginAsync(Officer);
        var response = await officer.GetAsync($"/Awards/AnalysisReport/{TestApp.Id(await LotIdAsync(1))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await Qpdf.CheckAsync(bytes);
        using var pdf = PdfDocument.Open(bytes);
        var text = Plain(string.Join("\n", pdf.GetPages().Select(p => p.Text)));
        // The same totals as the evaluation page, the awardee, the late offer set aside and the abnormally-low decision.
        var evaluation = await officer.GetDocumentAsync($"/Offers/Evaluation/{TestApp.Id(await LotIdAsync(1))}");
        var totals = evaluation.QuerySelectorAll("[data-testid=ranking] [data-testid=total]").Select(e => e.TextContent.Trim()).Where(t => t != "—").ToList();
        Assert.Equal(3, totals.Count);
        foreach (var expected in totals.Concat([TendersDemoSeed.OpaleMobile, TendersDemoSeed.PicardieFibre, "Offre hors délai", "Conservée après justification", "-TEL-01 – lot 1"]))
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"Not found: {expected}\n{text}");
        }
    }

    [Fact]
    public async Task EntCampaign_StaysOpen()
    {
        var officer = await app.LoginAsync(Officer);
        var tenders = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM Tenders t JOIN NeedsCampaigns c ON c.Id = t.CampaignId WHERE c.Title = 'ENT collèges et écoles 2027-2029'");
        Assert.Equal(0, tenders);
        var index = await officer.GetDocumentAsync("/Campaigns");
        Assert.Contains(
            index.QuerySelectorAll("tr").Select(r => r.TextContent),
            r => r.Contains("ENT collèges et écoles 2027-2029", StringComparison.Ordinal) && r.Contains("Ouverte", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeedingAgain_AddsNothing()
    {
        const string Counts = "SELECT (SELECT COUNT(*) FROM Tenders) * 1000000 + (SELECT COUNT(*) FROM TenderOffers) * 10000 + (SELECT COUNT(*) FROM Contracts WHERE TenderLotId IS NOT NULL) * 100 + (SELECT COUNT(*) FROM TenderAwards)";
        var before = await app.ScalarAsync<long>(Counts);
        var audit = await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog");
        Assert.Equal(1_090_303, before);

        using (var scope = app.Services.CreateScope())
        {
            var step = scope.ServiceProvider.GetServices<IDemoSeedStep>().OfType<TendersDemoSeed>().Single();
            await step.SeedAsync(CancellationToken.None);
        }

        Assert.Equal(before, await app.ScalarAsync<long>(Counts));
        Assert.Equal(audit, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog"));
    }
}
