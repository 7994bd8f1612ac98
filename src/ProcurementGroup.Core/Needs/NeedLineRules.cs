using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Needs;

/// <summary>
/// The rules of a need line, the same for the web form and the uploaded spreadsheet (the file is the form offline, so a
/// download then an upload must keep every line): a typed quantity makes a line, 0 included (a 0 with a comment says
/// "no need, and why"); a comment needs a quantity; the quantity is a number with at most three decimals within the
/// item's rules (<see cref="CampaignRules.CheckQuantity"/>); the member's lines of one item together stay within the
/// per-member maximum; the site is one of the member's active sites (an archived site already on the form may stay, so
/// that archiving a site never makes a saved form impossible to save again); a comment has at most
/// <see cref="CommentMaxLength"/> characters.
/// </summary>
public static class NeedLineRules
{
    public const int CommentMaxLength = 1000;

    public const string NotANumberMessage = "Saisissez un nombre, par exemple 12 ou 2,5.";
    public const string TooManyDecimalsMessage = "La quantité admet au plus trois décimales.";
    public const string CommentWithoutQuantityMessage = "Indiquez une quantité pour cette ligne commentée (0 si vous n'avez pas de besoin).";
    public const string OtherMemberSiteMessage = "Ce site n'est pas un site du membre : choisissez un site de la liste de ses sites.";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string CommentTooLongMessage => $"Le commentaire ne doit pas dépasser {CommentMaxLength.ToString(CultureInfo.InvariantCulture)} caractères.";

    public static string ArchivedSiteMessage(string siteName) => $"Le site « {siteName} » est archivé : choisissez un des sites actifs du membre.";

    public static string OverMaximumMessage(CatalogueItem item, long totalMilli, long maxMilli) =>
        $"L'article {item.Code} totalise {Quantity(totalMilli)} sur l'ensemble des sites, au-delà du maximum autorisé par membre ({Quantity(maxMilli)}).";

    /// <summary>A blank comment is no comment; others are trimmed.</summary>
    public static string? NormalizeComment(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

    /// <summary>Whether a row is a line: a typed quantity (0 included). An empty quantity is no line, and no error unless commented.</summary>
    public static bool IsLine(string? quantityText) => !string.IsNullOrWhiteSpace(quantityText);

    /// <summary>The error of a row with no quantity: none, unless it carries a comment (which would otherwise be lost).</summary>
    public static string? EmptyQuantity(string? normalizedComment) => normalizedComment is null ? null : CommentWithoutQuantityMessage;

    /// <summary>Parses typed text (a form field, a text cell) through <see cref="FrenchNumber"/>, then checks it as <see cref="Quantity(CatalogueItem?, decimal, out long)"/>.</summary>
    public static string? QuantityFromText(CatalogueItem? item, string? text, out long milli)
    {
        milli = 0;
        return FrenchNumber.TryParseDecimal(text, out var quantity)
            ? Quantity(item, quantity, out milli)
            : FrenchNumber.Message(text, NotANumberMessage);
    }

    /// <summary>A quantity in thousandths: three decimals at most, then the item's rules when the item is known.</summary>
    public static string? Quantity(CatalogueItem? item, decimal quantity, out long milli)
    {
        milli = 0;
        if (CampaignRules.ToMilli(quantity) is not { } m)
        {
            return TooManyDecimalsMessage;
        }

        milli = m;
        return m < 0
            ? "La quantité ne peut pas être négative."
            : item is null ? null : CampaignRules.CheckQuantity(item, m);
    }

    public static string? Comment(string? normalizedComment) => normalizedComment is { Length: > CommentMaxLength } ? CommentTooLongMessage : null;

    /// <summary>
    /// A line's site: one of the member's sites, active, or archived but already on the form's saved lines
    /// (<paramref name="sitesOnForm"/>).
    /// </summary>
    public static string? Site(MemberSite site, long memberId, IReadOnlySet<long> sitesOnForm)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(sitesOnForm);
        if (site.MemberId != memberId)
        {
            return OtherMemberSiteMessage;
        }

        return site.IsArchived && !sitesOnForm.Contains(site.Id) ? ArchivedSiteMessage(site.Name) : null;
    }

    /// <summary>
    /// The per-member maximum over all the member's lines of an item (one per site): the items whose lines together exceed
    /// it, with their message, in catalogue order.
    /// </summary>
    public static IReadOnlyList<(long ItemId, string Message)> OverMaximum(IEnumerable<CatalogueItem> items, IEnumerable<NeedLine> lines)
    {
        var totals = lines.GroupBy(l => l.CatalogueItemId).ToDictionary(g => g.Key, g => g.Sum(l => l.QuantityMilli));
        var problems = new List<(long, string)>();
        foreach (var item in items)
        {
            if (item.MaxPerMemberMilli is { } max && totals.TryGetValue(item.Id, out var total) && total > max)
            {
                problems.Add((item.Id, OverMaximumMessage(item, total, max)));
            }
        }

        return problems;
    }

    private static string Quantity(long milli) => (milli / (decimal)EstimatedValue.QuantityScale).ToString("0.###", French);
}
