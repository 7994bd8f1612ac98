using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Tests.Documents;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The award pages through HTTP (issue 8 items 7 to 9). Each test arranges its own tender through the repositories: the
/// demo members CA Amiens Métropole (MIN 1 000 min a year, LINE 5 lines) and CC du Vimeu (MIN 200, LINE 2, FIB 1) join a
/// new telecom groupement; lot 1 (appel d'offres ouvert) gets Alpha (0,0125 € a minute, 12,3456 € a line a month) and
/// Beta (0,02 €, 15 €), lot 2 (MAPA) Gamma (40 € a month) and Delta (42 €); criteria price 60 (linear, out of 10),
/// technical 30 and environment 10, Alpha scored 8 and 7, Beta 9 and 8. By hand, over 24 months: Alpha's DQE = 0,0125 ×
/// 1 200 × 2 + 12,3456 × 7 × 24 = 30 + 2 074,0608 = 2 104,06 €; Beta's = 48 + 2 520 = 2 568,00 € (also the estimate at
/// the catalogue's prices 0,02 € and 15 €); Alpha's total = 60 + 24 + 7 = 91,00, Beta's = 0 + 27 + 8 = 35,00.
/// </summary>
public sealed class AwardPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string AmiensBuyer = "acheteur.amiens@demo.local";

    private sealed record Arranged(TenderScenario Scenario, long TenderId, long Lot1, long Lot2, long Alpha, long Beta, long Gamma, long Delta, long Amiens, long Vimeu);

    private async Task<Arranged> ArrangeAsync(bool open = true, bool evaluated = true)
    {
        var factory = app.ConnectionFactory;
        var s = await TenderScenario.CampaignAsync(factory);
        var amiens = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Amiens });
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Vimeu });
        await JoinAsync(s, amiens, ("MIN", 1_000_000), ("LINE", 5_000));
        await JoinAsync(s, vimeu, ("MIN", 200_000), ("LINE", 2_000), ("FIB", 1_000));

        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var tenderId = (await tenders.CreateFromCampaignAsync(s.NewTender(), TenderScenario.Now)).TenderId!.Value;
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []),
                new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 30, []),
                new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 10, []),
            ],
            PriceFormula.Linear,
            10m);
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 1, criteria, TenderScenario.Now));
        var published = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        var deadline = published.AddDays(31);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 2, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = deadline }));
        var details = (await tenders.GetAsync(tenderId))!;
        var lot1 = details.Lots.Single(l => l.LotNumber == 1).Id;
        var lot2 = details.Lots.Single(l => l.LotNumber == 2).Id;
        var item = details.Items.ToDictionary(i => i.Code, i => i.Id);
        var tech = details.Criteria.Single(c => c.Code == "TECH").Id;
        var env = details.Criteria.Single(c => c.Code == "ENV").Id;

        var received = deadline.AddHours(-3);
        async Task<long> OfferAsync(string name, long lot)
        {
            var supplier = await s.SupplierAsync(name);
            return (await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot, SupplierId = supplier, ReceivedAtUtc = received }, received))!.Value;
        }

        var alpha = await OfferAsync("Alpha Télécom", lot1);
        var beta = await OfferAsync("Beta Réseaux", lot1);
        var gamma = await OfferAsync("Gamma Fibre", lot2);
        var delta = await OfferAsync("Delta Net", lot2);
        if (open)
        {
            Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 3, TenderTransition.OpenOffers, deadline.AddHours(1))));
            async Task PriceAndScoreAsync(long offer, (string Code, long TenThousandths)[] prices, long techScore, long envScore)
            {
                Assert.True(await offers.SavePricesAsync(offer, 1, prices.Select(p => (item[p.Code], new UnitPrice(p.TenThousandths))).ToList(), deadline));
                Assert.True(await offers.SaveScoresAsync(offer, 2, [new(tech, null, techScore * TenderScore.Scale, "Mémoire technique."), new(env, null, envScore * TenderScore.Scale, "Bilan carbone.")], deadline));
            }

            await PriceAndScoreAsync(alpha, [("MIN", 125), ("LINE", 123_456)], 8, 7);
            await PriceAndScoreAsync(beta, [("MIN", 200), ("LINE", 150_000)], 9, 8);
            await PriceAndScoreAsync(gamma, [("FIB", 400_000)], 8, 8);
            await PriceAndScoreAsync(delta, [("FIB", 420_000)], 7, 7);
            if (evaluated)
            {
                var evaluatedAt = deadline.AddDays(5);
                Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 4, TenderTransition.Evaluate, evaluatedAt)));
                Assert.True(await tenders.TransitionAsync(
                    new TenderStateChange(tenderId, 5, TenderTransition.RecordCommissionDecision, evaluatedAt) { CaoDecisionDate = new DateOnly(2027, 1, 10), CaoDecision = "Attribution aux offres classées premières." }));
            }
        }

        return new Arranged(s, tenderId, lot1, lot2, alpha, beta, gamma, delta, amiens, vimeu);
    }

    /// <summary>An existing (demo) member joins the scenario's groupement and submits its form, as <see cref="TenderScenario.MemberAsync"/> does for a new one.</summary>
    private async Task JoinAsync(TenderScenario s, long memberId, params (string Code, long QuantityMilli)[] lines)
    {
        var factory = app.ConnectionFactory;
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await new PurchasingGroupRepository(factory).AddAdhesionAsync(c, tx, new Adhesion { PurchasingGroupId = s.GroupId, MemberId = memberId, JoinedOn = new DateOnly(2024, 1, 1) });
        await new CampaignRepository(factory).InsertMissingFormsAsync(c, tx, s.CampaignId, [memberId], TenderScenario.Now);
        var formId = await c.ExecuteScalarAsync<long>("SELECT Id FROM NeedsForms WHERE CampaignId = @CampaignId AND MemberId = @memberId", new { s.CampaignId, memberId }, tx);
        var version = await new NeedLinesStore(factory).ReplaceLinesAsync(
            c, tx, formId, 1, false, lines.Select(l => new NeedLine { CatalogueItemId = s.ItemId(l.Code), QuantityMilli = l.QuantityMilli }).ToList(), null, TenderScenario.Now)
            ?? throw new InvalidOperationException("The draft was not saved.");
        Assert.Equal(1, await new NeedsFormRepository(factory).SubmitAsync(c, tx, formId, version, null, TenderScenario.Now));
        await tx.CommitAsync();
    }

    private static string Id(long id) => TestApp.Id(id);

    private static Dictionary<string, string> Award(long awardee, string? tax, string? social, string? letters, LetterChannel? channel, int version = 0) => new()
    {
        ["Award.AwardeeOfferId"] = Id(awardee),
        ["Award.TaxCertificateReceivedOn"] = tax ?? string.Empty,
        ["Award.SocialCertificateReceivedOn"] = social ?? string.Empty,
        ["Award.RejectionLettersSentOn"] = letters ?? string.Empty,
        ["Award.RejectionLettersChannel"] = channel is { } ch ? ((int)ch).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
        ["Award.AwardNoticeSentOn"] = string.Empty,
        ["Award.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string> Contract(string reference, string signedOn) => new()
    {
        ["Contract.Reference"] = reference,
        ["Contract.SignedOn"] = signedOn,
        ["Contract.NotifiedOn"] = string.Empty,
        ["Contract.DurationMonths"] = "24",
        ["Contract.Amount"] = "500000",
        ["Contract.CpvCode"] = "64210000-1",
        ["Contract.PriceForm"] = DecpCodes.FormePrixUnitaire,
    };

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

    private static string MessageFor(IHtmlDocument doc, string field) => doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;

    private static string Reference(Arranged a, string suffix = "01") => $"M{a.Scenario.Tag}-{suffix}";

    private Task<long> ContractsOfLotAsync(long lot) => app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts WHERE TenderLotId = @lot", new { lot });

    private static async Task<HttpResponseMessage> AwardLotAsync(HttpClient client, long lot, Dictionary<string, string> fields)
    {
        var url = $"/Awards/Lot/{Id(lot)}";
        return await client.PostFormAsync(url, url, fields);
    }

    private static Task<HttpResponseMessage> SignAsync(HttpClient client, long lot, Dictionary<string, string> fields) =>
        client.PostFormAsync($"/Awards/Lot/{Id(lot)}", $"/Awards/Sign/{Id(lot)}", fields);

    [Fact]
    public async Task Standstill_LettersPosted28December2010_SignatureRefusedOn12January_AllowedOn13January()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);

        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Equal(["Alpha Télécom " + a.Scenario.Tag, "Beta Réseaux " + a.Scenario.Tag], page.QuerySelectorAll("[data-testid=ranking] [data-field=Supplier]").Select(e => e.TextContent));
        Assert.Equal(["91,00", "35,00"], page.QuerySelectorAll("[data-testid=ranking] [data-field=Total]").Select(e => e.TextContent));
        Assert.Equal([TestApp.Money(210_406), TestApp.Money(256_800)], page.QuerySelectorAll("[data-testid=ranking] [data-field=Dqe]").Select(e => e.TextContent));

        var saved = await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, "2010-12-20", "2010-12-21", "2010-12-28", LetterChannel.Post));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'TenderAward' AND Action = 'Created' AND EntityId = (SELECT Id FROM TenderAwards WHERE TenderLotId = @lot)", new { lot = a.Lot1 }));
        page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Equal("Signature possible à partir du 13/01/2011", page.QuerySelector("[data-field=EarliestSignature]")!.TextContent.Trim());

        var refused = await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-12"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Contains("à partir du 13/01/2011", MessageFor(doc, "Contract.SignedOn"), StringComparison.Ordinal);
        Assert.Equal(Reference(a), doc.QuerySelector("input[name='Contract.Reference']")!.GetAttribute("value"));
        Assert.Equal(0, await ContractsOfLotAsync(a.Lot1));

        var signed = await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"));
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal(1, await ContractsOfLotAsync(a.Lot1));
        var contract = Assert.Single(await new AwardRepository(app.ConnectionFactory).ContractsOfTenderAsync(a.TenderId));
        Assert.Equal(
            (a.Lot1, Reference(a), new DateOnly(2011, 1, 13), 50_000_000L, true, "64210000-1", 24, DecpCodes.FormePrixUnitaire, (DateOnly?)null),
            (contract.TenderLotId, contract.Reference, contract.SignedOn, contract.AmountCents, contract.IsMaximum, contract.CpvCode, contract.DurationMonths, contract.PriceForm, contract.NotifiedOn));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Contract' AND Action = 'Signed' AND EntityId = (SELECT Id FROM Contracts WHERE TenderLotId = @lot)", new { lot = a.Lot1 }));
        page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Equal("Alpha Télécom " + a.Scenario.Tag, page.QuerySelector("[data-testid=contract] [data-field=Supplier]")!.TextContent);
        Assert.Equal("13/01/2011", page.QuerySelector("[data-testid=contract] [data-field=SignedOn]")!.TextContent);
        // Formalised: the avis d'attribution, missing more than 30 days after signing, is flagged.
        Assert.NotNull(page.QuerySelector("[data-testid=notice-overdue]"));
    }

    [Fact]
    public async Task AwardNotice_RefusedBeforeSigning_RecordedAfter_NoLongerFlagged()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        var fields = Award(a.Alpha, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic);
        fields["Award.AwardNoticeSentOn"] = "2011-01-05";
        var refused = await AwardLotAsync(officer, a.Lot1, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Equal("L'avis d'attribution est envoyé après la signature du marché.", MessageFor(doc, "Award.AwardNoticeSentOn"));
        Assert.Equal("2011-01-05", doc.QuerySelector("input[name='Award.AwardNoticeSentOn']")!.GetAttribute("value"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderAwards WHERE TenderLotId = @lot", new { lot = a.Lot1 }));

        fields["Award.AwardNoticeSentOn"] = string.Empty;
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"))).StatusCode);
        Assert.NotNull((await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}")).QuerySelector("[data-testid=notice-overdue]"));

        // After signing only the notice may change; sent on 20/01/2011 it is no longer flagged.
        fields["Award.AwardNoticeSentOn"] = "2011-01-20";
        fields["Award.Version"] = "1";
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, fields)).StatusCode);
        Assert.Null((await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}")).QuerySelector("[data-testid=notice-overdue]"));
        fields["Award.TaxCertificateReceivedOn"] = "2011-01-03";
        fields["Award.Version"] = "2";
        var changed = await AwardLotAsync(officer, a.Lot1, fields);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("seule la date de l'avis d'attribution", (await ParseAsync(changed)).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapa_HasNoStandstill_SignedWithTheCertificatesAndNoLetter()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot2, Award(a.Gamma, "2025-03-01", "2025-03-01", null, null))).StatusCode);

        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot2)}");
        Assert.StartsWith("Aucun (procédure adaptée", page.QuerySelector("[data-field=EarliestSignature]")!.TextContent.Trim(), StringComparison.Ordinal);
        var fields = Contract(Reference(a, "02"), "2025-03-02");
        fields["Contract.CpvCode"] = "72400000";
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot2, fields)).StatusCode);
        Assert.Equal(1, await ContractsOfLotAsync(a.Lot2));
        // A MAPA has no avis d'attribution to flag.
        Assert.Null((await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot2)}")).QuerySelector("[data-testid=notice-overdue]"));
    }

    [Fact]
    public async Task Award_BeforeTheEvaluationAndTheCommission_RefusedInFrench_NothingSaved()
    {
        var a = await ArrangeAsync(evaluated: false);
        var officer = await app.LoginAsync(Officer);
        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Contains("« Décision de la CAO enregistrée »", page.QuerySelector("[data-testid=state]")?.TextContent ?? page.Body!.TextContent, StringComparison.Ordinal);

        var refused = await officer.PostFormAsync($"/Awards/Lot/{Id(a.Lot1)}", $"/Awards/Lot/{Id(a.Lot1)}", Award(a.Alpha, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Action impossible", (await ParseAsync(refused)).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderAwards WHERE TenderLotId = @lot", new { lot = a.Lot1 }));
    }

    [Fact]
    public async Task SigningTheLastLot_AwardsTheTender()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot2, Award(a.Gamma, "2025-03-01", "2025-03-01", null, null))).StatusCode);
        var mapa = Contract(Reference(a, "02"), "2025-03-02");
        mapa["Contract.CpvCode"] = "72400000";
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot2, mapa)).StatusCode);
        Assert.Equal((long)TenderStatus.CommissionDecided, await app.ScalarAsync<long>("SELECT State FROM Tenders WHERE Id = @id", new { id = a.TenderId }));

        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"))).StatusCode);
        Assert.Equal((long)TenderStatus.Awarded, await app.ScalarAsync<long>("SELECT State FROM Tenders WHERE Id = @id", new { id = a.TenderId }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Tender' AND EntityId = @id AND Action = 'Award'", new { id = a.TenderId }));
    }

    [Fact]
    public async Task Signing_WithoutTheCertificates_Refused_NothingSaved()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, null, "2011-01-02", "2011-01-01", LetterChannel.Electronic))).StatusCode);

        var refused = await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-03-01"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(AwardRules.CertificatesMissingMessage, MessageFor(await ParseAsync(refused), "Contract.SignedOn"));
        Assert.Equal(0, await ContractsOfLotAsync(a.Lot1));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Contract' AND AfterJson LIKE @r", new { r = "%" + Reference(a) + "%" }));
    }

    [Fact]
    public async Task ContractReference_Of17Characters_RefusedNextToTheField_16Accepted()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot2, Award(a.Gamma, "2025-03-01", "2025-03-01", null, null))).StatusCode);
        var seventeen = ("R" + a.Scenario.Tag + "-ABCDEFGHIJ")[..17];
        Assert.Equal(17, seventeen.Length);
        var fields = Contract(seventeen, "2025-03-02");
        fields["Contract.CpvCode"] = "72400000";

        var refused = await SignAsync(officer, a.Lot2, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await ParseAsync(refused);
        Assert.Equal(ContractReference.Message, MessageFor(doc, "Contract.Reference"));
        Assert.Equal(seventeen, doc.QuerySelector("input[name='Contract.Reference']")!.GetAttribute("value"));
        Assert.Equal(0, await ContractsOfLotAsync(a.Lot2));

        fields["Contract.Reference"] = seventeen[..16];
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot2, fields)).StatusCode);
        Assert.Equal(seventeen[..16], await app.ScalarAsync<string>("SELECT Reference FROM Contracts WHERE TenderLotId = @lot", new { lot = a.Lot2 }));
    }

    /// <summary>
    /// Amiens's share of lot 1 (Alpha) over 24 months: MIN 1 000 min a year × 2 years × 0,0125 € = 25,00 €; LINE 5 × 24 ×
    /// 12,3456 € = 1 481,472 € → 1 481,47 €; total 1 506,472 € → 1 506,47 €.
    /// </summary>
    [Fact]
    public async Task AmiensBuyer_SeesItsShareComputedByHand_VimeusShareAnswers404()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"))).StatusCode);
        var contractId = await app.ScalarAsync<long>("SELECT Id FROM Contracts WHERE TenderLotId = @lot", new { lot = a.Lot1 });

        var buyer = await app.LoginAsync(AmiensBuyer);
        var navigation = (await buyer.GetDocumentAsync("/")).QuerySelectorAll("nav a").Select(l => (l.TextContent.Trim(), l.GetAttribute("href"))).ToList();
        Assert.Contains(("Mes marchés", "/Awards/Mine"), navigation);
        foreach (var url in new[] { $"/Awards/Shares/{Id(a.Amiens)}", "/Awards/Mine" })
        {
            var page = await buyer.GetDocumentAsync(url);
            var table = page.QuerySelector($"[data-member='{Id(a.Amiens)}'] [data-contract='{Id(contractId)}']")!;
            Assert.Equal(TestApp.Money(2_500), table.QuerySelector("[data-item=MIN] [data-field=Amount]")!.TextContent);
            Assert.Equal(TestApp.Money(148_147), table.QuerySelector("[data-item=LINE] [data-field=Amount]")!.TextContent);
            Assert.Equal(TestApp.Money(150_647), table.QuerySelector("[data-field=Total]")!.TextContent);
            Assert.Null(page.QuerySelector($"[data-member='{Id(a.Vimeu)}']"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/Awards/Shares/{Id(a.Vimeu)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/Awards/Lot/{Id(a.Lot1)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/Awards/AnalysisReport/{Id(a.Lot1)}")).StatusCode);
    }

    [Fact]
    public async Task BeforeTheOpening_NoAwardPageNorDocument()
    {
        var a = await ArrangeAsync(open: false);
        var officer = await app.LoginAsync(Officer);
        foreach (var url in new[] { $"/Awards/Lot/{Id(a.Lot1)}", $"/Awards/AnalysisReport/{Id(a.Lot1)}", $"/Awards/RejectionLetter/{Id(a.Beta)}", $"/Awards/PresentationReport/{Id(a.TenderId)}", $"/Awards/Savings/{Id(a.TenderId)}", $"/Awards/SavingsXlsx/{Id(a.TenderId)}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task RejectionLetters_OnlyForTheOtherBidders_OnceTheProposedOfferIsAwarded()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Awards/RejectionLetter/{Id(a.Beta)}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, null, null, "2011-01-02", LetterChannel.Electronic))).StatusCode);

        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Equal([$"/Awards/RejectionLetter/{Id(a.Beta)}"], page.QuerySelectorAll("[data-testid=ranking] a[href^='/Awards/RejectionLetter/']").Select(e => e.GetAttribute("href")).ToList());
        Assert.Null(page.QuerySelector("[data-testid=awardee-reason]"));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/Awards/RejectionLetter/{Id(a.Beta)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Awards/RejectionLetter/{Id(a.Alpha)}")).StatusCode);
    }

    [Fact]
    public async Task Award_AnotherThanTheProposedOffer_NeedsAReason_WhichTheLettersAndTheReportGive()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        const string reason = "Motif-QX7 : attestation d'assurance absente.";

        var refused = await AwardLotAsync(officer, a.Lot1, Award(a.Beta, null, null, "2011-01-02", LetterChannel.Electronic));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(AwardRules.AwardeeReasonMessage, MessageFor(await ParseAsync(refused), "Award.AwardeeReason"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 }));

        var fields = Award(a.Beta, null, null, "2011-01-02", LetterChannel.Electronic);
        fields["Award.AwardeeReason"] = reason;
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, fields)).StatusCode);

        Assert.Equal(a.Beta, await app.ScalarAsync<long>("SELECT AwardeeOfferId FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 }));
        Assert.Equal(reason, await app.ScalarAsync<string>("SELECT AwardeeReason FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 }));

        // The column is the source: the award's audit entries are a history that nothing reads to display or decide.
        await app.ExecuteAsync("DELETE FROM AuditLog WHERE EntityType = 'TenderAward' AND EntityId = (SELECT Id FROM TenderAwards WHERE TenderLotId = @Lot1)", new { a.Lot1 });
        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        Assert.Contains(reason, page.QuerySelector("[data-testid=awardee-reason]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(reason, page.QuerySelector("textarea[name='Award.AwardeeReason']")?.TextContent.Trim());
        Assert.Equal([$"/Awards/RejectionLetter/{Id(a.Alpha)}"], page.QuerySelectorAll("[data-testid=ranking] a[href^='/Awards/RejectionLetter/']").Select(e => e.GetAttribute("href")).ToList());
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Awards/RejectionLetter/{Id(a.Beta)}")).StatusCode);

        var letter = await PdfTextAsync(officer, $"/Awards/RejectionLetter/{Id(a.Alpha)}");
        Assert.Contains("Motif-QX7", letter, StringComparison.Ordinal);
        Assert.Contains("Beta Réseaux " + a.Scenario.Tag, letter, StringComparison.Ordinal);
        var report = await PdfTextAsync(officer, $"/Awards/AnalysisReport/{Id(a.Lot1)}");
        Assert.Contains("Motif-QX7", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwardeeReason_OnceTheContractIsSigned_CannotChange_TheNoticeStillCan()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        const string reason = "Motif-ZK4 : référence de l'offre classée première non conforme.";
        var fields = Award(a.Beta, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic);
        fields["Award.AwardeeReason"] = reason;
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"))).StatusCode);

        fields["Award.AwardeeReason"] = "Un autre motif.";
        fields["Award.Version"] = "1";
        var changed = await AwardLotAsync(officer, a.Lot1, fields);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("seule la date de l'avis d'attribution", (await ParseAsync(changed)).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(reason, await app.ScalarAsync<string>("SELECT AwardeeReason FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 }));

        fields["Award.AwardeeReason"] = reason;
        fields["Award.AwardNoticeSentOn"] = "2011-01-20";
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, fields)).StatusCode);
        Assert.Equal((reason, 2L), (await app.ScalarAsync<string>("SELECT AwardeeReason FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 }),
            await app.ScalarAsync<long>("SELECT Version FROM TenderAwards WHERE TenderLotId = @Lot1", new { a.Lot1 })));
    }

    /// <summary>A PDF's text read back with PdfPig (qpdf is checked by the documents test).</summary>
    private static async Task<string> PdfTextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return Plain(string.Join("\n", pdf.GetPages().Select(p => p.Text)));
    }

    [SkippableFact]
    public async Task Documents_ReadBackWithTheFiguresOfThePage_PassQpdf()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, "2011-01-01", "2011-01-01", "2011-01-02", LetterChannel.Electronic))).StatusCode);
        var page = await officer.GetDocumentAsync($"/Awards/Lot/{Id(a.Lot1)}");
        var totals = page.QuerySelectorAll("[data-testid=ranking] [data-field=Total]").Select(e => e.TextContent).ToList();
        var amounts = page.QuerySelectorAll("[data-testid=ranking] [data-field=Dqe]").Select(e => Plain(e.TextContent)).ToList();
        Assert.Equal(["91,00", "35,00"], totals);
        Assert.NotNull(page.QuerySelector($"a[href='/Awards/RejectionLetter/{Id(a.Beta)}']"));
        Assert.Null(page.QuerySelector($"a[href='/Awards/RejectionLetter/{Id(a.Alpha)}']"));

        var report = await PdfAsync(officer, $"/Awards/AnalysisReport/{Id(a.Lot1)}");
        Contains(report, [.. totals, .. amounts, "Alpha Télécom " + a.Scenario.Tag, "Mémoire technique."]);

        var letter = await PdfAsync(officer, $"/Awards/RejectionLetter/{Id(a.Beta)}");
        // The letters were sent electronically on 02/01/2011: the standstill ends on 13/01/2011.
        Contains(letter, ["Beta Réseaux " + a.Scenario.Tag, "Alpha Télécom " + a.Scenario.Tag, "91,00", "35,00", "13/01/2011"]);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Awards/RejectionLetter/{Id(a.Alpha)}")).StatusCode);

        var presentation = await PdfAsync(officer, $"/Awards/PresentationReport/{Id(a.TenderId)}");
        Contains(presentation, ["Alpha Télécom " + a.Scenario.Tag, amounts[0], a.Scenario.NewTender().Reference]);
    }

    [Fact]
    public async Task Savings_PageAndXlsx_EstimatedAgainstAwarded_PerLotAndTotal()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, null, null, null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot2, Award(a.Gamma, null, null, null, null))).StatusCode);

        // Lot 1: estimated 2 568,00 €, awarded 2 104,06 €, saving 463,94 € (18,07 %). Lot 2: FIB 450 € × 24 = 10 800,00 €
        // against 40 € × 24 = 960,00 €, saving 9 840,00 € (91,11 %). Total: 13 368,00 €, 3 064,06 €, 10 303,94 € (77,08 %).
        var page = await officer.GetDocumentAsync($"/Awards/Savings/{Id(a.TenderId)}");
        Assert.Equal(
            [TestApp.Money(1_336_800), TestApp.Money(306_406), TestApp.Money(1_030_394), "77,08 %"],
            page.QuerySelectorAll("[data-testid=total] td").Select(e => e.TextContent));

        var response = await officer.GetAsync($"/Awards/SavingsXlsx/{Id(a.TenderId)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        decimal Cell(int row, string header) => Convert.ToDecimal(rows[row][header], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((2568m, 2104.06m, 463.94m, 18.07m), (Cell(0, "Valeur estimée HT (€)"), Cell(0, "Valeur attribuée HT (€)"), Cell(0, "Économie HT (€)"), Cell(0, "Économie (%)")));
        Assert.Equal((10800m, 960m, 9840m, 91.11m), (Cell(1, "Valeur estimée HT (€)"), Cell(1, "Valeur attribuée HT (€)"), Cell(1, "Économie HT (€)"), Cell(1, "Économie (%)")));
        Assert.Equal("Total", rows[2]["Lot"]);
        Assert.Equal((13368m, 3064.06m, 10303.94m, 77.08m), (Cell(2, "Valeur estimée HT (€)"), Cell(2, "Valeur attribuée HT (€)"), Cell(2, "Économie HT (€)"), Cell(2, "Économie (%)")));
    }

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static async Task<string> PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await Qpdf.CheckAsync(bytes);
        using var pdf = PdfDocument.Open(bytes);
        return Plain(string.Join("\n", pdf.GetPages().Select(p => p.Text)));
    }

    private static void Contains(string text, IEnumerable<string> expected)
    {
        foreach (var e in expected)
        {
            Assert.True(text.Contains(e, StringComparison.Ordinal), $"Not found: {e}\nIn the document's text:\n{text}");
        }
    }

    // i9-contracts: signing copies the awarded offer's unit prices and the tender's member quantities, in the same transaction.
    [Fact]
    public async Task Signing_CopiesTheAwardedUnitPricesAndTheMembersSnapshotQuantitiesIntoTheContract()
    {
        var a = await ArrangeAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await AwardLotAsync(officer, a.Lot1, Award(a.Alpha, "2010-12-20", "2010-12-21", "2010-12-28", LetterChannel.Post))).StatusCode);

        // Refused (standstill): no contract, and no item nor member copied.
        Assert.Equal(HttpStatusCode.OK, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-12"))).StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ContractItems ci JOIN TenderItems i ON i.Id = ci.TenderItemId WHERE i.TenderLotId = @lot", new { lot = a.Lot1 }));

        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(officer, a.Lot1, Contract(Reference(a), "2011-01-13"))).StatusCode);
        var contractId = await app.ScalarAsync<long>("SELECT Id FROM Contracts WHERE TenderLotId = @lot", new { lot = a.Lot1 });
        var items = await app.QueryAsync<(long Position, string Label, long UnitPrice)>(
            "SELECT ci.Position, i.Code, ci.UnitPriceTenThousandths FROM ContractItems ci JOIN TenderItems i ON i.Id = ci.TenderItemId WHERE ci.ContractId = @contractId ORDER BY ci.Position",
            new { contractId });
        Assert.Equal([(1L, "MIN", 125L), (2L, "LINE", 123_456L)], items);
        Assert.Equal(
            new[] { a.Amiens, a.Vimeu }.Order(),
            await app.QueryAsync<long>("SELECT MemberId FROM ContractMembers WHERE ContractId = @contractId ORDER BY MemberId", new { contractId }));
        var quantities = await app.QueryAsync<(long MemberId, string Code, long QuantityMilli)>(
            """
            SELECT q.MemberId, i.Code, q.QuantityMilli FROM ContractMemberQuantities q JOIN ContractItems ci ON ci.Id = q.ContractItemId
            JOIN TenderItems i ON i.Id = ci.TenderItemId WHERE q.ContractId = @contractId ORDER BY q.MemberId, ci.Position
            """,
            new { contractId });
        Assert.Equal(
            new[] { (a.Amiens, "MIN", 1_000_000L), (a.Amiens, "LINE", 5_000L), (a.Vimeu, "MIN", 200_000L), (a.Vimeu, "LINE", 2_000L) }.OrderBy(q => q.Item1).ThenBy(q => q.Item2 == "LINE"),
            quantities);

        // The contract page shows the copied BPU and the members' quantities.
        var page = await officer.GetDocumentAsync($"/Contracts/Details/{Id(contractId)}");
        Assert.Equal("2", page.QuerySelector("[data-testid=items] tr[data-member='" + NeedsFormScenarios.Vimeu + "'] td:last-child")!.TextContent.Trim());
    }
}
