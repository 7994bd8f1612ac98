using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Statements;

/// <summary>
/// The statements repository on both providers: a PDF is stored once (the guarded UPDATE refuses a second store), the
/// counts follow, the shares come back by line with the fee last, a payment is saved only on the stored version.
/// </summary>
public sealed class StatementRepository_StoresOnceAndRecordsPaymentsOnTheVersion : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var s = await Scenario.For(factory).Member("Alpha").Member("Beta")
            .Campaign("États", c => c.Lot(1, "Lot", l => l.Item("A", 100, PricePeriod.OneOff)))
            .BuildAsync();
        var alpha = s.MemberId("Alpha");
        var run = await Scenario.IssuedRunWithStatementsAsync(factory, s.GroupId, [alpha, s.MemberId("Beta")]);
        var repository = new StatementRepository(factory);
        var id = run.StatementIds[alpha];

        Assert.Equal((0, 2), await repository.CountsAsync(run.RunId));
        Assert.Equal(run.StatementIds.Values.Order(), (await repository.PendingIdsAsync(run.RunId)).Order());
        var shares = await repository.SharesAsync(run.RunId, alpha);
        Assert.Equal([1_000L, 2_000L, 60L], shares.Select(x => x.HtCents));
        // The fee's share is the member's part of the fee line: 60 of the two members' 120 cents.
        Assert.Equal(["1/2", "1/2", "1/2"], shares.Select(x => x.ShareText));
        Assert.Null(shares[2].RunCostLineId);

        var at = new DateTime(2026, 4, 15, 9, 0, 0, DateTimeKind.Utc);
        await using (var connection = await factory.OpenAsync())
        {
            await using var tx = await connection.BeginTransactionAsync();
            Assert.True(await repository.StoreGeneratedAsync(connection, tx, new GeneratedStatement(id, [1, 2, 3], null, "aa", at)));
            Assert.False(await repository.StoreGeneratedAsync(connection, tx, new GeneratedStatement(id, [9], null, "bb", at)));
            await tx.CommitAsync();
        }

        var file = await repository.GetFileAsync(id);
        Assert.Equal([1, 2, 3], file!.PdfBytes!);
        Assert.Equal(("aa", alpha), (file.PdfSha256, file.MemberId));
        Assert.Equal((1, 2), await repository.CountsAsync(run.RunId));

        var row = (await repository.GetAsync(id))!;
        Assert.Equal((3_060L, 612L, 3_672L, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), (row.HtCents, row.VatCents, row.TtcCents, row.PeriodFrom, row.PeriodTo));
        Assert.True(await repository.RecordPaymentAsync(id, row.Version, "T-1", new DateOnly(2026, 5, 2), at));
        Assert.False(await repository.RecordPaymentAsync(id, row.Version, "T-2", null, at));
        Assert.Equal(("T-1", new DateOnly(2026, 5, 2)), ((await repository.GetAsync(id))!.TitreNumber, (await repository.GetAsync(id))!.PaidOn));
        var unpaid = await repository.ListUnpaidAsync();
        Assert.DoesNotContain(unpaid, r => r.Id == id);
        Assert.Contains(unpaid, r => r.Id == run.StatementIds[s.MemberId("Beta")]);
        Assert.Equal([id], (await repository.ListForMembersAsync([alpha])).Where(r => r.RunId == run.RunId).Select(r => r.Id));
    }
}
