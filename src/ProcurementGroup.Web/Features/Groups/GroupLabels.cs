using ProcurementGroup.Core.Groups;

namespace ProcurementGroup.Web.Features.Groups;

/// <summary>French labels of the groupement domains (shown through the localizer).</summary>
public static class GroupLabels
{
    public static readonly IReadOnlyDictionary<GroupDomain, string> Domains = new Dictionary<GroupDomain, string>
    {
        [GroupDomain.Telecom] = "Télécommunications",
        [GroupDomain.Ent] = "ENT (espace numérique de travail)",
        [GroupDomain.Equipment] = "Équipement informatique",
        [GroupDomain.Other] = "Autre",
    };

    public static string Domain(GroupDomain domain) => Domains.TryGetValue(domain, out var label) ? label : domain.ToString();

    public static bool TryParseDomain(string? text, out GroupDomain domain) =>
        Enum.TryParse(text, ignoreCase: false, out domain) && Enum.IsDefined(domain) && !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _);
}
