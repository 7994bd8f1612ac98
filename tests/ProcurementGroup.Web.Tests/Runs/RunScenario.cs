using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>A groupement's members and cost entries, arranged for the allocation-run tests.</summary>
public sealed record RunArrangement(long GroupId, IReadOnlyList<Participant> Members, IReadOnlyList<long> CostEntryIds, long ContractId, string ContractReference)
{
    public static readonly AllocationPeriod Quarter = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));

    public AllocationWeights Equal => AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), Members);

    /// <summary>Weights typed per member, in the members' order.</summary>
    public AllocationWeights Weighted(params long[] weights) =>
        AllocationWeights.FromWeights(Members.Select((m, i) => (m.MemberId, m.Name, (Core.Tenders.Fraction)weights[i])));

    /// <summary>A cost line of the i-th cost entry (the cost line's id is the cost entry's, as the runs store it).</summary>
    public CostLine Line(int entry, string label, long htCents, AllocationWeights weights, int vatRate = 2000) =>
        new(CostEntryIds[entry], label, new Core.Money.Money(htCents), vatRate, weights);

    public IReadOnlyList<RunLineSource> Sources(string keyText = "parts égales") =>
        CostEntryIds.Select(id => new RunLineSource(id, id, ContractId, keyText)).ToList();

    /// <summary>Saves <paramref name="run"/> as the preview of the quarter (or of <paramref name="period"/>), through the app's repository: it replaces the period's previous preview.</summary>
    public Task<long> PreviewAsync(IDbConnectionFactory factory, AllocationRun run, AllocationPeriod? period = null) =>
        new AllocationRunRepository(factory).SavePreviewAsync(GroupId, period ?? Quarter, run, Sources(), DateTime.UtcNow);
}

public static class RunScenario
{
    /// <summary>
    /// Members of a new groupement (through <see cref="Scenario"/>), a supplier, one contract and one cost entry per label.
    /// The contract goes through <see cref="Scenario.ContractAsync"/> (its members taking part, one unit each) and the cost
    /// entries through the app's <see cref="CostEntryRepository"/>.
    /// </summary>
    public static async Task<RunArrangement> ArrangeAsync(IDbConnectionFactory factory, string[] members, params string[] costLabels)
    {
        var scenario = Scenario.For(factory);
        foreach (var member in members)
        {
            scenario.Member(member);
        }

        var result = await scenario.Campaign("Répartition", c => c.Lot(1, "Lot unique", l => l.Item("A1", 100, PricePeriod.OneOff))).BuildAsync();
        var participants = members.Select(m => new Participant(result.MemberId(m), result.MemberName(m))).ToList();
        var now = DateTime.UtcNow;
        var reference = "R" + result.Tag[..Math.Min(8, result.Tag.Length)];

        long supplierId;
        await using (var connection = await factory.OpenAsync())
        {
            supplierId = await new SupplierRepository(factory).InsertAsync(connection, null, new Supplier
            {
                Name = "Opérateur " + result.Tag,
                Siret = Siret(),
                AddressLine1 = "1 rue de la Gare",
                PostalCode = "80000",
                City = "Amiens",
                ContactEmail = "contact@operateur.example",
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            });
        }

        var contractId = await Scenario.ContractAsync(factory, result.GroupId, supplierId, reference, 10_000_000, [("Ligne", 100_000)], [.. participants.Select(p => (p.MemberId, new[] { 1_000L }))]);
        var costs = new CostEntryRepository(factory);
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var entries = new List<long>();
        foreach (var (label, i) in costLabels.Select((l, i) => (l, i)))
        {
            entries.Add(await costs.InsertAsync(c, tx, new CostEntry
            {
                PurchasingGroupId = result.GroupId,
                ContractId = contractId,
                InvoiceNumber = "F-" + (i + 1).ToString(CultureInfo.InvariantCulture),
                InvoiceDate = new DateOnly(2026, 3, 31),
                PeriodFrom = new DateOnly(2026, 1, 1),
                PeriodTo = new DateOnly(2026, 3, 31),
                Label = label,
                AmountHtCents = 0,
                VatRateBasisPoints = 2000,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            }));
        }

        await tx.CommitAsync();
        return new RunArrangement(result.GroupId, participants, entries, contractId, reference);
    }

    /// <summary>
    /// Runs every statements batch still pending (the demo's issued runs', an earlier test's) to its end, as the Hangfire
    /// server does; the job is safe to run twice, alongside the server or after it.
    /// </summary>
    public static async Task RunPendingBatchesAsync(TestApp app)
    {
        foreach (var runId in await app.QueryAsync<long>("SELECT DISTINCT RunId FROM Statements WHERE GeneratedAtUtc IS NULL ORDER BY RunId"))
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(runId, CancellationToken.None);
        }
    }

    /// <summary>A random SIRET whose 14 digits pass the Luhn check (unique enough for a shared test database).</summary>
    private static string Siret()
    {
        var digits = new int[14];
        for (var i = 0; i < 13; i++)
        {
            digits[i] = Random.Shared.Next(10);
        }

        for (var check = 0; check < 10; check++)
        {
            digits[13] = check;
            var sum = 0;
            for (var i = 0; i < 14; i++)
            {
                var d = digits[13 - i] * (i % 2 == 1 ? 2 : 1);
                sum += d > 9 ? d - 9 : d;
            }

            if (sum % 10 == 0)
            {
                break;
            }
        }

        return string.Concat(digits);
    }
}
