namespace ProcurementGroup.Core.Needs;

/// <summary>
/// The needs form's workflow: draft/returned → submitted (buyer or officer); the officer validates a submitted form or
/// returns it with a reason; after closing (or past the member's deadline) only an officer can reopen a form.
/// </summary>
public static class FormWorkflow
{
    public const int ReasonMaxLength = 2000;

    /// <summary>
    /// A buyer may edit (save, submit, upload) while <see cref="CampaignRules.BuyerMayEdit"/> allows it, or when an officer
    /// reopened the form after closing and it is again a draft or returned (an archived campaign is never edited).
    /// </summary>
    public static bool BuyerMayEdit(NeedsCampaign campaign, NeedsForm form, DateTime deadlineUtc, DateTime nowUtc) =>
        CampaignRules.BuyerMayEdit(campaign, form, deadlineUtc, nowUtc)
        || (form.ReopenedAtUtc is not null
            && campaign.Status is CampaignStatus.Open or CampaignStatus.Closed
            && form.Status is NeedsFormStatus.Draft or NeedsFormStatus.Returned);

    /// <summary>An officer may fill and save a form on the member's behalf at any state except validated.</summary>
    public static bool OfficerMayEdit(NeedsCampaign campaign, NeedsForm form) =>
        campaign.Status != CampaignStatus.Archived && form.Status != NeedsFormStatus.Validated;

    /// <summary>
    /// Who may change the lines now, by the web form or by uploading the spreadsheet: an officer (or administrator) by
    /// <see cref="OfficerMayEdit"/>, a buyer of the member by <see cref="BuyerMayEdit"/>, nobody else.
    /// </summary>
    public static bool MayEdit(bool officer, bool buyer, NeedsCampaign campaign, NeedsForm form, DateTime deadlineUtc, DateTime nowUtc) =>
        officer ? OfficerMayEdit(campaign, form) : buyer && BuyerMayEdit(campaign, form, deadlineUtc, nowUtc);

    /// <summary>
    /// An officer changing a form the member already submitted (filling or correcting it on the member's behalf) gives a
    /// reason, which the member's buyers receive and the audit log keeps.
    /// </summary>
    public static bool ChangeNeedsReason(bool officer, NeedsForm form) => officer && form.Status == NeedsFormStatus.Submitted;

    public const string ChangeReasonMissingMessage =
        "Indiquez le motif de la modification : le formulaire a été transmis par le membre, et le motif est envoyé à ses acheteurs.";

    public static bool MaySubmit(NeedsForm form) => form.Status is NeedsFormStatus.Draft or NeedsFormStatus.Returned;

    public static bool MayValidate(NeedsForm form) => form.Status == NeedsFormStatus.Submitted;

    public static bool MayReturn(NeedsForm form) => form.Status == NeedsFormStatus.Submitted;

    /// <summary>
    /// An officer reopens a form its buyers can no longer edit: one already validated, or any form once the campaign is
    /// closed or the member's deadline has passed.
    /// </summary>
    public static bool MayReopen(NeedsCampaign campaign, NeedsForm form, DateTime deadlineUtc, DateTime nowUtc) =>
        campaign.Status != CampaignStatus.Archived
        && (form.Status == NeedsFormStatus.Validated || campaign.Status != CampaignStatus.Open || nowUtc >= deadlineUtc)
        && !(form.ReopenedAtUtc is not null && form.Status is NeedsFormStatus.Draft or NeedsFormStatus.Returned);

    public static string Label(NeedsFormStatus status) => status switch
    {
        NeedsFormStatus.Draft => "Brouillon",
        NeedsFormStatus.Submitted => "Transmis",
        NeedsFormStatus.Returned => "Renvoyé pour correction",
        NeedsFormStatus.Validated => "Validé",
        _ => status.ToString(),
    };
}

/// <summary>Rules of a member's site.</summary>
public static class MemberSiteRules
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 400;

    /// <summary>A commune's INSEE code: 5 characters, digits, or 2A/2B (Corsica) followed by 3 digits.</summary>
    public static bool IsValidInsee(string? code)
    {
        if (code is null || code.Length != 5)
        {
            return false;
        }

        var tailDigits = code[2..].All(char.IsAsciiDigit);
        return tailDigits && (code[..2].All(char.IsAsciiDigit) || code[..2] is "2A" or "2B");
    }

    /// <summary>French messages keyed by field; empty when the site is valid. Trims the fields and upper-cases the INSEE code.</summary>
    public static IReadOnlyList<(string Field, string Message)> Normalize(MemberSite site)
    {
        var errors = new List<(string, string)>();
        site.Name = (site.Name ?? string.Empty).Trim();
        site.Address = string.IsNullOrWhiteSpace(site.Address) ? null : site.Address.Trim();
        site.CommuneInsee = string.IsNullOrWhiteSpace(site.CommuneInsee) ? null : site.CommuneInsee.Trim().ToUpperInvariant();
        if (site.Name.Length == 0)
        {
            errors.Add((nameof(MemberSite.Name), "Le nom du site est obligatoire."));
        }
        else if (site.Name.Length > NameMaxLength)
        {
            errors.Add((nameof(MemberSite.Name), $"Le nom du site ne doit pas dépasser {NameMaxLength} caractères."));
        }

        if (site.Address is { Length: > AddressMaxLength })
        {
            errors.Add((nameof(MemberSite.Address), $"L'adresse ne doit pas dépasser {AddressMaxLength} caractères."));
        }

        if (site.CommuneInsee is not null && !IsValidInsee(site.CommuneInsee))
        {
            errors.Add((nameof(MemberSite.CommuneInsee), "Le code INSEE de la commune compte 5 caractères : 5 chiffres, ou 2A / 2B suivis de 3 chiffres (Corse)."));
        }

        return errors;
    }
}
