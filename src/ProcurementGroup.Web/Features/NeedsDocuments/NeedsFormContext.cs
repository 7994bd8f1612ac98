using System.Security.Claims;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>A needs form with what its documents show: the campaign, its groupement, the member and its deadline.</summary>
public sealed record NeedsFormContext(NeedsForm Form, NeedsCampaign Campaign, PurchasingGroup? Group, Member Member, DateTime DeadlineUtc)
{
    /// <summary>The recap is the member's commitment: it exists once the form was submitted.</summary>
    public bool RecapAvailable => Form.Status is NeedsFormStatus.Submitted or NeedsFormStatus.Validated;
}

/// <summary>Loads a form for the current user: null when it does not exist or belongs to a member the user does not act for (404 either way).</summary>
public sealed class NeedsFormContextLoader(
    INeedLinesStore forms,
    ICampaignRepository campaigns,
    IMemberRepository members,
    IPurchasingGroupRepository groups,
    IMemberScope scope,
    TimeProvider clock)
{
    public async Task<NeedsFormContext?> LoadAsync(ClaimsPrincipal user, long formId, CancellationToken cancellationToken)
    {
        if (await scope.LoadAsync(user, ct => forms.GetFormAsync(formId, ct), f => f.MemberId, cancellationToken) is not { } form
            || await campaigns.GetCampaignAsync(form.CampaignId, cancellationToken) is not { } campaign
            || await members.GetAsync(form.MemberId, cancellationToken) is not { } member)
        {
            return null;
        }

        var extension = await campaigns.MemberDeadlineAsync(campaign.Id, member.Id, cancellationToken);
        var group = await groups.GetAsync(campaign.PurchasingGroupId, cancellationToken);
        return new NeedsFormContext(form, campaign, group, member, CampaignRules.DeadlineUtc(campaign, extension));
    }

    /// <summary>Who may replace the lines by uploading a file: whoever may edit the form on the web (<see cref="FormWorkflow.MayEdit"/>).</summary>
    public bool MayUpload(ClaimsPrincipal user, NeedsFormContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return FormWorkflow.MayEdit(
            user.IsInRole(Roles.ProcurementOfficer) || user.IsInRole(Roles.Administrator),
            user.IsInRole(Roles.MemberBuyer),
            context.Campaign,
            context.Form,
            context.DeadlineUtc,
            clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Whether an upload by this user is an officer's change to a submitted form, which needs a reason (<see cref="FormWorkflow.ChangeNeedsReason"/>).</summary>
    public bool ReasonRequired(ClaimsPrincipal user, NeedsFormContext context) =>
        MayUpload(user, context) && FormWorkflow.ChangeNeedsReason(user.IsInRole(Roles.ProcurementOfficer) || user.IsInRole(Roles.Administrator), context.Form);
}
