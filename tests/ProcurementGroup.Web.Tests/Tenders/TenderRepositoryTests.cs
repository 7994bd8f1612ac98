using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The members of <see cref="TenderScenario"/> used by the tender tests, and what the snapshot must hold.
/// A (validated) and B (submitted) are counted; C's draft is pending; D left on 30/11/2026, before the planned launch;
/// E joined on 01/01/2027, after it; F leaves on 01/12/2026: it takes part on 1 December, not on 2 December.
/// </summary>
internal static class SnapshotCase
{
    public static readonly DateOnly Since2024 = new(2024, 1, 1);

    public static async Task<TenderScenario> ArrangeAsync(IDbConnectionFactory factory, CampaignStatus status = CampaignStatus.Closed)
    {
        var s = await TenderScenario.CampaignAsync(factory, status);
        await s.MemberAsync("A", NeedsFormStatus.Validated, Since2024, null, ("MIN", 1_000_000), ("LINE", 10_000), ("FIB", 2_000));
        await s.MemberAsync("B", NeedsFormStatus.Submitted, Since2024, null, ("MIN", 500_500), ("LINE", 3_000));
        await s.MemberAsync("C", NeedsFormStatus.Draft, Since2024, null, ("LINE", 100_000));
        await s.MemberAsync("D", NeedsFormStatus.Validated, Since2024, new DateOnly(2026, 11, 30), ("LINE", 7_000));
        await s.MemberAsync("E", NeedsFormStatus.Submitted, new DateOnly(2027, 1, 1), null, ("LINE", 50_000));
        await s.MemberAsync("F", NeedsFormStatus.Validated, Since2024, new DateOnly(2026, 12, 1), ("FIB", 5_000));
        return s;
    }
}

/// <summary>A tender created from a closed campaign holds exactly the quantities of the forms counted on the snapshot date, and every field it was given.</summary>
public sealed class TenderCreation_SnapshotsTheCountedForms : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await SnapshotCase.ArrangeAsync(factory);
        var repository = new TenderRepository(factory);
        var created = new DateTime(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc);
        var input = s.NewTender();

        var result = await repository.CreateFromCampaignAsync(input, created);

        Assert.Equal(CreateTenderOutcome.Created, result.Outcome);
        var details = await repository.GetAsync(result.TenderId!.Value);
        Assert.NotNull(details);
        var t = details.Tender;
        Assert.Equal(s.CampaignId, t.CampaignId);
        Assert.Equal(input.Reference, t.Reference);
        Assert.Equal(input.Object, t.Object);
        Assert.Equal(PurchaseNature.Services, t.Nature);
        Assert.Equal(ContractForm.FrameworkPurchaseOrders, t.ContractForm);
        Assert.Equal(TenderProcedure.OpenCallForTenders, t.ProcedureType);
        Assert.True(t.Formalised);
        Assert.Equal(24, t.DurationMonths);
        Assert.Equal(TenderStatus.Draft, t.State);
        Assert.Null(t.StateReason);
        Assert.True(t.ElectronicOffers);
        Assert.Null(t.PublishedAtUtc);
        Assert.Null(t.OfferDeadlineUtc);
        Assert.Null(t.OffersOpenedAtUtc);
        Assert.Null(t.CaoDecisionDate);
        Assert.Null(t.CaoDecision);
        Assert.Equal(PriceFormula.Linear, t.PriceFormula);
        Assert.Equal(100_000, t.MaxScoreTenThousandths);
        Assert.Equal(25, t.AbnormallyLowPercent);
        Assert.Equal(["Accord-cadre"], t.Decp.Techniques);
        Assert.Equal(["Bons de commande"], t.Decp.ModalitesExecution);
        Assert.Equal("Techniques de l'information et de la communication", t.Ccag);
        Assert.Equal("80", t.LieuExecutionCode);
        Assert.Equal("Code département", t.LieuExecutionTypeCode);
        Assert.Equal("Définitif révisable", t.TypesPrix);
        Assert.Equal("Unitaire", t.FormePrix);
        Assert.Equal("Pas de considération sociale", t.ConsiderationsSociales);
        Assert.Equal("Critère environnemental", t.ConsiderationsEnvironnementales);
        Assert.False(t.MarcheInnovant);
        Assert.False(t.AttributionAvance);
        Assert.Equal("Pas de groupement", t.TypeGroupementOperateurs);
        Assert.Equal(TenderScenario.PlannedLaunch, t.SnapshotDate);
        Assert.Equal(created, t.SnapshotAtUtc);
        Assert.Equal(DateTimeKind.Utc, t.SnapshotAtUtc.Kind);
        Assert.Equal(created, t.CreatedAtUtc);
        Assert.Equal(created, t.UpdatedAtUtc);
        Assert.Equal(1, t.Version);

        // Counted: A (validated) and F (validated, still adhering on 1 December); B (submitted). C's draft is pending.
        // D (left 30/11) and E (joined 2027) do not take part.
        Assert.Equal(1, t.SnapshotSubmittedForms);
        Assert.Equal(2, t.SnapshotValidatedForms);
        Assert.Equal(1, t.SnapshotPendingForms);
        Assert.Equal(2, t.SnapshotNotTakingPartForms);

        Assert.Collection(
            details.Lots,
            l =>
            {
                Assert.Equal((1, "Téléphonie fixe", (string?)"64210000-1", (long?)50_000_000L, false, TenderProcedure.OpenCallForTenders), (l.LotNumber, l.Title, l.CpvCode, l.MaximumCents, l.SmallLotException, l.ProcedureType));
                Assert.Equal(s.Lot1Id, l.CampaignLotId);
            },
            l =>
            {
                Assert.Equal((2, "Accès internet", (string?)"72400000", (long?)null, true, TenderProcedure.Mapa), (l.LotNumber, l.Title, l.CpvCode, l.MaximumCents, l.SmallLotException, l.ProcedureType));
                Assert.Equal(s.Lot2Id, l.CampaignLotId);
            });

        Assert.Equal(3, details.Items.Count);
        var min = details.Items.Single(i => i.Code == "MIN");
        Assert.Equal(((long?)s.ItemId("MIN"), "Article MIN", "minute", PricePeriod.OneOff, QuantityBasis.PerYear, 2L, 2000), (min.CatalogueItemId, min.Label, min.Unit, min.PricePeriod, min.QuantityBasis, min.EstimatedUnitPriceCents, min.VatRateBasisPoints));
        Assert.Equal(details.Lots[0].Id, min.TenderLotId);
        Assert.Equal(1_500_500, min.QuantityMilli);
        Assert.Equal(13_000, details.Items.Single(i => i.Code == "LINE").QuantityMilli);
        var fib = details.Items.Single(i => i.Code == "FIB");
        Assert.Equal(7_000, fib.QuantityMilli);
        Assert.Equal((PricePeriod.Monthly, 45000L, 550, details.Lots[1].Id), (fib.PricePeriod, fib.EstimatedUnitPriceCents, fib.VatRateBasisPoints, fib.TenderLotId));

        var perMember = await repository.MemberQuantitiesAsync(t.Id);
        Assert.Equal(6, perMember.Count);
        Assert.Equal(
            [
                (s.MemberId("A"), "MIN", 1_000_000L), (s.MemberId("A"), "LINE", 10_000L), (s.MemberId("A"), "FIB", 2_000L),
                (s.MemberId("B"), "MIN", 500_500L), (s.MemberId("B"), "LINE", 3_000L), (s.MemberId("F"), "FIB", 5_000L),
            ],
            perMember.Select(q => (q.MemberId, details.Items.Single(i => i.Id == q.TenderItemId).Code, q.QuantityMilli))
                .OrderBy(q => q.MemberId).ThenBy(q => q.Code == "MIN" ? 0 : q.Code == "LINE" ? 1 : 2).ToList());

        Assert.Equal([1, 2], details.Items.Where(i => i.TenderLotId == details.Lots[0].Id).Select(i => i.SortOrder));
        Assert.All(details.Items, i => Assert.Equal(t.Id, i.TenderId));
        Assert.All(details.Lots, l => Assert.Equal((t.Id, 1), (l.TenderId, l.Version)));

        // The DECP fields are saved at the Version read.
        var decp = t.Decp with
        {
            MarcheInnovant = true,
            AttributionAvance = true,
            Ccag = "Fournitures courantes et services",
            TypeGroupementOperateurs = "Solidaire",
            LieuExecutionCode = "80021",
            LieuExecutionTypeCode = "Code commune",
            TypesPrix = ["Définitif ferme", "Définitif révisable"],
            FormePrix = "Mixte",
            ConsiderationsSociales = ["Clause sociale"],
            ConsiderationsEnvironnementales = ["Clause environnementale", "Critère environnemental"],
        };
        await using (var connection = await factory.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.False(await repository.UpdateDecpAsync(connection, transaction, t.Id, 0, decp, created));
            Assert.True(await repository.UpdateDecpAsync(connection, transaction, t.Id, 1, decp, created.AddHours(1)));
            await transaction.CommitAsync();
        }

        var saved = (await repository.GetAsync(t.Id))!.Tender;
        Assert.Equal((true, true, "Fournitures courantes et services", "Solidaire", "80021", "Code commune", "Mixte", 2, created.AddHours(1)), (saved.MarcheInnovant, saved.AttributionAvance, saved.Ccag, saved.TypeGroupementOperateurs, saved.LieuExecutionCode, saved.LieuExecutionTypeCode, saved.FormePrix, saved.Version, saved.UpdatedAtUtc));
        Assert.Equal(["Définitif ferme", "Définitif révisable"], saved.Decp.TypesPrix);
        Assert.Equal(["Clause sociale"], saved.Decp.ConsiderationsSociales);
        Assert.Equal(["Clause environnementale", "Critère environnemental"], saved.Decp.ConsiderationsEnvironnementales);
        Assert.Equal(["Accord-cadre"], saved.Decp.Techniques);

        // A campaign may lead to several tenders (a relaunch), each under its own reference.
        var relaunch = await repository.CreateFromCampaignAsync(s.NewTender("REL"), created);
        Assert.Equal(CreateTenderOutcome.Created, relaunch.Outcome);
        Assert.Equal(2, (await repository.ListForCampaignAsync(s.CampaignId)).Count);
        Assert.Equal(CreateTenderOutcome.DuplicateReference, (await repository.CreateFromCampaignAsync(input, created)).Outcome);
    }
}

/// <summary>An open campaign or a lot of another campaign gives no tender, and writes nothing.</summary>
public sealed class TenderCreation_RefusesAnOpenCampaignOrAForeignLot : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var open = await TenderScenario.CampaignAsync(factory, CampaignStatus.Open);
        var closed = await TenderScenario.CampaignAsync(factory);
        var repository = new TenderRepository(factory);

        Assert.Equal(new CreateTenderResult(CreateTenderOutcome.CampaignNotClosed, null), await repository.CreateFromCampaignAsync(open.NewTender(), TenderScenario.Now));
        var foreign = closed.NewTender();
        foreign.Lots = [new NewTenderLot { CampaignLotId = open.Lot1Id, ProcedureType = TenderProcedure.OpenCallForTenders }];
        Assert.Equal(new CreateTenderResult(CreateTenderOutcome.UnknownLot, null), await repository.CreateFromCampaignAsync(foreign, TenderScenario.Now));

        Assert.Empty(await repository.ListForCampaignAsync(open.CampaignId));
        Assert.Empty(await repository.ListForCampaignAsync(closed.CampaignId));
    }
}

/// <summary>
/// Transitions are guarded in the UPDATE: out of order or with a stale Version no row changes; publishing retakes the
/// snapshot on the publication's day (F, who left on 1 December, no longer counts on 2 December).
/// </summary>
public sealed class TenderTransitions_AreGuardedByStateAndVersion : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await SnapshotCase.ArrangeAsync(factory);
        var repository = new TenderRepository(factory);
        var id = (await repository.CreateFromCampaignAsync(s.NewTender(), TenderScenario.Now)).TenderId!.Value;
        var at = new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

        // Out of order: the offers of a draft cannot be opened, nor can it be awarded.
        Assert.False(await repository.TransitionAsync(new TenderStateChange(id, 1, TenderTransition.OpenOffers, at)));
        Assert.False(await repository.TransitionAsync(new TenderStateChange(id, 1, TenderTransition.Award, at)));
        // Stale Version.
        var publish = new TenderStateChange(id, 0, TenderTransition.Publish, at) { PublishedAtUtc = at, OfferDeadlineUtc = at.AddDays(31) };
        Assert.False(await repository.TransitionAsync(publish));
        var unchanged = (await repository.GetAsync(id))!.Tender;
        Assert.Equal((TenderStatus.Draft, 1, (DateTime?)null), (unchanged.State, unchanged.Version, unchanged.PublishedAtUtc));
        Assert.Equal(7_000, (await repository.GetAsync(id))!.Items.Single(i => i.Code == "FIB").QuantityMilli);

        Assert.True(await repository.TransitionAsync(publish with { Version = 1 }));
        var published = (await repository.GetAsync(id))!;
        Assert.Equal((TenderStatus.Published, 2, at, at.AddDays(31)), (published.Tender.State, published.Tender.Version, published.Tender.PublishedAtUtc!.Value, published.Tender.OfferDeadlineUtc!.Value));
        Assert.Equal(new DateOnly(2026, 12, 2), published.Tender.SnapshotDate);
        Assert.Equal(2_000, published.Items.Single(i => i.Code == "FIB").QuantityMilli);
        Assert.Equal(1_500_500, published.Items.Single(i => i.Code == "MIN").QuantityMilli);
        Assert.Equal((1, 1, 1, 3), (published.Tender.SnapshotSubmittedForms, published.Tender.SnapshotValidatedForms, published.Tender.SnapshotPendingForms, published.Tender.SnapshotNotTakingPartForms));
        Assert.False(await repository.TransitionAsync(publish with { Version = 2 }));

        var opened = at.AddDays(32);
        Assert.True(await repository.TransitionAsync(new TenderStateChange(id, 2, TenderTransition.OpenOffers, opened)));
        Assert.False(await repository.TransitionAsync(new TenderStateChange(id, 3, TenderTransition.Award, opened)));
        Assert.True(await repository.TransitionAsync(new TenderStateChange(id, 3, TenderTransition.Evaluate, opened)));
        Assert.True(await repository.TransitionAsync(new TenderStateChange(id, 4, TenderTransition.RecordCommissionDecision, opened)
        {
            CaoDecisionDate = new DateOnly(2027, 1, 20),
            CaoDecision = "La CAO attribue le lot 1 à l'offre classée première.",
        }));
        Assert.True(await repository.TransitionAsync(new TenderStateChange(id, 5, TenderTransition.Award, opened)));
        // Final: neither sans suite nor infructueuse any more.
        Assert.False(await repository.TransitionAsync(new TenderStateChange(id, 6, TenderTransition.Abandon, opened) { Reason = "Besoin disparu" }));

        var awarded = (await repository.GetAsync(id))!.Tender;
        Assert.Equal((TenderStatus.Awarded, 6, opened), (awarded.State, awarded.Version, awarded.OffersOpenedAtUtc!.Value));
        Assert.Equal((new DateOnly(2027, 1, 20), "La CAO attribue le lot 1 à l'offre classée première."), (awarded.CaoDecisionDate!.Value, awarded.CaoDecision!));
        Assert.Null(awarded.StateReason);
        Assert.Equal(at, awarded.PublishedAtUtc);

        // Sans suite from a draft, with its reason; a MAPA has no CAO decision.
        var mapa = s.NewTender("MAP");
        mapa.ProcedureType = TenderProcedure.Mapa;
        var mapaId = (await repository.CreateFromCampaignAsync(mapa, TenderScenario.Now)).TenderId!.Value;
        Assert.False(await repository.TransitionAsync(new TenderStateChange(mapaId, 1, TenderTransition.RecordCommissionDecision, at)));
        Assert.True(await repository.TransitionAsync(new TenderStateChange(mapaId, 1, TenderTransition.Abandon, at) { Reason = "Besoin redéfini" }));
        var abandoned = (await repository.GetAsync(mapaId))!.Tender;
        Assert.Equal((TenderStatus.Abandoned, (string?)"Besoin redéfini", 2), (abandoned.State, abandoned.StateReason, abandoned.Version));
    }
}
