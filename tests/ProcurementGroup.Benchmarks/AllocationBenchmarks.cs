using BenchmarkDotNet.Attributes;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// An allocation run in memory (issue 9): 1,000 members × 1,000 cost lines = 1,000,000 HT shares and as many VAT shares,
/// under three keys (population, quantity, 30 % equal + 70 % population), a 2 % coordination fee and the per-member
/// totals. <see cref="AllocateThousandMembersThousandLines"/> computes the keys' exact weights (once per key) and the run;
/// <see cref="AllocationWeightsOfThreeKeys"/> measures the weights alone. Target: ≤ 200 ms, ≤ 200 MB allocated.
/// </summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private const int Members = 1000;
    private const int CostLines = 1000;

    private Participant[] _participants = [];
    private (long Ht, int Key)[] _invoices = [];

    [GlobalSetup]
    public void Setup()
    {
        // Fixed seed: every run measures the same members and invoices.
        var random = new Random(2026);
        _participants = Enumerable.Range(1, Members).Select(i => new Participant(i, $"Commune {i}")
        {
            QuantityMilli = random.NextInt64(1_000, 2_000_000),
            Bases = [new MemberAllocationBase { MemberId = i, Year = 2026, PopulationMunicipale = random.Next(50, 140_000) }],
        }).ToArray();
        _invoices = Enumerable.Range(0, CostLines).Select(i => (i % 50 == 0 ? -random.NextInt64(1, 1_000_000) : random.NextInt64(1, 100_000_000), i % 3)).ToArray();
    }

    [Benchmark]
    public int AllocationWeightsOfThreeKeys() => Weights().Sum(w => w.Members.Count);

    [Benchmark]
    public long AllocateThousandMembersThousandLines()
    {
        var weights = Weights();
        var lines = _invoices.Select((invoice, i) => new CostLine(i + 1, "Facture", new Core.Money.Money(invoice.Ht), 2000, weights[invoice.Key])).ToList();
        var run = AllocationRun.Compute(lines, new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000));
        return run.Members[0].Ttc.Cents;
    }

    private AllocationWeights[] Weights()
    {
        AllocationKey[] keys =
        [
            AllocationKey.By(AllocationBasis.PopulationMunicipale, 2026),
            AllocationKey.By(AllocationBasis.Quantity),
            AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70)),
        ];
        return keys.Select(k => AllocationWeights.Compute(k, _participants)).ToArray();
    }
}
