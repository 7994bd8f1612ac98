using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Features.Tenders.Offers;
using ProcurementGroup.Web.Infrastructure.Uploads;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The offers pages over the real app: the register (late offers recorded and excluded with their reason), the sealing
/// before the opening (the bodies are searched for the arranged amounts), the audited opening, typed and uploaded unit
/// prices, technical scores, the evaluation's scores and ranking against values computed by hand, ties and their
/// settlement, and the abnormally-low boundary (exactly 20 % below the mean of the others is not flagged).
/// Lot 1 of <see cref="TenderScenario"/>: MIN (1 000 minutes a year, one-off price: × 2 years) and LINE (10 lines, monthly: × 24).
/// </summary>
public sealed class OfferPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Admin = "admin@demo.local";

    internal sealed record Arranged(TenderScenario Scenario, long TenderId, long LotId, long MinId, long LineId, DateTime Deadline);

    internal static DateTime Minute(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);

    /// <summary>Price 50 (Nmax 10, proportional), technical 40 = T1 30 (out of 10) + T2 10 (out of 5), environment 10 (out of Nmax).</summary>
    private static AwardCriteria Criteria() => new(
        [
            new Criterion("PRIX", "Prix", CriterionKind.Price, 50, []),
            new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 40, [new SubCriterion("T1", "Qualité de service", 30, 10m), new SubCriterion("T2", "Support", 10, 5m)]),
            new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 10, []),
        ],
        PriceFormula.Proportional,
        10m);

    private Task<Arranged> TenderAsync(DateTime publishedUtc, DateTime deadlineUtc) => TenderAsync(app, publishedUtc, deadlineUtc);

    internal static async Task<Arranged> TenderAsync(TestApp app, DateTime publishedUtc, DateTime deadlineUtc, int abnormallyLowPercent = AbnormallyLowRule.DefaultPercent)
    {
        var factory = app.ConnectionFactory;
        var s = await TenderScenario.CampaignAsync(factory);
        await s.MemberAsync("A", NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("MIN", 1_000_000), ("LINE", 10_000), ("FIB", 2_000));
        var tenders = new TenderRepository(factory);
        var tender = s.NewTender();
        tender.AbnormallyLowPercent = abnormallyLowPercent;
        var tenderId = (await tenders.CreateFromCampaignAsync(tender, TenderScenario.Now)).TenderId!.Value;
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 1, Criteria(), TenderScenario.Now));
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 2, TenderTransition.Publish, publishedUtc) { PublishedAtUtc = publishedUtc, OfferDeadlineUtc = deadlineUtc }));
        var details = (await tenders.GetAsync(tenderId))!;
        var min = details.Items.Single(i => i.Code == "MIN");
        var line = details.Items.Single(i => i.Code == "LINE");
        Assert.Equal((1_000_000L, 10_000L), (min.QuantityMilli, line.QuantityMilli));
        return new Arranged(s, tenderId, details.Lots.Single(l => l.LotNumber == 1).Id, min.Id, line.Id, deadlineUtc);
    }

    /// <summary>A tender whose deadline passed an hour ago.</summary>
    private Task<Arranged> PastDeadlineAsync()
    {
        var now = Minute(DateTime.UtcNow);
        return TenderAsync(now.AddDays(-40), now.AddHours(-1));
    }

    private Task<long> OfferAsync(Arranged a, string supplier, DateTime? receivedUtc = null) => OfferAsync(app, a, supplier, receivedUtc);

    internal static async Task<long> OfferAsync(TestApp app, Arranged a, string supplier, DateTime? receivedUtc = null)
    {
        var received = receivedUtc ?? a.Deadline.AddHours(-5);
        var supplierId = await a.Scenario.SupplierAsync(supplier);
        var late = OfferPeriod.IsLate(received, a.Deadline);
        return (await new OfferRepository(app.ConnectionFactory).RegisterAsync(
            new NewOffer
            {
                TenderId = a.TenderId,
                TenderLotId = a.LotId,
                SupplierId = supplierId,
                ReceivedAtUtc = received,
                IsLate = late,
                LateReason = late ? OfferPeriod.LateReason(received, a.Deadline) : null,
            },
            received))!.Value;
    }

    /// <summary>Opens the offers the one way the app offers: closing the tender from its page (Tenders/Close).</summary>
    internal static async Task OpenAsync(TestApp app, HttpClient client, Arranged a)
    {
        var response = await CloseAsync(app, client, a);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Posts the tender page's « Clore et ouvrir les offres » with the tender's current version.</summary>
    internal static async Task<HttpResponseMessage> CloseAsync(TestApp app, HttpClient client, Arranged a)
    {
        var version = await app.ScalarAsync<int>("SELECT Version FROM Tenders WHERE Id = @TenderId", new { a.TenderId });
        return await client.PostFormAsync($"/Tenders/Details/{a.TenderId}", $"/Tenders/Close/{a.TenderId}", new Dictionary<string, string> { ["Close.Version"] = TestApp.Id(version) });
    }

    private Task<int> VersionAsync(long offerId) => VersionAsync(app, offerId);

    internal static Task<int> VersionAsync(TestApp app, long offerId) => app.ScalarAsync<int>("SELECT Version FROM TenderOffers WHERE Id = @offerId", new { offerId });

    private Task<HttpResponseMessage> PricesAsync(HttpClient client, Arranged a, long offerId, string min, string line) => PricesAsync(app, client, a, offerId, min, line);

    internal static async Task<HttpResponseMessage> PricesAsync(TestApp app, HttpClient client, Arranged a, long offerId, string min, string line) =>
        await client.PostFormAsync($"/Offers/Prices/{offerId}", $"/Offers/Prices/{offerId}", new Dictionary<string, string>
        {
            ["Version"] = TestApp.Id(await VersionAsync(app, offerId)),
            [$"Prices[{a.MinId}]"] = min,
            [$"Prices[{a.LineId}]"] = line,
        });

    private async Task<HttpResponseMessage> ScoresAsync(HttpClient client, long offerId, string t1, string t2, string env, string justification = "Mémoire technique détaillé.") =>
        await client.PostFormAsync($"/Offers/Scores/{offerId}", $"/Offers/Scores/{offerId}", new Dictionary<string, string>
        {
            ["Version"] = TestApp.Id(await VersionAsync(offerId)),
            ["Scores[T1]"] = t1,
            ["Justifications[T1]"] = justification,
            ["Scores[T2]"] = t2,
            ["Justifications[T2]"] = justification,
            ["Scores[ENV]"] = env,
            ["Justifications[ENV]"] = justification,
        });

    internal static IElement Row(IHtmlDocument page, string table, long offerId) =>
        page.QuerySelector($"table[data-testid={table}] tbody tr[data-offer='{offerId.ToString(CultureInfo.InvariantCulture)}']")
        ?? throw new InvalidOperationException($"No row for offer {offerId} in {table}");

    internal static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? string.Empty;

    private static string Error(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;

    [Fact]
    public async Task Register_OfferAfterTheDeadline_RecordedLate_ShownExcludedWithTheReason()
    {
        var a = await PastDeadlineAsync();
        var alpha = await a.Scenario.SupplierAsync("Alpha");
        var beta = await a.Scenario.SupplierAsync("Beta");
        var client = await app.LoginAsync(Officer);
        var inTime = a.Deadline.AddHours(-2);
        var late = a.Deadline.AddMinutes(30);

        foreach (var (supplier, received) in new[] { (alpha, inTime), (beta, late) })
        {
            var response = await client.PostFormAsync($"/Offers/Index/{a.LotId}", $"/Offers/Register/{a.LotId}", new Dictionary<string, string>
            {
                ["SupplierId"] = TestApp.Id(supplier),
                ["ReceivedAt"] = ParisTime.ForInput(received),
                ["LotIds"] = TestApp.Id(a.LotId),
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        // The same supplier twice for the lot is refused in French, nothing added.
        var again = await client.PostFormAsync($"/Offers/Index/{a.LotId}", $"/Offers/Register/{a.LotId}", new Dictionary<string, string>
        {
            ["SupplierId"] = TestApp.Id(alpha),
            ["ReceivedAt"] = ParisTime.ForInput(inTime),
            ["LotIds"] = TestApp.Id(a.LotId),
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("déjà une offre enregistrée pour le lot n° 1", Error(await HttpClientForms.ParseAsync(await again.Content.ReadAsStringAsync()), "LotIds"), StringComparison.Ordinal);
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TenderOffers WHERE TenderLotId = @LotId", new { a.LotId }));

        var rows = await app.ScalarAsync<int>("SELECT COUNT(*) FROM TenderOffers WHERE TenderLotId = @LotId AND IsLate = 1", new { a.LotId });
        Assert.Equal(1, rows);
        var page = await client.GetDocumentAsync($"/Offers/Index/{a.LotId}");
        var betaOffer = await app.ScalarAsync<long>("SELECT Id FROM TenderOffers WHERE SupplierId = @beta", new { beta });
        var alphaOffer = await app.ScalarAsync<long>("SELECT Id FROM TenderOffers WHERE SupplierId = @alpha", new { alpha });
        Assert.Equal("Offre hors délai : " + OfferPeriod.LateReason(late, a.Deadline), Cell(Row(page, "offers", betaOffer), "late-reason"));
        Assert.Empty(Cell(Row(page, "offers", alphaOffer), "late-reason"));

        // After the opening the evaluation excludes it, with the reason, and ranks nobody in its place.
        await OpenAsync(app, client, a);
        var evaluation = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        var betaRow = Row(evaluation, "ranking", betaOffer);
        Assert.Equal("Exclue — Offre hors délai : " + OfferPeriod.LateReason(late, a.Deadline), Cell(betaRow, "exclusion"));
        Assert.Equal("—", Cell(betaRow, "rank"));
    }

    [Fact]
    public async Task Register_OneOfferForSeveralLots_OneRowPerLot_InTime()
    {
        var a = await PastDeadlineAsync();
        var supplier = await a.Scenario.SupplierAsync("Deux lots");
        var lot2 = await app.ScalarAsync<long>("SELECT Id FROM TenderLots WHERE TenderId = @TenderId AND LotNumber = 2", new { a.TenderId });
        var client = await app.LoginAsync(Officer);
        var received = a.Deadline.AddMinutes(-10);

        var response = await client.PostAsync($"/Offers/Register/{a.LotId}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", await client.AntiforgeryTokenAsync($"/Offers/Index/{a.LotId}")),
            new("SupplierId", TestApp.Id(supplier)),
            new("ReceivedAt", ParisTime.ForInput(received)),
            new("LotIds", TestApp.Id(a.LotId)),
            new("LotIds", TestApp.Id(lot2)),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(
            [(a.LotId, 0L), (lot2, 0L)],
            await QueryAsync<(long, long)>("SELECT TenderLotId, IsLate FROM TenderOffers WHERE SupplierId = @supplier ORDER BY TenderLotId", new { supplier }));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'TenderOffer' AND Action = 'Registered' AND AfterJson LIKE @json", new { json = $"%\"SupplierId\":{supplier}%" }));
    }

    [Fact]
    public async Task Prices_StaleVersion_AnswersConflict_KeepsWhatWasTyped_SavesNothing()
    {
        var a = await PastDeadlineAsync();
        var offerId = await OfferAsync(a, "Concurrence");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, offerId, "1", "2")).StatusCode);

        var stale = await client.PostFormAsync($"/Offers/Prices/{offerId}", $"/Offers/Prices/{offerId}", new Dictionary<string, string>
        {
            ["Version"] = "1",
            [$"Prices[{a.MinId}]"] = "3,5",
            [$"Prices[{a.LineId}]"] = "4",
        });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await HttpClientForms.ParseAsync(await stale.Content.ReadAsStringAsync());
        Assert.Equal("3,5", page.QuerySelector($"input[name='Prices[{a.MinId}]']")!.GetAttribute("value"));
        Assert.Equal([(a.MinId, 10_000L), (a.LineId, 20_000L)], await PricesOfAsync(offerId));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object args)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<T>(c, sql, args)).ToList();
    }

    [Fact]
    public async Task Sealed_BeforeTheOpening_NoOffersRouteShowsAPriceOrAScore_ToOfficerOrAdministrator()
    {
        var now = Minute(DateTime.UtcNow);
        var a = await TenderAsync(now.AddDays(-5), now.AddDays(30));
        var offerId = await OfferAsync(a, "Scellé", now.AddHours(-1));

        // Prices and a score present in the tables (the pages must not read them before the opening): 0,0125 € and
        // 47,1234 € give a DQE of 0,0125 × 1 000 × 2 + 47,1234 × 10 × 24 = 25 + 11 309,616 = 11 334,62 €.
        await app.ExecuteAsync("INSERT INTO OfferUnitPrices (OfferId, TenderItemId, UnitPriceTenThousandths) VALUES (@offerId, @MinId, 125), (@offerId, @LineId, 471234)", new { offerId, a.MinId, a.LineId });
        var t1 = await app.ScalarAsync<long>("SELECT Id FROM TenderSubCriteria WHERE TenderId = @TenderId AND Code = 'T1'", new { a.TenderId });
        var tech = await app.ScalarAsync<long>("SELECT CriterionId FROM TenderSubCriteria WHERE Id = @t1", new { t1 });
        await app.ExecuteAsync(
            "INSERT INTO OfferScores (OfferId, CriterionId, SubCriterionId, SubCriterionKey, ScoreTenThousandths, Justification) VALUES (@offerId, @tech, @t1, @t1, 87654, 'Justification scellée')",
            new { offerId, tech, t1 });
        string[] secrets = ["0,0125", "47,1234", TestApp.Money(1_133_462), "334,62", "8,7654", "8,77", "Justification scellée"];

        foreach (var account in new[] { Officer, Admin })
        {
            var client = await app.LoginAsync(account);
            foreach (var url in new[] { $"/Offers/Index/{a.LotId}", $"/Offers/Prices/{offerId}", $"/Offers/Scores/{offerId}", $"/Offers/Evaluation/{a.LotId}" })
            {
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var text = (await HttpClientForms.ParseAsync(body)).DocumentElement.TextContent;
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
                Assert.Contains(OfferService.SealedMessage, text, StringComparison.Ordinal);
            }

            // The BPU sent to suppliers carries the items and quantities, never a price.
            var bpu = await client.GetAsync($"/Offers/Bpu/{a.LotId}");
            Assert.Equal(HttpStatusCode.OK, bpu.StatusCode);
            var cells = new MemoryStream(await bpu.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: false, sheetName: BpuSpreadsheet.SheetName)
                .Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToList();
            Assert.Contains("MIN", cells);
            Assert.DoesNotContain(cells, c => c.Contains("47.1234", StringComparison.Ordinal) || c.Contains("0.0125", StringComparison.Ordinal));

            // Writing is refused as well: the typed price and the opening before the deadline.
            var post = await PricesAsync(client, a, offerId, "1", "1");
            Assert.Contains(OfferService.SealedMessage, (await HttpClientForms.ParseAsync(await post.Content.ReadAsStringAsync())).DocumentElement.TextContent, StringComparison.Ordinal);
            var open = await CloseAsync(app, client, a);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.Contains(TenderWorkflow.DeadlineNotPassedMessage, (await HttpClientForms.ParseAsync(await open.Content.ReadAsStringAsync())).DocumentElement.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(471234, await app.ScalarAsync<long>("SELECT UnitPriceTenThousandths FROM OfferUnitPrices WHERE OfferId = @offerId AND TenderItemId = @LineId", new { offerId, a.LineId }));
        Assert.Equal((int)TenderStatus.Published, await app.ScalarAsync<int>("SELECT State FROM Tenders WHERE Id = @TenderId", new { a.TenderId }));
    }

    [Fact]
    public async Task Open_AfterTheDeadline_ClosesTheTender_AuditedExactlyOnce()
    {
        var a = await PastDeadlineAsync();
        await OfferAsync(a, "Ouverture");
        var client = await app.LoginAsync(Officer);

        await OpenAsync(app, client, a);
        var second = await CloseAsync(app, client, a);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(TenderWorkflow.Check(TenderStatus.Closed, TenderTransition.OpenOffers, true, DateTime.UtcNow, a.Deadline)!, (await HttpClientForms.ParseAsync(await second.Content.ReadAsStringAsync())).DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal((int)TenderStatus.Closed, await app.ScalarAsync<int>("SELECT State FROM Tenders WHERE Id = @TenderId", new { a.TenderId }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @TenderId AND Action = @Closed", new { a.TenderId, TenderService.Closed }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @TenderId AND Action = @Closed AND UserEmail = @Officer", new { a.TenderId, TenderService.Closed, Officer }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @TenderId AND Action = 'OffersOpened'", new { a.TenderId }));
    }

    [Fact]
    public async Task Register_AfterTheDeadline_OffersNoSecondOpening_PointsToTheTenderPage()
    {
        var a = await PastDeadlineAsync();
        await OfferAsync(a, "Un seul chemin");
        var client = await app.LoginAsync(Officer);

        var page = await HttpClientForms.ParseAsync(await client.GetStringAsync($"/Offers/Index/{a.LotId}"));
        var removed = await client.PostFormAsync($"/Offers/Index/{a.LotId}", $"/Offers/Open/{a.LotId}", new Dictionary<string, string>());

        Assert.Empty(page.QuerySelectorAll("form[action*='/Open']"));
        Assert.Equal($"/Tenders/Details/{a.TenderId}", page.QuerySelector("[data-testid=can-open] a")?.GetAttribute("href"));
        // No action answers the removed route any more (the routing refuses the POST).
        Assert.Contains(removed.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal((int)TenderStatus.Published, await app.ScalarAsync<int>("SELECT State FROM Tenders WHERE Id = @TenderId", new { a.TenderId }));
    }

    [Fact]
    public async Task TypedPrice_FourDecimals_RoundTrips_AFifthDecimalIsRefusedNextToTheField_NothingSaved()
    {
        var a = await PastDeadlineAsync();
        var offerId = await OfferAsync(a, "Saisie");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);

        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, offerId, "0,0125", "12,3456")).StatusCode);

        Assert.Equal(125, await app.ScalarAsync<long>("SELECT UnitPriceTenThousandths FROM OfferUnitPrices WHERE OfferId = @offerId AND TenderItemId = @MinId", new { offerId, a.MinId }));
        var page = await client.GetDocumentAsync($"/Offers/Prices/{offerId}");
        Assert.Equal("0,0125", page.QuerySelector($"input[name='Prices[{a.MinId}]']")!.GetAttribute("value"));
        Assert.Equal("12,3456", page.QuerySelector($"input[name='Prices[{a.LineId}]']")!.GetAttribute("value"));
        // 0,0125 × 1 000 × 2 + 12,3456 × 10 × 24 = 25 + 2 962,944 = 2 987,944 € → 2 987,94 €, rounded once.
        Assert.Contains(TestApp.Money(298_794), page.QuerySelector("[data-testid=offer-dqe-total]")!.TextContent, StringComparison.Ordinal);

        var refused = await PricesAsync(client, a, offerId, "0,00125", "abc");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.Equal(UnitPrice.TooManyDecimalsMessage, Error(refusedPage, $"Prices[{a.MinId}]"));
        Assert.NotEmpty(Error(refusedPage, $"Prices[{a.LineId}]"));
        Assert.Equal("0,00125", refusedPage.QuerySelector($"input[name='Prices[{a.MinId}]']")!.GetAttribute("value"));
        Assert.Equal(125, await app.ScalarAsync<long>("SELECT UnitPriceTenThousandths FROM OfferUnitPrices WHERE OfferId = @offerId AND TenderItemId = @MinId", new { offerId, a.MinId }));
    }

    [Fact]
    public async Task BpuUpload_FilledExport_SavesThePrices_ABadOne_SavesNothing_AndShowsTheRowAndColumn()
    {
        var a = await PastDeadlineAsync();
        var offerId = await OfferAsync(a, "Bordereau");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);

        var exported = await (await client.GetAsync($"/Offers/Bpu/{a.LotId}")).Content.ReadAsByteArrayAsync();
        var rows = new MemoryStream(exported).Query(useHeaderRow: false, sheetName: BpuSpreadsheet.SheetName)
            .Cast<IDictionary<string, object?>>()
            .Select((r, i) => (Row: i + 1, Cells: r.Values.Take(7).ToArray()))
            .ToList();
        var header = rows.First(r => Equals(r.Cells[0], BpuSpreadsheet.CodeColumn)).Row;

        byte[] Fill(string min, string line) => CraftedFiles.Workbook(
            BpuSpreadsheet.SheetName,
            rows.Select(r =>
            {
                var cells = (object?[])r.Cells.Clone();
                if (r.Row > header && cells[0] is string code)
                {
                    cells[6] = SpreadsheetText.Restore(code) == "MIN" ? min : line;
                }

                return (r.Row, cells);
            }).ToList());

        async Task<HttpResponseMessage> UploadAsync(byte[] bytes)
        {
            var token = await client.AntiforgeryTokenAsync($"/Offers/Prices/{offerId}");
            using var content = new MultipartFormDataContent();
            content.Add(new StringContent(token), "__RequestVerificationToken");
            content.Add(new StringContent(TestApp.Id(await VersionAsync(offerId))), "Version");
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "File", "bpu.xlsx");
            return await client.PostAsync($"/Offers/UploadBpu/{offerId}", content);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(Fill("0,0125", "12,5"))).StatusCode);
        Assert.Equal(
            [(a.MinId, 125L), (a.LineId, 125_000L)],
            await PricesOfAsync(offerId));

        var bad = await UploadAsync(Fill("0,0125", "douze"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await HttpClientForms.ParseAsync(await bad.Content.ReadAsStringAsync());
        var lineRow = rows.First(r => r.Row > header && r.Cells[0] is string code && SpreadsheetText.Restore(code) == "LINE").Row;
        var errors = page.QuerySelectorAll("[data-testid=upload-errors] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(errors, e => e.StartsWith($"Ligne {lineRow.ToString(CultureInfo.InvariantCulture)}, colonne {BpuSpreadsheet.PriceColumn} :", StringComparison.Ordinal));
        Assert.StartsWith(BpuSpreadsheetReader.NothingSavedMessage, Error(page, "File"), StringComparison.Ordinal);
        Assert.Equal([(a.MinId, 125L), (a.LineId, 125_000L)], await PricesOfAsync(offerId));
    }

    private async Task<List<(long, long)>> PricesOfAsync(long offerId)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<(long, long)>(c, "SELECT TenderItemId, UnitPriceTenThousandths FROM OfferUnitPrices WHERE OfferId = @offerId ORDER BY TenderItemId", new { offerId })).ToList();
    }

    [Fact]
    public async Task Evaluation_ScoresAndRanking_EqualTheValuesComputedByHand()
    {
        var a = await PastDeadlineAsync();
        var alpha = await OfferAsync(a, "Alpha");
        var beta = await OfferAsync(a, "Beta");
        var gamma = await OfferAsync(a, "Gamma");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);

        // DQE: 0,0125 × 2 000 + line × 240: Alpha 2 425 €, Beta 2 665 €, Gamma 2 905 € (none 20 % below the others' mean).
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, alpha, "0,0125", "10")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, beta, "0,0125", "11")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, gamma, "0,0125", "12")).StatusCode);

        // Out of range and a missing justification are refused in French next to their fields, nothing saved.
        var refused = await ScoresAsync(client, alpha, "10,5", "2,5", "5", justification: " ");
        var refusedPage = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("doit être comprise entre 0 et 10,00", Error(refusedPage, "Scores[T1]"), StringComparison.Ordinal);
        Assert.Equal(OfferService.JustificationMessage, Error(refusedPage, "Justifications[T2]"));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM OfferScores WHERE OfferId = @alpha", new { alpha }));

        // Weighted: T1 × 30/10 + T2 × 10/5 + ENV × 10/10.
        Assert.Equal(HttpStatusCode.Redirect, (await ScoresAsync(client, alpha, "6", "2,5", "5")).StatusCode); // 18 + 5 + 5 = 28
        Assert.Equal(HttpStatusCode.Redirect, (await ScoresAsync(client, beta, "9", "5", "8")).StatusCode); // 27 + 10 + 8 = 45
        Assert.Equal(HttpStatusCode.Redirect, (await ScoresAsync(client, gamma, "8", "4", "7")).StatusCode); // 24 + 8 + 7 = 39

        // Price: 50 × 2 425 / P. Alpha 50 + 28 = 78; Beta 45,4971… + 45 = 90,4971…; Gamma 41,7383… + 39 = 80,7383….
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var expected = new Dictionary<long, (int Rank, decimal Total)>
        {
            [beta] = (1, (50m * 2425m / 2665m) + 45m),
            [gamma] = (2, (50m * 2425m / 2905m) + 39m),
            [alpha] = (3, 78m),
        };
        var page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Empty(page.QuerySelectorAll("[data-testid=scoring-errors] li"));
        foreach (var (offer, (rank, total)) in expected)
        {
            var row = Row(page, "ranking", offer);
            Assert.Equal(rank.ToString(CultureInfo.InvariantCulture), Cell(row, "rank"));
            Assert.Equal(Math.Round(total, 2, MidpointRounding.AwayFromZero).ToString("0.00", fr), Cell(row, "total"));
        }

        Assert.Equal(["90,50", "80,74", "78,00"], new[] { beta, gamma, alpha }.Select(o => Cell(Row(page, "ranking", o), "total")));
        Assert.Equal("9,10", Row(page, "ranking", beta).QuerySelector("td[data-item=PRIX]")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("[data-testid=tie]"));
        Assert.Empty(page.QuerySelectorAll("[data-testid=abnormally-low]"));

        // The simulator: linear price scores 50 × (2 905 − P) / 480 = Alpha 50, Beta 25, Gamma 0, so the totals are
        // Alpha 78, Beta 70, Gamma 39 and every rank changes (proportional Beta, Gamma, Alpha; linear Alpha, Beta, Gamma).
        string[] Simulated(long offer) => Row(page, "simulator", offer).QuerySelectorAll("td").Skip(1).Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["78,00", "3", "78,00", "1 (rang modifié)"], Simulated(alpha));
        Assert.Equal(["90,50", "1", "70,00", "2 (rang modifié)"], Simulated(beta));
        Assert.Equal(["80,74", "2", "39,00", "3 (rang modifié)"], Simulated(gamma));
        Assert.Equal(3, page.QuerySelectorAll("table[data-testid=simulator] tbody tr.rank-changed").Length);
    }

    [Fact]
    public async Task Tie_EqualExactTotals_ShownAsATie_ThenSettledByTheOfficerWithAReason()
    {
        var a = await PastDeadlineAsync();
        var alpha = await OfferAsync(a, "Alpha");
        var beta = await OfferAsync(a, "Beta");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);
        foreach (var offer in new[] { alpha, beta })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, offer, "0,0125", "10")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ScoresAsync(client, offer, "7", "3", "6")).StatusCode);
        }

        var page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=tie]").Length);
        Assert.All(new[] { alpha, beta }, o => Assert.Equal("1 (ex aequo)", Cell(Row(page, "ranking", o), "rank")));
        Assert.NotNull(page.QuerySelector("form[data-testid=tie-form]"));
        Assert.Equal(2, page.QuerySelectorAll("table[data-testid=simulator] tbody tr").Length);
        Assert.Empty(page.QuerySelectorAll("table[data-testid=simulator] tbody tr.rank-changed"));

        var noReason = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/SettleTie/{a.LotId}", new Dictionary<string, string> { ["WinnerOfferId"] = TestApp.Id(beta), ["Reason"] = " " });
        Assert.Equal(LotScoring.TieReasonMissingMessage, Error(await HttpClientForms.ParseAsync(await noReason.Content.ReadAsStringAsync()), "Reason"));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TieSettlements WHERE TenderLotId = @LotId", new { a.LotId }));

        var settled = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/SettleTie/{a.LotId}", new Dictionary<string, string> { ["WinnerOfferId"] = TestApp.Id(beta), ["Reason"] = "Meilleure note de qualité de service après audition." });
        Assert.Equal(HttpStatusCode.Redirect, settled.StatusCode);

        page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Equal("1", Cell(Row(page, "ranking", beta), "rank"));
        Assert.Equal("2", Cell(Row(page, "ranking", alpha), "rank"));
        Assert.Equal("départagée : Meilleure note de qualité de service après audition.", Cell(Row(page, "ranking", alpha), "tie-settlement"));
        Assert.Null(page.QuerySelector("form[data-testid=tie-form]"));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TieSettlements WHERE TenderLotId = @LotId AND WinnerOfferId = @beta", new { a.LotId, beta }));

        // Settling again is refused: no tie is left.
        var again = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/SettleTie/{a.LotId}", new Dictionary<string, string> { ["WinnerOfferId"] = TestApp.Id(alpha), ["Reason"] = "Autre motif." });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TieSettlements WHERE TenderLotId = @LotId", new { a.LotId }));
    }

    [Fact]
    public async Task AbnormallyLow_ExactlyTwentyPercentBelowNotFlagged_BeyondFlagged_DecisionRecordedWithItsJustification()
    {
        var a = await PastDeadlineAsync();
        var low = await OfferAsync(a, "Basse");
        var beta = await OfferAsync(a, "Beta");
        var gamma = await OfferAsync(a, "Gamma");
        var client = await app.LoginAsync(Officer);
        await OpenAsync(app, client, a);

        // Beta and Gamma: 12,50 × 240 = 3 000 €. Exactly 20 % below their mean: 2 400 € = 10 × 240.
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, beta, "0", "12,5")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, gamma, "0", "12,5")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, low, "0", "10")).StatusCode);
        var page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Empty(page.QuerySelectorAll("[data-testid=abnormally-low]"));
        Assert.Empty(page.QuerySelectorAll("form[data-testid=abnormally-low-form]"));

        // 9,9999 × 240 = 2 399,976 → 2 399,98 €: a cent beyond 20 % below, flagged (not rejected).
        Assert.Equal(HttpStatusCode.Redirect, (await PricesAsync(client, a, low, "0", "9,9999")).StatusCode);
        page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Equal("Anormalement basse", Cell(Row(page, "ranking", low), "abnormally-low"));
        Assert.Single(page.QuerySelectorAll("[data-testid=abnormally-low]"));
        Assert.Single(page.QuerySelectorAll("form[data-testid=abnormally-low-form]"));
        Assert.Empty(Cell(Row(page, "ranking", low), "exclusion"));

        var version = TestApp.Id(await VersionAsync(low));
        var refused = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/AbnormallyLow/{a.LotId}", new Dictionary<string, string> { ["OfferId"] = TestApp.Id(low), ["Version"] = version, ["Outcome"] = "Kept", ["Justification"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(AbnormallyLowRule.JustificationMissingMessage, Error(await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync()), "Justification"));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TenderOffers WHERE Id = @low AND AbnormallyLowOutcome IS NOT NULL", new { low }));

        var kept = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/AbnormallyLow/{a.LotId}", new Dictionary<string, string> { ["OfferId"] = TestApp.Id(low), ["Version"] = version, ["Outcome"] = "Kept", ["Justification"] = "Remise justifiée par le renouvellement du parc." });
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.Equal((int)AbnormallyLowOutcome.Kept, await app.ScalarAsync<int>("SELECT AbnormallyLowOutcome FROM TenderOffers WHERE Id = @low", new { low }));
        page = await client.GetDocumentAsync($"/Offers/Evaluation/{a.LotId}");
        Assert.Contains("maintenue : Remise justifiée par le renouvellement du parc.", Row(page, "ranking", low).TextContent, StringComparison.Ordinal);

        // An offer that is not flagged takes no decision.
        var notFlagged = await client.PostFormAsync($"/Offers/Evaluation/{a.LotId}", $"/Offers/AbnormallyLow/{a.LotId}", new Dictionary<string, string> { ["OfferId"] = TestApp.Id(beta), ["Version"] = TestApp.Id(await VersionAsync(beta)), ["Outcome"] = "Rejected", ["Justification"] = "Sans objet." });
        Assert.Equal(HttpStatusCode.OK, notFlagged.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM TenderOffers WHERE Id = @beta AND AbnormallyLowOutcome IS NOT NULL", new { beta }));
    }
}
