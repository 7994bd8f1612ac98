using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Infrastructure.Uploads;

/// <summary>What a valid file of one kind can hold: rows (header and any lines above it included) and columns.</summary>
public sealed record SheetLimits(int MaxRows, int MaxColumns)
{
    /// <summary>Wall-clock budget for reading; past it the file is refused (the upload must be answered within 2 s).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Characters of text in the cells read and the shared strings together: 10 million (20 MB in memory) is twice what the
    /// largest valid form holds (5,000 lines with a 1,000-character comment), and keeps memory growth far below 100 MB.
    /// </summary>
    public long MaxTextCharacters { get; init; } = 10_000_000;

    /// <summary>The message for a workbook that cannot be read; each feature may say which file it expected.</summary>
    public string UnreadableMessage { get; init; } = XlsxUpload.UnreadableMessage;
}

/// <summary>A non-empty row: its number in the sheet (1-based) and its first <see cref="SheetLimits.MaxColumns"/> cells.</summary>
public sealed record SheetRow(int Number, object?[] Cells)
{
    public string?[] Texts() => [.. Cells.Select(XlsxUpload.CellText)];
}

/// <summary>
/// The rows read, or the French reason the file is refused. <see cref="RowsRead"/> counts the rows the spreadsheet library
/// actually produced (empty rows included), <see cref="RowsScanned"/> the row elements the pre-scan looked at: both stay
/// within the limits whatever the file declares.
/// </summary>
public sealed record SheetReadResult(IReadOnlyList<SheetRow>? Rows, string? Error, int RowsRead, int RowsScanned)
{
    public static SheetReadResult Refused(string message, int rowsRead = 0, int rowsScanned = 0) => new(null, message, rowsRead, rowsScanned);
}

/// <summary>
/// The one bounded way to read a user's spreadsheet (XLSX or CSV), used by every import. For an XLSX:
/// <list type="number">
/// <item>the package checks of <see cref="XlsxUpload.Check"/> (5 MB, a real zip, at most 50 MB once inflated);</item>
/// <item>every XML part's prolog is read with DTDs prohibited: a DOCTYPE (entity expansion, "billion laughs") is refused;</item>
/// <item>a pre-scan of the sheet's XML (no DTD, no resolver) finds the last row holding a value, never trusting the declared
/// <c>&lt;dimension&gt;</c>, and stops as soon as a value lies beyond <see cref="SheetLimits.MaxRows"/>, or the text (shared
/// strings included) passes <see cref="SheetLimits.MaxTextCharacters"/>, or the time passes <see cref="SheetLimits.Budget"/>;</item>
/// <item>MiniExcel then reads rows 1 to that last row and columns 1 to <see cref="SheetLimits.MaxColumns"/> only, lazily,
/// with its <c>@@@fileid@@@</c> byte-array conversion and merged-cell filling off.</item>
/// </list>
/// MiniExcel 1.46 fills the rows missing between two row elements with empty rows and trusts the dimension for its width:
/// both are bounded here by the end row and column handed to QueryRange. Its IgnoreEmptyRows is left off on purpose: the
/// rows it returns carry no row number, and the users' error reports name rows ("Ligne 12"); empty rows are dropped here
/// instead, with their numbers kept. Text cells come back through <see cref="SpreadsheetText.Restore"/>, so our own
/// neutralised cells read back as they were. Never throws on bad content.
/// </summary>
public static class SpreadsheetReader
{
    public const string DtdMessage = "Ce classeur est refusé : une de ses parties XML est invalide ou contient une déclaration DTD (entités XML), ce qu'un tableur n'écrit pas.";
    public const string TimeMessage = "Le fichier n'a pas pu être lu dans le temps imparti : vérifiez qu'il s'agit d'un classeur enregistré par un tableur.";
    public const string MissingSheetMessage = "Le classeur ne contient aucune feuille lisible.";

    /// <summary>Past the limit, a few empty row elements (formatting kept by a spreadsheet) are tolerated, not millions.</summary>
    public const int MaxEmptyRowsBeyondLimit = 1_000;

    private static readonly string[] SpreadsheetNamespaces =
    [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ];

    private static readonly XmlReaderSettings SafeXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    public static string TooMuchTextMessage(long maxCharacters) => string.Format(
        CultureInfo.GetCultureInfo("fr-FR"),
        "Le fichier contient plus de {0:N0} caractères de texte : ce n'est pas un fichier de ce type. Supprimez le texte en trop ou découpez le fichier.",
        maxCharacters);

    public static string TooManyRowsMessage(int maxRows, int row) => string.Format(
        CultureInfo.GetCultureInfo("fr-FR"),
        "Le fichier contient plus de {0:N0} lignes : la ligne {1:N0} contient une valeur. Supprimez les lignes en trop ou découpez le fichier.",
        maxRows,
        row);

    // ---------------------------------------------------------------- XLSX

    /// <summary>
    /// Reads the sheet named <paramref name="sheetName"/> (case-insensitive; the first sheet when null) of a seekable XLSX stream.
    /// <paramref name="wrongSheetMessage"/> answers a workbook without that sheet.
    /// </summary>
    public static SheetReadResult ReadXlsx(Stream stream, SheetLimits limits, string? sheetName = null, string? wrongSheetMessage = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        var clock = Stopwatch.StartNew();
        if (XlsxUpload.Check(stream, stream.Length) is { } refused)
        {
            return SheetReadResult.Refused(refused);
        }

        string? sheet;
        int lastRow;
        int scanned;
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                if (!PrologsAreSafe(zip))
                {
                    return SheetReadResult.Refused(DtdMessage);
                }

                var (name, entry) = FindSheet(zip, sheetName);
                if (entry is null)
                {
                    return SheetReadResult.Refused(sheetName is null ? MissingSheetMessage : wrongSheetMessage ?? MissingSheetMessage);
                }

                sheet = name;
                var shared = SharedStringCharacters(zip, limits.MaxTextCharacters);
                if (shared > limits.MaxTextCharacters)
                {
                    return SheetReadResult.Refused(TooMuchTextMessage(limits.MaxTextCharacters));
                }

                var scan = PreScan(entry, limits, clock, limits.MaxTextCharacters - shared);
                if (scan.Error is not null)
                {
                    return SheetReadResult.Refused(scan.Error, 0, scan.Scanned);
                }

                (lastRow, scanned) = (scan.LastRow, scan.Scanned);
            }
        }
        catch (XmlException)
        {
            return SheetReadResult.Refused(DtdMessage);
        }
#pragma warning disable CA1031 // Whatever a malformed package throws while it is scanned, the user gets a French message, not a 500.
        catch (Exception)
#pragma warning restore CA1031
        {
            return SheetReadResult.Refused(limits.UnreadableMessage);
        }

        if (lastRow == 0)
        {
            return new SheetReadResult([], null, 0, scanned);
        }

        var configuration = new OpenXmlConfiguration
        {
            // A cell "@@@fileid@@@,path" would otherwise come back as the bytes of that zip entry.
            EnableConvertByteArray = false,
            FillMergedCells = false,
            IgnoreEmptyRows = false,
        };
        var rows = new List<SheetRow>();
        var read = 0;
        try
        {
            stream.Position = 0;
            foreach (IDictionary<string, object?> row in stream.QueryRange(
                useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, startRowIndex: 1, startColumnIndex: 1, endRowIndex: lastRow, endColumnIndex: limits.MaxColumns, configuration: configuration))
            {
                read++;
                if (read > lastRow)
                {
                    // Cannot happen with rows in order; rows numbered out of order in a hand-made file are not ours to read.
                    return SheetReadResult.Refused(limits.UnreadableMessage, read, scanned);
                }

                if (clock.Elapsed > limits.Budget)
                {
                    return SheetReadResult.Refused(TimeMessage, read, scanned);
                }

                var cells = new object?[limits.MaxColumns];
                var any = false;
                foreach (var (key, value) in row)
                {
                    if (ColumnIndex(key) is { } c && c < cells.Length && Clean(value) is { } v)
                    {
                        cells[c] = v;
                        any = true;
                    }
                }

                if (any)
                {
                    rows.Add(new SheetRow(read, cells));
                }
            }
        }
#pragma warning disable CA1031 // Whatever MiniExcel throws on a malformed workbook, the user gets a French message, not a 500.
        catch (Exception)
#pragma warning restore CA1031
        {
            return SheetReadResult.Refused(limits.UnreadableMessage, read, scanned);
        }
        finally
        {
            stream.Position = 0;
        }

        return new SheetReadResult(rows, null, read, scanned);
    }

    /// <summary>A cell value as the parsers want it: blank text is no value, text loses our neutralising prefix.</summary>
    private static object? Clean(object? value) => value switch
    {
        null => null,
        string s when string.IsNullOrWhiteSpace(s) => null,
        string s => SpreadsheetText.Restore(s),
        _ => value,
    };

    /// <summary>"A" → 0, "H" → 7; null for anything else.</summary>
    private static int? ColumnIndex(string key)
    {
        if (key.Length is 0 or > 3)
        {
            return null;
        }

        var index = 0;
        foreach (var ch in key)
        {
            if (ch is < 'A' or > 'Z')
            {
                return null;
            }

            index = (index * 26) + (ch - 'A' + 1);
        }

        return index - 1;
    }

    /// <summary>Reads each XML part up to its root element with DTDs prohibited: a DOCTYPE throws, so the file is refused.</summary>
    private static bool PrologsAreSafe(ZipArchive zip)
    {
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var s = entry.Open();
            using var reader = XmlReader.Create(s, SafeXml);
            try
            {
                reader.MoveToContent();
            }
            catch (XmlException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sheet's name and zip entry, from xl/workbook.xml and its relationships (first sheet when no name is asked).</summary>
    private static (string? Name, ZipArchiveEntry? Entry) FindSheet(ZipArchive zip, string? sheetName)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null)
        {
            return (null, null);
        }

        (string Name, string Id)? chosen = null;
        using (var s = workbook.Open())
        using (var reader = XmlReader.Create(s, SafeXml))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.GetAttribute("name") is { } name)
                {
                    var id = Attribute(reader, "id") ?? string.Empty;
                    if (sheetName is null || string.Equals(name, sheetName, StringComparison.OrdinalIgnoreCase))
                    {
                        chosen = (name, id);
                        break;
                    }
                }
            }
        }

        if (chosen is not { } sheet)
        {
            return (null, null);
        }

        string? target = null;
        using (var s = rels.Open())
        using (var reader = XmlReader.Create(s, SafeXml))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("Id") == sheet.Id)
                {
                    target = reader.GetAttribute("Target");
                    break;
                }
            }
        }

        if (string.IsNullOrEmpty(target))
        {
            return (null, null);
        }

        var path = target.TrimStart('/');
        var entry = zip.GetEntry(path.StartsWith("xl/", StringComparison.Ordinal) ? path : "xl/" + path);
        return (sheet.Name, entry);
    }

    private static string? Attribute(XmlReader reader, string localName)
    {
        for (var i = 0; i < reader.AttributeCount; i++)
        {
            reader.MoveToAttribute(i);
            if (reader.LocalName == localName && reader.Prefix.Length > 0)
            {
                var value = reader.Value;
                reader.MoveToElement();
                return value;
            }
        }

        reader.MoveToElement();
        return null;
    }

    private sealed record Scan(int LastRow, int Scanned, string? Error);

    /// <summary>
    /// Walks the sheet's row elements (numbered by their r attribute, or one after the previous as MiniExcel does): the last
    /// row within the limit that holds a value, or the refusal as soon as a value lies beyond the limit.
    /// </summary>
    private static Scan PreScan(ZipArchiveEntry entry, SheetLimits limits, Stopwatch clock, long maxText)
    {
        long text = 0;
        var buffer = new char[4096];
        using var s = entry.Open();
        using var reader = XmlReader.Create(s, SafeXml);
        var lastRow = 0;
        var rowNumber = 0;
        var scanned = 0;
        var emptyBeyond = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row" || !SpreadsheetNamespaces.Contains(reader.NamespaceURI))
            {
                continue;
            }

            scanned++;
            if ((scanned & 255) == 0 && clock.Elapsed > limits.Budget)
            {
                return new Scan(0, scanned, TimeMessage);
            }

            rowNumber = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : rowNumber + 1;
            var hasValue = !reader.IsEmptyElement && RowHasValue(reader, buffer, ref text);
            if (text > maxText)
            {
                return new Scan(0, scanned, TooMuchTextMessage(limits.MaxTextCharacters));
            }

            if (!hasValue)
            {
                if (rowNumber > limits.MaxRows && ++emptyBeyond > MaxEmptyRowsBeyondLimit)
                {
                    return new Scan(0, scanned, TooManyRowsMessage(limits.MaxRows, rowNumber));
                }

                continue;
            }

            if (rowNumber > limits.MaxRows)
            {
                return new Scan(0, scanned, TooManyRowsMessage(limits.MaxRows, rowNumber));
            }

            lastRow = Math.Max(lastRow, rowNumber);
        }

        return new Scan(lastRow, scanned, null);
    }

    /// <summary>
    /// Reads the row element to its end: true when one of its cells holds a value (v) or an inline string (is); adds the
    /// characters of its text to <paramref name="text"/>.
    /// </summary>
    private static bool RowHasValue(XmlReader reader, char[] buffer, ref long text)
    {
        var depth = reader.Depth;
        var found = false;
        while (reader.Read() && reader.Depth > depth)
        {
            if (!found && reader.NodeType == XmlNodeType.Element && reader.LocalName is "v" or "is" && !reader.IsEmptyElement)
            {
                found = true;
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text += TextLength(reader, buffer);
            }
        }

        return found;
    }

    /// <summary>The characters of text in xl/sharedStrings.xml (which MiniExcel loads whole), counted up to just past <paramref name="max"/>.</summary>
    private static long SharedStringCharacters(ZipArchive zip, long max)
    {
        if (zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return 0;
        }

        using var s = entry.Open();
        using var reader = XmlReader.Create(s, SafeXml);
        long text = 0;
        var buffer = new char[4096];
        while (text <= max && reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text += TextLength(reader, buffer);
            }
        }

        return text;
    }

    /// <summary>The length of the current text node, read in chunks so that one huge cell is never held as one string.</summary>
    private static long TextLength(XmlReader reader, char[] buffer)
    {
        if (!reader.CanReadValueChunk)
        {
            return reader.Value.Length;
        }

        long length = 0;
        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            length += read;
        }

        return length;
    }

    // ---------------------------------------------------------------- CSV

    /// <summary>
    /// CSV as French Excel writes it: <c>;</c> (or <c>,</c>) separated, UTF-8 (with or without BOM) or Windows Latin-1.
    /// Stops at the first line beyond <see cref="SheetLimits.MaxRows"/> that holds a value; fields beyond
    /// <see cref="SheetLimits.MaxColumns"/> are dropped; empty lines are dropped with their numbers kept (a number counts
    /// records, as the import reports always have: a quoted field may span two physical lines).
    /// </summary>
    public static SheetReadResult ReadCsv(byte[] bytes, SheetLimits limits, string notCsvMessage)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.Length > UploadLimits.FileBytes)
        {
            return SheetReadResult.Refused(XlsxUpload.TooLargeMessage);
        }

        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            return SheetReadResult.Refused(notCsvMessage);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';', StringComparison.Ordinal) || !firstLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        var rows = new List<SheetRow>();
        var cells = new object?[limits.MaxColumns];
        var column = 0;
        var line = 1;
        var field = new StringBuilder();
        var quoted = false;

        void EndField()
        {
            if (column < cells.Length && field.Length > 0 && !string.IsNullOrWhiteSpace(field.ToString()))
            {
                cells[column] = SpreadsheetText.Restore(field.ToString());
            }

            field.Clear();
            column++;
        }

        string? EndLine()
        {
            EndField();
            if (cells.Any(c => c is not null))
            {
                if (line > limits.MaxRows)
                {
                    return TooManyRowsMessage(limits.MaxRows, line);
                }

                rows.Add(new SheetRow(line, cells));
                cells = new object?[limits.MaxColumns];
            }

            column = 0;
            line++;
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
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
                EndField();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                if (EndLine() is { } error)
                {
                    return SheetReadResult.Refused(error, rows.Count, line);
                }
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || column > 0)
        {
            if (EndLine() is { } error)
            {
                return SheetReadResult.Refused(error, rows.Count, line);
            }
        }

        return new SheetReadResult(rows, null, rows.Count, line - 1);
    }
}
