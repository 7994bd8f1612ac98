using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>
/// The officer's reason for an awardee other than the proposed offer is a column of the award (TenderAwards.AwardeeReason):
/// written by the insert and the update, read back exactly (accents, line breaks, the rule's 2 000 characters), and
/// cleared when the award goes back to an awardee that needs none.
/// </summary>
public sealed class AwardRepository_RoundTripsTheAwardeeReason : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await TenderScenario.CampaignAsync(factory);
        var tenders = new TenderRepository(factory);
        var offers = new OfferRepository(factory);
        var awards = new AwardRepository(factory);
        var tenderId = (await tenders.CreateFromCampaignAsync(s.NewTender(), TenderScenario.Now)).TenderId!.Value;
        var lot1 = (await tenders.GetAsync(tenderId))!.Lots.Single(l => l.LotNumber == 1);
        var published = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        var deadline = published.AddDays(31);
        Assert.True(await tenders.TransitionAsync(new TenderStateChange(tenderId, 1, TenderTransition.Publish, published) { PublishedAtUtc = published, OfferDeadlineUtc = deadline }));
        var received = deadline.AddHours(-3);
        var alpha = (await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot1.Id, SupplierId = await s.SupplierAsync("Alpha Télécom"), ReceivedAtUtc = received }, received))!.Value;
        var beta = (await offers.RegisterAsync(new NewOffer { TenderId = tenderId, TenderLotId = lot1.Id, SupplierId = await s.SupplierAsync("Beta Réseaux"), ReceivedAtUtc = received }, received))!.Value;

        const string reason = "Offre classée première écartée :\nattestation d'assurance « RC pro » absente.";
        var award = new TenderAwardRow
        {
            TenderLotId = lot1.Id,
            AwardeeOfferId = beta,
            AwardeeReason = reason,
            CreatedAtUtc = deadline,
            UpdatedAtUtc = deadline,
        };
        award.Id = await WithTransactionAsync(factory, (c, tx) => awards.InsertAwardAsync(c, tx, award));
        var read = Assert.Single(await awards.AwardsOfTenderAsync(tenderId));
        Assert.Equal((award.Id, beta, reason, 1), (read.Id, read.AwardeeOfferId, read.AwardeeReason, read.Version));

        // The longest reason the rule accepts fits the column whole.
        var longest = "é" + new string('x', AwardRules.AwardeeReasonMaxLength - 2) + "é";
        Assert.Null(AwardRules.CheckAwardee(alpha, beta, longest));
        award.AwardeeReason = longest;
        Assert.True(await WithTransactionAsync(factory, (c, tx) => awards.UpdateAwardAsync(c, tx, award)));
        read = Assert.Single(await awards.AwardsOfTenderAsync(tenderId));
        Assert.Equal((longest, 2), (read.AwardeeReason, read.Version));

        // Back to the proposed offer: no reason is kept.
        award.Version = 2;
        award.AwardeeOfferId = alpha;
        award.AwardeeReason = null;
        Assert.True(await WithTransactionAsync(factory, (c, tx) => awards.UpdateAwardAsync(c, tx, award)));
        read = Assert.Single(await awards.AwardsOfTenderAsync(tenderId));
        Assert.Equal((alpha, (string?)null, 3), (read.AwardeeOfferId, read.AwardeeReason, read.Version));

        // A stale Version changes nothing, the reason included.
        award.AwardeeOfferId = beta;
        award.AwardeeReason = reason;
        Assert.False(await WithTransactionAsync(factory, (c, tx) => awards.UpdateAwardAsync(c, tx, award)));
        read = Assert.Single(await awards.AwardsOfTenderAsync(tenderId));
        Assert.Equal((alpha, (string?)null, 3), (read.AwardeeOfferId, read.AwardeeReason, read.Version));
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
