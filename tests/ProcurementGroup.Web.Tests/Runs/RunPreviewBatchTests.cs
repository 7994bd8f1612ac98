using System.Globalization;
using Dapper;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// A preview of 167 members × 3 lines and the 2 % fee: 668 shares, which SQLite receives in JSON batches of 500 (a full one,
/// then a partial one) and SQL Server row by row. Every share is stored once, with the computed cents and texts, in the
/// order written (line by line in the weights' member order, then the fee by member).
/// </summary>
public sealed class RunsPreviewStoresEveryShareAcrossBatches : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var names = Enumerable.Range(1, 167).Select(i => "Commune " + i.ToString("000", CultureInfo.InvariantCulture)).ToArray();
        var arrangement = await RunScenario.ArrangeAsync(factory, names, "Hub télécom", "Lignes", "ENT");
        var weighted = arrangement.Weighted([.. Enumerable.Range(1, 167).Select(i => (long)i)]);
        var run = AllocationRun.Compute(
            [arrangement.Line(0, "Hub télécom", 1_000_003, weighted), arrangement.Line(1, "Lignes", 99_999, arrangement.Equal), arrangement.Line(2, "ENT", 123_457, weighted, 550)],
            new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000));

        var runId = await arrangement.PreviewAsync(factory, run);

        var runs = new AllocationRunRepository(factory);
        var lines = await runs.LinesAsync(runId);
        var shares = await runs.SharesAsync(runId);
        var feeMembers = run.Members.Where(m => m.FeeHt.Cents != 0 || m.FeeVat.Cents != 0).ToList();
        Assert.Equal(167, feeMembers.Count);
        Assert.Equal((3 * 167) + 167, shares.Count);
        Assert.Equal(3, lines.Count);
        var expectedOrder = new List<(long? Line, long Member)>();
        foreach (var (line, row) in run.Lines.Zip(lines))
        {
            Assert.Equal(line.Line.Ht.Cents, row.HtCents);
            var stored = shares.Where(s => !s.IsFee && s.RunCostLineId == row.Id).ToDictionary(s => s.MemberId);
            Assert.Equal(167, stored.Count);
            Assert.Equal(line.Line.Ht.Cents, stored.Values.Sum(s => s.HtCents));
            for (var i = 0; i < line.Count; i++)
            {
                var weights = line.Line.Weights;
                var share = stored[weights.Members[i].MemberId];
                Assert.Equal((line.HtCents(i), line.VatCents(i)), (share.HtCents, share.VatCents));
                Assert.Equal(AllocationRunRepository.Text(weights.Members[i].Base), share.BaseText);
                Assert.Equal(AllocationRunRepository.Text(weights.TotalBase), share.TotalBaseText);
                Assert.Equal(AllocationRunRepository.Text(weights.Share(i)), share.ShareText);
                expectedOrder.Add((row.Id, weights.Members[i].MemberId));
            }
        }

        Assert.Equal(
            feeMembers.Select(m => (m.MemberId, m.FeeHt.Cents, m.FeeVat.Cents)),
            shares.Where(s => s.IsFee).OrderBy(s => s.MemberId).Select(s => (s.MemberId, s.HtCents, s.VatCents)));
        var fees = shares.Where(s => s.IsFee).ToDictionary(s => s.MemberId);
        Assert.All(feeMembers, m => Assert.Equal(AllocationRunRepository.Text(new Core.Tenders.Fraction(m.Ht.Cents, 1)), fees[m.MemberId].BaseText));
        expectedOrder.AddRange(feeMembers.Select(m => ((long?)null, m.MemberId)));
        await using var connection = await factory.OpenAsync();
        var written = (await connection.QueryAsync<(long? Line, long Member)>("SELECT RunCostLineId, MemberId FROM RunShares WHERE RunId = @runId ORDER BY Id", new { runId })).ToList();
        Assert.Equal(expectedOrder, written);
    }
}
