namespace ProcurementGroup.Core.Allocation;

/// <summary>One member under two keys applied to the same costs: what it would pay (TTC, fee included) under each.</summary>
public sealed record MemberComparison(long MemberId, string Name, Money.Money First, Money.Money Second)
{
    /// <summary>Second − first: positive when the second key costs the member more.</summary>
    public Money.Money Difference => Second - First;

    /// <summary>Difference ÷ first × 100, rounded to 2 decimals for display; null when the member pays nothing under the first key.</summary>
    public decimal? Percent => First.Cents == 0 ? null : decimal.Round(Difference.Cents * 100m / First.Cents, 2, MidpointRounding.AwayFromZero);
}

/// <summary>The comparison page: the same costs allocated under two keys, member by member.</summary>
public static class KeyComparison
{
    /// <summary>Every member of either run, in ascending member id; a member absent from one run counts 0 there.</summary>
    public static IReadOnlyList<MemberComparison> Compare(AllocationRun first, AllocationRun second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = first.Members.ToDictionary(m => m.MemberId);
        var b = second.Members.ToDictionary(m => m.MemberId);
        return a.Keys.Union(b.Keys).Order().Select(id =>
        {
            var name = a.TryGetValue(id, out var x) ? x.Name : b[id].Name;
            return new MemberComparison(id, name, x?.Ttc ?? Money.Money.Zero, b.TryGetValue(id, out var y) ? y.Ttc : Money.Money.Zero);
        }).ToList();
    }
}

/// <summary>A difference between a corrected run and the original for one member and one cost line (CostLineId null: the coordination fee).</summary>
public sealed record LineDifference(long MemberId, long? CostLineId, Money.Money Ht, Money.Money Vat)
{
    public Money.Money Ttc => Ht + Vat;
}

/// <summary>A member's total difference; negative TTC means it receives a credit statement (avoir).</summary>
public sealed record MemberDifference(long MemberId, string Name, Money.Money Ht, Money.Money Vat)
{
    public Money.Money Ttc => Ht + Vat;

    public bool IsCredit => Ttc.Cents < 0;
}

/// <summary>A rectifying run: only what changed between the issued original and its correction.</summary>
public sealed record RectifyingRun(IReadOnlyList<LineDifference> Lines, IReadOnlyList<MemberDifference> Members);

/// <summary>
/// One member's figures for one cost line of a run (CostLineId null: the coordination fee), as an issued run stores them:
/// what a rectifying run is compared with, since an issued run is read back from its stored shares, not recomputed.
/// </summary>
public readonly record struct IssuedShare(long MemberId, string Name, long? CostLineId, Money.Money Ht, Money.Money Vat)
{
    /// <summary>A computed run's figures in the stored form: one share per member and cost line, then each member's fee.</summary>
    public static IEnumerable<IssuedShare> Of(AllocationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var line in run.Lines)
        {
            for (var i = 0; i < line.Count; i++)
            {
                var member = line.Line.Weights.Members[i];
                yield return new IssuedShare(member.MemberId, member.Name, line.Line.Id, new(line.HtCents(i)), new(line.VatCents(i)));
            }
        }

        foreach (var member in run.Members)
        {
            yield return new IssuedShare(member.MemberId, member.Name, null, member.FeeHt, member.FeeVat);
        }
    }

    /// <summary>A rectifying run's differences in the stored form, as an issued rectification is read back into its chain.</summary>
    public static IEnumerable<IssuedShare> Of(RectifyingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var names = run.Members.ToDictionary(m => m.MemberId, m => m.Name);
        return run.Lines.Select(l => new IssuedShare(l.MemberId, names[l.MemberId], l.CostLineId, l.Ht, l.Vat));
    }
}

/// <summary>
/// Corrections are never made to an issued run: a rectifying run references it and carries, per member and cost line
/// (matched by cost line id) and for the coordination fee, corrected − original, keeping only non-zero differences.
/// A run may be rectified more than once: each rectifying run references the original and carries the differences
/// against its <see cref="Latest"/> state (the original plus every rectification issued before it), so that the
/// original and its rectifications, added up, are always the last correction.
/// </summary>
public static class Rectification
{
    public static RectifyingRun Compute(AllocationRun original, AllocationRun corrected) =>
        Compute(IssuedShare.Of(original), corrected);

    /// <summary>
    /// What the members have been billed so far for a run and its issued rectifications (in any order): per member and
    /// cost line (the fee: null), the original's figures plus every rectification's differences, in ascending member id
    /// then cost line id (the fee last); a pair that adds up to zero is kept, at zero.
    /// </summary>
    public static IReadOnlyList<IssuedShare> Latest(IEnumerable<IssuedShare> original, IEnumerable<IEnumerable<IssuedShare>> rectifications)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(rectifications);
        var sums = new Dictionary<(long Member, long? Line), IssuedShare>();
        foreach (var share in rectifications.Prepend(original).SelectMany(r => r))
        {
            var key = (share.MemberId, share.CostLineId);
            sums[key] = sums.TryGetValue(key, out var current)
                ? current with { Name = share.Name, Ht = new(checked(current.Ht.Cents + share.Ht.Cents)), Vat = new(checked(current.Vat.Cents + share.Vat.Cents)) }
                : share;
        }

        return sums.Values.OrderBy(s => s.MemberId).ThenBy(s => s.CostLineId ?? long.MaxValue).ToList();
    }

    /// <summary>The differences of a new rectification: <paramref name="corrected"/> minus the <see cref="Latest"/> state of the original and its issued rectifications.</summary>
    public static RectifyingRun Compute(IEnumerable<IssuedShare> original, IEnumerable<IEnumerable<IssuedShare>> rectifications, AllocationRun corrected) =>
        Compute(Latest(original, rectifications), corrected);

    /// <summary>The differences between an issued run's stored shares and its correction.</summary>
    public static RectifyingRun Compute(IEnumerable<IssuedShare> original, AllocationRun corrected)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(corrected);
        var sums = new Dictionary<(long Member, long? Line), (long Ht, long Vat)>();
        var names = new Dictionary<long, string>();
        Add(original, -1);
        Add(IssuedShare.Of(corrected), 1);

        var lines = sums.Where(s => s.Value.Ht != 0 || s.Value.Vat != 0)
            .OrderBy(s => s.Key.Member).ThenBy(s => s.Key.Line ?? long.MaxValue)
            .Select(s => new LineDifference(s.Key.Member, s.Key.Line, new(s.Value.Ht), new(s.Value.Vat)))
            .ToList();
        var members = lines.GroupBy(l => l.MemberId)
            .Select(g => new MemberDifference(g.Key, names[g.Key], new(g.Sum(l => l.Ht.Cents)), new(g.Sum(l => l.Vat.Cents))))
            .ToList();
        return new RectifyingRun(lines, members);

        void Add(IEnumerable<IssuedShare> shares, int sign)
        {
            foreach (var share in shares)
            {
                names[share.MemberId] = share.Name;
                var key = (share.MemberId, share.CostLineId);
                var current = sums.GetValueOrDefault(key);
                sums[key] = (checked(current.Ht + (sign * share.Ht.Cents)), checked(current.Vat + (sign * share.Vat.Cents)));
            }
        }
    }
}
