using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Features.NeedsDocuments;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The needs form spreadsheet upload at the size the issue asks for: a 5,000-line form (200 catalogue items × 25 sites)
/// in an XLSX, checked (zip, size), parsed by MiniExcel, validated line by line and saved in one transaction (lines
/// replaced, Version bumped, audit row) on a temporary SQLite file migrated by the app's own MigrationRunner.
/// </summary>
[MemoryDiagnoser]
public class NeedsImportBenchmarks
{
    public const int ItemCount = 200;
    public const int SiteCount = 25;

    private NeedsFormBenchDatabase _database = null!;
    private NeedsSpreadsheetImport _spreadsheet = null!;
    private NeedsFormContext _context = null!;
    private IReadOnlyList<CatalogueItem> _items = null!;
    private IReadOnlyList<MemberSite> _sites = null!;
    private byte[] _file = [];
    private IReadOnlyList<NeedLine> _parsed = [];

    [GlobalSetup]
    public void Setup()
    {
        _database = new NeedsFormBenchDatabase(new NeedsFormBenchScenario(
            MemberName: "Département de la Somme",
            MemberNameSearch: "DEPARTEMENT DE LA SOMME",
            MemberKind: 1,
            GroupName: "Télécommunications",
            GroupNameSearch: "TELECOMMUNICATIONS",
            GroupDomain: 1,
            CampaignTitle: "Télécommunications 2027-2030",
            LotTitles: [.. Enumerable.Range(1, 4).Select(n => $"Lot {n}")],
            ItemCount: ItemCount,
            Unit: "ligne",
            WholeNumbersOnly: i => i % 3 != 0,
            UnitPriceCents: i => 500 + i,
            PricePeriod: 2,
            SiteCount: SiteCount,
            SiteName: SiteName));
        _spreadsheet = _database.Spreadsheet;
        _context = _database.Context;
        var (memberId, campaignId, formId) = (_database.MemberId, _database.CampaignId, _database.FormId);
        var catalogue = _database.Catalogue;
        var documents = _database.Documents;
        _items = catalogue.ItemsAsync(campaignId).GetAwaiter().GetResult();
        _sites = documents.SitesAsync(memberId).GetAwaiter().GetResult();
        _file = BuildFile(formId);
        using var parsedStream = new MemoryStream(_file);
        _parsed = NeedsSpreadsheetReader.Parse(NeedsSpreadsheetReader.ReadRows(parsedStream, Limits).Rows!, _context.Form, _items, _sites).Lines;
        if (_parsed.Count != ItemCount * SiteCount)
        {
            throw new InvalidOperationException($"{_parsed.Count} lines parsed.");
        }
    }

    /// <summary>Each full import bumps the form's Version: put it back so the file (Version 1) is current again.</summary>
    [IterationSetup(Targets = [nameof(ImportFiveThousandLines), nameof(ImportSaveOnly)])]
    public void ResetVersion()
    {
        using var c = new SqliteConnection(_database.Factory.ConnectionString);
        c.Open();
        c.Execute("UPDATE NeedsForms SET Version = 1");
        _context.Form.Version = 1;
    }

    private ProcurementGroup.Web.Infrastructure.Uploads.SheetLimits Limits => NeedsSpreadsheetReader.Limits(_items.Count, _sites.Count);

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    /// <summary>The whole upload: zip checks, MiniExcel read, validation of 5,000 lines, one transaction with the audit row.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> ImportFiveThousandLines()
    {
        using var stream = new MemoryStream(_file);
        var outcome = await _spreadsheet.UploadAsync(_context, stream, _file.Length, null);
        return outcome.Saved ? outcome.SavedLines : throw new InvalidOperationException(string.Join(" / ", outcome.Report.Prepend(outcome.FileError ?? string.Empty)));
    }

    /// <summary>The XLSX checks and MiniExcel read alone (no validation, no database).</summary>
    [Benchmark]
    public int ImportReadOnly()
    {
        using var stream = new MemoryStream(_file);
        return NeedsSpreadsheetReader.ReadRows(stream, Limits).Rows!.Count;
    }

    /// <summary>Reading plus the line-by-line validation (dictionary lookups), still without the database.</summary>
    [Benchmark]
    public int ImportReadAndValidate()
    {
        using var stream = new MemoryStream(_file);
        var rows = NeedsSpreadsheetReader.ReadRows(stream, Limits).Rows!;
        return NeedsSpreadsheetReader.Parse(rows, _context.Form, _items, _sites).Lines.Count;
    }

    /// <summary>The transaction alone: 5,000 lines replaced, Version bumped, the audit row written.</summary>
    [Benchmark]
    public async Task<int> ImportSaveOnly()
    {
        var outcome = await _spreadsheet.SaveAsync(_context.Form, _parsed, _items, _sites, null);
        return outcome.SavedLines;
    }

    private static string Code(int i) => NeedsFormBenchScenario.Code(i);

    private static string SiteName(int s) => "Site " + s.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The layout of templates/needs-form.xlsx: the form's id and Version above the header, then one row per item and site.</summary>
    private static byte[] BuildFile(long formId)
    {
        static Dictionary<string, object?> Row(params object?[] cells)
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < 8; i++)
            {
                d[((char)('A' + i)).ToString()] = i < cells.Length ? cells[i] : null;
            }

            return d;
        }

        var rows = new List<Dictionary<string, object?>>
        {
            Row("État des besoins"),
            Row("Membre", "Département de la Somme"),
            Row("Formulaire n°", formId, "Version", 1),
            Row(),
            Row("Lot", "Code", "Article", "Unité", "Prix unitaire HT", "Site", "Quantité", "Commentaire"),
        };
        for (var i = 0; i < ItemCount; i++)
        {
            for (var s = 0; s < SiteCount; s++)
            {
                rows.Add(Row("Lot", Code(i), $"Article {i}", "ligne", 5m, SiteName(s), (double)(1 + ((i + s) % 40)), s == 0 ? "Commentaire" : null));
            }
        }

        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: false, sheetName: "Besoins");
        return stream.ToArray();
    }
}
