using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace ProcurementGroup.Testing;

/// <summary>
/// Hostile spreadsheets built in memory, byte for byte, for the tests, the benchmarks and the hostile-input corpus alike.
/// Each is what an attacker (or a broken tool) can upload in under 5 MB unless stated otherwise. Cells are written as
/// inline strings or numbers, so no shared-strings part is needed; a value of <see cref="FileIdValue"/> is written as a
/// formula-result string (t="str"), which MiniExcel's byte-array conversion would follow.
/// </summary>
public static class CraftedFiles
{
    public const string MediaPath = "xl/media/image1.png";

    /// <summary>MiniExcel 1.46 turns a str/inlineStr cell starting with "@@@fileid@@@," into the bytes of that zip entry.</summary>
    public const string FileIdValue = "@@@fileid@@@," + MediaPath;

    /// <summary>The bytes stored at <see cref="MediaPath"/> in <see cref="FileIdCells"/>'s workbook.</summary>
    public static readonly byte[] MediaBytes = Encoding.ASCII.GetBytes("secret bytes that must never come back as a cell value");

    /// <summary>
    /// A workbook whose sheet declares <c>&lt;dimension ref="A1:XFD{lastRow}"/&gt;</c> (16,384 columns) and holds
    /// <paramref name="rows"/> from row 1, then one cell in row <paramref name="lastRow"/>: about 6 KB, and minutes of CPU for a
    /// reader that trusts the dimension.
    /// </summary>
    public static byte[] HugeDimension(IReadOnlyList<object?[]>? rows = null, string sheetName = "Besoins", int lastRow = 20_001)
    {
        var numbered = (rows ?? []).Select((r, i) => (i + 1, r)).ToList();
        numbered.Add((lastRow, ["x"]));
        return Workbook(sheetName, numbered, dimension: $"A1:XFD{lastRow.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// A workbook holding <paramref name="rows"/> (use <see cref="FileIdValue"/> in the cells to test) and, at
    /// <see cref="MediaPath"/>, the entry those cells point to.
    /// </summary>
    public static byte[] FileIdCells(IReadOnlyList<object?[]> rows, string sheetName = "Sheet1") =>
        Workbook(sheetName, rows.Select((r, i) => (i + 1, r)).ToList(), extra: new Dictionary<string, byte[]> { [MediaPath] = MediaBytes });

    /// <summary>A real workbook (a few dozen KB) whose sheet inflates to 60 MB: over the 50 MB cap on unzipped size.</summary>
    public static byte[] ZipBomb(string sheetName = "Sheet1")
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackage(zip, sheetName);
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>"));
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 60; i++)
            {
                sheet.Write(chunk);
            }

            sheet.Write(Encoding.UTF8.GetBytes("</sheetData></worksheet>"));
        }

        return ms.ToArray();
    }

    /// <summary>"Billion laughs": the sheet's XML declares nested entities that would expand to gigabytes, and uses one.</summary>
    public static byte[] XmlEntityExpansion(string sheetName = "Sheet1")
    {
        var dtd = new StringBuilder("<!DOCTYPE worksheet [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            var previous = i == 1 ? "lol" : "lol" + (i - 1).ToString(CultureInfo.InvariantCulture);
            dtd.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&{previous};", 10))}\">");
        }

        dtd.Append("]>");
        var sheet = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{dtd}<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";
        return Package(sheetName, sheet, null);
    }

    /// <summary>An external entity pointing at a local file, used in a cell: it must never be resolved.</summary>
    public static byte[] ExternalEntity(string sheetName = "Sheet1")
    {
        var sheet = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>";
        return Package(sheetName, sheet, null);
    }

    /// <summary>A real workbook cut in the middle (a download interrupted): the zip's central directory is missing.</summary>
    public static byte[] Truncated()
    {
        var whole = Workbook("Sheet1", [(1, ["Code", "Quantité"]), (2, ["ENT-ELEVE", 12d])]);
        return whole[..(whole.Length / 2)];
    }

    /// <summary>A file of zero bytes.</summary>
    public static byte[] Empty() => [];

    /// <summary>A real workbook of 6 MB (an incompressible entry, stored): over the 5 MB upload limit.</summary>
    public static byte[] Oversize6MB()
    {
        var noise = new byte[6 * 1024 * 1024];
        new Random(6).NextBytes(noise);
        return Workbook("Sheet1", [(1, ["Code", "Quantité"])], extra: new Dictionary<string, byte[]> { [MediaPath] = noise }, level: CompressionLevel.NoCompression);
    }

    /// <summary>
    /// A workbook under 5 MB whose sheet holds <paramref name="rows"/> rows of <paramref name="columns"/> inline strings of
    /// <paramref name="cellChars"/> characters each (45 MB of XML by default, under the 50 MB cap): the most text a reader
    /// can be handed after the package checks.
    /// </summary>
    public static byte[] LongCells(string sheetName = "Sheet1", int rows = 5_000, int columns = 8, int cellChars = 1_100)
    {
        var text = new string('x', cellChars);
        var numbered = Enumerable.Range(1, rows).Select(r => (r, Enumerable.Repeat((object?)text, columns).ToArray())).ToList();
        return Workbook(sheetName, numbered);
    }

    /// <summary>A minimal valid workbook with one sheet holding <paramref name="rows"/> at their row numbers.</summary>
    public static byte[] Workbook(
        string sheetName,
        IReadOnlyList<(int Row, object?[] Cells)> rows,
        string? dimension = null,
        IReadOnlyDictionary<string, byte[]>? extra = null,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        var sheet = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"{Main}\">");
        if (dimension is not null)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<dimension ref=\"{dimension}\"/>");
        }

        sheet.Append("<sheetData>");
        foreach (var (row, cells) in rows)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
            for (var c = 0; c < cells.Length; c++)
            {
                var reference = Column(c) + row.ToString(CultureInfo.InvariantCulture);
                switch (cells[c])
                {
                    case null:
                        break;
                    case string s when s == FileIdValue:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"str\"><v>{FileIdValue}</v></c>");
                        break;
                    case string s:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></is></c>");
                        break;
                    case IFormattable number:
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{number.ToString(null, CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    default:
                        throw new ArgumentException($"Unsupported cell value {cells[c]}.", nameof(rows));
                }
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        return Package(sheetName, sheet.ToString(), extra, level);
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static byte[] Package(string sheetName, string sheetXml, IReadOnlyDictionary<string, byte[]>? extra, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackage(zip, sheetName);
            Write(zip, "xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes(sheetXml), CompressionLevel.Optimal);
            foreach (var (path, bytes) in extra ?? new Dictionary<string, byte[]>())
            {
                Write(zip, path, bytes, level);
            }
        }

        return ms.ToArray();
    }

    private static void WritePackage(ZipArchive zip, string sheetName)
    {
        Write(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
            "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"));
        Write(zip, "_rels/.rels", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
        Write(zip, "xl/workbook.xml", Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
            $"<sheets><sheet name=\"{SecurityElement.Escape(sheetName)}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
        Write(zip, "xl/_rels/workbook.xml.rels", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
    }

    private static void Write(ZipArchive zip, string path, byte[] bytes, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var s = zip.CreateEntry(path, level).Open();
        s.Write(bytes);
    }

    private static string Column(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
