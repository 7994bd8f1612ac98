namespace ProcurementGroup.Core.Needs;

/// <summary>Who takes part in a campaign, and when a member may still edit its form.</summary>
public static class CampaignRules
{
    /// <summary>
    /// The day that decides who takes part: the procedure's launch. Until a tender exists it is the campaign's planned
    /// launch date; once a tender is published, its publication date (<paramref name="tenderPublishedOn"/>) replaces it.
    /// </summary>
    public static DateOnly LaunchDay(NeedsCampaign campaign, DateOnly? tenderPublishedOn = null) =>
        tenderPublishedOn ?? campaign.PlannedLaunchDate;

    /// <summary>
    /// A member takes part when its adhesion starts on or before the launch day and does not end before it: a member that
    /// joins after the campaign opens but by the launch takes part, one that left before the launch does not. The SQL
    /// form of this rule is <c>ProcurementGroup.Data.Needs.ParticipationSql</c>.
    /// </summary>
    public static bool TakesPart(DateOnly joinedOn, DateOnly? leftOn, DateOnly launchDay) =>
        joinedOn <= launchDay && (leftOn is null || leftOn.Value >= launchDay);

    public static bool TakesPart(Groups.Adhesion adhesion, DateOnly launchDay) => TakesPart(adhesion.JoinedOn, adhesion.LeftOn, launchDay);

    /// <summary>The deadline for one member: its own extension when later than the campaign's.</summary>
    public static DateTime DeadlineUtc(NeedsCampaign campaign, DateTime? memberExtensionUtc) =>
        memberExtensionUtc is { } extension && extension > campaign.ClosesAtUtc ? extension : campaign.ClosesAtUtc;

    /// <summary>A buyer may edit while the campaign is open, before its deadline, and the form is a draft or returned.</summary>
    public static bool BuyerMayEdit(NeedsCampaign campaign, NeedsForm form, DateTime deadlineUtc, DateTime nowUtc) =>
        campaign.Status == CampaignStatus.Open
        && nowUtc < deadlineUtc
        && form.Status is NeedsFormStatus.Draft or NeedsFormStatus.Returned;

    /// <summary>Quantity rule for a line: not negative, whole when the item says so, within the per-member maximum.</summary>
    public static string? CheckQuantity(CatalogueItem item, long quantityMilli)
    {
        if (quantityMilli < 0)
        {
            return "La quantité ne peut pas être négative.";
        }

        if (item.WholeNumbersOnly && quantityMilli % EstimatedValue.QuantityScale != 0)
        {
            return $"L'article {item.Code} se commande par unités entières.";
        }

        if (item.MaxPerMemberMilli is { } max && quantityMilli > max)
        {
            return $"La quantité dépasse le maximum autorisé par membre ({(max / (decimal)EstimatedValue.QuantityScale).ToString("0.###", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))}).";
        }

        return null;
    }

    /// <summary>Converts a typed quantity to thousandths; null when it has more than three decimals or is out of range.</summary>
    public static long? ToMilli(decimal quantity)
    {
        var scaled = quantity * EstimatedValue.QuantityScale;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue / 1000 || scaled < long.MinValue / 1000)
        {
            return null;
        }

        return (long)scaled;
    }
}
