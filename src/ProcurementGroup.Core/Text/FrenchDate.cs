using System.Globalization;

namespace ProcurementGroup.Core.Text;

/// <summary>Dates as French users type them (<c>28/11/2026</c>) or as a date input posts them (<c>2026-11-28</c>).</summary>
public static class FrenchDate
{
    private static readonly string[] Formats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    public static bool TryParse(string? input, out DateOnly value)
    {
        value = default;
        return !string.IsNullOrWhiteSpace(input) && input.Length <= 20 &&
               DateOnly.TryParseExact(input.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>The value a <c>type="date"</c> input expects.</summary>
    public static string ForInput(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
