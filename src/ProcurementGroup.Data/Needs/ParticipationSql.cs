namespace ProcurementGroup.Data.Needs;

/// <summary>
/// The SQL form of <see cref="Core.Needs.CampaignRules.TakesPart(DateOnly, DateOnly?, DateOnly)"/>, written once: an
/// adhesion to the campaign's groupement that starts on or before the launch day and does not end before it. Every
/// statement that asks who takes part is built from these fragments; they take the parameters <c>@groupId</c> and
/// <c>@launchDay</c> (from <see cref="Core.Needs.CampaignRules.LaunchDay"/>).
/// </summary>
public static class ParticipationSql
{
    /// <summary>A predicate on an adhesion aliased <c>a</c>.</summary>
    public const string AdhesionTakesPart =
        "a.PurchasingGroupId = @groupId AND a.JoinedOn <= @launchDay AND (a.LeftOn IS NULL OR a.LeftOn >= @launchDay)";

    /// <summary>The members taking part, to follow <c>IN</c>.</summary>
    public const string MemberIds = "(SELECT a.MemberId FROM Adhesions a WHERE " + AdhesionTakesPart + ")";

}
