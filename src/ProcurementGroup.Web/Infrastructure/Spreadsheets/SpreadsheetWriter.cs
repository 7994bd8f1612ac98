using System.Globalization;
using System.Text;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Infrastructure.Spreadsheets;

/// <summary>
/// How the app writes every CSV and XLSX sheet: numbers stay numbers (decimal comma, no thousands separator in CSV, so that
/// French Excel reads <c>-12,50</c> as a number), text goes through <see cref="SpreadsheetText.Neutralise"/> so that no
/// cell can become a formula. CSV: <c>;</c> separated, UTF-8 with BOM, CRLF.
/// </summary>
public static class SpreadsheetWriter
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(string.Join(';', headers.Select(CsvText))).Append("\r\n");
        foreach (var row in rows)
        {
            sb.Append(string.Join(';', row.Select(CsvCell))).Append("\r\n");
        }

        return [.. Utf8Bom, .. new UTF8Encoding(false).GetBytes(sb.ToString())];
    }

    /// <summary>One CSV field: numbers as French Excel reads them, text neutralised then quoted when needed.</summary>
    public static string CsvCell(object? value) => value switch
    {
        null => string.Empty,
        long l => FrenchNumber.ForSpreadsheet(l),
        int i => FrenchNumber.ForSpreadsheet(i),
        decimal d => FrenchNumber.ForSpreadsheet(d),
        double d when double.IsFinite(d) && Math.Abs(d) < 1e15 => FrenchNumber.ForSpreadsheet((decimal)d),
        _ => CsvText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static string CsvText(string value)
    {
        value = SpreadsheetText.Neutralise(value);
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Rows keyed by header, as MiniExcel's SaveAs takes them, every text cell neutralised.</summary>
    public static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(row =>
        {
            var d = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++)
            {
                d[headers[i]] = i < row.Length ? SpreadsheetText.Cell(row[i]) : null;
            }

            return d;
        }).ToList();
    }
}
