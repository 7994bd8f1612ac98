using Dapper;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>Campaign rows, their guarded status transitions, member deadlines, who takes part and the forms created at opening.</summary>
public sealed class CampaignRepositoryRoundTrip : DualProviderTest
{
    private static readonly DateOnly Launch = new(2027, 1, 15);

    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new CampaignRepository(factory);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var connection = await factory.OpenAsync();
        var groupId = await CatalogueScenario.InsertGroupAsync(factory, connection, "Groupement " + suffix);

        // Two members take part at the launch; one joins the day after it, one left the day before it.
        var first = await CatalogueScenario.InsertMemberAsync(factory, connection, groupId, "A membre " + suffix, Launch, null);
        var second = await CatalogueScenario.InsertMemberAsync(factory, connection, groupId, "B membre " + suffix, Launch.AddYears(-1), Launch);
        var late = await CatalogueScenario.InsertMemberAsync(factory, connection, groupId, "C membre " + suffix, Launch.AddDays(1), null);
        var gone = await CatalogueScenario.InsertMemberAsync(factory, connection, groupId, "D membre " + suffix, Launch.AddYears(-1), Launch.AddDays(-1));

        var created = new DateTime(2026, 9, 1, 8, 30, 0, DateTimeKind.Utc);
        var campaign = new NeedsCampaign
        {
            PurchasingGroupId = groupId,
            Title = "Télécoms " + suffix,
            Description = "Lignes fixes et mobiles : « recensement »",
            OpensAtUtc = new DateTime(2026, 10, 1, 7, 0, 0, DateTimeKind.Utc),
            ClosesAtUtc = new DateTime(2026, 11, 30, 22, 59, 0, DateTimeKind.Utc),
            PlannedLaunchDate = Launch,
            DurationMonths = 30,
            Nature = PurchaseNature.Services,
            ContractForm = ContractForm.FrameworkPurchaseOrders,
            Status = CampaignStatus.Draft,
            CreatedAtUtc = created,
            UpdatedAtUtc = created.AddMinutes(1),
        };
        campaign.Id = await repository.InsertAsync(connection, null, campaign);

        var read = await repository.GetCampaignAsync(campaign.Id);
        Assert.NotNull(read);
        AssertSameCampaign(campaign, read, expectedVersion: 1);
        AssertSameCampaign(campaign, (await repository.GetAsync(connection, null, campaign.Id))!, expectedVersion: 1);
        Assert.Null(await repository.GetCampaignAsync(campaign.Id + 100_000));

        // Who takes part is decided at the launch day, whatever the forms.
        Assert.Equal(new[] { first, second }, await repository.ParticipantMemberIdsAsync(campaign.Id));
        Assert.Equal(new[] { ("A membre " + suffix, first), ("B membre " + suffix, second) }, (await repository.ParticipantsWithoutFormAsync(campaign.Id)).Select(p => (p.Name, p.MemberId)));

        // Draft → Open once.
        var opensAt = new DateTime(2026, 10, 1, 6, 0, 0, DateTimeKind.Utc);
        var now = new DateTime(2026, 10, 1, 6, 0, 5, DateTimeKind.Utc);
        Assert.True(await repository.OpenAsync(connection, null, campaign.Id, opensAt, now));
        Assert.False(await repository.OpenAsync(connection, null, campaign.Id, opensAt, now.AddMinutes(1)));
        read = (await repository.GetCampaignAsync(campaign.Id))!;
        Assert.Equal((CampaignStatus.Open, opensAt, now, (DateTime?)null, 2, now), (read.Status, read.OpensAtUtc, read.OpenedAtUtc, read.ClosedAtUtc, read.Version, read.UpdatedAtUtc));

        // The forms created at opening: exactly the missing ones, each once, and nothing the second time.
        Assert.Equal(new[] { first, second }, await repository.InsertMissingFormsAsync(connection, null, campaign.Id, [first, second, first], now));
        Assert.Empty(await repository.InsertMissingFormsAsync(connection, null, campaign.Id, [second, first], now.AddHours(1)));
        Assert.Equal(new[] { late }, await repository.InsertMissingFormsAsync(connection, null, campaign.Id, [first, late], now.AddHours(2)));
        Assert.Empty(await repository.InsertMissingFormsAsync(connection, null, campaign.Id, [], now));
        var forms = (await connection.QueryAsync<FormRow>(
            "SELECT MemberId, Status, Version, UpdatedAtUtc FROM NeedsForms WHERE CampaignId = @id ORDER BY MemberId", new { id = campaign.Id })).ToList();
        Assert.Equal(
            new[] { (first, NeedsFormStatus.Draft, 1, now), (second, NeedsFormStatus.Draft, 1, now), (late, NeedsFormStatus.Draft, 1, now.AddHours(2)) },
            forms.Select(f => (f.MemberId, f.Status, f.Version, f.UpdatedAtUtc)));
        Assert.Empty(await repository.ParticipantsWithoutFormAsync(campaign.Id));
        Assert.Equal(new[] { "A membre " + suffix, "B membre " + suffix, "C membre " + suffix }, (await repository.FormMembersAsync(campaign.Id)).Select(m => m.Name));
        Assert.DoesNotContain(gone, forms.Select(f => f.MemberId));

        // A personal deadline keeps the campaign open for the job until it has passed.
        var closes = campaign.ClosesAtUtc;
        Assert.Null(await repository.MemberDeadlineAsync(campaign.Id, first));
        await repository.UpsertMemberDeadlineAsync(connection, null, campaign.Id, first, closes.AddDays(3));
        await repository.UpsertMemberDeadlineAsync(connection, null, campaign.Id, first, closes.AddDays(7));
        Assert.Equal(closes.AddDays(7), await repository.MemberDeadlineAsync(campaign.Id, first));
        Assert.Equal(closes.AddDays(7), await repository.GetMemberDeadlineAsync(connection, null, campaign.Id, first));
        var deadline = Assert.Single(await repository.MemberDeadlinesAsync(campaign.Id));
        Assert.Equal((first, "A membre " + suffix, closes.AddDays(7)), (deadline.MemberId, deadline.MemberName, deadline.ClosesAtUtc));
        Assert.False(await repository.CloseIfDueAsync(connection, null, campaign.Id, closes.AddDays(1)));
        Assert.DoesNotContain(campaign.Id, await repository.DueToCloseAsync(closes.AddDays(1)));
        Assert.Contains(campaign.Id, await repository.DueToCloseAsync(closes.AddDays(8)));
        Assert.True(await repository.CloseIfDueAsync(connection, null, campaign.Id, closes.AddDays(8)));
        Assert.False(await repository.CloseIfDueAsync(connection, null, campaign.Id, closes.AddDays(9)));

        // Closed → Open (reopen) once, Open → Closed once, Closed → Archived once; an archived campaign is not extended.
        Assert.True(await repository.ReopenAsync(connection, null, campaign.Id, closes.AddDays(10)));
        Assert.False(await repository.ReopenAsync(connection, null, campaign.Id, closes.AddDays(10)));
        Assert.True(await repository.CloseAsync(connection, null, campaign.Id, closes.AddDays(11)));
        Assert.False(await repository.CloseAsync(connection, null, campaign.Id, closes.AddDays(11)));
        read = (await repository.GetCampaignAsync(campaign.Id))!;
        Assert.Equal((CampaignStatus.Closed, (DateTime?)closes.AddDays(11), 5), (read.Status, read.ClosedAtUtc, read.Version));
        Assert.True(await repository.ExtendAsync(connection, null, campaign.Id, closes.AddDays(20), closes.AddDays(12)));
        read = (await repository.GetCampaignAsync(campaign.Id))!;
        Assert.Equal((CampaignStatus.Open, closes.AddDays(20), (DateTime?)null), (read.Status, read.ClosesAtUtc, read.ClosedAtUtc));
        Assert.True(await repository.CloseAsync(connection, null, campaign.Id, closes.AddDays(13)));
        Assert.True(await repository.ArchiveAsync(connection, null, campaign.Id, closes.AddDays(14)));
        Assert.False(await repository.ArchiveAsync(connection, null, campaign.Id, closes.AddDays(14)));
        Assert.False(await repository.ExtendAsync(connection, null, campaign.Id, closes.AddDays(30), closes.AddDays(15)));
        Assert.Equal(CampaignStatus.Archived, (await repository.GetCampaignAsync(campaign.Id))!.Status);

        // An edit names the Version it read: a stale one changes nothing.
        read = (await repository.GetCampaignAsync(campaign.Id))!;
        read.Title = "Renommée " + suffix;
        read.UpdatedAtUtc = closes.AddDays(16);
        Assert.True(await repository.UpdateAsync(connection, null, read));
        read.Title = "Perdue " + suffix;
        Assert.False(await repository.UpdateAsync(connection, null, read));
        Assert.Equal("Renommée " + suffix, (await repository.GetCampaignAsync(campaign.Id))!.Title);
    }

    private sealed class FormRow
    {
        public long MemberId { get; set; }

        public NeedsFormStatus Status { get; set; }

        public int Version { get; set; }

        public DateTime UpdatedAtUtc { get; set; }
    }

    private static void AssertSameCampaign(NeedsCampaign expected, NeedsCampaign actual, int expectedVersion)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.PurchasingGroupId, actual.PurchasingGroupId);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.OpensAtUtc, actual.OpensAtUtc);
        Assert.Equal(DateTimeKind.Utc, actual.OpensAtUtc.Kind);
        Assert.Equal(expected.ClosesAtUtc, actual.ClosesAtUtc);
        Assert.Equal(expected.PlannedLaunchDate, actual.PlannedLaunchDate);
        Assert.Equal(expected.DurationMonths, actual.DurationMonths);
        Assert.Equal(expected.Nature, actual.Nature);
        Assert.Equal(expected.ContractForm, actual.ContractForm);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.CopiedFromCampaignId, actual.CopiedFromCampaignId);
        Assert.Equal(expected.OpenedAtUtc, actual.OpenedAtUtc);
        Assert.Equal(expected.ClosedAtUtc, actual.ClosedAtUtc);
        Assert.Equal(expectedVersion, actual.Version);
        Assert.Equal(expected.CreatedAtUtc, actual.CreatedAtUtc);
        Assert.Equal(expected.UpdatedAtUtc, actual.UpdatedAtUtc);
    }
}

/// <summary>More members than one statement's IN list: the forms are still created once each.</summary>
public sealed class InsertMissingFormsBatchRoundTrip : DualProviderTest
{
    private const int MemberCount = 1_205;

    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new CampaignRepository(factory);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var connection = await factory.OpenAsync();
        var groupId = await CatalogueScenario.InsertGroupAsync(factory, connection, "Groupement " + suffix);
        var campaignId = await CatalogueScenario.InsertCampaignAsync(repository, connection, groupId, "Campagne " + suffix);

        var memberIds = new List<long>();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var members = new MemberRepository(factory);
            for (var i = 0; i < MemberCount; i++)
            {
                memberIds.Add(await members.InsertAsync(connection, tx, CatalogueScenario.NewMember($"Commune {i:D4} {suffix}")));
            }

            await tx.CommitAsync();
        }

        var now = new DateTime(2026, 10, 1, 6, 0, 0, DateTimeKind.Utc);
        var firstHundred = memberIds.Take(100).ToList();
        Assert.Equal(firstHundred, await repository.InsertMissingFormsAsync(connection, null, campaignId, firstHundred, now));

        IReadOnlyList<long> created;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            created = await repository.InsertMissingFormsAsync(connection, tx, campaignId, memberIds, now);
            await tx.CommitAsync();
        }

        Assert.Equal(memberIds.Skip(100), created);
        Assert.Empty(await repository.InsertMissingFormsAsync(connection, null, campaignId, memberIds, now));
        Assert.Equal(
            MemberCount,
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT MemberId) FROM NeedsForms WHERE CampaignId = @campaignId", new { campaignId }));
        Assert.Equal(
            MemberCount,
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @campaignId", new { campaignId }));
    }
}

/// <summary>Lots and items: one at a time, replaced as a whole in batches, copied, and read back field by field.</summary>
public sealed class CatalogueRepositoryRoundTrip : DualProviderTest
{
    // More items than one batch statement holds, spread over three lots.
    private const int ItemCount = 400;

    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var campaigns = new CampaignRepository(factory);
        var repository = new CatalogueRepository(factory);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var connection = await factory.OpenAsync();
        var groupId = await CatalogueScenario.InsertGroupAsync(factory, connection, "Groupement " + suffix);
        var campaignId = await CatalogueScenario.InsertCampaignAsync(campaigns, connection, groupId, "Campagne " + suffix);

        // One lot and one item typed in, then replaced by the import.
        var typedLot = new CampaignLot { CampaignId = campaignId, LotNumber = 9, Title = "Saisi" };
        typedLot.Id = await repository.InsertLotAsync(connection, null, typedLot);
        var typedItem = Item(campaignId, 0);
        typedItem.LotId = typedLot.Id;
        typedItem.Id = await repository.InsertItemAsync(connection, null, typedItem);
        typedItem.Version = 1;
        AssertSameItem(typedItem, (await repository.GetItemAsync(connection, null, typedItem.Id))!);
        Assert.True(await repository.LotNumberTakenAsync(connection, null, campaignId, 9, 0));
        Assert.False(await repository.LotNumberTakenAsync(connection, null, campaignId, 9, typedLot.Id));
        Assert.True(await repository.ItemCodeTakenAsync(connection, null, campaignId, typedItem.Code, 0));

        var catalogue = new List<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)>();
        for (var lotNumber = 1; lotNumber <= 3; lotNumber++)
        {
            var lot = new CampaignLot { LotNumber = lotNumber, Title = $"Lot n° {lotNumber} – « accentué »", MaximumCents = lotNumber == 2 ? null : 1_000_000_00L * lotNumber };
            var items = Enumerable.Range(0, ItemCount).Where(i => i % 3 == lotNumber - 1).Select(i => Item(0, i)).ToList();
            catalogue.Add((lot, items));
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await repository.ReplaceCatalogueAsync(connection, tx, campaignId, catalogue);
            await tx.CommitAsync();
        }

        var lots = await repository.LotsAsync(campaignId);
        Assert.Equal(3, lots.Count);
        for (var i = 0; i < 3; i++)
        {
            var (expected, _) = catalogue[i];
            Assert.Equal(
                (expected.Id, campaignId, expected.LotNumber, expected.Title, expected.MaximumCents, 1),
                (lots[i].Id, lots[i].CampaignId, lots[i].LotNumber, lots[i].Title, lots[i].MaximumCents, lots[i].Version));
        }

        Assert.Equal(lots.Select(l => l.Id), (await repository.LotsAsync(connection, null, campaignId)).Select(l => l.Id));
        var read = await repository.ItemsAsync(campaignId);
        var written = catalogue.SelectMany(c => c.Items).ToList();
        Assert.Equal(ItemCount, read.Count);
        Assert.Equal(written.Select(i => i.Id).Order(), read.Select(i => i.Id).Order());
        foreach (var item in written)
        {
            item.Version = 1;
            AssertSameItem(item, read.Single(r => r.Id == item.Id));
        }

        // Display order: by lot number, then sort order, then code.
        Assert.Equal(written.OrderBy(i => catalogue.First(c => c.Lot.Id == i.LotId).Lot.LotNumber).ThenBy(i => i.SortOrder).ThenBy(i => i.Code, StringComparer.Ordinal).Select(i => i.Id), read.Select(i => i.Id));
        Assert.Null(await repository.GetItemAsync(connection, null, typedItem.Id));
        Assert.Null(await repository.GetLotAsync(connection, null, typedLot.Id));

        // A copy to another campaign carries every field and names its source.
        var copyId = await CatalogueScenario.InsertCampaignAsync(campaigns, connection, groupId, "Copie " + suffix);
        await repository.CopyCatalogueAsync(connection, null, copyId, campaignId);
        var copiedLots = await repository.LotsAsync(copyId);
        Assert.Equal(lots.Select(l => (l.LotNumber, l.Title, l.MaximumCents)), copiedLots.Select(l => (l.LotNumber, l.Title, l.MaximumCents)));
        var copiedItems = await repository.ItemsAsync(copyId);
        Assert.Equal(
            read.Select(i => (lots.Single(l => l.Id == i.LotId).LotNumber, i.Code, i.Label, i.Unit, i.WholeNumbersOnly, i.UnitPriceCents, i.PricePeriod, i.QuantityBasis, i.VatRateBasisPoints, i.MaxPerMemberMilli, i.SortOrder)),
            copiedItems.Select(i => (copiedLots.Single(l => l.Id == i.LotId).LotNumber, i.Code, i.Label, i.Unit, i.WholeNumbersOnly, i.UnitPriceCents, i.PricePeriod, i.QuantityBasis, i.VatRateBasisPoints, i.MaxPerMemberMilli, i.SortOrder)));
        Assert.Equal(campaignId, (await campaigns.GetCampaignAsync(copyId))!.CopiedFromCampaignId);

        // A second import replaces everything: exactly the new lot and items remain.
        var smaller = new List<(CampaignLot Lot, IReadOnlyList<CatalogueItem> Items)>
        {
            (new CampaignLot { LotNumber = 1, Title = "Unique" }, new List<CatalogueItem> { Item(0, 1000), Item(0, 1001) }),
        };
        await repository.ReplaceCatalogueAsync(connection, null, campaignId, smaller);
        Assert.Equal(new[] { (smaller[0].Lot.Id, 1, "Unique") }, (await repository.LotsAsync(campaignId)).Select(l => (l.Id, l.LotNumber, l.Title)));
        Assert.Equal(smaller[0].Items.OrderBy(i => i.SortOrder).Select(i => (i.Id, i.Code, smaller[0].Lot.Id)), (await repository.ItemsAsync(campaignId)).Select(i => (i.Id, i.Code, i.LotId)));
        Assert.Equal(ItemCount, (await repository.ItemsAsync(copyId)).Count);

        // An empty catalogue clears the campaign's.
        await repository.ReplaceCatalogueAsync(connection, null, campaignId, []);
        Assert.Empty(await repository.LotsAsync(campaignId));
        Assert.Empty(await repository.ItemsAsync(campaignId));
    }

    private static CatalogueItem Item(long campaignId, int i) => new()
    {
        CampaignId = campaignId,
        Code = $"ART-{i:D4}",
        Label = $"Article {i} : ligne « fibre » n° {i}",
        Unit = i % 2 == 0 ? "ligne" : "mois",
        WholeNumbersOnly = i % 5 != 0,
        UnitPriceCents = 100_00L + i,
        PricePeriod = (PricePeriod)(1 + (i % 3)),
        QuantityBasis = i % 4 == 0 ? QuantityBasis.PerYear : QuantityBasis.WholeDuration,
        VatRateBasisPoints = i % 2 == 0 ? 2000 : 550,
        MaxPerMemberMilli = i % 7 == 0 ? null : 1_500L * i,
        SortOrder = ItemCount - i,
    };

    private static void AssertSameItem(CatalogueItem expected, CatalogueItem actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.CampaignId, actual.CampaignId);
        Assert.Equal(expected.LotId, actual.LotId);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal(expected.Unit, actual.Unit);
        Assert.Equal(expected.WholeNumbersOnly, actual.WholeNumbersOnly);
        Assert.Equal(expected.UnitPriceCents, actual.UnitPriceCents);
        Assert.Equal(expected.PricePeriod, actual.PricePeriod);
        Assert.Equal(expected.QuantityBasis, actual.QuantityBasis);
        Assert.Equal(expected.VatRateBasisPoints, actual.VatRateBasisPoints);
        Assert.Equal(expected.MaxPerMemberMilli, actual.MaxPerMemberMilli);
        Assert.Equal(expected.SortOrder, actual.SortOrder);
        Assert.Equal(expected.Version, actual.Version);
    }
}

/// <summary>The rows these repository tests stand on, written through the app's repositories.</summary>
internal static class CatalogueScenario
{
    private static readonly DateTime Now = new(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);

    public static Task<long> InsertGroupAsync(IDbConnectionFactory factory, System.Data.Common.DbConnection connection, string name) =>
        new PurchasingGroupRepository(factory).InsertAsync(connection, null, new PurchasingGroup
        {
            Name = name,
            Domain = GroupDomain.Telecom,
            StartDate = new DateOnly(2020, 1, 1),
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });

    public static Member NewMember(string name) => new() { Name = name, Kind = MemberKind.Commune, CreatedAtUtc = Now, UpdatedAtUtc = Now };

    public static async Task<long> InsertMemberAsync(IDbConnectionFactory factory, System.Data.Common.DbConnection connection, long groupId, string name, DateOnly joinedOn, DateOnly? leftOn)
    {
        var memberId = await new MemberRepository(factory).InsertAsync(connection, null, NewMember(name));
        await new PurchasingGroupRepository(factory).AddAdhesionAsync(connection, null, new Adhesion { PurchasingGroupId = groupId, MemberId = memberId, JoinedOn = joinedOn, LeftOn = leftOn });
        return memberId;
    }

    public static Task<long> InsertCampaignAsync(CampaignRepository campaigns, System.Data.Common.DbConnection connection, long groupId, string title) =>
        campaigns.InsertAsync(connection, null, new NeedsCampaign
        {
            PurchasingGroupId = groupId,
            Title = title,
            OpensAtUtc = new DateTime(2026, 10, 1, 7, 0, 0, DateTimeKind.Utc),
            ClosesAtUtc = new DateTime(2026, 11, 30, 22, 59, 0, DateTimeKind.Utc),
            PlannedLaunchDate = new DateOnly(2027, 1, 15),
            DurationMonths = 48,
            Status = CampaignStatus.Draft,
            CreatedAtUtc = Now,
            UpdatedAtUtc = Now,
        });
}
