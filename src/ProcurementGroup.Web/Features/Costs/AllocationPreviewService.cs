using System.Globalization;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Groups;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>A computed run with what it was computed from: each line's entry, contract and key text, in the run's line order.</summary>
public sealed record ComputedRun(AllocationRun Run, IReadOnlyList<(CostEntry Entry, CostContract Contract, string KeyText)> Sources)
{
    /// <summary>What the runs' repository stores of each line's origin; the cost line's id is the cost entry's, so that a rectifying run matches the issued lines.</summary>
    public IReadOnlyList<RunLineSource> LineSources => [.. Sources.Select(x => new RunLineSource(x.Entry.Id, x.Entry.Id, x.Contract.Id, x.KeyText))];
}

/// <summary>A preview saved (its run id), or the French reasons it could not be computed (nothing saved).</summary>
public sealed record PreviewOutcome(long? RunId, IReadOnlyList<string> Errors);

/// <summary>The comparison of two keys, member by member, or the French reasons it could not be computed.</summary>
public sealed record ComparisonOutcome(IReadOnlyList<MemberComparison>? Members, IReadOnlyList<string> Errors);

/// <summary>
/// The run preview (issue 9 item 5): the groupement's cost entries of the period not yet in an issued run, each line weighed
/// by its key through <see cref="AllocationInputs"/> and allocated by Core's <see cref="AllocationRun.Compute"/> with the
/// coordination fee of the settings; saved as a preview (State 0) that replaces the period's previous preview, never an
/// issued run (through the runs' <see cref="IAllocationRunRepository"/>, which also issues and rectifies).
/// </summary>
public sealed class AllocationPreviewService(
    ICostEntryRepository entries,
    IAllocationInputQueries queries,
    IAllocationKeyRepository keys,
    IPurchasingGroupRepository groups,
    ICoordinationFeeRepository fees,
    IAllocationRunRepository runs,
    TimeProvider clock)
{
    public const string NothingToAllocate = "Aucune dépense de ce groupement ne couvre cette période sans figurer déjà dans une répartition émise.";
    public const string LineError = "Facture {0} (« {1} », marché {2}) : {3}";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The coordination fee of the settings, or null when none is set.</summary>
    public static CoordinationFee? Fee(CoordinationFeeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings is { CoordinationFeeKind: 1 or 2, CoordinationFeeValue: { } value }
            ? new CoordinationFee((CoordinationFeeKind)settings.CoordinationFeeKind.Value, value, settings.CoordinationFeeVatRateBasisPoints ?? 0)
            : null;
    }

    /// <summary>
    /// Computes the run of the period with the stored keys, or with <paramref name="keyForAll"/> for every shared line (the
    /// comparison); a cost of one member stays that member's in both.
    /// </summary>
    public async Task<(ComputedRun? Run, IReadOnlyList<string> Errors)> ComputeAsync(long groupId, AllocationPeriod period, AllocationKey? keyForAll = null, CancellationToken cancellationToken = default)
    {
        if (period.To < period.From)
        {
            return (null, [AllocationPeriod.EndBeforeStart]);
        }

        var pending = await entries.UnissuedInPeriodAsync(groupId, period.From, period.To, cancellationToken);
        if (pending.Count == 0)
        {
            return (null, [NothingToAllocate]);
        }

        return await ComputeAsync(groupId, period, pending, Fee(await fees.GetAsync(cancellationToken)), keyForAll, cancellationToken);
    }

    /// <summary>
    /// Computes an issued run's period again for a rectifying run: the same cost entries (those of its lines), weighed by
    /// the keys stored now, with the fee the run was issued with.
    /// </summary>
    public async Task<(ComputedRun? Run, IReadOnlyList<string> Errors)> RecomputeAsync(long groupId, AllocationPeriod period, IReadOnlyList<long> costEntryIds, CoordinationFee? fee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(costEntryIds);
        var issued = new List<CostEntry>(costEntryIds.Count);
        foreach (var id in costEntryIds.Distinct())
        {
            if (await entries.GetAsync(id, cancellationToken) is { } entry)
            {
                issued.Add(entry);
            }
        }

        return issued.Count == 0 ? (null, [NothingToAllocate]) : await ComputeAsync(groupId, period, issued, fee, null, cancellationToken);
    }

    private async Task<(ComputedRun? Run, IReadOnlyList<string> Errors)> ComputeAsync(long groupId, AllocationPeriod period, IReadOnlyList<CostEntry> pending, CoordinationFee? fee, AllocationKey? keyForAll, CancellationToken cancellationToken)
    {
        var inputs = await AllocationInputs.LoadAsync(queries, keys, groups, groupId, period.From, period.To, cancellationToken);
        var contracts = (await entries.ContractsAsync(cancellationToken)).ToDictionary(c => c.Id);
        var lines = new List<CostLine>(pending.Count);
        var sources = new List<(CostEntry, CostContract, string)>(pending.Count);
        var errors = new List<string>();
        foreach (var entry in pending)
        {
            var contract = contracts[entry.ContractId];
            try
            {
                string keyText;
                AllocationWeights weights;
                if (keyForAll is not null && entry.MemberId is null)
                {
                    weights = inputs.WeightsUnder(keyForAll, entry, contract);
                    keyText = AllocationKeyText.Format(keyForAll);
                }
                else
                {
                    weights = inputs.WeightsFor(entry, contract, out keyText);
                }

                lines.Add(new CostLine(entry.Id, entry.Label, new Core.Money.Money(entry.AmountHtCents), entry.VatRateBasisPoints, weights));
                sources.Add((entry, contract, keyText));
            }
            catch (AllocationException e)
            {
                foreach (var message in e.Errors.Distinct())
                {
                    var text = string.Format(French, LineError, entry.InvoiceNumber, entry.Label, contract.Reference, message);
                    if (!errors.Contains(text))
                    {
                        errors.Add(text);
                    }
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new ComputedRun(AllocationRun.Compute(lines, fee), sources), []);
    }

    /// <summary>Computes the period's run and saves it as the period's preview (replacing the previous preview).</summary>
    public async Task<PreviewOutcome> PreviewAsync(long groupId, AllocationPeriod period, long? userId, CancellationToken cancellationToken = default)
    {
        var (computed, errors) = await ComputeAsync(groupId, period, null, cancellationToken);
        if (computed is null)
        {
            return new PreviewOutcome(null, errors);
        }

        var runId = await runs.SavePreviewAsync(groupId, period, computed.Run, computed.LineSources, clock.GetUtcNow().UtcDateTime, userId, cancellationToken);
        return new PreviewOutcome(runId, []);
    }

    /// <summary>The same costs of the period under two keys, each member's TTC (fee included) side by side.</summary>
    public async Task<ComparisonOutcome> CompareAsync(long groupId, AllocationPeriod period, AllocationKey first, AllocationKey second, CancellationToken cancellationToken = default)
    {
        var (a, errorsA) = await ComputeAsync(groupId, period, first, cancellationToken);
        var (b, errorsB) = await ComputeAsync(groupId, period, second, cancellationToken);
        if (a is null || b is null)
        {
            return new ComparisonOutcome(null, [.. errorsA, .. errorsB.Except(errorsA)]);
        }

        return new ComparisonOutcome(KeyComparison.Compare(a.Run, b.Run), []);
    }
}
