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
    /// The same rounding in fixed-size integers, for the usual sizes: <typeparamref name="T"/> is <c>long</c> when
    /// |amount| × the largest weight and total × count fit in it, <c>Int128</c> when the total fits a <c>long</c> (the caller checks).
    /// <paramref name="keys"/> and <paramref name="order"/> are scratch space of the weights' length. The cents left over
    /// go to the members picked by a selection (not a sort) of the largest keys, a key being remainder × count + the
    /// reverse tie rank, so all keys are distinct and the tie-break is part of the key.
    /// </summary>
    internal static void AllocateFixed<T>(long amountCents, ReadOnlySpan<T> weights, T total, ReadOnlySpan<int> tieRank, Span<long> destination, Span<T> keys, Span<int> order)
        where T : IBinaryInteger<T>
    {
        var n = weights.Length;
        var count = T.CreateTruncating(n);
        var absolute = amountCents < 0 ? checked(-amountCents) : amountCents;
        var amount = T.CreateTruncating(absolute);
        long given = 0;
        for (var i = 0; i < n; i++)
        {
            var (quotient, remainder) = T.DivRem(amount * weights[i], total);
            var share = long.CreateTruncating(quotient);
            destination[i] = share;
            given += share;
            keys[i] = (remainder * count) + T.CreateTruncating(n - 1 - tieRank[i]);
            order[i] = i;
        }

        var left = (int)(absolute - given);
        if (left > 0)
        {
            SelectLargest(keys[..n], order[..n], left);
            for (var j = n - left; j < n; j++)
            {
                destination[order[j]]++;
            }
        }

        if (amountCents < 0)
        {
            for (var i = 0; i < n; i++)
            {
                destination[i] = -destination[i];
            }
        }
    }

    /// <summary>Hoare's selection on distinct keys: afterwards the <paramref name="k"/> largest are the last k, in any order.</summary>
    private static void SelectLargest<T>(Span<T> keys, Span<int> order, int k)
        where T : IBinaryInteger<T>
    {
        var target = keys.Length - k;
        var lo = 0;
        var hi = keys.Length - 1;
        while (lo < hi)
        {
            var pivot = keys[lo + ((hi - lo) >> 1)];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }

            if (target <= j)
            {
                hi = j;
            }
            else if (target >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }
}
