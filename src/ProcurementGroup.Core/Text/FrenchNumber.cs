using System.Globalization;

namespace ProcurementGroup.Core.Text;

/// <summary>
/// Parses numbers as French users type them: <c>1 234,5</c>, <c>1234.5</c>, <c>1 234,50 €</c>.
/// Spaces of every kind (including the U+202F .NET writes for fr-FR) are thousands separators;
/// a comma or a single dot is the decimal separator.
/// </summary>
public static class FrenchNumber
{
    public static bool TryParseDecimal(string? input, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var s = new string(input.Trim().TrimEnd('€').Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u00A0').ToArray());
        if (s.Length == 0 || s.Length > 40)
        {
            return false;
        }

        var commas = s.Count(c => c == ',');
        var dots = s.Count(c => c == '.');
        if (commas > 1 || (commas == 1 && dots > 0) || dots > 1)
        {
            return false;
        }

        s = s.Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseInteger(string? input, out long value)
    {
        value = 0;
        if (!TryParseDecimal(input, out var d) || d != decimal.Truncate(d) || d > long.MaxValue || d < long.MinValue)
        {
            return false;
        }

        value = (long)d;
        return true;
    }

    /// <summary>Writes a number for a CSV or XLSX cell read by French Excel: decimal comma, no thousands separator.</summary>
    public static string ForSpreadsheet(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture).Replace('.', ',');

    public static string ForSpreadsheet(long value) => value.ToString(CultureInfo.InvariantCulture);
}
