using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>French labels of the member kinds (shown through the localizer, used by the import).</summary>
public static class MemberLabels
{
    public static readonly IReadOnlyDictionary<MemberKind, string> Kinds = new Dictionary<MemberKind, string>
    {
        [MemberKind.Departement] = "Département",
        [MemberKind.CommunauteAgglomeration] = "Communauté d'agglomération",
        [MemberKind.CommunauteCommunes] = "Communauté de communes",
        [MemberKind.Commune] = "Commune",
        [MemberKind.Other] = "Autre",
    };

    public static string Kind(MemberKind kind) => Kinds.TryGetValue(kind, out var label) ? label : kind.ToString();

    /// <summary>Reads a kind from its French label, its code or the usual abbreviations (CA, CC), ignoring case and accents.</summary>
    public static bool TryParseKind(string? text, out MemberKind kind)
    {
        kind = default;
        var folded = SearchText.Fold(text?.Trim()).Replace('’', '\'');
        if (folded.Length == 0)
        {
            return false;
        }

        foreach (var (k, label) in Kinds)
        {
            if (folded == SearchText.Fold(label) || folded == SearchText.Fold(k.ToString()))
            {
                kind = k;
                return true;
            }
        }

        switch (folded)
        {
            case "CA":
                kind = MemberKind.CommunauteAgglomeration;
                return true;
            case "CC":
                kind = MemberKind.CommunauteCommunes;
                return true;
            default:
                return false;
        }
    }
}
