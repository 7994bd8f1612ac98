using System.Globalization;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Web.Features.Contracts;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Runs;

/// <summary>
/// Demo step 90 (issue 9 item 11): finance's last full quarter, through the app's services. Allocation keys (the telecom
/// contracts by quantity, the ENT contract by pupils, or by its licences, the pupils ContractsDemoSeed recorded, when a
/// member has no recorded pupils), the suppliers' invoices of the quarter (a shared telecom hub by population with its
/// own key, the lines by quantity, the ENT subscription by pupils), a 2 % coordination fee, one run per groupement
/// previewed then issued (statements numbered, the batch started through <see cref="RunService"/>), and a rectifying run
/// of the telecom run after its mobile contract's key was corrected. Idempotent: nothing is written once a cost entry or a
/// run exists. Registered in <see cref="RunsServices"/>; the statements' PDFs are written by the batch the issue started.
/// </summary>
public sealed class FinanceDemoSeed(
    ICostEntryRepository entries,
    IAllocationRunRepository runs,
    CostEntryService costs,
    AllocationKeyService keys,
    CoordinationFeeService fees,
    AllocationPreviewService previews,
    RunService runService,
    TimeProvider clock) : IDemoSeedStep
{
    public const string HubLabel = "Hub télécom mutualisé";
    public const string EntLabel = "Abonnement ENT du trimestre";

    /// <summary>Invoices: contract reference suffix, invoice number, label, amount HT in cents, shared by population (own key).</summary>
    private static readonly (string Suffix, string Number, string Label, long Cents, bool ByPopulation)[] Invoices =
    [
        ("-L1", "OPM-{0}-0412", "Abonnements mobiles", 18_450_00, false),
        ("-L2", "PFT-{0}-0098", HubLabel, 12_000_00, true),
        ("-L2", "PFT-{0}-0099", "Accès internet des sites", 9_873_45, false),
        ("-L3", "HDF-{0}-1207", "Lignes fixes", 6_240_17, false),
    ];

    public int Order => 90;

    /// <summary>The last full quarter before the seed's clock (Paris time).</summary>
    public static AllocationPeriod LastFullQuarter(DateTime utcNow)
    {
        var today = DateOnly.FromDateTime(ParisTime.FromUtc(utcNow));
        var quarterStart = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return new AllocationPeriod(quarterStart.AddMonths(-3), quarterStart.AddDays(-1));
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if ((await runs.ListAsync(cancellationToken)).Count > 0 || (await entries.ListAsync(new CostEntryQuery(null, null, null), cancellationToken)).Count > 0)
        {
            return;
        }

        var contracts = await entries.ContractsAsync(cancellationToken);
        var ent = contracts.FirstOrDefault(c => c.Reference == ContractsDemoSeed.EntReference);
        var telecom = contracts.Where(c => c.Reference.Contains("-TEL-01-L", StringComparison.Ordinal)).OrderBy(c => c.Reference, StringComparer.Ordinal).ToList();
        if (ent is null || telecom.Count == 0)
        {
            return;
        }

        var period = LastFullQuarter(clock.GetUtcNow().UtcDateTime);
        var invoiceDate = Text(period.To.AddDays(10));
        var year = period.From.Year.ToString(CultureInfo.InvariantCulture);

        var hubs = new List<(CostContract Contract, CostEntry Entry)>();
        foreach (var (suffix, number, label, cents, byPopulation) in Invoices)
        {
            var contract = telecom.FirstOrDefault(c => c.Reference.EndsWith(suffix, StringComparison.Ordinal));
            if (contract is null)
            {
                continue;
            }

            var id = Check(await costs.CreateAsync(contract, Entry(string.Format(CultureInfo.InvariantCulture, number, year), invoiceDate, period, label, cents), null, null, cancellationToken), label);
            if (byPopulation && await entries.GetAsync(id, cancellationToken) is { } entry)
            {
                hubs.Add((contract, entry));
            }
        }

        Check(await costs.CreateAsync(ent, Entry("ECE-" + year + "-T" + (((period.From.Month - 1) / 3) + 1).ToString(CultureInfo.InvariantCulture), invoiceDate, period, EntLabel, 31_512_00), null, null, cancellationToken), EntLabel);
        // The keys, once the invoices (the step's marker) are recorded: the contracts' defaults, the hub's own by population.
        foreach (var contract in telecom)
        {
            Check(await keys.SaveAsync(contract, null, Key(AllocationBasis.Quantity), 1, cancellationToken), $"key of {contract.Reference}");
        }

        if ((await keys.SaveAsync(ent, null, Key(AllocationBasis.Pupils), 1, cancellationToken)).Status != SaveStatus.Saved)
        {
            // Some members have no recorded pupils: their licences in the contract are the pupils ContractsDemoSeed estimated.
            Check(await keys.SaveAsync(ent, null, Key(AllocationBasis.Quantity), 1, cancellationToken), "key of the ENT contract");
        }

        foreach (var hub in hubs)
        {
            Check(await keys.SaveAsync(hub.Contract, hub.Entry, Key(AllocationBasis.PopulationMunicipale), 1, cancellationToken), "key of the hub");
        }

        Check(await fees.SaveAsync(new FeeForm { Kind = CoordinationFeeService.Percent, Value = "2", VatRate = "20" }, cancellationToken), "coordination fee");

        long? telecomRun = null;
        foreach (var groupId in telecom.Select(c => c.PurchasingGroupId).Append(ent.PurchasingGroupId).Distinct())
        {
            var preview = await previews.PreviewAsync(groupId, period, null, cancellationToken);
            if (preview.RunId is not { } runId)
            {
                throw new InvalidOperationException("Demo finance: preview refused: " + string.Join(" | ", preview.Errors));
            }

            var run = await runs.GetAsync(runId, cancellationToken) ?? throw new InvalidOperationException("Demo finance: preview missing.");
            var issued = await runService.IssueAsync(runId, run.Version, null, cancellationToken);
            if (issued.Status != IssueStatus.Issued)
            {
                throw new InvalidOperationException("Demo finance: the run was not issued.");
            }

            telecomRun ??= runId;
        }

        // The mobile lines' key corrected after the issue (half equal shares, half quantities): a rectifying run carries the differences.
        var mobile = (await entries.ContractsAsync(cancellationToken)).Single(c => c.Id == telecom[0].Id);
        var mixed = new KeyInput(new Dictionary<AllocationBasis, string?> { [AllocationBasis.Quantity] = "50", [AllocationBasis.Equal] = "50" }, MembersDemoSeed.BaseYear.ToString(CultureInfo.InvariantCulture), new Dictionary<long, string?>());
        Check(await keys.SaveAsync(mobile, null, mixed, 1, cancellationToken), "corrected key");
        var rectified = await runService.RectifyWithCurrentKeysAsync(telecomRun!.Value, null, cancellationToken);
        if (rectified.Status != RectifyStatus.Issued)
        {
            throw new InvalidOperationException("Demo finance: rectification refused: " + string.Join(" | ", rectified.Errors));
        }
    }

    /// <summary>A key of one basis, on the members' recorded bases of the demo's year.</summary>
    private static KeyInput Key(AllocationBasis basis) =>
        new(new Dictionary<AllocationBasis, string?> { [basis] = "100" }, MembersDemoSeed.BaseYear.ToString(CultureInfo.InvariantCulture), new Dictionary<long, string?>());

    private static CostEntryText Entry(string number, string date, AllocationPeriod period, string label, long cents) =>
        new(number, date, Text(period.From), Text(period.To), label, string.Create(CultureInfo.InvariantCulture, $"{cents / 100},{cents % 100:00}"), "20");

    private static string Text(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static long Check(SaveResult result, string what) =>
        result.Status == SaveStatus.Saved
            ? result.Id
            : throw new InvalidOperationException($"Demo finance: {what} refused: " + string.Join(" | ", (result.Errors ?? []).Select(e => e.Message)));
}
