using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.OpenData;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.OpenData;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The DECP export of 1 000 contracts with 3 amendments each (issue 10: ≤ 100 ms), from a temporary SQLite file migrated
/// by the app's MigrationRunner to the bytes of the document, through the code <c>GET /opendata/decp.json</c> runs:
/// <see cref="DecpExport.PrepareAsync"/> (the stale-check query, the stored checks, one read of contracts, amendments,
/// publication log and thresholds, the selection and mapping), <see cref="OpenDataStamp.CurrentAsync"/> (the ETag) and
/// <see cref="DecpDocument.WriteAsync"/> (Utf8JsonWriter to a stream). The contracts were checked and published once in
/// the setup, as they are after their first export: the benchmark is the steady state of a request.
/// </summary>
[MemoryDiagnoser]
public class OpenDataBenchmarks
{
    public const int ContractCount = 1000;
    public const int AmendmentsPerContract = 3;

    private string _directory = string.Empty;
    private DecpExport _export = null!;
    private OpenDataStamp _stamp = null!;
    private DecpExportResult _prepared = null!;
    private OpenDataCheck _check = null!;
    private DecpSourceRepository _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
        SeedAsync(factory).GetAwaiter().GetResult();

        var openData = new OpenDataRepository(factory);
        var source = new DecpSourceRepository(factory);
        var check = new OpenDataCheck([new DecpContractValidator(source, new OpenDataSchemas(), TimeProvider.System)], openData, TimeProvider.System);
        _export = new DecpExport(source, openData, check, TimeProvider.System);
        _stamp = new OpenDataStamp(openData);
        (_check, _source) = (check, source);

        // Checked and published once (the publication log written), as after the first export.
        check.CheckAllAsync().GetAwaiter().GetResult();
        var first = _export.PrepareAsync().GetAwaiter().GetResult();
        if (first.Marches.Count != ContractCount || first.Marches.Sum(m => m.Modifications.Count) != ContractCount * AmendmentsPerContract)
        {
            throw new InvalidOperationException($"Exported {first.Marches.Count} marchés and {first.Marches.Sum(m => m.Modifications.Count)} modifications, not {ContractCount} × {AmendmentsPerContract}.");
        }

        _prepared = first;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The whole answer of <c>GET /opendata/decp.json</c>: selection, ETag and the streamed document.</summary>
    [Benchmark]
    public async Task<long> DecpExportOfThousandContracts()
    {
        var result = await _export.PrepareAsync();
        var version = await _stamp.CurrentAsync();
        await using var sink = new CountingStream();
        await DecpDocument.WriteAsync(sink, result.Marches, CancellationToken.None);
        return sink.Length + version.Hash.Length;
    }

    /// <summary>To split the time: the selection alone (stale checks, stored checks, the read, the mapping).</summary>
    [Benchmark]
    public async Task<int> PrepareOnly() => (await _export.PrepareAsync()).Marches.Count;

    /// <summary>To split the time: the stale-check query and the stored checks' states.</summary>
    [Benchmark]
    public async Task<int> ChecksOnly()
    {
        await _check.CheckStaleAsync();
        return (await _check.PublishableContractIdsAsync()).Count;
    }

    /// <summary>To split the time: the one read of contracts, amendments, publication log and thresholds.</summary>
    [Benchmark]
    public async Task<int> ReadOnly() => (await _source.ReadAllAsync()).Contracts.Count;

    /// <summary>To split the time: the version stamp alone (the ETag's query).</summary>
    [Benchmark]
    public async Task<int> StampOnly() => (await _stamp.CurrentAsync()).Hash.Length;

    /// <summary>To split the time: writing the 1 000 marchés to a stream alone.</summary>
    [Benchmark]
    public async Task<long> WriteOnly()
    {
        await using var sink = new CountingStream();
        await DecpDocument.WriteAsync(sink, _prepared.Marches, CancellationToken.None);
        return sink.Length;
    }

    private static async Task SeedAsync(DbConnectionFactory factory)
    {
        var now = DateTime.UtcNow;
        var s = await Scenario.For(factory)
            .Group("Bench open data")
            .Member("Alpha")
            .Campaign("Bench open data", c => c.Dates(now.AddDays(-120), now.AddDays(-90)).Launch(DateOnly.FromDateTime(now.AddDays(-60))).Duration(48)
                .Of(PurchaseNature.Services).Lot(1, "Lot 1", l => l.Item("OD-1", 100, PricePeriod.Annual)))
            .BuildAsync();
        await using (var connection = await factory.OpenAsync())
        {
            await new CoordinatorRepository(factory).SaveAsync(connection, null, new CoordinatorSettings { Name = "Somme Numérique", Siret = "20008012500012", UpdatedAtUtc = now });
        }

        var suppliers = new List<long>();
        var supplierRepository = new SupplierRepository(factory);
        await using (var connection = await factory.OpenAsync())
        {
            for (var n = 0; n < 10; n++)
            {
                suppliers.Add(await supplierRepository.InsertAsync(connection, null, new Supplier
                {
                    Name = $"Titulaire {n.ToString("00", CultureInfo.InvariantCulture)}",
                    Siret = ValidSiret(n),
                    AddressLine1 = "1 rue de la Gare",
                    PostalCode = "80000",
                    City = "Amiens",
                    ContactEmail = "marches@example.org",
                    CreatedAtUtc = now,
                    UpdatedAtUtc = now,
                }));
            }
        }

        var notified = new DateOnly(2026, 3, 2);
        for (var i = 0; i < ContractCount; i++)
        {
            var reference = string.Create(CultureInfo.InvariantCulture, $"B-{i:0000}");
            var id = await Scenario.DecpContractAsync(
                factory, s.GroupId, suppliers[i % suppliers.Count], reference, 50_000_00 + (i * 1_234_56L), notified.AddDays(i % 200),
                (ContractForm)(i % 3), lotLabel: i % 2 == 0 ? "Lot " + (1 + (i % 5)).ToString(CultureInfo.InvariantCulture) : null);
            for (var n = 1; n <= AmendmentsPerContract; n++)
            {
                await Scenario.AmendmentAsync(factory, id, n, notified.AddDays((i % 200) + (30 * n)), 60_000_00 + (n * 5_000_00L), 48 + (n * 6), n == 3 ? suppliers[(i + 1) % suppliers.Count] : null);
            }
        }
    }

    /// <summary>A SIRET that passes Core's check: a valid SIREN built from <paramref name="n"/>, then a valid NIC.</summary>
    private static string ValidSiret(int n)
    {
        var stem = (40_000_000 + (n * 7919)).ToString("00000000", CultureInfo.InvariantCulture);
        var siren = Enumerable.Range(0, 10).Select(d => stem + d.ToString(CultureInfo.InvariantCulture)).First(Siren.IsValid);
        return Enumerable.Range(0, 10).Select(d => siren + "0001" + d.ToString(CultureInfo.InvariantCulture)).First(Siret.IsValid);
    }

    /// <summary>A write-only stream that counts the bytes (the response body without a network).</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
