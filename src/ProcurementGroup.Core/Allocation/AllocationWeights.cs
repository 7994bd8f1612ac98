using System.Globalization;
using System.Numerics;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Allocation;

/// <summary>A member's place in a key: its base, the key's total base and its exact weight (share = Weight ÷ total weight).</summary>
/// <param name="Base">The member's base for a simple key (quantities in units), or its exact weight for a mix.</param>
/// <param name="DaysOfAdhesion">Its days of adhesion in the period when pro rata applies, else null.</param>
public sealed record WeightedMember(long MemberId, string Name, Fraction Base, Fraction Weight, int? DaysOfAdhesion);

/// <summary>
/// The exact weights of one key over one contract's participants, computed once and reused for every cost line of the key.
/// Members are held in ascending member id, so nothing depends on the order they were given in. The rational weights are
/// brought to one common denominator and reduced, and each amount is then allocated on those integers by
/// <see cref="LargestRemainder"/> (in 64- or 128-bit arithmetic when it fits, exactly in <see cref="BigInteger"/> otherwise).
/// </summary>
public sealed class AllocationWeights
{
    public const string NoParticipant = "Aucun membre ne participe à ce marché : le coût ne peut être réparti.";
    public const string MemberRepeated = "Le membre « {0} » figure deux fois parmi les participants.";
    public const string MissingBase = "Le membre « {0} » n'a pas de base « {1} »{2} : saisissez-la avant de répartir.";
    public const string NegativeBase = "La base « {1} » du membre « {0} » est négative.";
    public const string ComponentTotalZero = "La base « {0} » est nulle pour tous les participants : elle ne peut pas servir de clé.";
    public const string NoDayInPeriod = "Aucun participant n'adhérait au groupement pendant la période : le coût ne peut être réparti.";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private readonly BigInteger[] _big;
    private readonly BigInteger _bigTotal;
    private readonly long[]? _small;
    private readonly Int128[]? _medium;
    private readonly long _smallTotal;
    private readonly long _largestWeight;
    private readonly int[] _tieRank;

    /// <param name="integers">Integers proportional to the members' weights (a common denominator taken out).</param>
    private AllocationWeights(IReadOnlyList<WeightedMember> members, Fraction totalBase, BigInteger[] integers)
    {
        Members = members;
        TotalBase = totalBase;
        var n = members.Count;
        var gcd = BigInteger.Zero;
        foreach (var weight in integers)
        {
            gcd = BigInteger.GreatestCommonDivisor(gcd, weight);
        }

        _big = new BigInteger[n];
        _bigTotal = BigInteger.Zero;
        for (var i = 0; i < n; i++)
        {
            _big[i] = gcd.IsZero ? BigInteger.Zero : integers[i] / gcd;
            _bigTotal += _big[i];
        }

        if (_bigTotal.IsZero)
        {
            throw new AllocationException(LargestRemainder.AllWeightsZero);
        }

        // A total within a long allows 128-bit arithmetic for any amount; within long.MaxValue / count, 64-bit for most.
        if (_bigTotal <= long.MaxValue)
        {
            _smallTotal = (long)_bigTotal;
            _medium = _big.Select(w => (Int128)(long)w).ToArray();
            if (_bigTotal * n <= long.MaxValue)
            {
                _small = _big.Select(w => (long)w).ToArray();
                _largestWeight = _small.Max();
            }
        }

        // Tie-break order, once per key: larger weight first, then smaller member id.
        var order = Enumerable.Range(0, n).OrderByDescending(i => _big[i]).ThenBy(i => members[i].MemberId).ToArray();
        _tieRank = new int[n];
        for (var rank = 0; rank < n; rank++)
        {
            _tieRank[order[rank]] = rank;
        }
    }

    /// <summary>The participants, in ascending member id.</summary>
    public IReadOnlyList<WeightedMember> Members { get; }

    /// <summary>Σ of the members' bases (simple key) or of their weights (mix), for display.</summary>
    public Fraction TotalBase { get; }

    /// <summary>Member i's exact share of any amount, as a fraction of 1.</summary>
    public Fraction Share(int index) => new(_big[index], _bigTotal);

    /// <summary>Member i's share in percent, rounded to 4 decimals for display (never used to compute an amount).</summary>
    public decimal SharePercent(int index) => decimal.Round((Share(index) * 100).ToDecimal(), 4, MidpointRounding.AwayFromZero);

    /// <summary>Weights given directly (custom weights, tests): non-negative, at least one positive, each member once.</summary>
    public static AllocationWeights FromWeights(IEnumerable<(long MemberId, string Name, Fraction Weight)> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var members = weights.OrderBy(w => w.MemberId).Select(w => new WeightedMember(w.MemberId, w.Name, w.Weight, w.Weight, null)).ToList();
        CheckMembers(members.Select(m => (m.MemberId, m.Name)).ToList());
        var negative = members.FirstOrDefault(m => m.Weight < Fraction.Zero);
        if (negative is not null)
        {
            throw new AllocationException(string.Format(French, NegativeBase, negative.Name, AllocationKey.Label(AllocationBasis.Custom)));
        }

        return new AllocationWeights(members, members.Aggregate(Fraction.Zero, (s, m) => s + m.Weight), ToIntegers(members.Select(m => m.Weight).ToArray(), out _));
    }

    /// <summary>A cost concerning one member only (its order, its own line): the whole amount is its own.</summary>
    public static AllocationWeights Single(long memberId, string name) => FromWeights([(memberId, name, 1)]);

    /// <summary>
    /// The weights of <paramref name="key"/> over the contract's <paramref name="participants"/>: for each component, the
    /// member's base ÷ the component's total base × the component's percent, summed exactly; then, when a
    /// <paramref name="period"/> is given, × the member's days of adhesion in it ÷ the period's days. A member missing a
    /// base the key needs is refused by name (never counted as 0); so is a key whose percentages do not total 100.
    /// </summary>
    public static AllocationWeights Compute(AllocationKey key, IEnumerable<Participant> participants, AllocationPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(participants);
        var keyErrors = key.Validate();
        if (keyErrors.Count > 0)
        {
            throw new AllocationException(keyErrors);
        }

        var list = participants.OrderBy(p => p.MemberId).ToList();
        CheckMembers(list.Select(p => (p.MemberId, p.Name)).ToList());

        var n = list.Count;
        var errors = new List<string>();
        var components = new List<(int Percent, Fraction[] Values, BigInteger[] Bases, BigInteger Total, BigInteger Scale)>();
        foreach (var component in key.Components)
        {
            var values = new Fraction[n];
            for (var i = 0; i < n; i++)
            {
                var value = BaseOf(list[i], component.Basis, key.Year);
                if (value is null)
                {
                    var year = AllocationKey.NeedsYear(component.Basis) ? string.Format(French, " pour {0}", key.Year) : string.Empty;
                    errors.Add(string.Format(French, MissingBase, list[i].Name, AllocationKey.Label(component.Basis), year));
                }
                else if (value.Value < Fraction.Zero)
                {
                    errors.Add(string.Format(French, NegativeBase, list[i].Name, AllocationKey.Label(component.Basis)));
                }
                else
                {
                    values[i] = value.Value;
                }
            }

            if (errors.Count > 0)
            {
                continue;
            }

            var bases = ToIntegers(values, out var scale);
            var total = bases.Aggregate(BigInteger.Zero, (sum, b) => sum + b);
            if (total.IsZero)
            {
                errors.Add(string.Format(French, ComponentTotalZero, AllocationKey.Label(component.Basis)));
                continue;
            }

            components.Add((component.Percent, values, bases, total, scale));
        }

        if (errors.Count > 0)
        {
            throw new AllocationException(errors);
        }

        // Weight = Σ percent ÷ 100 × base ÷ total base (× days ÷ period days): over the common denominator
        // 100 × L × period days, with L the least common multiple of the totals, the numerators are integers.
        var lcm = components.Aggregate(BigInteger.One, (l, c) => l / BigInteger.GreatestCommonDivisor(l, c.Total) * c.Total);
        var integers = new BigInteger[n];
        foreach (var component in components)
        {
            var factor = component.Percent * (lcm / component.Total);
            for (var i = 0; i < n; i++)
            {
                integers[i] += component.Bases[i] * factor;
            }
        }

        var days = new int?[n];
        var periodDays = 1;
        if (period is { } p)
        {
            periodDays = p.Days;
            for (var i = 0; i < n; i++)
            {
                days[i] = list[i].Adhesions is { } adhesions ? ProRata.DaysOfAdhesion(p, adhesions) : null;
                integers[i] *= days[i] ?? periodDays;
            }

            if (integers.All(w => w.IsZero))
            {
                throw new AllocationException(NoDayInPeriod);
            }
        }

        var denominator = 100 * lcm * periodDays;
        var simple = components.Count == 1;
        var members = new WeightedMember[n];
        for (var i = 0; i < n; i++)
        {
            var weight = new Fraction(integers[i], denominator);
            members[i] = new WeightedMember(list[i].MemberId, list[i].Name, simple ? components[0].Values[i] : weight, weight, days[i]);
        }

        var totalBase = simple
            ? new Fraction(components[0].Total, components[0].Scale)
            : new Fraction(integers.Aggregate(BigInteger.Zero, (sum, w) => sum + w), denominator);
        return new AllocationWeights(members, totalBase, integers);
    }

    /// <summary>Allocates an amount (negative for a credit note) over the members, in <see cref="Members"/> order.</summary>
    public long[] Allocate(long amountCents)
    {
        var shares = new long[Members.Count];
        AllocateInto(amountCents, shares, new Scratch(Members.Count));
        return shares;
    }

    /// <summary>Same, without allocating: <paramref name="scratch"/> is reused from one cost line to the next.</summary>
    internal void AllocateInto(long amountCents, Span<long> destination, Scratch scratch)
    {
        if (amountCents == long.MinValue)
        {
            LargestRemainder.Allocate(amountCents, _big, _bigTotal, _tieRank, destination);
        }
        else if (_small is not null && (Int128)Math.Abs(amountCents) * _largestWeight <= long.MaxValue)
        {
            LargestRemainder.AllocateFixed<long>(amountCents, _small, _smallTotal, _tieRank, destination, scratch.Keys, scratch.Order);
        }
        else if (_medium is not null)
        {
            LargestRemainder.AllocateFixed<Int128>(amountCents, _medium, _smallTotal, _tieRank, destination, scratch.WideKeys, scratch.Order);
        }
        else
        {
            LargestRemainder.Allocate(amountCents, _big, _bigTotal, _tieRank, destination);
        }
    }

    /// <summary>Non-negative fractions as integers in the same proportions: each × the least common multiple of the denominators.</summary>
    private static BigInteger[] ToIntegers(Fraction[] values, out BigInteger scale)
    {
        var lcm = BigInteger.One;
        foreach (var value in values)
        {
            var d = value.Denominator;
            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        }

        scale = lcm;
        return values.Select(v => v.Numerator * (lcm / v.Denominator)).ToArray();
    }

    private static void CheckMembers(IReadOnlyList<(long MemberId, string Name)> members)
    {
        if (members.Count == 0)
        {
            throw new AllocationException(NoParticipant);
        }

        for (var i = 1; i < members.Count; i++)
        {
            if (members[i].MemberId == members[i - 1].MemberId)
            {
                throw new AllocationException(string.Format(French, MemberRepeated, members[i].Name));
            }
        }
    }

    private static Fraction? BaseOf(Participant participant, AllocationBasis basis, int? year)
    {
        var recorded = participant.Bases.FirstOrDefault(b => b.Year == year);
        long? value = basis switch
        {
            AllocationBasis.Quantity => participant.QuantityMilli,
            AllocationBasis.PopulationMunicipale => recorded?.PopulationMunicipale,
            AllocationBasis.PopulationTotale => recorded?.PopulationTotale,
            AllocationBasis.Pupils => recorded?.Pupils,
            AllocationBasis.Schools => recorded?.Schools,
            AllocationBasis.Lines => recorded?.Lines,
            AllocationBasis.Sites => participant.ActiveSites,
            AllocationBasis.Equal => 1,
            AllocationBasis.Custom => null,
            _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
        };

        return basis switch
        {
            AllocationBasis.Custom => participant.CustomWeight is { } custom ? Fraction.FromDecimal(custom) : null,
            AllocationBasis.Quantity => value is { } milli ? new Fraction(milli, 1000) : null,
            _ => value is { } v ? new Fraction(v, 1) : null,
        };
    }

    /// <summary>Scratch arrays for <see cref="AllocateInto"/>, one per member count.</summary>
    internal sealed class Scratch(int count)
    {
        public long[] Keys { get; } = new long[count];

        public int[] Order { get; } = new int[count];

        public Int128[] WideKeys => field ??= new Int128[count];
    }
}
