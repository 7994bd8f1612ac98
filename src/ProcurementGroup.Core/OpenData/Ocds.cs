using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.OpenData;

/// <summary>
/// The Open Contracting Data Standard 1.1.5 identifiers: the ocid prefix the Open Contracting Partnership assigns to a
/// publisher ("ocds-" and six lower-case letters or digits, e.g. "ocds-213czf"), and the ocid of a contracting process.
/// </summary>
public static class OcdsIdentifiers
{
    /// <summary>
    /// Used while the coordinator has not registered its own prefix: visibly not a real one (every "x"), so that nobody
    /// mistakes the export for a registered publication. The coordinator page says so.
    /// </summary>
    public const string PlaceholderPrefix = "ocds-xxxxxx";

    public const int PrefixLength = 11;

    /// <summary>
    /// The org-id.guide list of French SIREN/SIRET numbers: FR-RCS. org-id.guide's FR-INSEE list (INSEE's SIRENE register)
    /// is deprecated "in favour of FR-RCS", whose identifiers are the SIREN and SIRET numbers. Source:
    /// https://org-id.guide/list/FR-RCS (register file https://github.com/org-id/register/blob/main/lists/fr/fr-rcs.json,
    /// and lists/fr/fr-insee.json for the deprecation).
    /// </summary>
    public const string SireneScheme = "FR-RCS";

    /// <summary>"ocds-" then six lower-case ASCII letters or digits.</summary>
    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: PrefixLength }
        && prefix.StartsWith("ocds-", StringComparison.Ordinal)
        && prefix[5..].All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    /// <summary>The ocid of a tender or of a contract recorded without one: the prefix, "-", the reference.</summary>
    public static string Ocid(string? prefix, string reference) =>
        $"{(IsValidPrefix(prefix) ? prefix : PlaceholderPrefix)}-{reference}";

    /// <summary>A party's id in a release: the scheme and the number ("FR-RCS-123456789"), as OCDS recommends.</summary>
    public static string PartyId(string number) => $"{SireneScheme}-{number}";
}

/// <summary>The OCDS codes of the app's values (closed codelists of OCDS 1.1.5).</summary>
public static class OcdsCodes
{
    /// <summary>
    /// procurementMethod (open, selective, limited, direct) and procurementMethodDetails in French: a MAPA and an
    /// appel d'offres ouvert let any supplier bid (open); without publicity nor competition (R2122-8) is direct.
    /// </summary>
    public static (string Method, string Details) Method(TenderProcedure procedure) => procedure switch
    {
        TenderProcedure.NoPublicity => ("direct", "Marché passé sans publicité ni mise en concurrence préalables (R2122-8)"),
        TenderProcedure.Mapa => ("open", "Procédure adaptée (R2123-1)"),
        TenderProcedure.OpenCallForTenders => ("open", "Appel d'offres ouvert (R2124-2)"),
        _ => throw new ArgumentOutOfRangeException(nameof(procedure)),
    };

    /// <summary>mainProcurementCategory: goods, services or works.</summary>
    public static string Category(PurchaseNature nature) => nature switch
    {
        PurchaseNature.Supplies => "goods",
        PurchaseNature.Services => "services",
        PurchaseNature.Works => "works",
        _ => throw new ArgumentOutOfRangeException(nameof(nature)),
    };

    /// <summary>tender.status: a published tender is active until awarded (complete), unsuccessful or abandoned (cancelled).</summary>
    public static string? TenderStatus(Tenders.TenderStatus status) => status switch
    {
        Tenders.TenderStatus.Draft => null,
        Tenders.TenderStatus.Awarded => "complete",
        Tenders.TenderStatus.Unsuccessful => "unsuccessful",
        Tenders.TenderStatus.Abandoned => "cancelled",
        _ => "active",
    };
}

/// <summary>What a release holds, from which its tags follow.</summary>
public readonly record struct OcdsReleaseContent(bool Planning, bool Tender, int Awards, int Contracts, int Amendments);

/// <summary>
/// The release tags (closed releaseTag codelist) of a compiled release: one per stage the data reaches, in the order of
/// the process; a tender without an award has no "award" tag, a contract without an amendment no "contractAmendment".
/// </summary>
public static class OcdsTags
{
    public static IReadOnlyList<string> For(OcdsReleaseContent content)
    {
        var tags = new List<string>(5);
        if (content.Planning)
        {
            tags.Add("planning");
        }

        if (content.Tender)
        {
            tags.Add("tender");
        }

        if (content.Awards > 0)
        {
            tags.Add("award");
        }

        if (content.Contracts > 0)
        {
            tags.Add("contract");
        }

        if (content.Contracts > 0 && content.Amendments > 0)
        {
            tags.Add("contractAmendment");
        }

        if (tags.Count == 0)
        {
            // OCDS requires one tag at least; a release with nothing past its initiation is a planning release.
            tags.Add("planning");
        }

        return tags;
    }
}
