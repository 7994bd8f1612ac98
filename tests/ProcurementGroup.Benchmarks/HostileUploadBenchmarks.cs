using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.NeedsDocuments;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// Issue 6, defect 1: each crafted file of tests/Shared/CraftedFiles.cs through the real upload path
/// (<see cref="NeedsSpreadsheetImport.UploadAsync"/>, the code behind POST /NeedsDocuments/Upload/{id}) on a temporary SQLite
/// file migrated by the app, for a form of a 200-item catalogue and 25 sites. Goal: every file under 5 MB answered within
/// 2 s, process memory growing by less than 100 MB. BenchmarkDotNet gives time and allocations; <see cref="Probe"/>
/// (<c>-- hostile-probe</c>) gives one cold run per file with the growth of the process's working set, sampled.
/// </summary>
[MemoryDiagnoser]
public class HostileUploadBenchmarks
{
    public const int ItemCount = 200;
    public const int SiteCount = 25;

    private HostileUploadFixture _fixture = null!;
    private byte[] _file = [];

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = string.Empty;

    public static IEnumerable<string> Files => HostileUploadFixture.FileNames;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new HostileUploadFixture();
        _file = _fixture.Files[File];
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>The upload of one crafted file; returns the French refusal (or the first line of the report).</summary>
    [Benchmark]
    public async Task<string?> Upload() => await _fixture.UploadAsync(_file);

    /// <summary>One cold upload per file, timed, with the peak growth of the process's working set while it is read.</summary>
    public static async Task Probe()
    {
        using var fixture = new HostileUploadFixture();
        await fixture.UploadAsync(fixture.Files["Valid"]);
        Console.WriteLine("| File | Size | Time (ms) | Allocated (MB) | Working-set growth, peak (MB) | Answer |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var name in HostileUploadFixture.FileNames)
        {
            var bytes = fixture.Files[name];
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = Environment.WorkingSet;
            var peak = baseline;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                    await Task.Delay(2);
                }
            });
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var answer = await fixture.UploadAsync(bytes);
            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            peak = Math.Max(peak, Environment.WorkingSet);
            await done.CancelAsync();
            await sampler;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | {1:N0} B | {2:N0} | {3:N1} | {4:N1} | {5} |",
                name,
                bytes.Length,
                clock.Elapsed.TotalMilliseconds,
                allocated / 1048576.0,
                (peak - baseline) / 1048576.0,
                answer));
        }
    }
}

/// <summary>The database, the form and the crafted files shared by <see cref="HostileUploadBenchmarks"/> and its probe.</summary>
public sealed class HostileUploadFixture : IDisposable
{
    public static readonly string[] FileNames = ["Valid", "HugeDimension", "FileIdCells", "ZipBomb", "XmlEntityExpansion", "Truncated", "Empty", "Oversize6MB", "LongCells"];

    private readonly NeedsFormBenchDatabase _database;

    public HostileUploadFixture()
    {
        _database = new NeedsFormBenchDatabase(new NeedsFormBenchScenario(
            MemberName: "CC du Vimeu",
            MemberNameSearch: "CC DU VIMEU",
            MemberKind: 3,
            GroupName: "ENT",
            GroupNameSearch: "ENT",
            GroupDomain: 2,
            CampaignTitle: "ENT 2027",
            LotTitles: ["ENT"],
            ItemCount: HostileUploadBenchmarks.ItemCount,
            Unit: "licence",
            WholeNumbersOnly: _ => true,
            UnitPriceCents: _ => 500,
            PricePeriod: 0,
            SiteCount: HostileUploadBenchmarks.SiteCount,
            SiteName: s => $"Site {s}"));
        var formId = _database.FormId;

        // The template's layout; the one line names an unknown code, so that a file read to the end is reported, never
        // saved, and the form keeps Version 1 from one iteration to the next.
        object?[][] form8 =
        [
            ["État des besoins"],
            ["Membre", "CC du Vimeu"],
            ["Formulaire n°", (double)formId, "Version", 1d],
            [],
            ["Lot", "Code", "Article", "Unité", "Prix unitaire HT", "Site", "Quantité", "Commentaire"],
            ["1 – ENT", "INCONNU", "Article", "licence", 5d, null, 3d, CraftedFiles.FileIdValue],
        ];
        Files = new Dictionary<string, byte[]>
        {
            ["Valid"] = CraftedFiles.Workbook("Besoins", [.. form8.Select((r, i) => (i + 1, r))]),
            ["HugeDimension"] = CraftedFiles.HugeDimension(form8, "Besoins", 20_001),
            ["FileIdCells"] = CraftedFiles.FileIdCells(form8, "Besoins"),
            ["ZipBomb"] = CraftedFiles.ZipBomb("Besoins"),
            ["XmlEntityExpansion"] = CraftedFiles.XmlEntityExpansion("Besoins"),
            ["Truncated"] = CraftedFiles.Truncated(),
            ["Empty"] = CraftedFiles.Empty(),
            ["Oversize6MB"] = CraftedFiles.Oversize6MB(),
            ["LongCells"] = CraftedFiles.LongCells("Besoins"),
        };
    }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    public async Task<string?> UploadAsync(byte[] file)
    {
        using var stream = new MemoryStream(file);
        var outcome = await _database.Spreadsheet.UploadAsync(_database.Context, stream, file.Length, null);
        return outcome.FileError ?? outcome.Report.FirstOrDefault();
    }

    public void Dispose() => _database.Dispose();
}
