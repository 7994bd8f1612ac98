using System.Globalization;
using System.Security.Claims;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// Needs forms: reading a form with its catalogue, checking and saving its lines, and the workflow (submit, validate,
/// return, reopen). Each write opens one connection and one transaction holding the change and its audit row.
/// The controller loads the form through IMemberScope (404 for another member's form) before any call here.
/// </summary>
public sealed class NeedsFormService(
    IDbConnectionFactory factory,
    INeedsFormRepository forms,
    INeedLinesStore store,
    ICoordinatorRepository coordinator,
    IAuditTrail audit,
    IMailer mailer,
    EmailTemplates templates,
    AccountLinks links,
    TimeProvider clock,
    ILogger<NeedsFormService> logger)
{
    public const string EntityType = "NeedsForm";
    public const string ChangedTemplate = "needs-form-changed";
    public const int CommentMaxLength = NeedLineRules.CommentMaxLength;

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

    /// <summary>
    /// Checks every row by <see cref="NeedLineRules"/>; returns the lines to save or French messages keyed by the row's
    /// field. A row without quantity is no line; the same item may appear once per site (once without a site).
    /// </summary>
    public static (List<NeedLine> Lines, List<(string Field, string Message)> Errors) Check(FormContext context, NeedsFormInput input)
    {
        var items = context.Items.ToDictionary(i => i.Id);
        var sites = context.Sites.ToDictionary(s => s.Id);
        var sitesOnForm = context.Lines.Where(l => l.SiteId is not null).Select(l => l.SiteId!.Value).ToHashSet();
        var lines = new List<NeedLine>();
        var errors = new List<(string, string)>();
        var seen = new HashSet<(long, long)>();
        var firstRowOfItem = new Dictionary<long, int>();
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var row = input.Lines[i];
            var prefix = $"Lines[{i}].";
            var quantityText = row.Quantity?.Trim();
            var comment = NeedLineRules.NormalizeComment(row.Comment);
            if (!items.TryGetValue(row.ItemId, out var item))
            {
                errors.Add((prefix + nameof(LineInput.Quantity), "Cet article ne fait pas partie du catalogue de la campagne."));
                continue;
            }

            if (!NeedLineRules.IsLine(quantityText))
            {
                if (NeedLineRules.EmptyQuantity(comment) is { } emptyError)
                {
                    errors.Add((prefix + nameof(LineInput.Quantity), emptyError));
                }

                continue;
            }

            long? siteId = null;
            if (!string.IsNullOrWhiteSpace(row.SiteId))
            {
                if (!long.TryParse(row.SiteId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSite) || !sites.TryGetValue(parsedSite, out var site))
                {
                    errors.Add((prefix + nameof(LineInput.SiteId), "Choisissez un site de la liste de vos sites."));
                    continue;
                }

                if (NeedLineRules.Site(site, context.Form.MemberId, sitesOnForm) is { } siteError)
                {
                    errors.Add((prefix + nameof(LineInput.SiteId), siteError));
                    continue;
                }

                siteId = parsedSite;
            }

            var quantityError = NeedLineRules.QuantityFromText(item, quantityText, out var milli);
            if (quantityError is not null)
            {
                errors.Add((prefix + nameof(LineInput.Quantity), quantityError));
            }

            if (NeedLineRules.Comment(comment) is { } commentError)
            {
                errors.Add((prefix + nameof(LineInput.Comment), commentError));
            }

            if (!seen.Add((item.Id, siteId ?? 0)))
            {
                errors.Add((prefix + nameof(LineInput.SiteId), siteId is null
                    ? $"L'article {item.Code} figure déjà sans site : une seule ligne par article et par site."
                    : $"L'article {item.Code} figure déjà pour ce site : une seule ligne par article et par site."));
            }

            firstRowOfItem.TryAdd(item.Id, i);
            if (quantityError is null)
            {
                lines.Add(new NeedLine { FormId = context.Form.Id, CatalogueItemId = item.Id, SiteId = siteId, QuantityMilli = milli, Comment = comment });
            }
        }

        foreach (var (itemId, message) in NeedLineRules.OverMaximum(context.Items, lines))
        {
            errors.Add(($"Lines[{firstRowOfItem[itemId].ToString(CultureInfo.InvariantCulture)}].{nameof(LineInput.Quantity)}", message));
        }

        return (lines, errors);
    }

    /// <summary>Saves the rows as the form's lines (and submits it when asked), all or nothing.</summary>
    public async Task<FormResult> SaveAsync(ClaimsPrincipal user, FormContext context, NeedsFormInput input, bool submit, CancellationToken cancellationToken = default)
    {
        if (!CanEdit(user, context))
        {
            return FormResult.Invalid(string.Empty, "Ce formulaire ne peut plus être modifié : la campagne est close, la date limite est passée ou le formulaire a été transmis. Seul le service marchés peut le rouvrir.");
        }

        if (submit && !FormWorkflow.MaySubmit(context.Form))
        {
            return FormResult.Invalid(string.Empty, "Ce formulaire a déjà été transmis.");
        }

        var (lines, errors) = Check(context, input);
        var changeReason = input.ChangeReason?.Trim();
        var reasonRequired = FormWorkflow.ChangeNeedsReason(IsOfficer(user), context.Form);
        if (reasonRequired && ChangeReasonError(changeReason) is { } reasonError)
        {
            errors.Add((nameof(NeedsFormInput.ChangeReason), reasonError));
        }

        if (errors.Count > 0)
        {
            return FormResult.Invalid(errors);
        }

        var now = NowUtc;
        var userId = MemberAccess.UserId(user);
        var emails = reasonRequired ? await EmailsAsync(context.Form, context.MemberName, context.Campaign, context.DeadlineUtc, ChangedTemplate, changeReason, cancellationToken) : [];
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await forms.LinesAsync(connection, tx, context.Form.Id);
        var version = await store.ReplaceLinesAsync(connection, tx, context.Form.Id, input.Version, submittedEditable: IsOfficer(user), lines, userId, now);
        if (version is null)
        {
            return FormResult.Conflicted;
        }

        var status = context.Form.Status;
        if (submit)
        {
            if (await forms.SubmitAsync(connection, tx, context.Form.Id, version.Value, userId, now) == 0)
            {
                return FormResult.Conflicted;
            }

            status = NeedsFormStatus.Submitted;
        }

        // In the transaction of the change: the buyers are told exactly when the change is committed.
        var queued = new List<long>();
        foreach (var email in emails)
        {
            queued.Add(await mailer.QueueAsync(connection, tx, email, cancellationToken));
        }

        await audit.WriteAsync(connection, tx, EntityType, context.Form.Id, reasonRequired ? "ChangedByOfficer" : submit ? "Submitted" : "Saved",
            AuditView(context, context.Form.Status, before, null), AuditView(context, status, lines, reasonRequired ? changeReason : null));
        await tx.CommitAsync(cancellationToken);
        mailer.SendSoon(queued);
        return FormResult.Ok;
    }

    public async Task<FormResult> ValidateAsync(ClaimsPrincipal user, FormContext context, int version, CancellationToken cancellationToken = default)
    {
        if (!FormWorkflow.MayValidate(context.Form))
        {
            return FormResult.Invalid(string.Empty, "Seul un formulaire transmis peut être validé.");
        }

        return await ChangeStatusAsync(user, context, "Validated", NeedsFormStatus.Validated, null, "needs-form-validated",
            (c, tx, userId, now) => forms.ValidateAsync(c, tx, context.Form.Id, version, userId, now), cancellationToken);
    }

    public async Task<FormResult> ReturnAsync(ClaimsPrincipal user, FormContext context, int version, string? reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim();
        if (ReasonError(reason, "ReturnReason") is { } error)
        {
            return error;
        }

        if (!FormWorkflow.MayReturn(context.Form))
        {
            return FormResult.Invalid(string.Empty, "Seul un formulaire transmis peut être renvoyé pour correction.");
        }

        // After closing or past the deadline, returning a form also reopens it, otherwise its buyers could not correct it.
        var reopen = context.Campaign.Status != CampaignStatus.Open || NowUtc >= context.DeadlineUtc;
        return await ChangeStatusAsync(user, context, "Returned", NeedsFormStatus.Returned, reason, "needs-form-returned",
            (c, tx, userId, now) => forms.ReturnAsync(c, tx, context.Form.Id, version, reason!, reopen, userId, now), cancellationToken);
    }

    public async Task<FormResult> ReopenAsync(ClaimsPrincipal user, FormContext context, int version, string? reason, string? target, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim();
        if (ReasonError(reason, "ReopenReason") is { } error)
        {
            return error;
        }

        if (!Enum.TryParse<NeedsFormStatus>(target, out var targetStatus) || targetStatus is not (NeedsFormStatus.Returned or NeedsFormStatus.Draft))
        {
            return FormResult.Invalid("ReopenTarget", "Choisissez l'état du formulaire rouvert : renvoyé pour correction ou brouillon.");
        }

        if (!FormWorkflow.MayReopen(context.Campaign, context.Form, context.DeadlineUtc, NowUtc) || context.Form.Status == NeedsFormStatus.Submitted)
        {
            return FormResult.Invalid(string.Empty, "Ce formulaire est encore modifiable par le membre : il n'y a rien à rouvrir.");
        }

        return await ChangeStatusAsync(user, context, "Reopened", targetStatus, reason, "needs-form-reopened",
            (c, tx, userId, now) => forms.ReopenAsync(c, tx, context.Form.Id, version, context.Form.Status, targetStatus, reason!, userId, now), cancellationToken);
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

    /// <summary>The French message for a missing or too long reason of an officer's change to a submitted form; null when it is fine.</summary>
    public static string? ChangeReasonError(string? reason) =>
        string.IsNullOrEmpty(reason)
            ? FormWorkflow.ChangeReasonMissingMessage
            : reason.Length > FormWorkflow.ReasonMaxLength
                ? $"Le motif ne doit pas dépasser {FormWorkflow.ReasonMaxLength} caractères."
                : null;

    private static FormResult? ReasonError(string? reason, string field) =>
        string.IsNullOrEmpty(reason)
            ? FormResult.Invalid(field, "Indiquez le motif : il est envoyé aux acheteurs du membre.")
            : reason.Length > FormWorkflow.ReasonMaxLength
                ? FormResult.Invalid(field, $"Le motif ne doit pas dépasser {FormWorkflow.ReasonMaxLength} caractères.")
                : null;

    private async Task<FormResult> ChangeStatusAsync(
        ClaimsPrincipal user,
        FormContext context,
        string action,
        NeedsFormStatus target,
        string? reason,
        string emailTemplate,
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, long?, DateTime, Task<int>> update,
        CancellationToken cancellationToken)
    {
        var userId = MemberAccess.UserId(user);
        var emails = await EmailsAsync(context.Form, context.MemberName, context.Campaign, context.DeadlineUtc, emailTemplate, reason, cancellationToken);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await update(connection, tx, userId, NowUtc) == 0)
        {
            return FormResult.Conflicted;
        }

        // In the transaction of the change: the buyers are told exactly when the change is committed.
        var queued = new List<long>();
        foreach (var email in emails)
        {
            queued.Add(await mailer.QueueAsync(connection, tx, email, cancellationToken));
        }

        await audit.WriteAsync(connection, tx, EntityType, context.Form.Id, action,
            new { context.Form.Status, context.Form.ReturnReason, context.Form.Version },
            new { Status = target, Reason = reason, Version = context.Form.Version + 1 });
        await tx.CommitAsync(cancellationToken);
        mailer.SendSoon(queued);
        return FormResult.Ok;
    }

    private static object AuditView(FormContext context, NeedsFormStatus status, IEnumerable<NeedLine> lines, string? reason)
    {
        var codes = context.Items.ToDictionary(i => i.Id, i => i.Code);
        return new
        {
            Status = status,
            Reason = reason,
            Lines = lines.Select(l => new
            {
                l.CatalogueItemId,
                Code = codes.GetValueOrDefault(l.CatalogueItemId),
                l.SiteId,
                l.QuantityMilli,
                l.Comment,
            }).ToList(),
        };
    }

    /// <summary>The e-mails to the member's buyers, written before the transaction and queued in it.</summary>
    /// <summary>
    /// The notice of an officer's change to a submitted form made by another path than this form (the uploaded
    /// spreadsheet): its e-mails are written now and queued by <see cref="OfficerChangeNotice.QueueAsync"/> in the
    /// transaction of the change.
    /// </summary>
    public async Task<OfficerChangeNotice> OfficerChangeNoticeAsync(NeedsForm form, string memberName, NeedsCampaign campaign, DateTime deadlineUtc, string reason, CancellationToken cancellationToken = default) =>
        new(reason, await EmailsAsync(form, memberName, campaign, deadlineUtc, ChangedTemplate, reason, cancellationToken), mailer);

    private async Task<IReadOnlyList<EmailMessage>> EmailsAsync(NeedsForm form, string memberName, NeedsCampaign campaign, DateTime deadlineUtc, string template, string? reason, CancellationToken cancellationToken)
    {
        var buyers = await forms.BuyersOfMemberAsync(form.MemberId, cancellationToken);
        if (buyers.Count == 0)
        {
            logger.LogInformation("No buyer to notify for member {MemberId} ({Template}).", form.MemberId, template);
            return [];
        }

        var coordinatorName = (await coordinator.GetAsync(cancellationToken))?.Name ?? "le coordonnateur";
        var values = new Dictionary<string, string>
        {
            ["Member"] = memberName,
            ["Campaign"] = campaign.Title,
            ["Coordinator"] = coordinatorName,
            ["Reason"] = reason ?? string.Empty,
            ["Link"] = $"{links.BaseUrl()}/NeedsForms/Edit/{form.Id.ToString(CultureInfo.InvariantCulture)}",
            ["Deadline"] = Fr.Instant(deadlineUtc),
        };
        var emails = new List<EmailMessage>();
        foreach (var (email, _) in buyers)
        {
            emails.Add(await templates.RenderAsync(template, email, values));
        }

        return emails;
    }
}

/// <summary>
/// An officer's change to a form the member submitted: the reason, and the e-mails to the member's buyers, queued in the
/// transaction of the change and sent once it is committed.
/// </summary>
public sealed class OfficerChangeNotice(string reason, IReadOnlyList<EmailMessage> emails, IMailer mailer)
{
    private readonly List<long> _queued = [];

    public string Reason => reason;

    public async Task QueueAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var email in emails)
        {
            _queued.Add(await mailer.QueueAsync(connection, transaction, email, cancellationToken));
        }
    }

    public void SendSoon() => mailer.SendSoon(_queued);
}
