using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ProcurementGroup.Testing;

/// <summary>One worksheet cell as a spreadsheet program would see it: its formula if it has one, else its text (null for a number).</summary>
public sealed record XlsxCell(string Reference, string? Formula, string? Text);

/// <summary>
/// The tests' own reader of the XLSX and CSV files the app writes, written apart from the product's reader so a test never
/// checks the app against itself: the cells of every worksheet (shared and inline strings resolved), and RFC 4180 records.
/// </summary>
public static class IndependentSheetReader
{
    /// <summary>Every cell of every worksheet, the reference given as <c>xl/worksheets/sheet1.xml!A1</c>.</summary>
    public static List<XlsxCell> XlsxCells(byte[] xlsx)
    {
        var cells = new List<XlsxCell>();
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var shared = new List<string>();
        if (zip.GetEntry("xl/sharedStrings.xml") is { } sharedEntry)
        {
            var doc = Load(sharedEntry);
            shared.AddRange(doc.Root!.Elements().Select(si => string.Concat(si.Descendants().Where(e => e.Name.LocalName == "t").Select(t => t.Value))));
        }

        foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            foreach (var cell in Load(sheet).Descendants().Where(e => e.Name.LocalName == "c"))
            {
                var reference = $"{sheet.FullName}!{(string?)cell.Attribute("r")}";
                if (cell.Elements().FirstOrDefault(e => e.Name.LocalName == "f") is { } formula)
                {
                    cells.Add(new XlsxCell(reference, formula.Value, null));
                    continue;
                }

                var t = (string?)cell.Attribute("t");
                var v = cell.Elements().FirstOrDefault(e => e.Name.LocalName == "v")?.Value;
                var text = t switch
                {
                    "s" when int.TryParse(v, CultureInfo.InvariantCulture, out var i) && i < shared.Count => shared[i],
                    "inlineStr" => string.Concat(cell.Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value)),
                    "str" => v,
                    _ => null,
                };
                cells.Add(new XlsxCell(reference, null, text));
            }
        }

        return cells;
    }

    /// <summary>How many cells of the workbook hold a formula.</summary>
    public static int FormulaCount(byte[] xlsx) => XlsxCells(xlsx).Count(c => c.Formula is not null);

    /// <summary>RFC 4180 records: quoted fields may hold separators, quotes (doubled) and line breaks.</summary>
    public static IEnumerable<List<string>> CsvRecords(string csv, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n'))
            {
                if (c == '\r')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return fields;
                fields = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }

    private static XDocument Load(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }
}
