namespace ProcurementGroup.Core.Text;

/// <summary>
/// The one rule against formula injection (OWASP "CSV injection") for every XLSX and CSV the app writes: a text cell that
/// a spreadsheet could take for a formula — it begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return, or with MiniExcel's template marker <c>$=</c> — is written with a leading <c>'</c>, which spreadsheets show as
/// text. Numbers are never passed through here: they are written as numbers. Our own importers call
/// <see cref="Restore"/>, which removes exactly the prefix <see cref="Neutralise"/> adds, so that our files round-trip.
/// </summary>
public static class SpreadsheetText
{
    public const char Prefix = '\'';

    /// <summary>The text as it must be written in a cell: prefixed with <c>'</c> when a spreadsheet could run it.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NeedsPrefix(text) ? Prefix + text : text;
    }

    /// <summary><see cref="Neutralise(string)"/> for an optional text: null stays null.</summary>
    public static string? NeutraliseOptional(string? text) => text is null ? null : Neutralise(text);

    /// <summary>A cell value for a writer: text is neutralised, anything else (numbers, dates, null) is left as it is.</summary>
    public static object? Cell(object? value) => value is string s ? Neutralise(s) : value;

    /// <summary>The text a neutralised cell stood for: removes the one <c>'</c> that <see cref="Neutralise"/> would have added.</summary>
    public static string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == Prefix && NeedsPrefix(text.AsSpan(1)) ? text[1..] : text;
    }

    /// <summary>
    /// True for a text starting with a formula trigger, or with <c>'</c> followed by what would itself be prefixed, so that
    /// a text the user really began with <c>'=</c> comes back unchanged from <see cref="Restore"/> as well.
    /// </summary>
    public static bool NeedsPrefix(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            switch (text[0])
            {
                case '=' or '+' or '-' or '@' or '\t' or '\r':
                    return true;
                case '$' when text.Length > 1 && text[1] == '=':
                    return true;
                case Prefix:
                    text = text[1..];
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }
}
