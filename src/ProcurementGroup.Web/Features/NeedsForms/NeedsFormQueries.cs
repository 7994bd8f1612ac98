using System.Globalization;
using System.Security.Claims;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// What the needs-form pages read: a form with its catalogue, sites and lines, whether the user may change it now, its
/// lines as rows, and the previous campaign's quantities to start from. No write here (see <see cref="NeedsFormWorkflow"/>).
/// The controller loads the form through IMemberScope (404 for another member's form) before any other call.
/// </summary>
public sealed class NeedsFormQueries(INeedsFormRepository forms, TimeProvider clock)
{
    public static bool IsOfficer(ClaimsPrincipal user) => user.IsInRole(Roles.ProcurementOfficer) || user.IsInRole(Roles.Administrator);

    public DateTime NowUtc => clock.GetUtcNow().UtcDateTime;

    /// <summary>The form and everything its page needs, read in one round trip; null when there is no such form.</summary>
    public async Task<FormContext?> LoadAsync(long formId, CancellationToken cancellationToken = default)
    {
        if (await forms.PageAsync(formId, cancellationToken) is not { } data)
        {
            return null;
        }

        return new FormContext
        {
            Form = data.Form,
            Campaign = data.Campaign,
            MemberName = data.MemberName,
            Lots = data.Lots,
            Items = data.Items,
            Sites = data.Sites,
            Lines = data.Lines,
            DeadlineUtc = CampaignRules.DeadlineUtc(data.Campaign, data.MemberClosesAtUtc),
            PreviousCampaignTitle = data.PreviousCampaignTitle,
        };
    }

    /// <summary>Whether this user may change the lines now: an officer at any state but validated, a buyer while the campaign rules allow.</summary>
    public bool CanEdit(ClaimsPrincipal user, FormContext context) =>
        FormWorkflow.MayEdit(IsOfficer(user), user.IsInRole(Roles.MemberBuyer), context.Campaign, context.Form, context.DeadlineUtc, NowUtc);

    /// <summary>The rows to show for the saved lines: every item at least once, its lines by site.</summary>
    public static NeedsFormInput InputFromLines(FormContext context)
    {
        var siteNames = context.Sites.ToDictionary(s => s.Id, s => s.Name);
        var byItem = context.Lines.ToLookup(l => l.CatalogueItemId);
        var input = new NeedsFormInput { Version = context.Form.Version };
        foreach (var item in context.Items)
        {
            var lines = byItem[item.Id].OrderBy(l => l.SiteId is null ? 0 : 1).ThenBy(l => l.SiteId is { } s && siteNames.TryGetValue(s, out var n) ? n : string.Empty, StringComparer.Ordinal).ToList();
            if (lines.Count == 0)
            {
                input.Lines.Add(new LineInput { ItemId = item.Id });
            }

            foreach (var line in lines)
            {
                input.Lines.Add(new LineInput
                {
                    ItemId = item.Id,
                    SiteId = line.SiteId?.ToString(CultureInfo.InvariantCulture),
                    Quantity = Fr.Number(line.QuantityMilli / (decimal)EstimatedValue.QuantityScale),
                    Comment = line.Comment,
                });
            }
        }

        return input;
    }

    /// <summary>The member's quantities of the previous campaign of the groupement, as rows for this catalogue (by item code, same sites).</summary>
    public async Task<(string Title, NeedsFormInput Input)?> PreviousInputAsync(FormContext context, CancellationToken cancellationToken = default)
    {
        if (context.Lines.Count > 0 || context.Form.Status != NeedsFormStatus.Draft)
        {
            return null;
        }

        if (await forms.PreviousCampaignLinesAsync(context.Campaign.Id, context.Form.MemberId, cancellationToken) is not { } previous || previous.Lines.Count == 0)
        {
            return null;
        }

        var byCode = context.Items.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var activeSites = context.Sites.Where(s => !s.IsArchived).Select(s => s.Id).ToHashSet();
        var copied = new List<NeedLine>();
        var seen = new HashSet<(long, long)>();
        foreach (var line in previous.Lines)
        {
            if (!byCode.TryGetValue(line.Code, out var item))
            {
                continue;
            }

            var siteId = line.SiteId is { } s && activeSites.Contains(s) ? s : (long?)null;
            if (seen.Add((item.Id, siteId ?? 0)))
            {
                copied.Add(new NeedLine { CatalogueItemId = item.Id, SiteId = siteId, QuantityMilli = line.QuantityMilli, Comment = line.Comment });
            }
        }

        if (copied.Count == 0)
        {
            return null;
        }

        return (previous.CampaignTitle, InputFromLines(context with { Lines = copied }));
    }

    /// <summary>The campaign whose quantities the page offers to copy: only into an empty draft, and only when that campaign's form has lines.</summary>
    public static string? PreviousCampaignTitle(FormContext context) =>
        context.Lines.Count == 0 && context.Form.Status == NeedsFormStatus.Draft ? context.PreviousCampaignTitle : null;
}
