namespace ProcurementGroup.Core.Groups;

/// <summary>Rules on a member's adhesions to one groupement.</summary>
public static class AdhesionRules
{
    /// <summary>
    /// Two adhesions overlap when their periods share a day. An adhesion covers [JoinedOn, LeftOn): the member has left on
    /// LeftOn, so it may join again from that day.
    /// </summary>
    public static bool Overlaps(Adhesion a, Adhesion b)
    {
        var aEnd = a.LeftOn ?? DateOnly.MaxValue;
        var bEnd = b.LeftOn ?? DateOnly.MaxValue;
        return a.JoinedOn < bEnd && b.JoinedOn < aEnd;
    }

    /// <summary>French messages for an adhesion that cannot be saved, given the member's other adhesions to the same groupement.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(Adhesion candidate, IEnumerable<Adhesion> others)
    {
        var errors = new List<(string, string)>();
        if (candidate.LeftOn is { } left && left < candidate.JoinedOn)
        {
            errors.Add((nameof(Adhesion.LeftOn), "La date de sortie doit être postérieure ou égale à la date d'adhésion."));
            return errors;
        }

        if (others.Any(o => o.Id != candidate.Id && o.MemberId == candidate.MemberId && o.PurchasingGroupId == candidate.PurchasingGroupId && Overlaps(o, candidate)))
        {
            errors.Add((nameof(Adhesion.JoinedOn), "Ce membre adhère déjà à ce groupement sur une période qui chevauche celle-ci."));
        }

        return errors;
    }
}
