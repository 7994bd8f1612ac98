namespace ProcurementGroup.Core.Identifiers;

/// <summary>A SIREN: 9 digits with a Luhn checksum (INSEE).</summary>
public static class Siren
{
    public const int Length = 9;

    /// <summary>Removes the spaces, dots and non-breaking spaces people type between digit groups.</summary>
    public static string Compact(string? input) =>
        input is null ? string.Empty : new string(input.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray());

    public static bool IsValid(string? input)
    {
        var compact = Compact(input);
        return compact.Length == Length && compact.All(char.IsAsciiDigit) && Luhn.IsValid(compact);
    }
}
