using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Costs;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The allocation run of <see cref="AllocationBenchmarks"/> (1,000 members × 1,000 cost lines = 1,000,000 shares) read
/// from and saved to SQLite, as « Calculer l'aperçu » does it (issue 9, target ≤ 3 s): a temporary SQLite file migrated
/// by the app's MigrationRunner holds a groupement of 1,000 adhering members with their 2026 populations, three contracts
/// they all take part in (keys: population municipale, quantity, 30 % equal + 70 % population; 1,000 quantities each),
/// 1,000 invoices of the first quarter of 2026 spread over them and a 2 % coordination fee, all arranged through the
/// app's repositories. <see cref="AllocateReadComputeAndSaveRun"/> is <see cref="AllocationPreviewService.PreviewAsync"/>:
/// the entries and the keys' inputs read, the weights and the run computed, the run saved through the one writer
/// <see cref="AllocationRunRepository"/> (1,000 RunCostLines, 1,001,000 RunShares: the shares and the fee's);
/// <see cref="AllocationReadAndCompute"/> and <see cref="AllocationRunSaveOnly"/> split it. After each iteration the
/// preview is deleted, so each measures a first save (no previous preview to replace). One warm-up iteration only: each
/// takes seconds, and the in-process toolchain stops a benchmark after a few minutes. <see cref="Probe"/>
/// (<c>-- allocation-probe</c>) runs each part three times and prints its wall-clock and CPU time (the process's), the
/// latter less sensitive to a busy machine.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
public class AllocationSqliteBenchmarks
{
    public const int MemberCount = 1000;
    public const int CostLineCount = 1000;

    private static readonly AllocationPeriod Quarter = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));

    private string _directory = string.Empty;
    private DbConnectionFactory _factory = null!;
    private AllocationPreviewService _previews = null!;
    private AllocationRunRepository _runs = null!;
    private ComputedRun _computed = null!;
    private long _groupId;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(_factory, NullLogger<MigrationRunner>.Instance).Run();
        _groupId = SeedAsync(_factory).GetAwaiter().GetResult();
        _runs = new AllocationRunRepository(_factory);
        _previews = new AllocationPreviewService(
            new CostEntryRepository(_factory),
            new AllocationInputQueries(_factory),
            new AllocationKeyRepository(_factory),
            new PurchasingGroupRepository(_factory),
            new CoordinationFeeRepository(_factory),
            _runs,
            TimeProvider.System);
        var (computed, errors) = _previews.ComputeAsync(_groupId, Quarter).GetAwaiter().GetResult();
        _computed = computed ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        var shares = _computed.Run.Lines.Sum(l => l.Count);
        Console.WriteLine($"// {_computed.Run.Lines.Count.ToString(CultureInfo.InvariantCulture)} cost lines, {shares.ToString("N0", CultureInfo.InvariantCulture)} shares, {_computed.Run.Members.Count.ToString(CultureInfo.InvariantCulture)} members.");
        if (_computed.Run.Lines.Count != CostLineCount || shares != MemberCount * CostLineCount)
        {
            throw new InvalidOperationException("The arranged run is not 1,000 × 1,000.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Deletes the previews saved by the iteration, through the repository, so that the next one saves into the same database.</summary>
    [IterationCleanup]
    public void DeletePreviews()
    {
        foreach (var run in _runs.ListAsync().GetAwaiter().GetResult().Where(r => r.State == RunState.Preview))
        {
            using var connection = _factory.OpenAsync().GetAwaiter().GetResult();
            using var tx = connection.BeginTransaction();
            var version = _runs.GetAsync(run.Id).GetAwaiter().GetResult()!.Version;
            if (_runs.DeletePreviewAsync(connection, tx, run.Id, version).GetAwaiter().GetResult() != PreviewDeletion.Deleted)
            {
                throw new InvalidOperationException($"The preview {run.Id} was not deleted.");
            }

            tx.Commit();
        }
    }

    [Benchmark]
    public async Task<long> AllocateReadComputeAndSaveRun()
    {
        var outcome = await _previews.PreviewAsync(_groupId, Quarter, null);
        return outcome.RunId ?? throw new InvalidOperationException(string.Join(Environment.NewLine, outcome.Errors));
    }

    [Benchmark]
    public async Task<int> AllocationReadAndCompute()
    {
        var (computed, errors) = await _previews.ComputeAsync(_groupId, Quarter);
        return computed?.Run.Members.Count ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    [Benchmark]
    public Task<long> AllocationRunSaveOnly() =>
        _runs.SavePreviewAsync(_groupId, Quarter, _computed.Run, _computed.LineSources, new DateTime(2026, 4, 2, 8, 0, 0, DateTimeKind.Utc));

    /// <summary>Each part three times, with the wall-clock and the process's CPU time (GC and thread pool included).</summary>
    public static async Task Probe()
    {
        var bench = new AllocationSqliteBenchmarks();
        bench.Setup();
        try
        {
            Console.WriteLine("| Part | Run | Wall (ms) | CPU (ms) | Allocated (MB) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            for (var run = 1; run <= 3; run++)
            {
                await MeasureAsync("read and compute", run, bench.AllocationReadAndCompute);
                await MeasureAsync("save only", run, bench.AllocationRunSaveOnly);
                bench.DeletePreviews();
                await MeasureAsync("read, compute and save (the preview)", run, bench.AllocateReadComputeAndSaveRun);
                bench.DeletePreviews();
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static async Task MeasureAsync<T>(string part, int run, Func<Task<T>> action)
    {
        GC.Collect();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await action();
        clock.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {part} | {run} | {clock.Elapsed.TotalMilliseconds:N0} | {cpuMs:N0} | {mb:N1} |"));
    }

    /// <summary>
    /// Arranges, through the app's repositories (tests/Shared/Scenario.cs for the groupement and its members): 1,000
    /// members adhering since 2024 with their 2026 populations, three contracts with their keys, 1,000 invoices, the fee.
    /// </summary>
    private static async Task<long> SeedAsync(DbConnectionFactory factory)
    {
        var random = new Random(2026);
        var scenario = Scenario.For(factory).Group("Bench allocation");
        for (var i = 1; i <= MemberCount; i++)
        {
            scenario.Member(Name(i), m => m.OfKind(MemberKind.Commune));
        }

        var arranged = await scenario.Campaign("Dépenses", c => c.Lot(1, "Lot unique", l => l.Item("ART", 100, PricePeriod.Monthly))).BuildAsync();
        var memberIds = Enumerable.Range(1, MemberCount).Select(i => arranged.MemberId(Name(i))).ToList();
        var now = DateTime.UtcNow;
        var members = new MemberRepository(factory);
        var keys = new AllocationKeyRepository(factory);
        var entries = new CostEntryRepository(factory);

        long supplierId;
        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            foreach (var memberId in memberIds)
            {
                await members.UpsertBaseAsync(connection, tx, new MemberAllocationBase
                {
                    MemberId = memberId, Year = 2026, PopulationMunicipale = random.Next(50, 140_000), PopulationTotale = random.Next(50, 140_000),
                });
            }

            supplierId = await new SupplierRepository(factory).InsertAsync(connection, tx, new Supplier
            {
                Name = "Opérateur bench", Siret = "73282932000074", AddressLine1 = "1 rue de la Gare", PostalCode = "80000", City = "Amiens",
                ContactEmail = "contact@operateur.example", CreatedAtUtc = now, UpdatedAtUtc = now,
            });
            await tx.CommitAsync();
        }

        AllocationKey[] contractKeys =
        [
            AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026),
            AllocationKey.By(AllocationBasis.Quantity),
            AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70)),
        ];
        var contractIds = new List<long>();
        for (var k = 0; k < contractKeys.Length; k++)
        {
            var contractId = await Scenario.ContractAsync(
                factory, arranged.GroupId, supplierId, $"2024-BENCH-{k + 1}", 10_000_000_000, [("Accès", 120_000)], [.. memberIds.Select(m => (m, new[] { random.NextInt64(1_000, 2_000_000) }))]);
            await using var connection = await factory.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var keyId = await keys.InsertAsync(connection, tx, new AllocationKeyRecord
            {
                ContractId = contractId, Components = AllocationKeyText.Format(contractKeys[k]), Year = contractKeys[k].Year, Version = 1, CreatedAtUtc = now, UpdatedAtUtc = now,
            }, []);
            await keys.SetContractKeyAsync(connection, tx, contractId, keyId);
            await tx.CommitAsync();
            contractIds.Add(contractId);
        }

        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < CostLineCount; i++)
            {
                await entries.InsertAsync(connection, tx, new CostEntry
                {
                    PurchasingGroupId = arranged.GroupId,
                    ContractId = contractIds[i % contractIds.Count],
                    InvoiceNumber = "F-2026-" + (i / 10).ToString("0000", CultureInfo.InvariantCulture),
                    InvoiceDate = new DateOnly(2026, 4, 1),
                    PeriodFrom = Quarter.From,
                    PeriodTo = Quarter.To,
                    Label = "Ligne " + i.ToString(CultureInfo.InvariantCulture),
                    AmountHtCents = random.NextInt64(1, 100_000_000),
                    VatRateBasisPoints = 2000,
                    CreatedAtUtc = now,
                    UpdatedAtUtc = now,
                });
            }

            await tx.CommitAsync();
        }

        await using (var connection = await factory.OpenAsync())
        {
            await new CoordinatorRepository(factory).SaveAsync(connection, null, new CoordinatorSettings { Name = "Syndicat bench", PaymentTermDays = 30, UpdatedAtUtc = now });
        }

        await new CoordinationFeeRepository(factory).SaveAsync(
            new CoordinationFeeSettings { CoordinationFeeKind = (int)CoordinationFeeKind.Percent, CoordinationFeeValue = 200, CoordinationFeeVatRateBasisPoints = 2000 }, now);
        return arranged.GroupId;
    }

    private static string Name(int i) => "Commune " + i.ToString("0000", CultureInfo.InvariantCulture);
}
