using System.Globalization;
using System.Security.Claims;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// The needs-form writes: checking and saving its lines (draft or submit, an officer's change with its reason), validating,
/// returning and reopening. Each write opens one connection and one transaction holding the change, its audit row and the
/// buyers' e-mails. The controller loads the form through IMemberScope (404 for another member's form) before any call here.
/// </summary>
public sealed class NeedsFormWorkflow(
    IDbConnectionFactory factory,
    INeedsFormRepository forms,
    INeedLinesStore store,
    ICoordinatorRepository coordinator,
    IAuditTrail audit,
    IMailer mailer,
    EmailTemplates templates,
    AccountLinks links,
    NeedsFormQueries queries,
    ILogger<NeedsFormWorkflow> logger)
{
    public const string EntityType = "NeedsForm";
    public const string ChangedTemplate = "needs-form-changed";

    private DateTime NowUtc => queries.NowUtc;

    private static bool IsOfficer(ClaimsPrincipal user) => NeedsFormQueries.IsOfficer(user);

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
        if (!queries.CanEdit(user, context))
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

    /// <summary>
    /// The notice of an officer's change to a submitted form made by another path than this form (the uploaded
    /// spreadsheet): its e-mails are written now and queued by <see cref="OfficerChangeNotice.QueueAsync"/> in the
    /// transaction of the change.
    /// </summary>
    public async Task<OfficerChangeNotice> OfficerChangeNoticeAsync(NeedsForm form, string memberName, NeedsCampaign campaign, DateTime deadlineUtc, string reason, CancellationToken cancellationToken = default) =>
        new(reason, await EmailsAsync(form, memberName, campaign, deadlineUtc, ChangedTemplate, reason, cancellationToken), mailer);

    /// <summary>The e-mails to the member's buyers, written before the transaction and queued in it.</summary>
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
