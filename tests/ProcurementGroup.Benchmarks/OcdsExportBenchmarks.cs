using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.OpenData;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.OpenData;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// Open data (issue 10: ≤ 100 ms): the OCDS 1.1.5 export of 1,000 contracts with 3 amendments each, on a temporary SQLite
/// file migrated by the app's MigrationRunner, through the code of <c>GET /opendata/ocds.json</c> once the stored checks
/// are current: the publishable contracts (<see cref="OpenDataCheck.PublishableContractIdsAsync"/>), the read
/// (<see cref="OcdsRepository.ReadAsync"/>), and the release builder writing the package with a <see cref="Utf8JsonWriter"/>
/// to a forward-only stream that keeps nothing (the response body). The contracts are recorded as the contracts slice
/// records a contract without a tender (<see cref="Scenario.ContractAsync"/>: 3 members, 2 items), each with 3 avenants
/// (new amount, new duration, new holder) through <see cref="ContractRepository.InsertAmendmentAsync"/>; every contract
/// is checked once in the setup, by the OCDS validator, as the export's stale check would.
/// </summary>
[MemoryDiagnoser]
public class OcdsExportBenchmarks
{
    public const int ContractCount = 1000;
    public const int AmendmentsPerContract = 3;

    private string _directory = string.Empty;
    private OcdsExport _export = null!;
    private OcdsReleaseBuilder _builder = null!;
    private OcdsPackage _prepared = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(factory, NullLogger<MigrationRunner>.Instance).Run();
        SeedAsync(factory).GetAwaiter().GetResult();
        _builder = new OcdsReleaseBuilder();
        var repository = new OcdsRepository(factory);
        var check = new OpenDataCheck([new OcdsContractValidator(repository, _builder, new OpenDataSchemas(), TimeProvider.System)], new OpenDataRepository(factory), TimeProvider.System);
        check.CheckStaleAsync().GetAwaiter().GetResult();
        _export = new OcdsExport(repository, _builder, check, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        // The arrangement is what the benchmark says: every contract published, with its amendments.
        var package = _export.PrepareAsync().GetAwaiter().GetResult();
        var contracts = package.Releases.Sum(r => r.Contracts.Count);
        if (package.Releases.Count != ContractCount || contracts != ContractCount || package.Data.Amendments.Count != ContractCount * AmendmentsPerContract)
        {
            throw new InvalidOperationException($"Arranged {package.Releases.Count} releases, {contracts} contracts, {package.Data.Amendments.Count} amendments.");
        }

        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, OcdsReleaseBuilder.WriterOptions))
        {
            _builder.WriteAsync(writer, package, Header).GetAwaiter().GetResult();
        }

        _prepared = package;
        Console.WriteLine($"// OCDS package: {output.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
    }

    private static OcdsPackageHeader Header => new("https://achats.example.org/opendata/ocds.json", DateTime.UtcNow);

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The whole export: publishable contracts, read, and the package written to the response body.</summary>
    [Benchmark]
    public async Task<long> OpenDataOcdsExportThousandContracts()
    {
        var package = await _export.PrepareAsync();
        await using var output = new CountingStream();
        await using (var writer = new Utf8JsonWriter(output, OcdsReleaseBuilder.WriterOptions))
        {
            await _builder.WriteAsync(writer, package, Header);
        }

        return output.Length;
    }

    /// <summary>The first half alone: publishable contracts and the read, indexed into the package's releases.</summary>
    [Benchmark]
    public async Task<int> OpenDataOcdsPrepareOnly() => (await _export.PrepareAsync()).Releases.Count;

    /// <summary>The second half alone: an already prepared package written to the response body.</summary>
    [Benchmark]
    public async Task<long> OpenDataOcdsWriteOnly()
    {
        await using var output = new CountingStream();
        await using (var writer = new Utf8JsonWriter(output, OcdsReleaseBuilder.WriterOptions))
        {
            await _builder.WriteAsync(writer, _prepared, Header);
        }

        return output.Length;
    }

    private static async Task SeedAsync(DbConnectionFactory factory)
    {
        var now = DateTime.UtcNow;
        var s = await Scenario.For(factory)
            .Group("Bench open data")
            .Member("Alpha")
            .Member("Beta")
            .Member("Gamma")
            .Campaign("Bench open data", c => c.Lot(1, "Lot 1", l => l.Item("A", 100, PricePeriod.Annual)))
            .BuildAsync();
        var suppliers = new List<long>();
        await using (var connection = await factory.OpenAsync())
        {
            var supplierRepository = new SupplierRepository(factory);
            for (var n = 0; n < 4; n++)
            {
                suppliers.Add(await supplierRepository.InsertAsync(connection, null, new Supplier
                {
                    Name = $"Fournisseur {n.ToString("00", CultureInfo.InvariantCulture)}",
                    Siret = ValidSiret(n),
                    AddressLine1 = "1 rue de la Gare",
                    PostalCode = "80000",
                    City = "Amiens",
                    ContactEmail = "offres@example.org",
                    CreatedAtUtc = now,
                    UpdatedAtUtc = now,
                }));
            }
        }

        var contracts = new ContractRepository(factory);
        long[] members = [s.MemberId("Alpha"), s.MemberId("Beta"), s.MemberId("Gamma")];
        for (var n = 1; n <= ContractCount; n++)
        {
            var id = await Scenario.ContractAsync(
                factory,
                s.GroupId,
                suppliers[n % 4],
                $"BENCH-{n.ToString("0000", CultureInfo.InvariantCulture)}",
                100_000_00 + n,
                [("Licence", 12_3456), ("Support", 1_0000)],
                members.Select(m => (m, new[] { 1_000L * n, 500L })).ToList());
            await using var connection = await factory.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            for (var a = 1; a <= AmendmentsPerContract; a++)
            {
                await contracts.InsertAmendmentAsync(connection, tx, new ContractAmendmentRow
                {
                    ContractId = id,
                    Number = a,
                    SignedOn = new DateOnly(2025, a, 15),
                    NewAmountCents = a == 1 ? 120_000_00 + n : null,
                    NewDurationMonths = a == 2 ? 54 : null,
                    NewSupplierId = a == 3 ? suppliers[(n + 1) % 4] : null,
                    Reason = $"Avenant n° {a.ToString(CultureInfo.InvariantCulture)} : sujétions techniques imprévues",
                    CreatedAtUtc = now,
                });
            }

            await tx.CommitAsync();
        }
    }

    private static string ValidSiret(int n)
    {
        var found = -1;
        for (var candidate = 73282932000000L; ; candidate++)
        {
            var text = candidate.ToString(CultureInfo.InvariantCulture);
            if (Siret.IsValid(text) && ++found == n)
            {
                return text;
            }
        }
    }

    /// <summary>A response body: written forward only, keeping nothing (it counts the bytes).</summary>
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
