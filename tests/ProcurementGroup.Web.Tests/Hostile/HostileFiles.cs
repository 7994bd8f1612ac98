using System.Globalization;
using System.Text;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>One hostile upload: the file name and content type the browser would send, and the bytes (built on demand).</summary>
public sealed record HostileFile(string Name, string FileName, string ContentType, Func<byte[]> Bytes)
{
    public override string ToString() => Name;
}

/// <summary>
/// Hostile uploads generated in code: broken and explosive zips, XLSX packages with entity expansion, a huge declared
/// dimension and <c>@@@fileid@@@</c> cells, wrong content types, an empty and an oversized file, a 100,000-column CSV.
/// The spreadsheets come from the builders of tests/Shared/CraftedFiles.cs, shared with the reader tests and the benchmarks.
/// </summary>
public static class HostileFiles
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<HostileFile> All { get; } =
    [
        new("empty-xlsx", "vide.xlsx", XlsxType, CraftedFiles.Empty),
        new("truncated-zip", "tronque.xlsx", XlsxType, CraftedFiles.Truncated),
        new("zip-bomb-60mb", "bombe.xlsx", XlsxType, () => CraftedFiles.ZipBomb()),
        new("billion-laughs-xlsx", "rires.xlsx", XlsxType, () => CraftedFiles.XmlEntityExpansion()),
        new("external-entity-xlsx", "xxe.xlsx", XlsxType, () => CraftedFiles.ExternalEntity()),
        new("fileid-cells-xlsx", "fileid.xlsx", XlsxType, FileIdCells),
        new("formula-cells-xlsx", "formules.xlsx", XlsxType, () => OneRow("=1+1", "@SUM(1)", "+cmd|' /C calc'!A0", "-2+3", "<script>alert(1)</script>")),
        new("six-megabytes", "gros.xlsx", XlsxType, CraftedFiles.Oversize6MB),
        new("png-renamed-xlsx", "image.xlsx", XlsxType, Png),
        new("pdf-renamed-xlsx", "document.xlsx", XlsxType, () => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")),
        new("text-as-xlsx-type", "texte.xlsx", XlsxType, () => Encoding.UTF8.GetBytes("Ceci n'est pas un classeur.\n=1+1;<script>alert(1)</script>\n")),
        new("csv-100k-columns", "colonnes.csv", "text/csv", () => Encoding.UTF8.GetBytes(string.Join(';', Enumerable.Range(0, 100_000).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))) + "\n")),
        new("path-traversal-name", "../../etc/passwd.xlsx", XlsxType, () => OneRow("a")),
        new("xlsx-exe-content-type", "programme.exe", "application/x-msdownload", () => Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0")),

        // Last: on a reader that trusts the declared dimension (issue 6, defect 1) it keeps a core busy for minutes.
        new("huge-dimension-xlsx", "dimension.xlsx", XlsxType, () => CraftedFiles.HugeDimension([["Lot", "Code"]])),
    ];

    /// <summary>A minimal valid workbook whose sheet holds one row of inline strings, cells A1, B1, …</summary>
    public static byte[] OneRow(params string[] cells) => CraftedFiles.Workbook("Sheet1", [(1, [.. cells])]);

    /// <summary>
    /// MiniExcel turns <c>@@@fileid@@@,…</c> cells into byte arrays read from the package: the media entry the workbook holds,
    /// one of its own parts, a path out of the package and the content-types part.
    /// </summary>
    public static byte[] FileIdCells() => CraftedFiles.FileIdCells(
        [[CraftedFiles.FileIdValue, "@@@fileid@@@,xl/worksheets/sheet1.xml", "@@@fileid@@@,../../../../etc/passwd", "@@@fileid@@@,[Content_Types].xml"]]);

    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
}
