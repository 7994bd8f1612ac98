using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>French labels of the needs statuses, for the views (localized through the shared resource).</summary>
public static class NeedsFormLabels
{
    public static string Status(NeedsFormStatus status) => FormWorkflow.Label(status);

    public static string Campaign(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "En préparation",
        CampaignStatus.Open => "Ouverte",
        CampaignStatus.Closed => "Close",
        CampaignStatus.Archived => "Archivée",
        _ => status.ToString(),
    };

    public static string BadgeClass(NeedsFormStatus status) => status switch
    {
        NeedsFormStatus.Validated => "text-bg-success",
        NeedsFormStatus.Submitted => "text-bg-primary",
        NeedsFormStatus.Returned => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    public static string Period(PricePeriod period) => period switch
    {
        PricePeriod.Monthly => "par mois",
        PricePeriod.Annual => "par an",
        _ => "unique",
    };
}
