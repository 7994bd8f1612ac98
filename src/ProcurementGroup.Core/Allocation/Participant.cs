using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// A member taking part in a contract, with what the keys may weigh it by. Only the contract's participants are handed to
/// <see cref="AllocationWeights.Compute"/>: a member that does not take part never shares the contract's costs.
/// </summary>
public sealed record Participant(long MemberId, string Name)
{
    /// <summary>The member's quantity in the contract or its orders, in thousandths.</summary>
    public long? QuantityMilli { get; init; }

    /// <summary>The member's recorded allocation bases; the one of the key's year is used.</summary>
    public IReadOnlyList<MemberAllocationBase> Bases { get; init; } = [];

    /// <summary>The active sites of the member's register.</summary>
    public long? ActiveSites { get; init; }

    /// <summary>The weight typed for this member in a custom key.</summary>
    public decimal? CustomWeight { get; init; }

    /// <summary>
    /// The member's adhesions to the groupement, for the pro rata of a period; null when it adhered throughout (no pro rata).
    /// </summary>
    public IReadOnlyList<Adhesion>? Adhesions { get; init; }
}

/// <summary>The period a run covers, both days included.</summary>
public readonly record struct AllocationPeriod(DateOnly From, DateOnly To)
{
    public const string EndBeforeStart = "La fin de la période doit être postérieure ou égale à son début.";

    /// <summary>Days in the period, both ends included (a leap year's February has 29).</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// Pro rata of adhesion: a member that joined or left during the period shares in proportion to its days of adhesion in
/// the period ÷ the period's days. Days are counted inclusive; an adhesion covers its JoinedOn day up to the day before
/// LeftOn, as <see cref="Adhesion.IsActiveOn"/> and <see cref="AdhesionRules"/> define it (the member has left on LeftOn).
/// </summary>
public static class ProRata
{
    /// <summary>The member's days of adhesion within the period (adhesions never overlap, see <see cref="AdhesionRules"/>).</summary>
    public static int DaysOfAdhesion(AllocationPeriod period, IEnumerable<Adhesion> adhesions)
    {
        ArgumentNullException.ThrowIfNull(adhesions);
        if (period.To < period.From)
        {
            throw new AllocationException(AllocationPeriod.EndBeforeStart);
        }

        var days = 0;
        foreach (var adhesion in adhesions)
        {
            var first = Math.Max(adhesion.JoinedOn.DayNumber, period.From.DayNumber);
            var last = Math.Min(adhesion.LeftOn is { } left ? left.DayNumber - 1 : int.MaxValue, period.To.DayNumber);
            if (last >= first)
            {
                days += last - first + 1;
            }
        }

        return days;
    }
}
