using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// Checks one contract against one export format (DECP, OCDS): the French messages of what makes its export invalid (a
/// missing SIRET, CPV code or required field, then whatever the official schema still refuses); empty when valid.
/// Several are registered, one per format.
/// </summary>
public interface IOpenDataContractValidator
{
    /// <summary>The format's code, stored in OpenDataChecks.Format: <see cref="OpenDataFormats.Decp"/> or <see cref="OpenDataFormats.Ocds"/>.</summary>
    string Format { get; }

    Task<IReadOnlyList<string>> ValidateAsync(long contractId, CancellationToken ct);
}

public static class OpenDataFormats
{
    public const string Decp = "decp";
    public const string Ocds = "ocds";
}

/// <summary>
/// The stored checks of contracts: each registered validator runs and its result is stored (one row per contract and
/// format). A contract with errors in ANY format is left out of BOTH exports and listed on /opendata/checks. Called when a
/// contract is recorded, signed or amended and when what its export depends on changes (a supplier, the coordinator's
/// settings: <see cref="CheckAllAsync"/>); the exports also recheck, before reading, every contract whose stored check is
/// missing or older than such a change (<see cref="CheckStaleAsync"/>), so that an export never relies on an outdated check.
/// </summary>
public sealed class OpenDataCheck(IEnumerable<IOpenDataContractValidator> validators, IOpenDataRepository repository, TimeProvider clock)
{
    private readonly IReadOnlyList<IOpenDataContractValidator> _validators = validators.ToList();

    /// <summary>Runs every validator on the contract and stores one row per format; returns every message, format by format.</summary>
    public async Task<IReadOnlyList<string>> CheckContractAsync(long contractId, CancellationToken ct = default)
    {
        var all = new List<string>();
        foreach (var validator in _validators)
        {
            var errors = await validator.ValidateAsync(contractId, ct);
            await repository.SaveCheckAsync(contractId, validator.Format, clock.GetUtcNow().UtcDateTime, errors.Count == 0 ? null : string.Join('\n', errors), ct);
            all.AddRange(errors);
        }

        return all;
    }

    /// <summary>Checks every contract again (the coordinator's SIRET, which every export carries, changed).</summary>
    public async Task CheckAllAsync(CancellationToken ct = default)
    {
        foreach (var contractId in await repository.ContractIdsAsync(ct))
        {
            await CheckContractAsync(contractId, ct);
        }
    }

    /// <summary>Checks the contracts whose stored check in some format is missing or older than a change they depend on.</summary>
    public async Task CheckStaleAsync(CancellationToken ct = default)
    {
        var stale = new SortedSet<long>();
        foreach (var validator in _validators)
        {
            stale.UnionWith(await repository.StaleContractIdsAsync(validator.Format, ct));
        }

        foreach (var contractId in stale)
        {
            await CheckContractAsync(contractId, ct);
        }
    }

    /// <summary>
    /// The contracts the exports may publish: checked in every registered format without an error. A contract not
    /// checked yet in some format is not publishable (call <see cref="CheckStaleAsync"/> first).
    /// </summary>
    public async Task<IReadOnlySet<long>> PublishableContractIdsAsync(CancellationToken ct = default)
    {
        var formats = _validators.Select(v => v.Format).ToHashSet(StringComparer.Ordinal);
        var byContract = (await repository.ChecksAsync(ct)).Where(c => formats.Contains(c.Format)).GroupBy(c => c.ContractId);
        return byContract.Where(g => g.Count() == formats.Count && g.All(c => c.Errors is null)).Select(g => g.Key).ToHashSet();
    }

    /// <summary>The stored checks with errors, by contract reference then format (the checks page).</summary>
    public async Task<IReadOnlyList<OpenDataCheckRow>> FailedChecksAsync(CancellationToken ct = default) =>
        (await repository.ChecksAsync(ct)).Where(c => c.Errors is not null).ToList();

    /// <summary>The stored messages of a check, one per line.</summary>
    public static IReadOnlyList<string> Messages(OpenDataCheckRow check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return string.IsNullOrEmpty(check.Errors) ? [] : check.Errors.Split('\n');
    }
}
