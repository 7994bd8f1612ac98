using System.Globalization;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>A key as typed: a percentage per basis (empty: not used), the year of the bases, a weight per participant for custom weights.</summary>
public sealed record KeyInput(IReadOnlyDictionary<AllocationBasis, string?> Percents, string? Year, IReadOnlyDictionary<long, string?> Weights);

/// <summary>
/// Saves a contract's key (the default of its costs) or a cost entry's own key (overriding the contract's). The key is
/// read from the form, checked by Core (<see cref="AllocationKey.Validate"/>, then a trial <see cref="AllocationWeights.Compute"/>
/// over the contract's participants, so that a missing base is named now rather than at the run), then stored as its
/// canonical text (<see cref="AllocationKeyText"/>) with its custom weights, audited.
/// </summary>
public sealed class AllocationKeyService(
    IDbConnectionFactory factory,
    IAllocationKeyRepository keys,
    ICostEntryRepository entries,
    IAllocationInputQueries queries,
    IPurchasingGroupRepository groups,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "AllocationKey";
    public const string PercentInvalid = "Saisissez un pourcentage entier entre 1 et 100, ou laissez vide.";
    public const string YearInvalid = "Saisissez une année entre 2000 et 2100.";
    public const string WeightInvalid = "Saisissez un poids positif ou nul (ex. 1 ou 2,5).";

    public static string PercentField(AllocationBasis basis) => "Percent" + basis.ToString();

    public static string WeightField(long memberId) => "Weight" + memberId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the typed key: French messages keyed to their field, or the key and its custom weights.</summary>
    public static (AllocationKey? Key, Dictionary<long, decimal> Weights, List<(string Field, string Message)> Errors) Read(KeyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<(string, string)>();
        var components = new List<KeyComponent>();
        foreach (var basis in Enum.GetValues<AllocationBasis>())
        {
            var text = input.Percents.GetValueOrDefault(basis);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!FrenchNumber.TryParseInteger(text.Trim().TrimEnd('%').Trim(), out var percent) || percent is < 1 or > 100)
            {
                errors.Add((PercentField(basis), PercentInvalid));
                continue;
            }

            components.Add(new KeyComponent(basis, (int)percent));
        }

        int? year = null;
        if (!string.IsNullOrWhiteSpace(input.Year))
        {
            if (!FrenchNumber.TryParseInteger(input.Year, out var y) || y is < 2000 or > 2100)
            {
                errors.Add(("Year", YearInvalid));
            }
            else
            {
                year = (int)y;
            }
        }

        var weights = new Dictionary<long, decimal>();
        if (components.Any(c => c.Basis == AllocationBasis.Custom))
        {
            foreach (var (memberId, text) in input.Weights)
            {
                if (!FrenchNumber.TryParseDecimal(text, out var weight) || weight < 0 || weight > 1_000_000_000_000m)
                {
                    errors.Add((WeightField(memberId), FrenchNumber.Message(text, WeightInvalid)));
                }
                else
                {
                    weights[memberId] = weight;
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, weights, errors);
        }

        var key = new AllocationKey(components, year);
        errors.AddRange(key.Validate().Select(m => (string.Empty, m)));
        return (errors.Count > 0 ? null : key, weights, errors);
    }

    /// <summary>Saves the contract's key (<paramref name="entry"/> null) or the entry's own key.</summary>
    public async Task<SaveResult> SaveAsync(CostContract contract, CostEntry? entry, KeyInput input, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var (key, weights, errors) = Read(input);
        if (key is null)
        {
            return SaveResult.Invalid(errors);
        }

        // The trial: Core names any participant missing a base the key needs, and refuses a component null for everyone.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var inputs = await AllocationInputs.LoadAsync(queries, keys, groups, contract.PurchasingGroupId, today.AddYears(-1), today, cancellationToken);
        try
        {
            AllocationWeights.Compute(key, inputs.Participants(contract.Id, weights, null));
        }
        catch (AllocationException e)
        {
            return SaveResult.Invalid([.. e.Errors.Select(m => (string.Empty, m))]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new AllocationKeyRecord
        {
            ContractId = entry is null ? contract.Id : null,
            Components = AllocationKeyText.Format(key),
            Year = key.Year,
            PopulationKind = key.Components.Select(c => c.Basis).FirstOrDefault(b => b is AllocationBasis.PopulationMunicipale or AllocationBasis.PopulationTotale) is var p && p != default ? (int)p : null,
            Version = version,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        var weightRows = weights.Select(w => new AllocationKeyWeightRow { MemberId = w.Key, Weight = w.Value.ToString(CultureInfo.InvariantCulture) }).ToList();

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var existingId = entry is null ? contract.AllocationKeyId : entry.AllocationKeyId;
        if (entry is not null && await entries.IsIssuedAsync(connection, tx, entry.Id))
        {
            return new SaveResult(SaveStatus.Conflict, entry.Id, [(string.Empty, CostEntryService.Frozen)]);
        }

        if (existingId is { } id)
        {
            record.Id = id;
            if (!await keys.UpdateAsync(connection, tx, record, weightRows))
            {
                return SaveResult.Conflicted;
            }

            await audit.WriteAsync(connection, tx, EntityType, id, "Updated", null, record);
        }
        else
        {
            id = await keys.InsertAsync(connection, tx, record, weightRows);
            if (entry is null)
            {
                await keys.SetContractKeyAsync(connection, tx, contract.Id, id);
            }
            else
            {
                await keys.SetEntryKeyAsync(connection, tx, entry.Id, id);
            }

            await audit.WriteAsync(connection, tx, EntityType, id, "Created", null, record);
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    /// <summary>The entry goes back to its contract's key.</summary>
    public async Task<SaveResult> ClearEntryKeyAsync(CostEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await entries.IsIssuedAsync(connection, tx, entry.Id))
        {
            return new SaveResult(SaveStatus.Conflict, entry.Id, [(string.Empty, CostEntryService.Frozen)]);
        }

        await keys.SetEntryKeyAsync(connection, tx, entry.Id, null);
        await audit.WriteAsync(connection, tx, CostEntryService.EntityType, entry.Id, "KeyCleared", null, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(entry.Id);
    }
}
