using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>A form's lines on both providers: every field read back, a stale version and a submitted form refused.</summary>
public sealed class NeedLinesStoreRoundTrip : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await Scenario.For(factory)
            .Member("Alpha")
            .Campaign("Lignes " + Guid.NewGuid().ToString("N")[..8], c => c
                .Lot(1, "Mobile", l => l
                    .Item("TERM", 25_000, PricePeriod.OneOff)
                    .Item("DATA", 950, PricePeriod.Monthly, i => i.Fractions())))
            .Opened()
            .Form("Alpha", f => { })
            .BuildAsync();
        var store = new NeedLinesStore(factory);
        var forms = new NeedsFormRepository(factory);
        var sites = new MemberSiteRepository(factory);
        var formId = s.FormId("Alpha");
        var memberId = s.MemberId("Alpha");

        var created = await store.GetFormAsync(formId);
        Assert.NotNull(created);
        Assert.Equal(formId, created.Id);
        Assert.Equal(s.CampaignId, created.CampaignId);
        Assert.Equal(memberId, created.MemberId);
        Assert.Equal(NeedsFormStatus.Draft, created.Status);
        Assert.Equal(1, created.Version);
        Assert.Null(created.ReturnReason);
        Assert.Null(created.SubmittedAtUtc);
        Assert.Null(created.SubmittedByUserId);
        Assert.Null(created.ValidatedAtUtc);
        Assert.Null(created.ValidatedByUserId);
        Assert.Null(created.ReturnedAtUtc);
        Assert.Null(created.ReopenedAtUtc);
        Assert.Null(created.UpdatedByUserId);
        Assert.Equal(formId, (await store.GetFormAsync(s.CampaignId, memberId))!.Id);
        Assert.Empty(await store.ListAsync(formId));

        long siteId;
        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            siteId = await sites.InsertAsync(connection, tx, new MemberSite { MemberId = memberId, Name = "Mairie", CreatedAtUtc = DateTime.UtcNow });
            await tx.CommitAsync();
        }

        var savedAt = new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc);
        NeedLine[] lines =
        [
            new() { CatalogueItemId = s.ItemId("TERM"), QuantityMilli = 3_000, Comment = "Pour l'accueil, « urgent »" },
            new() { CatalogueItemId = s.ItemId("DATA"), SiteId = siteId, QuantityMilli = 1_500 },
            new() { CatalogueItemId = s.ItemId("DATA"), QuantityMilli = 250 },
        ];
        Assert.Equal(2, await ReplaceAsync(factory, store, formId, 1, false, lines, savedAt));

        var read = await store.ListAsync(formId);
        Assert.Equal(3, read.Count);
        Assert.Equal(3, read.Select(l => l.Id).Distinct().Count());
        Assert.All(read, l => Assert.Equal((formId, s.CampaignId, memberId), (l.FormId, l.CampaignId, l.MemberId)));
        Assert.Equal(
            [(s.ItemId("TERM"), (long?)null, 0L, 3_000L, (string?)"Pour l'accueil, « urgent »"), (s.ItemId("DATA"), siteId, siteId, 1_500L, null), (s.ItemId("DATA"), null, 0L, 250L, null)],
            read.Select(l => (l.CatalogueItemId, l.SiteId, l.SiteKey, l.QuantityMilli, l.Comment)).ToList());
        var saved = (await store.GetFormAsync(formId))!;
        Assert.Equal(2, saved.Version);
        Assert.Equal(savedAt, saved.UpdatedAtUtc);
        Assert.Equal(NeedsFormStatus.Draft, saved.Status);

        // A save made from the version read before someone else saved changes nothing.
        Assert.Null(await ReplaceAsync(factory, store, formId, 1, false, [new() { CatalogueItemId = s.ItemId("TERM"), QuantityMilli = 9_000 }], savedAt.AddHours(1)));
        Assert.Equal(read.Select(l => (l.Id, l.QuantityMilli)), (await store.ListAsync(formId)).Select(l => (l.Id, l.QuantityMilli)));
        Assert.Equal(2, (await store.GetFormAsync(formId))!.Version);

        // Submitted: closed to its buyers, still correctable by an officer (submittedEditable), whose save replaces the set.
        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.Equal(1, await forms.SubmitAsync(connection, tx, formId, 2, null, savedAt.AddHours(2)));
            await tx.CommitAsync();
        }

        Assert.Null(await ReplaceAsync(factory, store, formId, 3, false, [], savedAt.AddHours(3)));
        Assert.Equal(3, (await store.ListAsync(formId)).Count);
        Assert.Equal(4, await ReplaceAsync(factory, store, formId, 3, true, [new() { CatalogueItemId = s.ItemId("TERM"), QuantityMilli = 0 }], savedAt.AddHours(3)));
        var corrected = Assert.Single(await store.ListAsync(formId));
        Assert.Equal((s.ItemId("TERM"), (long?)null, 0L, (string?)null), (corrected.CatalogueItemId, corrected.SiteId, corrected.QuantityMilli, corrected.Comment));
        var after = (await store.GetFormAsync(formId))!;
        Assert.Equal((NeedsFormStatus.Submitted, 4, savedAt.AddHours(3), savedAt.AddHours(2)), (after.Status, after.Version, after.UpdatedAtUtc, after.SubmittedAtUtc));
    }

    private static async Task<int?> ReplaceAsync(IDbConnectionFactory factory, NeedLinesStore store, long formId, int version, bool submittedEditable, IReadOnlyList<NeedLine> lines, DateTime nowUtc)
    {
        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var result = await store.ReplaceLinesAsync(connection, tx, formId, version, submittedEditable, lines, null, nowUtc);
        await tx.CommitAsync();
        return result;
    }
}

/// <summary>
/// The aggregation's grouped rows on both providers, on a campaign of 24 months launched on 2027-01-15 (20 % VAT):
/// submitted and validated forms counted, drafts and returned forms pending, a member's site lines one member, a member
/// leaving on the launch day counted, one leaving the day before shown apart and counted nowhere.
/// </summary>
public sealed class AggregationQueriesRoundTrip : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var launch = new DateOnly(2027, 1, 15);
        var s = await Scenario.For(factory)
            .Member("Alpha").Member("Beta").Member("Gamma").Member("Delta")
            .Member("OnLaunch", m => m.Left(launch))
            .Member("Leaver", m => m.Left(launch.AddDays(-1)))
            .Member("Epsilon", m => m.AddedAfterOpening())
            .Campaign("Agrégation " + Guid.NewGuid().ToString("N")[..8], c => c
                .Duration(24)
                .Launch(launch)
                .Lot(1, "Mobile", l => l
                    .Item("MOB", 1_200, PricePeriod.Monthly)
                    .Item("TERM", 25_000, PricePeriod.OneOff))
                .Lot(2, "Formation", l => l
                    .Item("FORM", 65_000, PricePeriod.OneOff, i => i.Fractions())))
            .Opened()
            .Form("Alpha", f => f.Line("MOB", 10).Line("TERM", 2).Submitted())
            .Form("Beta", f => f.Line("MOB", 5, site: "Mairie").Line("MOB", 3, site: "École").Line("FORM", 1.5m).Validated())
            .Form("Gamma", f => f.Line("MOB", 4))
            .Form("Delta", f => f.Line("FORM", 2).Returned())
            .Form("OnLaunch", f => f.Line("TERM", 1).Submitted())
            .Form("Leaver", f => f.Line("MOB", 100).Submitted())
            .Closed()
            .BuildAsync();
        var campaign = (await new CampaignRepository(factory).GetCampaignAsync(s.CampaignId))!;
        Assert.Equal(CampaignStatus.Closed, campaign.Status);

        var rows = await new AggregationQueries(factory).LoadAsync(campaign);

        Assert.Equal(
            [(NeedsFormStatus.Draft, 1), (NeedsFormStatus.Submitted, 2), (NeedsFormStatus.Returned, 1), (NeedsFormStatus.Validated, 1)],
            rows.FormCounts.OrderBy(c => c.Status).ToList());

        // Per item: (counted, quantity, members); Beta's two MOB lines on two sites are one member.
        var items = rows.Items.ToDictionary(r => (r.ItemId, r.Counted), r => (r.QuantityMilli, r.MemberCount));
        Assert.Equal(6, rows.Items.Count);
        Assert.Equal((18_000L, 2), items[(s.ItemId("MOB"), true)]);
        Assert.Equal((4_000L, 1), items[(s.ItemId("MOB"), false)]);
        Assert.Equal((3_000L, 2), items[(s.ItemId("TERM"), true)]);
        Assert.Equal((0L, 0), items[(s.ItemId("TERM"), false)]);
        Assert.Equal((1_500L, 1), items[(s.ItemId("FORM"), true)]);
        Assert.Equal((2_000L, 1), items[(s.ItemId("FORM"), false)]);

        // Per lot: members with at least one line in it.
        var lots = rows.Lots.GroupBy(r => (r.LotId, r.Counted)).ToDictionary(g => g.Key, g => g.Sum(r => r.MemberCount));
        Assert.Equal(4, lots.Count);
        Assert.Equal(3, lots[(s.LotId(1), true)]);
        Assert.Equal(1, lots[(s.LotId(1), false)]);
        Assert.Equal(1, lots[(s.LotId(2), true)]);
        Assert.Equal(1, lots[(s.LotId(2), false)]);

        // Per member: MOB 12 € × 24 months, TERM 250 € once, FORM 650 € a day.
        var members = rows.Members.ToDictionary(r => r.MemberId);
        Assert.Equal(5, members.Count);
        Assert.Equal((NeedsFormStatus.Submitted, 338_000L, 405_600L), Figures(members[s.MemberId("Alpha")]));
        Assert.Equal((NeedsFormStatus.Validated, 327_900L, 393_480L), Figures(members[s.MemberId("Beta")]));
        Assert.Equal((NeedsFormStatus.Draft, 115_200L, 138_240L), Figures(members[s.MemberId("Gamma")]));
        Assert.Equal((NeedsFormStatus.Returned, 130_000L, 156_000L), Figures(members[s.MemberId("Delta")]));
        Assert.Equal((NeedsFormStatus.Submitted, 25_000L, 30_000L), Figures(members[s.MemberId("OnLaunch")]));
        Assert.False(members.ContainsKey(s.MemberId("Leaver")));

        Assert.Equal(
            [(s.MemberId("Delta"), s.MemberName("Delta"), (NeedsFormStatus?)NeedsFormStatus.Returned), (s.MemberId("Epsilon"), s.MemberName("Epsilon"), null), (s.MemberId("Gamma"), s.MemberName("Gamma"), NeedsFormStatus.Draft)],
            rows.NotSubmitted.Select(m => (m.MemberId, m.Name, m.Status)).ToList());
        var apart = Assert.Single(rows.NotTakingPart);
        Assert.Equal((s.FormId("Leaver"), s.MemberId("Leaver"), s.MemberName("Leaver"), NeedsFormStatus.Submitted), (apart.FormId, apart.MemberId, apart.Name, apart.Status));
        Assert.Equal(
            new[] { "Alpha", "Beta", "Gamma", "Delta", "OnLaunch", "Leaver" }.ToDictionary(s.MemberId, s.MemberName),
            rows.MemberNames);
    }

    private static (NeedsFormStatus Status, long HtCents, long TtcCents) Figures(MemberValueRow row) =>
        (row.Status, EstimatedValue.ToMoney(row.ExactHt).Cents, EstimatedValue.ToMoneyWithVat(row.ExactTtcScaled).Cents);
}
