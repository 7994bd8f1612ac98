namespace ProcurementGroup.Documents;

/// <summary>
/// Someone a document names in its heading (the coordinator, a member, later a supplier): the name in bold, then its
/// lines (SIRET or SIREN, address) as they are printed, and an optional logo (PNG or JPEG bytes).
/// </summary>
public sealed record DocumentParty(string Name, IReadOnlyList<string> Lines, byte[]? Logo = null)
{
    /// <summary>The lines of a postal address, blank ones left out: line 1, line 2, "postal code city".</summary>
    public static IReadOnlyList<string> Address(string? line1, string? line2, string? postalCode, string? city) =>
        new[] { line1, line2, $"{postalCode} {city}".Trim() }.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();
}
