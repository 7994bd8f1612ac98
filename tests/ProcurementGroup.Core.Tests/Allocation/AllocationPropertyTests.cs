using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Allocation;

/// <summary>
/// Property tests over random invoices (negative and one-cent amounts included), bases and keys, each seed drawing 200
/// cases: the shares add up to the invoice to the cent, each is within one cent of its exact proportion, and shuffling
/// the members changes nothing.
/// </summary>
public sealed class AllocationPropertyTests
{
    private const int Cases = 200;

    public static TheoryData<int> Seeds => [1, 7, 42, 2026, 90_210];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Allocate_RandomWeights_SumExact_WithinOneCent_OrderFree(int seed)
    {
        var random = new Random(seed);
        for (var c = 0; c < Cases; c++)
        {
            var weights = RandomWeights(random);
            var amount = RandomAmount(random);

            var shares = AllocationWeights.FromWeights(weights).Allocate(amount);
            var byId = AllocationWeights.FromWeights(weights).Members.Select(m => m.MemberId).Zip(shares).ToDictionary();

            var total = weights.Aggregate(Fraction.Zero, (s, w) => s + w.Weight);
            Assert.Equal(amount, shares.Sum());
            foreach (var (id, _, weight) in weights)
            {
                var gap = new Fraction(byId[id], 1) - (new Fraction(amount, 1) * weight / total);
                Assert.True(gap > new Fraction(-1, 1) && gap < new Fraction(1, 1), $"seed {seed} case {c}: member {id} is {gap} cents from its exact share");
                if (weight == Fraction.Zero)
                {
                    Assert.Equal(0, byId[id]);
                }
            }

            var shuffled = weights.ToArray();
            random.Shuffle(shuffled);
            var again = AllocationWeights.FromWeights(shuffled);
            Assert.Equal(byId, again.Members.Select(m => m.MemberId).Zip(again.Allocate(amount)).ToDictionary());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Allocate_FixedSizeArithmetic_GivesTheSameCentsAsBigIntegers(int seed)
    {
        // Small integer weights make equal remainders frequent: the 64- and 128-bit paths must break ties as the exact one does.
        var random = new Random(seed);
        for (var c = 0; c < Cases; c++)
        {
            var count = random.Next(1, 60);
            var members = Enumerable.Range(1, count).Select(i => (Id: (long)i, Weight: random.Next(3) == 0 ? random.NextInt64(0, 1_000_000_000_000) : random.Next(0, 4))).ToList();
            if (members.All(m => m.Weight == 0))
            {
                members[0] = (1, 1);
            }

            var amount = RandomAmount(random);
            var ranks = new int[count];
            var tieOrder = members.Select((m, i) => (m, i)).OrderByDescending(x => x.m.Weight).ThenBy(x => x.m.Id).Select(x => x.i).ToList();
            for (var r = 0; r < count; r++)
            {
                ranks[tieOrder[r]] = r;
            }

            var exact = new long[count];
            LargestRemainder.Allocate(amount, members.Select(m => new System.Numerics.BigInteger(m.Weight)).ToArray(), members.Aggregate(System.Numerics.BigInteger.Zero, (s, m) => s + m.Weight), ranks, exact);

            Assert.Equal(exact, AllocationWeights.FromWeights(members.Select(m => (m.Id, "Membre", (Fraction)m.Weight))).Allocate(amount));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_RandomKeysAndInvoices_EveryLineAddsUp_OrderFree(int seed)
    {
        var random = new Random(seed);
        var period = new AllocationPeriod(new DateOnly(2028, 1, 1), new DateOnly(2028, 3, 31));
        for (var c = 0; c < Cases / 4; c++)
        {
            var participants = RandomParticipants(random, period);
            var key = RandomKey(random);
            var lines = Enumerable.Range(1, random.Next(1, 6)).Select(i => (Id: (long)i, Ht: RandomAmount(random), Vat: random.Next(0, 4) * 550)).ToList();

            var run = Allocate(participants, key, period, lines);
            var weights = run.Lines[0].Line.Weights;
            var totalWeight = weights.Members.Aggregate(Fraction.Zero, (s, m) => s + m.Weight);
            foreach (var line in run.Lines)
            {
                Assert.Equal(line.Line.Ht, line.Details.Aggregate(Money.Money.Zero, (s, d) => s + d.Ht));
                Assert.Equal(line.Line.Vat, line.Details.Aggregate(Money.Money.Zero, (s, d) => s + d.Vat));
                for (var i = 0; i < line.Count; i++)
                {
                    var exact = new Fraction(line.Line.Ht.Cents, 1) * weights.Members[i].Weight / totalWeight;
                    var gap = new Fraction(line.HtCents(i), 1) - exact;
                    Assert.True(gap > new Fraction(-1, 1) && gap < new Fraction(1, 1), $"seed {seed} case {c}: {gap}");
                }
            }

            var shuffled = participants.ToArray();
            random.Shuffle(shuffled);
            var again = Allocate(shuffled, key, period, lines);
            Assert.Equal(
                run.Members.Select(m => (m.MemberId, m.Ht, m.Vat, m.FeeHt, m.FeeVat)),
                again.Members.Select(m => (m.MemberId, m.Ht, m.Vat, m.FeeHt, m.FeeVat)));
        }
    }

    private static AllocationRun Allocate(IEnumerable<Participant> participants, AllocationKey key, AllocationPeriod period, IEnumerable<(long Id, long Ht, int Vat)> lines)
    {
        var weights = AllocationWeights.Compute(key, participants, period);
        return AllocationRun.Compute(
            lines.Select(l => new CostLine(l.Id, "Facture", new Money.Money(l.Ht), l.Vat, weights)).ToList(),
            new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000));
    }

    private static long RandomAmount(Random random) => random.Next(8) switch
    {
        0 => 1,
        1 => -1,
        2 => random.NextInt64(-100, 101),
        3 => random.NextInt64(-10_000_000, 0),
        4 => random.NextInt64(1, 1_000_000_000_000),
        5 => random.NextInt64(-1_000_000_000_000_000, 1_000_000_000_000_000),
        _ => random.NextInt64(1, 10_000_000),
    };

    private static List<(long MemberId, string Name, Fraction Weight)> RandomWeights(Random random)
    {
        var count = random.Next(1, 40);
        var ids = new HashSet<long>();
        while (ids.Count < count)
        {
            ids.Add(random.NextInt64(1, 1_000_000_000));
        }

        var weights = ids.Select(id => (id, $"Membre {id}", random.Next(6) switch
        {
            0 => Fraction.Zero,
            1 => new Fraction(random.Next(1, 4), 1), // small weights: many equal remainders
            2 => new Fraction(random.NextInt64(1, 1_000_000_000), random.NextInt64(1, 1_000_000_000)),
            3 => new Fraction(random.NextInt64(1, 1_000_000_000_000), 1),
            _ => new Fraction(random.Next(1, 100_000), 1),
        })).ToList();
        if (weights.All(w => w.Item3 == Fraction.Zero))
        {
            weights[0] = (weights[0].id, weights[0].Item2, new Fraction(1, 1));
        }

        return weights;
    }

    private static List<Participant> RandomParticipants(Random random, AllocationPeriod period)
    {
        var count = random.Next(1, 25);
        return Enumerable.Range(1, count).Select(i =>
        {
            var id = (i * 7919L) + random.Next(7919);
            var joined = period.From.AddDays(random.Next(-30, 80));
            return new Participant(id, $"Membre {id}")
            {
                QuantityMilli = random.NextInt64(1, 5_000_000),
                ActiveSites = random.Next(1, 30),
                CustomWeight = random.Next(1, 1000) / 10m,
                Bases = [new MemberAllocationBase { MemberId = id, Year = 2028, PopulationMunicipale = random.Next(1, 150_000), PopulationTotale = random.Next(1, 150_000), Pupils = random.Next(0, 5000) + (i == 1 ? 1 : 0), Schools = random.Next(1, 40), Lines = random.Next(1, 300) }],
                Adhesions = random.Next(3) == 0 ? [new Adhesion { MemberId = id, JoinedOn = joined, LeftOn = random.Next(2) == 0 ? joined.AddDays(random.Next(1, 60)) : null }] : null,
            };
        }).ToList();
    }

    private static AllocationKey RandomKey(Random random)
    {
        var bases = Enum.GetValues<AllocationBasis>().ToArray();
        random.Shuffle(bases);
        var count = random.Next(1, 4);
        var cuts = Enumerable.Range(0, count - 1).Select(_ => random.Next(1, 100)).Distinct().Order().ToList();
        var bounds = new[] { 0 }.Concat(cuts).Append(100).ToList();
        return new AllocationKey(Enumerable.Range(0, bounds.Count - 1).Select(i => new KeyComponent(bases[i], bounds[i + 1] - bounds[i])).ToList(), 2028);
    }
}
