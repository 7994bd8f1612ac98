using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
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
        _campaignId = Seed(factory.ConnectionString);
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

    /// <summary>Seeds one transaction with prepared commands: a groupement, 1,000 adhering members, 200 items in 10 lots, 1,000 forms, 200,000 lines.</summary>
    private static long Seed(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        const string now = "2026-11-28 10:00:00.0000000";

        long Scalar(string sql)
        {
            using var c = connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            return (long)c.ExecuteScalar()!;
        }

        var groupId = Scalar($"INSERT INTO PurchasingGroups (Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc) VALUES ('Bench', 'BENCH', 1, '2024-01-01', '{now}', '{now}') RETURNING Id");
        var campaignId = Scalar(
            "INSERT INTO NeedsCampaigns (PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, CreatedAtUtc, UpdatedAtUtc) " +
            $"VALUES ({groupId}, 'Bench', '2026-09-01 06:00:00.0000000', '2026-10-15 16:00:00.0000000', '2027-01-15', 48, 2, '{now}', '{now}') RETURNING Id");

        var itemIds = new List<long>();
        for (var lot = 1; lot <= LotCount; lot++)
        {
            var lotId = Scalar($"INSERT INTO CampaignLots (CampaignId, LotNumber, Title) VALUES ({campaignId}, {lot}, 'Lot {lot}') RETURNING Id");
            for (var i = 0; i < ItemsPerLot; i++)
            {
                var n = itemIds.Count;
                var price = (100 + (n * 37 % 5000)).ToString(CultureInfo.InvariantCulture);
                var period = (1 + (n % 3)).ToString(CultureInfo.InvariantCulture);
                itemIds.Add(Scalar(
                    "INSERT INTO CatalogueItems (CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, VatRateBasisPoints, SortOrder) " +
                    $"VALUES ({campaignId}, {lotId}, 'IT{n:000}', 'Article {n}', 'unité', 0, {price}, {period}, 2000, {i}) RETURNING Id"));
            }
        }

        using var member = Prepared(connection, tx, "INSERT INTO Members (Name, NameSearch, Kind, CreatedAtUtc, UpdatedAtUtc) VALUES ($name, $name, 3, $now, $now) RETURNING Id", "$name", "$now");
        using var adhesion = Prepared(connection, tx, "INSERT INTO Adhesions (PurchasingGroupId, MemberId, JoinedOn) VALUES ($group, $member, '2024-01-01')", "$group", "$member");
        using var form = Prepared(connection, tx, "INSERT INTO NeedsForms (CampaignId, MemberId, Status, UpdatedAtUtc) VALUES ($campaign, $member, $status, $now) RETURNING Id", "$campaign", "$member", "$status", "$now");
        using var line = Prepared(connection, tx,
            "INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteKey, QuantityMilli) VALUES ($form, $campaign, $member, $item, 0, $quantity)",
            "$form", "$campaign", "$member", "$item", "$quantity");

        for (var m = 0; m < MemberCount; m++)
        {
            member.Parameters["$name"].Value = "Commune " + m.ToString("0000", CultureInfo.InvariantCulture);
            member.Parameters["$now"].Value = now;
            var memberId = (long)member.ExecuteScalar()!;
            adhesion.Parameters["$group"].Value = groupId;
            adhesion.Parameters["$member"].Value = memberId;
            adhesion.ExecuteNonQuery();

            // 80 % submitted, 10 % validated, 5 % drafts, 5 % returned.
            var status = (m % 20) switch { 0 => 0, 1 => 2, 2 or 3 => 3, _ => 1 };
            form.Parameters["$campaign"].Value = campaignId;
            form.Parameters["$member"].Value = memberId;
            form.Parameters["$status"].Value = status;
            form.Parameters["$now"].Value = now;
            var formId = (long)form.ExecuteScalar()!;

            line.Parameters["$form"].Value = formId;
            line.Parameters["$campaign"].Value = campaignId;
            line.Parameters["$member"].Value = memberId;
            for (var i = 0; i < itemIds.Count; i++)
            {
                line.Parameters["$item"].Value = itemIds[i];
                line.Parameters["$quantity"].Value = 1000L * (1 + ((m + i) % 50)) + (i % 4 == 0 ? 500 : 0);
                line.ExecuteNonQuery();
            }
        }

        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
        return campaignId;
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
