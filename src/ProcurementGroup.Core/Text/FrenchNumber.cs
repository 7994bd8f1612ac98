using System.Globalization;

namespace ProcurementGroup.Core.Text;

/// <summary>
/// Parses numbers as French users type them: <c>1 234,5</c>, <c>1234.5</c>, <c>1 234,50 €</c>.
/// Spaces of every kind (including the U+202F .NET writes for fr-FR) are thousands separators;
/// a comma or a single dot is the decimal separator. A dot followed by exactly three digits after one to three digits
/// (<c>1.000</c>, <c>12.000</c>, <c>999.999</c>) is refused: an English reader sees a decimal, a French one a thousands
/// separator, and reading it either way silently multiplies or divides the figure by a thousand.
/// <c>0.125</c> (no thousands group starts with 0) and <c>1000.000</c> (four digits before the dot: not a thousands group)
/// stay accepted.
/// </summary>
public static class FrenchNumber
{
    /// <summary>The message for <see cref="IsAmbiguous"/> text, wherever a number is typed or read from a text cell.</summary>
    public const string AmbiguousMessage =
        "Nombre ambigu (le point sépare-t-il les milliers ou les décimales ?) : écrivez 1000 ou 1,000 selon que vous voulez dire mille ou un.";

    /// <summary>
    /// Whether the text is a number whose dot may be a thousands separator or a decimal point: <c>^[1-9]\d{0,2}\.\d{3}$</c>
    /// once trimmed of its sign, spaces and euro sign.
    /// </summary>
    public static bool IsAmbiguous(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var s = Compact(input).TrimStart('-', '+');
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        return dot is >= 1 and <= 3
            && s.Length == dot + 4
            && s[0] != '0'
            && s.Remove(dot, 1).All(char.IsAsciiDigit);
    }

    /// <summary>The French message for text that did not parse: <see cref="AmbiguousMessage"/> when that was the reason, otherwise <paramref name="otherwise"/>.</summary>
    public static string Message(string? input, string otherwise) => IsAmbiguous(input) ? AmbiguousMessage : otherwise;

    public static bool TryParseDecimal(string? input, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(input) || IsAmbiguous(input))
        {
            return false;
        }

        var s = Compact(input);
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

    private static string Compact(string input) =>
        new(input.Trim().TrimEnd('€').Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u00A0').ToArray());

    /// <summary>Writes a number for a CSV or XLSX cell read by French Excel: decimal comma, no thousands separator.</summary>
    public static string ForSpreadsheet(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture).Replace('.', ',');

    public static string ForSpreadsheet(long value) => value.ToString(CultureInfo.InvariantCulture);
}
