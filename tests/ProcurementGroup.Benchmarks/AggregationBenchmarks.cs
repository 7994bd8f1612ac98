using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Aggregation;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The aggregation of a large campaign: 1,000 members × 200 items = 200,000 need lines, on a temporary SQLite file
/// migrated by the app's MigrationRunner (the schema and indexes shipped). Measured from the queries to the page's view
/// model (AggregationService.BuildAsync: campaign, lots and items, the GROUP BY statements, the Core combination).
/// Target (issue 3): ≤ 200 ms.
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    public const int MemberCount = 1000;
    public const int LotCount = 10;
    public const int ItemsPerLot = 20;

    private string _directory = string.Empty;
    private AggregationService _service = null!;
    private long _campaignId;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
        _campaignId = Seed(factory);
        _service = new AggregationService(new CampaignRepository(factory), new CatalogueRepository(factory), new AggregationQueries(factory));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<int> AggregateCampaign()
    {
        var model = await _service.BuildAsync(_campaignId) ?? throw new InvalidOperationException("campaign missing");
        return model.CountedMembers.Count;
    }

    /// <summary>
    /// Arranges, as the tests do (tests/Shared/Scenario.cs, through the app's repositories): a groupement, 1,000 adhering
    /// members, 200 items in 10 lots, a campaign opened on 1 September 2026 and closed on 15 October, 1,000 forms of 200 lines.
    /// </summary>
    private static long Seed(DbConnectionFactory factory)
    {
        var scenario = Scenario.For(factory)
            .Group("Bench")
            .Campaign("Bench", c =>
            {
                c.Dates(new DateTime(2026, 9, 1, 6, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 15, 16, 0, 0, DateTimeKind.Utc))
                    .Launch(new DateOnly(2027, 1, 15))
                    .Duration(48);
                for (var lot = 1; lot <= LotCount; lot++)
                {
                    var first = (lot - 1) * ItemsPerLot;
                    c.Lot(lot, $"Lot {lot}", l =>
                    {
                        for (var n = first; n < first + ItemsPerLot; n++)
                        {
                            l.Item(Code(n), 100 + (n * 37 % 5000), (PricePeriod)(1 + (n % 3)), i => i.Fractions());
                        }
                    });
                }
            })
            .Closed();

        for (var m = 0; m < MemberCount; m++)
        {
            var name = "Commune " + m.ToString("0000", CultureInfo.InvariantCulture);
            var member = m;
            scenario.Member(name).Form(name, f =>
            {
                for (var i = 0; i < LotCount * ItemsPerLot; i++)
                {
                    f.Line(Code(i), (1000L * (1 + ((member + i) % 50)) + (i % 4 == 0 ? 500 : 0)) / 1000m);
                }

                // 80 % submitted, 10 % validated, 5 % drafts, 5 % returned.
                switch (member % 20)
                {
                    case 0:
                        break;
                    case 1:
                        f.Returned();
                        break;
                    case 2 or 3:
                        f.Validated();
                        break;
                    default:
                        f.Submitted();
                        break;
                }
            });
        }

        var campaignId = scenario.BuildAsync().GetAwaiter().GetResult().CampaignId;
        using var connection = new SqliteConnection(factory.ConnectionString);
        connection.Open();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
        return campaignId;
    }

    private static string Code(int n) => "IT" + n.ToString("000", CultureInfo.InvariantCulture);
}
