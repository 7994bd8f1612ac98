using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// A statement's number, sequential per year without gaps: <c>2026-0001</c>, the year then the sequence on at least four
/// digits (more only above 9999: <c>2026-10000</c>). One written form per number, so parsing accepts only that form.
/// </summary>
public readonly record struct StatementNumber
{
    public const string Invalid = "Le numéro d'état doit avoir la forme AAAA-NNNN (par exemple 2026-0001).";

    public StatementNumber(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        Year = year;
        Sequence = sequence;
    }

    public int Year { get; }

    public int Sequence { get; }

    /// <summary>
    /// The number following the year's counter (the last sequence issued that year, 0 when none): the counter itself is
    /// read and incremented under a lock in SQL, this only formats what it returns.
    /// </summary>
    public static StatementNumber Next(int year, int counterValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counterValue);
        return new StatementNumber(year, checked(counterValue + 1));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out StatementNumber number)
    {
        number = default;
        if (text is null || text.Length < 9 || text[4] != '-')
        {
            return false;
        }

        var digits = text.AsSpan(5);
        if (!AllDigits(text.AsSpan(0, 4)) || !AllDigits(digits) || (digits.Length > 4 && digits[0] == '0')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || year < 1000 || sequence < 1)
        {
            return false;
        }

        number = new StatementNumber(year, sequence);
        return true;
    }

    public static StatementNumber Parse(string text) => TryParse(text, out var number) ? number : throw new FormatException(Invalid);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Sequence:D4}");

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
