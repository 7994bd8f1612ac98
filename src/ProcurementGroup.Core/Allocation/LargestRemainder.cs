using System.Numerics;

namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// Largest-remainder (Hamilton) rounding of an amount in cents over non-negative integer weights, exact: every member first
/// receives the floor of its exact share |amount| × w ÷ W, then the cents left over go one each to the members with the
/// largest remainders. So the shares add up to the amount to the cent and each share is the floor or the ceiling of its
/// exact proportion.
/// <para>
/// Tie-break, when two remainders are equal: the member with the larger weight first, then the smaller stable key (the
/// member id). The weights come with each member's rank in that order (<see cref="AllocationWeights"/> computes it once per
/// key), so the result never depends on the order in which the members were given.
/// </para>
/// <para>
/// A negative amount (a credit note) is allocated as its absolute value, then negated: a credit note cancelling an invoice
/// gives every member exactly the opposite of its share of the invoice.
/// </para>
/// </summary>
public static class LargestRemainder
{
    public const string AllWeightsZero = "Toutes les bases de répartition sont nulles : le montant ne peut être réparti entre les membres.";

    /// <summary>
    /// Allocates <paramref name="amountCents"/> over <paramref name="weights"/> (total <paramref name="total"/>, positive)
    /// into <paramref name="destination"/>; <paramref name="tieRank"/>[i] is member i's rank in the tie-break order
    /// (0 = served first). Exact whatever the size of the weights.
    /// </summary>
    public static void Allocate(long amountCents, ReadOnlySpan<BigInteger> weights, BigInteger total, ReadOnlySpan<int> tieRank, Span<long> destination)
    {
        if (total.Sign <= 0)
        {
            throw new AllocationException(AllWeightsZero);
        }

        var n = weights.Length;
        var negative = amountCents < 0;
        var amount = new BigInteger(amountCents);
        if (negative)
        {
            amount = -amount;
        }

        var remainders = new BigInteger[n];
        BigInteger given = 0;
        for (var i = 0; i < n; i++)
        {
            var quotient = BigInteger.DivRem(amount * weights[i], total, out remainders[i]);
            destination[i] = (long)quotient;
            given += quotient;
        }

        var left = (int)(amount - given);
        if (left > 0)
        {
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            var ranks = tieRank.ToArray();
            Array.Sort(order, (a, b) =>
            {
                var byRemainder = remainders[b].CompareTo(remainders[a]);
                return byRemainder != 0 ? byRemainder : ranks[a].CompareTo(ranks[b]);
            });
            for (var j = 0; j < left; j++)
            {
                destination[order[j]]++;
            }
        }

        if (negative)
        {
            for (var i = 0; i < n; i++)
            {
                destination[i] = -destination[i];
            }
        }
    }

    /// <summary>
    /// The same rounding on 64-bit weights, for the usual sizes: the caller has checked that |amount| × total and
    /// total × count both fit in a <c>long</c>. <paramref name="keys"/> is scratch space of the weights' length.
    /// </summary>
    internal static void AllocateSmall(long amountCents, ReadOnlySpan<long> weights, long total, ReadOnlySpan<int> tieRank, Span<long> destination, long[] keys, int[] order)
    {
        var n = weights.Length;
        var negative = amountCents < 0;
        var amount = negative ? checked(-amountCents) : amountCents;
        long given = 0;
        for (var i = 0; i < n; i++)
        {
            var product = amount * weights[i];
            var quotient = product / total;
            destination[i] = quotient;
            given += quotient;

            // One sortable key: the remainder first, then the tie-break rank (remainder < total, rank < n).
            keys[i] = ((product - (quotient * total)) * n) + (n - 1 - tieRank[i]);
            order[i] = i;
        }

        var left = amount - given;
        if (left > 0)
        {
            Array.Sort(keys, order, 0, n);
            for (var j = 0; j < left; j++)
            {
                destination[order[n - 1 - j]]++;
            }
        }

        if (negative)
        {
            for (var i = 0; i < n; i++)
            {
                destination[i] = -destination[i];
            }
        }
    }
}
