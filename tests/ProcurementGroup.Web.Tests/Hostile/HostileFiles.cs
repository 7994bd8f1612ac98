using System.IO.Compression;
using System.Text;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>One hostile upload: the file name and content type the browser would send, and the bytes (built on demand).</summary>
public sealed record HostileFile(string Name, string FileName, string ContentType, Func<byte[]> Bytes)
{
    public override string ToString() => Name;
}

/// <summary>
/// Hostile uploads generated in code: broken and explosive zips, XLSX packages with entity expansion, a huge declared
/// dimension and <c>@@@fileid@@@</c> cells, wrong content types, an empty and an oversized file, a 100,000-column CSV.
/// (A parallel branch adds tests/Shared/CraftedFiles.cs with builders for the spreadsheet bombs; the two are to be merged.)
/// </summary>
public static class HostileFiles
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<HostileFile> All { get; } =
    [
        new("empty-xlsx", "vide.xlsx", XlsxType, () => []),
        new("truncated-zip", "tronque.xlsx", XlsxType, () => Xlsx(SheetXml(["A", "B"]))[..400]),
        new("zip-bomb-60mb", "bombe.xlsx", XlsxType, ZipBomb),
        new("billion-laughs-xlsx", "rires.xlsx", XlsxType, BillionLaughs),
        new("external-entity-xlsx", "xxe.xlsx", XlsxType, ExternalEntity),
        new("fileid-cells-xlsx", "fileid.xlsx", XlsxType, FileIdCells),
        new("formula-cells-xlsx", "formules.xlsx", XlsxType, () => Xlsx(SheetXml(["=1+1", "@SUM(1)", "+cmd|' /C calc'!A0", "-2+3", "<script>alert(1)</script>"]))),
        new("six-megabytes", "gros.xlsx", XlsxType, () => new byte[6 * 1024 * 1024]),
        new("png-renamed-xlsx", "image.xlsx", XlsxType, Png),
        new("pdf-renamed-xlsx", "document.xlsx", XlsxType, () => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")),
        new("text-as-xlsx-type", "texte.xlsx", XlsxType, () => Encoding.UTF8.GetBytes("Ceci n'est pas un classeur.\n=1+1;<script>alert(1)</script>\n")),
        new("csv-100k-columns", "colonnes.csv", "text/csv", () => Encoding.UTF8.GetBytes(string.Join(';', Enumerable.Range(0, 100_000).Select(i => "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n")),
        new("path-traversal-name", "../../etc/passwd.xlsx", XlsxType, () => Xlsx(SheetXml(["a"]))),
        new("xlsx-exe-content-type", "programme.exe", "application/x-msdownload", () => Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0")),

        // Last: on a reader that trusts the declared dimension (issue 6, defect 1) it keeps a core busy for minutes.
        new("huge-dimension-xlsx", "dimension.xlsx", XlsxType, HugeDimension),
    ];

    /// <summary>A minimal valid XLSX package around the given sheet XML (and optional shared strings).</summary>
    public static byte[] Xlsx(string sheetXml, string? sharedStringsXml = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string path, string content)
            {
                using var w = new StreamWriter(zip.CreateEntry(path, level).Open(), new UTF8Encoding(false));
                w.Write(content);
            }

            Entry("[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + (sharedStringsXml is null ? string.Empty : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
                + "</Types>");
            Entry("_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Entry("xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<sheets><sheet name=\"Feuil1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Entry("xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStringsXml is null ? string.Empty : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + "</Relationships>");
            Entry("xl/worksheets/sheet1.xml", sheetXml);
            if (sharedStringsXml is not null)
            {
                Entry("xl/sharedStrings.xml", sharedStringsXml);
            }
        }

        return ms.ToArray();
    }

    /// <summary>A sheet with one row of inline strings, cells A1, B1, …</summary>
    public static string SheetXml(IReadOnlyList<string> cells, string? dimension = null, string? extraRows = null, string? prolog = null)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").Append(prolog);
        sb.Append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        if (dimension is not null)
        {
            sb.Append("<dimension ref=\"").Append(dimension).Append("\"/>");
        }

        sb.Append("<sheetData><row r=\"1\">");
        for (var i = 0; i < cells.Count; i++)
        {
            sb.Append("<c r=\"").Append((char)('A' + i)).Append("1\" t=\"inlineStr\"><is><t>")
                .Append(System.Security.SecurityElement.Escape(cells[i])).Append("</t></is></c>");
        }

        sb.Append("</row>").Append(extraRows).Append("</sheetData></worksheet>");
        return sb.ToString();
    }

    /// <summary>Issue 6 defect 1: a sheet declaring A1:XFD20001 with a single cell in row 20001 (a few KB on disk).</summary>
    public static byte[] HugeDimension() =>
        Xlsx(SheetXml(["Lot", "Code"], dimension: "A1:XFD20001", extraRows: "<row r=\"20001\"><c r=\"XFD20001\" t=\"inlineStr\"><is><t>x</t></is></c></row>"));

    /// <summary>MiniExcel turns <c>@@@fileid@@@,…</c> cells into byte arrays read from the package.</summary>
    public static byte[] FileIdCells() =>
        Xlsx(SheetXml(["@@@fileid@@@,xl/worksheets/sheet1.xml", "@@@fileid@@@,../../../../etc/passwd", "@@@fileid@@@,[Content_Types].xml"]));

    /// <summary>Ten levels of ten entity references: a billion "lol"s if a parser expands them.</summary>
    public static byte[] BillionLaughs()
    {
        var dtd = new StringBuilder("<!DOCTYPE worksheet [<!ENTITY lol \"lol\">");
        for (var level = 1; level <= 9; level++)
        {
            var previous = level == 1 ? "lol" : "lol" + (level - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            dtd.Append("<!ENTITY lol").Append(level.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" \"")
                .Append(string.Concat(Enumerable.Repeat("&" + previous + ";", 10))).Append("\">");
        }

        dtd.Append("]>");
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
            + "<c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";
        return Xlsx(sheet);
    }

    /// <summary>An external entity pointing at a local file: must never be resolved.</summary>
    public static byte[] ExternalEntity()
    {
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
            + "<c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>";
        return Xlsx(sheet);
    }

    /// <summary>A valid XLSX package whose sheet unzips to more than 50 MB (60 MB of blanks inside the sheet data), a few hundred KB on the wire.</summary>
    public static byte[] ZipBomb()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var small = Xlsx(SheetXml(["a"]));
            using (var source = new ZipArchive(new MemoryStream(small), ZipArchiveMode.Read))
            {
                foreach (var entry in source.Entries.Where(e => e.FullName != "xl/worksheets/sheet1.xml"))
                {
                    using var to = zip.CreateEntry(entry.FullName).Open();
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }

            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"));
            var blanks = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 60; i++)
            {
                sheet.Write(blanks);
            }

            sheet.Write(Encoding.ASCII.GetBytes("</sheetData></worksheet>"));
        }

        return ms.ToArray();
    }

    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
}
