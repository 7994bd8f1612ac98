using System.Globalization;

namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// The canonical text of a key's components as stored (<c>AllocationKeys.Components</c>) and copied into a run's lines:
/// <c>Equal:30+PopulationMunicipale:70</c>, the basis by its enum name and its percent, in the order given. The year is
/// stored beside it. <see cref="Describe"/> gives the French wording for screens and statements.
/// </summary>
public static class AllocationKeyText
{
    public const int MaxLength = 400;

    public static string Format(AllocationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Join("+", key.Components.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Basis}:{c.Percent}")));
    }

    /// <summary>Reads <see cref="Format"/>'s text; false for anything else (an unknown basis, a missing percent…).</summary>
    public static bool TryParse(string? text, int? year, out AllocationKey key)
    {
        key = new AllocationKey([], year);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        var components = new List<KeyComponent>();
        foreach (var part in text.Split('+'))
        {
            var pair = part.Split(':');
            if (pair.Length != 2
                || !Enum.TryParse<AllocationBasis>(pair[0].Trim(), ignoreCase: false, out var basis)
                || !Enum.IsDefined(basis)
                || int.TryParse(pair[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !int.TryParse(pair[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
            {
                return false;
            }

            components.Add(new KeyComponent(basis, percent));
        }

        key = new AllocationKey(components, year);
        return true;
    }

    /// <summary>« 30 % parts égales + 70 % population municipale (2026) », « quantité ».</summary>
    public static string Describe(AllocationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var parts = key.Components.Select(c => key.Components.Count == 1
            ? AllocationKey.Label(c.Basis)
            : string.Format(french, "{0} % {1}", c.Percent, AllocationKey.Label(c.Basis)));
        var text = string.Join(" + ", parts);
        return key.Year is { } year && key.Components.Any(c => AllocationKey.NeedsYear(c.Basis))
            ? string.Format(french, "{0} ({1})", text, year)
            : text;
    }

    /// <summary>A member's own cost in a run's line: <c>Member:12</c>.</summary>
    public static string ForMember(long memberId) => "Member:" + memberId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A key as a run's line stores it: <see cref="Format"/>'s text, then <c>@year</c> when the key has a year.</summary>
    public static string ForRunLine(AllocationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Format(key) + (key.Year is { } year ? "@" + year.ToString(CultureInfo.InvariantCulture) : string.Empty);
    }

    /// <summary>
    /// The French wording of a run line's stored key (<see cref="ForRunLine"/> or <see cref="ForMember"/>), for the run
    /// pages and the statements: « 30 % parts égales + 70 % population municipale (2026) », « dépense propre au membre »;
    /// any other text (written before keys were canonical) is returned as it is.
    /// </summary>
    public static string DescribeRunLine(string? keyText)
    {
        if (string.IsNullOrEmpty(keyText))
        {
            return string.Empty;
        }

        if (keyText.StartsWith("Member:", StringComparison.Ordinal))
        {
            return "dépense propre au membre";
        }

        var at = keyText.IndexOf('@', StringComparison.Ordinal);
        int? year = at > 0 && int.TryParse(keyText[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
        return AllocationKeyText.TryParse(at > 0 ? keyText[..at] : keyText, year, out var key) ? Describe(key) : keyText;
    }
}
