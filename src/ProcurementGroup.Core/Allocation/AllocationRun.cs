using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Allocation;

/// <summary>Exact rounding of a product by a rate in basis points, half away from zero (as for invoices).</summary>
public static class BasisPoints
{
    public const int Whole = 10_000;

    /// <summary><paramref name="cents"/> × <paramref name="basisPoints"/> ÷ 10,000, rounded half away from zero, so -x gives -(x).</summary>
    public static long Apply(long cents, int basisPoints)
    {
        var product = (Int128)cents * basisPoints;
        var quotient = Int128.DivRem(Int128.Abs(product), Whole);
        var rounded = quotient.Quotient + (quotient.Remainder * 2 >= Whole ? 1 : 0);
        return (long)(product < 0 ? -rounded : rounded);
    }
}

/// <summary>
/// One cost to share: a supplier invoice line (or a credit note, negative) of a contract, allocated on the weights of its
/// key over the contract's participants (<see cref="AllocationWeights.Single"/> for a cost that is one member's own).
/// Its VAT is the invoice's when given, else HT × rate rounded half away from zero.
/// </summary>
public sealed record CostLine(long Id, string Label, Money.Money Ht, int VatRateBasisPoints, AllocationWeights Weights)
{
    /// <summary>The VAT printed on the supplier's invoice, when it differs from HT × rate rounded once.</summary>
    public Money.Money? InvoiceVat { get; init; }

    public Money.Money Vat => InvoiceVat ?? new Money.Money(BasisPoints.Apply(Ht.Cents, VatRateBasisPoints));
}

public enum CoordinationFeeKind
{
    /// <summary>A rate (basis points) of the member's HT in the run.</summary>
    Percent = 1,

    /// <summary>The same amount (cents) for every member sharing the run.</summary>
    Flat = 2,
}

/// <summary>
/// The frais de coordination, a line of its own on each member's statement: <see cref="CoordinationFeeKind.Percent"/>
/// takes <paramref name="Value"/> basis points of the member's cost HT in the run, rounded half away from zero per member
/// (so the fees are not allocated by largest remainder: there is no invoice total to match); <see cref="CoordinationFeeKind.Flat"/>
/// charges <paramref name="Value"/> cents to every member with a non-zero weight in at least one line of the run. Its VAT is
/// the fee HT × its own rate, rounded half away from zero per member.
/// </summary>
public sealed record CoordinationFee(CoordinationFeeKind Kind, long Value, int VatRateBasisPoints)
{
    public Money.Money HtFor(Money.Money memberHt) => new(Kind == CoordinationFeeKind.Percent ? BasisPoints.Apply(memberHt.Cents, checked((int)Value)) : Value);
}

/// <summary>One member's share of one cost line, for the per-line detail.</summary>
public readonly record struct ShareDetail(long MemberId, string Name, Fraction Base, Fraction TotalBase, decimal SharePercent, Money.Money Ht, Money.Money Vat)
{
    public Money.Money Ttc => Ht + Vat;
}

/// <summary>A cost line allocated: HT and VAT shares in the order of <see cref="AllocationWeights.Members"/>.</summary>
public sealed class AllocatedLine(CostLine line, long[] ht, long[] vat)
{
    public CostLine Line { get; } = line;

    public int Count => ht.Length;

    public ShareDetail this[int index]
    {
        get
        {
            var member = Line.Weights.Members[index];
            return new ShareDetail(member.MemberId, member.Name, member.Base, Line.Weights.TotalBase, Line.Weights.SharePercent(index), new(ht[index]), new(vat[index]));
        }
    }

    public long HtCents(int index) => ht[index];

    public long VatCents(int index) => vat[index];

    public IEnumerable<ShareDetail> Details => Enumerable.Range(0, Count).Select(i => this[i]);
}

/// <summary>A member's totals in a run: its cost shares, then the coordination fee as its own line.</summary>
public sealed record MemberTotal(long MemberId, string Name, Money.Money Ht, Money.Money Vat, Money.Money FeeHt, Money.Money FeeVat)
{
    public Money.Money TotalHt => Ht + FeeHt;

    public Money.Money TotalVat => Vat + FeeVat;

    public Money.Money Ttc => TotalHt + TotalVat;
}

/// <summary>
/// An allocation run: every cost line × its participants. HT and VAT are each allocated by largest remainder on the same
/// weights, so for every line the members' HT add up to the invoice HT and their VAT to the invoice VAT exactly; a member's
/// TTC is its HT + VAT. Weights are computed once per key by the caller and shared by the lines that use them.
/// </summary>
public sealed class AllocationRun
{
    private AllocationRun(IReadOnlyList<AllocatedLine> lines, IReadOnlyList<MemberTotal> members, CoordinationFee? fee)
    {
        Lines = lines;
        Members = members;
        Fee = fee;
    }

    public IReadOnlyList<AllocatedLine> Lines { get; }

    /// <summary>Per-member totals, in ascending member id.</summary>
    public IReadOnlyList<MemberTotal> Members { get; }

    public CoordinationFee? Fee { get; }

    public static AllocationRun Compute(IReadOnlyList<CostLine> lines, CoordinationFee? fee = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var slotOf = new Dictionary<long, int>();
        var names = new List<string>();
        var ids = new List<long>();
        var slotsByWeights = new Dictionary<AllocationWeights, int[]>(ReferenceEqualityComparer.Instance);
        var scratchBySize = new Dictionary<int, AllocationWeights.Scratch>();
        var allocated = new AllocatedLine[lines.Count];
        var htSums = new List<long>();
        var vatSums = new List<long>();
        var sharing = new List<bool>();

        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            var weights = line.Weights;
            if (!slotsByWeights.TryGetValue(weights, out var slots))
            {
                slots = new int[weights.Members.Count];
                for (var i = 0; i < slots.Length; i++)
                {
                    var member = weights.Members[i];
                    if (!slotOf.TryGetValue(member.MemberId, out var slot))
                    {
                        slot = ids.Count;
                        slotOf.Add(member.MemberId, slot);
                        ids.Add(member.MemberId);
                        names.Add(member.Name);
                        htSums.Add(0);
                        vatSums.Add(0);
                        sharing.Add(false);
                    }

                    slots[i] = slot;
                    sharing[slot] |= member.Weight != Fraction.Zero;
                }

                slotsByWeights.Add(weights, slots);
            }

            if (!scratchBySize.TryGetValue(slots.Length, out var scratch))
            {
                scratch = new AllocationWeights.Scratch(slots.Length);
                scratchBySize.Add(slots.Length, scratch);
            }

            var ht = new long[slots.Length];
            var vat = new long[slots.Length];
            weights.AllocateInto(line.Ht.Cents, ht, scratch);
            weights.AllocateInto(line.Vat.Cents, vat, scratch);
            for (var i = 0; i < slots.Length; i++)
            {
                htSums[slots[i]] += ht[i];
                vatSums[slots[i]] += vat[i];
            }

            allocated[l] = new AllocatedLine(line, ht, vat);
        }

        var totals = new List<MemberTotal>(ids.Count);
        for (var s = 0; s < ids.Count; s++)
        {
            var ht = new Money.Money(htSums[s]);
            var feeHt = fee is not null && sharing[s] ? fee.HtFor(ht) : Money.Money.Zero;
            var feeVat = fee is not null ? new Money.Money(BasisPoints.Apply(feeHt.Cents, fee.VatRateBasisPoints)) : Money.Money.Zero;
            totals.Add(new MemberTotal(ids[s], names[s], ht, new Money.Money(vatSums[s]), feeHt, feeVat));
        }

        totals.Sort((a, b) => a.MemberId.CompareTo(b.MemberId));
        return new AllocationRun(allocated, totals, fee);
    }
}
