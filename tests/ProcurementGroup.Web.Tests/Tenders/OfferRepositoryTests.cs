using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// Criteria, offers, unit prices in ten-thousandths, scores, abnormally-low decisions, tie settlements, awards and
/// contracts round-trip exactly; prices and scores are refused before the opening and with a stale Version; the scoring
/// read gives LotScoring each offer's DQE total rounded once.
/// </summary>
public sealed class OfferRepository_RoundTripsPricesScoresAwardsAndContracts : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await TenderScenario.CampaignAsync(factory);
        await s.MemberAsync("A", NeedsFormStatus.Validated, new DateOnly(2024, 1, 1), null, ("MIN", 1_000_000), ("LINE", 10_000), ("FIB", 2_000));
        await s.MemberAsync("B", NeedsFormStatus.Submitted, new DateOnly(2024, 1, 1), null, ("MIN", 500_500), ("LINE", 3_000));
        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var awards = new AwardRepository(factory);
        var tenderId = (await tenders.CreateFromCampaignAsync(s.NewTender(), TenderScenario.Now)).TenderId!.Value;

        // Criteria: price 40, technical 50 = 30 + 20 (sub-criteria scored out of 10 and 7,5), environment 10 (no sub-criteria).
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 40, []),
                new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 50, [new SubCriterion("T1", "Qualité de service", 30, 10m), new SubCriterion("T2", "Support", 20, 7.5m)]),
                new Criterion("ENV", "Performance environnementale", CriterionKind.Environmental, 10, []),
            ],
            PriceFormula.Proportional,
            20m);
        Assert.False(await tenders.ReplaceCriteriaAsync(tenderId, 0, criteria, TenderScenario.Now));
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 1, criteria, TenderScenario.Now));
        Assert.True(await tenders.ReplaceCriteriaAsync(tenderId, 2, criteria, TenderScenario.Now));
        var details = (await tenders.GetAsync(tenderId))!;
        Assert.Equal(3, details.Criteria.Count);
        Assert.Equal(2, details.SubCriteria.Count);
        Assert.Equal(
            [("T1", "Qualité de service", 30, 100_000L, 0), ("T2", "Support", 20, 75_000L, 1)],
            details.SubCriteria.Select(c => (c.Code, c.Name, c.Weight, c.MaxScoreTenThousandths, c.SortOrder)));
        Assert.All(details.SubCriteria, c => Assert.Equal((tenderId, details.Criteria.Single(k => k.Code == "TECH").Id), (c.TenderId, c.CriterionId)));
        Assert.Equal([0, 1, 2], details.Criteria.Select(c => c.SortOrder));
        var read = details.AwardCriteria;
        Assert.Equal((PriceFormula.Proportional, 20m), (read.Formula, read.MaxScore));
        Assert.Equal(["PRIX", "TECH", "ENV"], read.Criteria.Select(c => c.Code));
        Assert.Equal(new SubCriterion("T2", "Support", 20, 7.5m), read.Criteria[1].SubCriteria[1]);
        Assert.Equal((CriterionKind.Environmental, "Performance environnementale", 10), (read.Criteria[2].Kind, read.Criteria[2].Name, read.Criteria[2].Weight));
        Assert.Empty(CriteriaRules.Validate(read));

        var published = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        var deadline = published.AddDays(31);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 3, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = deadline }));
        Assert.False(await tenders.ReplaceCriteriaAsync(tenderId, 4, criteria, published));
        var lot1 = details.Lots.Single(l => l.LotNumber == 1);
        var min = details.Items.Single(i => i.Code == "MIN");
        var line = details.Items.Single(i => i.Code == "LINE");
        var fib = details.Items.Single(i => i.Code == "FIB");

        var alpha = await s.SupplierAsync("Alpha Télécom");
        var beta = await s.SupplierAsync("Beta Réseaux");
        var received = deadline.AddHours(-3);
        var lateAt = deadline.AddMinutes(5);
        var alphaOffer = await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot1.Id, SupplierId = alpha, ReceivedAtUtc = received }, received);
        var betaOffer = await offers.RegisterAsync(
            new NewOffer { TenderId = tenderId, TenderLotId = lot1.Id, SupplierId = beta, ReceivedAtUtc = lateAt, IsLate = true, LateReason = OfferPeriod.LateReason(lateAt, deadline) },
            lateAt);
        Assert.NotNull(alphaOffer);
        Assert.NotNull(betaOffer);
        // A lot of another tender is refused.
        Assert.Null(await offers.RegisterAsync(new NewOffer { TenderId = tenderId + 1000, TenderLotId = lot1.Id, SupplierId = alpha, ReceivedAtUtc = received }, received));

        // Sealed: no price before the opening.
        Assert.False(await offers.SavePricesAsync(alphaOffer.Value, 1, [(min.Id, new UnitPrice(125))], received));
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 4, TenderTransition.OpenOffers, deadline.AddHours(1))));

        // 0,0125 € a minute and 12,3456 € a line a month, exactly.
        Assert.True(UnitPrice.TryParse("0,0125", out var perMinute, out _));
        Assert.True(UnitPrice.TryParse("12,3456", out var perLine, out _));
        Assert.False(await offers.SavePricesAsync(alphaOffer.Value, 0, [(min.Id, perMinute)], deadline));
        // An item of another lot is not taken.
        Assert.True(await offers.SavePricesAsync(alphaOffer.Value, 1, [(min.Id, perMinute), (line.Id, perLine), (fib.Id, new UnitPrice(1))], deadline));
        Assert.True(await offers.SavePricesAsync(betaOffer.Value, 1, [(min.Id, new UnitPrice(100)), (line.Id, new UnitPrice(110_000))], deadline));

        var lotOffers = await offers.ListForLotAsync(lot1.Id);
        Assert.Equal(2, lotOffers.Count);
        var alphaRead = lotOffers[0];
        Assert.Equal(("Alpha Télécom " + s.Tag, alpha, received, false, (string?)null, 2), (alphaRead.Offer.SupplierName, alphaRead.Offer.SupplierId, alphaRead.Offer.ReceivedAtUtc, alphaRead.Offer.IsLate, alphaRead.Offer.LateReason, alphaRead.Offer.Version));
        Assert.Equal((tenderId, lot1.Id, received, deadline), (alphaRead.Offer.TenderId, alphaRead.Offer.TenderLotId, alphaRead.Offer.CreatedAtUtc, alphaRead.Offer.UpdatedAtUtc));
        Assert.Null(alphaRead.Offer.AbnormallyLowOutcome);
        Assert.Null(alphaRead.Offer.AbnormallyLowJustification);
        Assert.Equal(0, alphaRead.MissingPrices);
        Assert.Equal(
            [(min.Id, 125L, 1_500_500L, PricePeriod.OneOff, QuantityBasis.PerYear), (line.Id, 123_456L, 13_000L, PricePeriod.Monthly, QuantityBasis.WholeDuration)],
            alphaRead.Lines.OrderBy(l => l.ItemId == min.Id ? 0 : 1).Select(l => (l.ItemId, l.UnitPrice.TenThousandths, l.QuantityMilli, l.Period, l.Basis)));
        Assert.Equal("0,0125 €", alphaRead.Lines.Single(l => l.ItemId == min.Id).UnitPrice.ToString());
        Assert.True(lotOffers[1].Offer.IsLate);
        Assert.Equal(OfferPeriod.LateReason(lateAt, deadline), lotOffers[1].Offer.LateReason);

        // Scores: a sub-criterion with 4 decimals, and a criterion without sub-criteria.
        var tech = details.Criteria.Single(c => c.Code == "TECH");
        var env = details.Criteria.Single(c => c.Code == "ENV");
        var t1 = details.SubCriteria.Single(c => c.Code == "T1");
        var t2 = details.SubCriteria.Single(c => c.Code == "T2");
        OfferScoreInput[] scores =
        [
            new(tech.Id, t1.Id, 87_525, "Engagements de rétablissement en 4 h."),
            new(tech.Id, t2.Id, 75_000, "Support joignable 24 h/24."),
            new(env.Id, null, 200_000, "Matériels reconditionnés."),
        ];
        Assert.False(await offers.SaveScoresAsync(alphaOffer.Value, 1, scores, deadline));
        Assert.True(await offers.SaveScoresAsync(alphaOffer.Value, 2, scores, deadline));
        var scoreRows = await offers.ScoresAsync(alphaOffer.Value);
        Assert.Equal(
            [("T1", 87_525L, "Engagements de rétablissement en 4 h."), ("T2", 75_000L, "Support joignable 24 h/24."), ("ENV", 200_000L, "Matériels reconditionnés.")],
            scoreRows.OrderBy(r => r.Code == "T1" ? 0 : r.Code == "T2" ? 1 : 2).Select(r => (r.Code, r.ScoreTenThousandths, r.Justification)));
        Assert.Equal(
            [(tech.Id, (long?)t1.Id), (tech.Id, (long?)t2.Id), (env.Id, (long?)null)],
            scoreRows.OrderBy(r => r.Code == "T1" ? 0 : r.Code == "T2" ? 1 : 2).Select(r => (r.CriterionId, r.SubCriterionId)));
        Assert.All(scoreRows, r => Assert.Equal(alphaOffer.Value, r.OfferId));

        Assert.True(await WithTransactionAsync(factory, (c, tx) => offers.RecordAbnormallyLowDecisionAsync(c, tx, betaOffer.Value, 2, new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Prix justifié par une offre groupée."), deadline)));
        var betaRead = (await offers.GetAsync(betaOffer.Value))!;
        Assert.Equal((AbnormallyLowOutcome.Kept, "Prix justifié par une offre groupée.", 3), (betaRead.AbnormallyLowOutcome!.Value, betaRead.AbnormallyLowJustification!, betaRead.Version));
        var settlementId = await WithTransactionAsync(factory, (c, tx) => offers.InsertTieSettlementAsync(c, tx, lot1.Id, new TieSettlement(alphaOffer.Value, "Meilleure note technique."), 7, deadline));
        var settlement = Assert.Single(await offers.TieSettlementsAsync(lot1.Id));
        Assert.Equal((settlementId, lot1.Id, alphaOffer.Value, "Meilleure note technique.", deadline, (long?)7), (settlement.Id, settlement.TenderLotId, settlement.WinnerOfferId, settlement.Reason, settlement.SettledAtUtc, settlement.SettledByUserId));

        // The scoring read: Alpha's DQE = 0,0125 × 1 500,5 min × 2 years + 12,3456 × 13 lines × 24 months
        // = 37,5125 + 3 851,8272 = 3 889,3397 €, rounded once: 388 934 cents. Beta (late) = 0,01 × 1 500,5 × 2 + 11 × 13 × 24 = 3 462,01 €.
        var scoring = (await offers.LoadScoringAsync(tenderId))!;
        Assert.Equal(2, scoring.Lots.Count);
        Assert.Equal(25, scoring.LowRule.Percent);
        var lot1Input = scoring.Lots.Single(l => l.Lot.Id == lot1.Id);
        Assert.Empty(scoring.Lots.Single(l => l.Lot.Id != lot1.Id).Offers);
        var alphaScoring = lot1Input.Offers.Single(o => o.OfferId == alphaOffer.Value);
        Assert.Equal(388_934, alphaScoring.DqeTotal.Cents);
        Assert.Equal(346_201, lot1Input.Offers.Single(o => o.OfferId == betaOffer.Value).DqeTotal.Cents);
        Assert.Null(alphaScoring.LateReason);
        Assert.Equal(OfferPeriod.LateReason(lateAt, deadline), lot1Input.Offers.Single(o => o.OfferId == betaOffer.Value).LateReason);
        Assert.Equal(8.7525m, alphaScoring.Scores["T1"]);
        Assert.Equal(20m, alphaScoring.Scores["ENV"]);
        Assert.Equal(new TieSettlement(alphaOffer.Value, "Meilleure note technique."), Assert.Single(lot1Input.Settlements));
        var lotScore = LotScoring.Score(scoring.Criteria, lot1Input.Offers, null, scoring.LowRule);
        Assert.Equal(alphaOffer.Value, lotScore.ProposedAwardee?.Offer.OfferId);

        // One lot's read (the lot's evaluation and award pages): that lot alone, with the same figures.
        var lot1Read = Assert.Single((await offers.LoadLotScoringAsync(tenderId, lot1.Id))!.Lots);
        Assert.Equal(lot1.Id, lot1Read.Lot.Id);
        Assert.Equal(
            lot1Input.Offers.Select(o => (o.OfferId, o.DqeTotal.Cents, o.LateReason, string.Join(";", o.Scores.OrderBy(x => x.Key, StringComparer.Ordinal)))),
            lot1Read.Offers.Select(o => (o.OfferId, o.DqeTotal.Cents, o.LateReason, string.Join(";", o.Scores.OrderBy(x => x.Key, StringComparer.Ordinal)))));
        Assert.Equal(lot1Input.Settlements, lot1Read.Settlements);
        Assert.Equal(lot1Input.MissingPrices.OrderBy(m => m.Key), lot1Read.MissingPrices.OrderBy(m => m.Key));
        var lot2Id = scoring.Lots.Single(l => l.Lot.Id != lot1.Id).Lot.Id;
        var lot2Read = Assert.Single((await offers.LoadLotScoringAsync(tenderId, lot2Id))!.Lots);
        Assert.Equal(lot2Id, lot2Read.Lot.Id);
        Assert.Empty(lot2Read.Offers);
        Assert.Empty(lot2Read.Settlements);

        // Award and contract.
        var award = new TenderAwardRow
        {
            TenderLotId = lot1.Id,
            AwardeeOfferId = alphaOffer.Value,
            TaxCertificateReceivedOn = new DateOnly(2027, 1, 25),
            CreatedAtUtc = deadline,
            UpdatedAtUtc = deadline,
        };
        award.Id = await WithTransactionAsync(factory, (c, tx) => awards.InsertAwardAsync(c, tx, award));
        award.SocialCertificateReceivedOn = new DateOnly(2027, 1, 26);
        award.RejectionLettersSentOn = new DateOnly(2027, 1, 27);
        award.RejectionLettersChannel = LetterChannel.Post;
        award.AwardNoticeSentOn = new DateOnly(2027, 3, 1);
        award.Version = 0;
        Assert.False(await WithTransactionAsync(factory, (c, tx) => awards.UpdateAwardAsync(c, tx, award)));
        award.Version = 1;
        Assert.True(await WithTransactionAsync(factory, (c, tx) => awards.UpdateAwardAsync(c, tx, award)));
        var awardRead = Assert.Single(await awards.AwardsOfTenderAsync(tenderId));
        Assert.Equal(
            (award.Id, lot1.Id, alphaOffer.Value, (DateOnly?)new DateOnly(2027, 1, 25), (DateOnly?)new DateOnly(2027, 1, 26), (DateOnly?)new DateOnly(2027, 1, 27), (LetterChannel?)LetterChannel.Post, (DateOnly?)new DateOnly(2027, 3, 1), 2),
            (awardRead.Id, awardRead.TenderLotId, awardRead.AwardeeOfferId, awardRead.TaxCertificateReceivedOn, awardRead.SocialCertificateReceivedOn, awardRead.RejectionLettersSentOn, awardRead.RejectionLettersChannel, awardRead.AwardNoticeSentOn, awardRead.Version));

        var contract = new ContractRow
        {
            TenderLotId = lot1.Id,
            Reference = "M27-" + s.Tag,
            SupplierId = alpha,
            SignedOn = new DateOnly(2027, 2, 12),
            NotifiedOn = new DateOnly(2027, 2, 13),
            DurationMonths = 24,
            AmountCents = 50_000_000,
            IsMaximum = true,
            CpvCode = "64210000-1",
            PriceForm = DecpCodes.FormePrixUnitaire,
            CreatedAtUtc = deadline,
            UpdatedAtUtc = deadline,
        };
        var contractId = await WithTransactionAsync(factory, (c, tx) => awards.InsertContractAsync(c, tx, contract));
        var contractRead = (await awards.GetContractAsync(contractId))!;
        Assert.Equal(
            (lot1.Id, contract.Reference, alpha, new DateOnly(2027, 2, 12), (DateOnly?)new DateOnly(2027, 2, 13), 24, 50_000_000L, true, "64210000-1", "Unitaire", 1, deadline),
            (contractRead.TenderLotId, contractRead.Reference, contractRead.SupplierId, contractRead.SignedOn, contractRead.NotifiedOn, contractRead.DurationMonths, contractRead.AmountCents, contractRead.IsMaximum, contractRead.CpvCode, contractRead.PriceForm, contractRead.Version, contractRead.CreatedAtUtc));
        Assert.Equal(deadline, contractRead.UpdatedAtUtc);
        Assert.Equal(contractId, Assert.Single(await awards.ContractsOfTenderAsync(tenderId)).Id);

        // Member B's share: its snapshot quantities × Alpha's unit prices.
        var lines = await awards.MemberContractLinesAsync(s.MemberId("B"));
        Assert.Equal([(min.Id, 500_500L, 125L), (line.Id, 3_000L, 123_456L)], lines.OrderBy(l => l.ItemCode == "MIN" ? 0 : 1).Select(l => (l.TenderItemId, l.QuantityMilli, l.UnitPriceTenThousandths)));
        // 0,0125 × 500,5 × 2 + 12,3456 × 3 × 24 = 12,5125 + 888,8832 = 901,3957 € → 901,40 €.
        Assert.Equal(90_140, MemberShares.Compute(lines.Select(l => l.ToShareLine()), 24).Total.Cents);
    }

    private static async Task<T> WithTransactionAsync<T>(IDbConnectionFactory factory, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work)
    {
        await using var connection = await factory.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(connection, transaction);
        await transaction.CommitAsync();
        return result;
    }
}

/// <summary>
/// The offer periods are seeded as dated rows (35 days for an open appel d'offres, 30 with electronic offers, from
/// 1 April 2019) and edited like the thresholds: a new row ends the old one, a stale Version saves nothing.
/// </summary>
public sealed class OfferPeriodRules_AreSeededAndEditedAsDatedRows : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new OfferPeriodRuleRepository(factory);
        var seeded = (await repository.ListAsync()).Where(r => r.ValidFrom == new DateOnly(2019, 4, 1)).ToList();
        Assert.Equal(DefaultOfferPeriods.Rows, seeded.Select(r => r.ToRule() with { Id = 0 }).ToList());

        var paper = seeded.Single(r => !r.ElectronicOffers);
        var changedAt = new DateTime(2027, 1, 2, 10, 0, 0, DateTimeKind.Utc);
        long newId;
        await using (var connection = await factory.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var stale = new OfferPeriodRuleRow { Id = paper.Id, Version = paper.Version + 1, ProcedureType = paper.ProcedureType, ValidFrom = paper.ValidFrom, ValidUntil = new DateOnly(2027, 12, 31), MinimumDays = 35, Article = paper.Article, UpdatedAtUtc = changedAt };
            Assert.False(await repository.UpdateAsync(connection, transaction, stale));
            Assert.True(await repository.UpdateAsync(connection, transaction, new OfferPeriodRuleRow
            {
                Id = paper.Id, Version = paper.Version, ProcedureType = paper.ProcedureType, ElectronicOffers = false, ValidFrom = paper.ValidFrom,
                ValidUntil = new DateOnly(2027, 12, 31), MinimumDays = 35, Article = paper.Article, UpdatedAtUtc = changedAt,
            }));
            newId = await repository.InsertAsync(connection, transaction, new OfferPeriodRuleRow
            {
                ProcedureType = TenderProcedure.OpenCallForTenders, ElectronicOffers = false, ValidFrom = new DateOnly(2028, 1, 1), MinimumDays = 33, Article = "R2161-2 (décret fictif de test)", UpdatedAtUtc = changedAt,
            });
            // Not committed: a shared SQL Server database keeps its seeded rows.
            var rows = (await connection.QueryAsync<OfferPeriodRuleRow>(OfferPeriodRuleRepository.ListSql, transaction: transaction)).ToList();
            var ended = rows.Single(r => r.Id == paper.Id);
            Assert.Equal(((DateOnly?)new DateOnly(2027, 12, 31), paper.Version + 1, changedAt), (ended.ValidUntil, ended.Version, ended.UpdatedAtUtc));
            var added = rows.Single(r => r.Id == newId);
            Assert.Equal((TenderProcedure.OpenCallForTenders, false, new DateOnly(2028, 1, 1), (DateOnly?)null, 33, "R2161-2 (décret fictif de test)", 1), (added.ProcedureType, added.ElectronicOffers, added.ValidFrom, added.ValidUntil, added.MinimumDays, added.Article, added.Version));
            var inForce = OfferPeriod.RuleInForce(TenderProcedure.OpenCallForTenders, false, new DateTime(2028, 3, 1, 9, 0, 0, DateTimeKind.Utc), rows.Select(r => r.ToRule()));
            Assert.Equal(33, inForce?.MinimumDays);
        }

        Assert.Equal(2, (await repository.ListAsync()).Count(r => r.ValidFrom == new DateOnly(2019, 4, 1) && r.ValidUntil is null));
    }
}
