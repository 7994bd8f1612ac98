using System.Globalization;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Groups;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>A key as stored, read back into Core: its components and year, and its custom weights per member.</summary>
public sealed record StoredKey(long Id, AllocationKey Key, IReadOnlyDictionary<long, decimal> CustomWeights);

/// <summary>
/// Everything the keys of one groupement's contracts weigh members by, read once (one query per basis, see
/// <see cref="IAllocationInputQueries"/>), then turned into Core <see cref="Participant"/>s per contract and key. Only the
/// members taking part in a contract are its participants; a member whose adhesion to the groupement does not cover the
/// whole period carries its adhesions, so that Core applies the pro rata of its days.
/// </summary>
public sealed class AllocationInputs
{
    public const string NoKey = "Le marché « {0} » n'a pas de clé de répartition : définissez-la avant de répartir ses dépenses.";
    public const string KeyUnreadable = "La clé de répartition n° {0} est illisible.";

    private readonly Dictionary<long, List<ContractParticipantRow>> _participants;
    private readonly Dictionary<(long Contract, long Member), long> _contractQuantities;
    private readonly Dictionary<(long Contract, long Member), long> _orderQuantities;
    private readonly HashSet<long> _contractsWithOrders;
    private readonly Dictionary<long, List<MemberAllocationBase>> _bases;
    private readonly Dictionary<long, long> _sites;
    private readonly Dictionary<long, List<Adhesion>> _adhesions;
    private readonly Dictionary<long, StoredKey> _keys;
    private readonly Dictionary<(long Contract, long Key, DateOnly From, DateOnly To), AllocationWeights> _weights = [];

    private AllocationInputs(
        IReadOnlyList<ContractParticipantRow> participants,
        IReadOnlyList<MemberQuantityRow> contractQuantities,
        IReadOnlyList<MemberQuantityRow> orderQuantities,
        IReadOnlyList<MemberAllocationBase> bases,
        IReadOnlyList<MemberSiteCountRow> sites,
        IReadOnlyList<AdhesionRow> adhesions,
        IReadOnlyList<StoredKey> keys)
    {
        _participants = participants.GroupBy(p => p.ContractId).ToDictionary(g => g.Key, g => g.ToList());
        _contractQuantities = contractQuantities.ToDictionary(q => (q.ContractId, q.MemberId), q => q.QuantityMilli);
        _orderQuantities = orderQuantities.ToDictionary(q => (q.ContractId, q.MemberId), q => q.QuantityMilli);
        _contractsWithOrders = [.. orderQuantities.Select(q => q.ContractId)];
        _bases = bases.GroupBy(b => b.MemberId).ToDictionary(g => g.Key, g => g.ToList());
        _sites = sites.ToDictionary(s => s.MemberId, s => s.Sites);
        _adhesions = adhesions.GroupBy(a => a.MemberId).ToDictionary(g => g.Key, g => g.Select(a => a.ToAdhesion()).ToList());
        _keys = keys.ToDictionary(k => k.Id);
    }

    /// <summary>Reads the groupement's inputs: participants, quantities (contract and orders of the period), bases, sites, adhesions, keys.</summary>
    public static async Task<AllocationInputs> LoadAsync(
        IAllocationInputQueries queries,
        IAllocationKeyRepository keys,
        IPurchasingGroupRepository groups,
        long groupId,
        DateOnly from,
        DateOnly to,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(groups);
        var participants = await queries.ParticipantsAsync(groupId, cancellationToken);
        var contractQuantities = await queries.ContractQuantitiesAsync(groupId, cancellationToken);
        var orderQuantities = await queries.OrderQuantitiesAsync(groupId, from, to, cancellationToken);
        var bases = await queries.BasesAsync(groupId, cancellationToken);
        var sites = await queries.ActiveSitesAsync(groupId, cancellationToken);
        var adhesions = await groups.AdhesionsOfGroupAsync(groupId, cancellationToken);
        var (keyRows, weightRows) = await keys.OfGroupAsync(groupId, cancellationToken);
        return new AllocationInputs(participants, contractQuantities, orderQuantities, bases, sites, adhesions, [.. keyRows.Select(k => ToStoredKey(k, weightRows))]);
    }

    /// <summary>A stored key in Core terms (an unreadable one has no component, which Core refuses in French).</summary>
    public static StoredKey ToStoredKey(AllocationKeyRecord record, IEnumerable<AllocationKeyWeightRow> weights)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(weights);
        AllocationKeyText.TryParse(record.Components, record.Year, out var key);
        var custom = weights.Where(w => w.AllocationKeyId == record.Id)
            .ToDictionary(w => w.MemberId, w => decimal.Parse(w.Weight, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        return new StoredKey(record.Id, key, custom);
    }

    public StoredKey? Key(long? keyId) => keyId is { } id && _keys.TryGetValue(id, out var key) ? key : null;

    /// <summary>The members taking part in the contract, by member id.</summary>
    public IReadOnlyList<ContractParticipantRow> ParticipantsOf(long contractId) =>
        _participants.TryGetValue(contractId, out var list) ? list : [];

    /// <summary>
    /// The contract's participants as Core weighs them: quantity = the member's orders dated in the run's period when the
    /// contract has orders in it, else its quantities in the contract (0 when it has none); bases of every year (Core
    /// takes the key's); active sites (0 when none); custom weight when the key has one for it; adhesions only when they do
    /// not cover the whole <paramref name="period"/> (pro rata of days).
    /// </summary>
    public IReadOnlyList<Participant> Participants(long contractId, IReadOnlyDictionary<long, decimal>? customWeights, AllocationPeriod? period)
    {
        var byOrders = _contractsWithOrders.Contains(contractId);
        return [.. ParticipantsOf(contractId).Select(p =>
        {
            var adhesions = _adhesions.TryGetValue(p.MemberId, out var a) ? a : [];
            var throughout = period is not { } within || ProRata.DaysOfAdhesion(within, adhesions) == within.Days;
            return new Participant(p.MemberId, p.Name)
            {
                QuantityMilli = (byOrders ? _orderQuantities : _contractQuantities).GetValueOrDefault((contractId, p.MemberId)),
                Bases = _bases.TryGetValue(p.MemberId, out var b) ? b : [],
                ActiveSites = _sites.GetValueOrDefault(p.MemberId),
                CustomWeight = customWeights is not null && customWeights.TryGetValue(p.MemberId, out var w) ? w : null,
                Adhesions = throughout ? null : adhesions,
            };
        })];
    }

    /// <summary>
    /// The weights of an entry's cost line: 100 % to its member when it is one member's own, else its key (its own, or the
    /// contract's) over the contract's participants, pro rata of adhesion over the period the invoice covers. Weights are
    /// computed once per contract, key and period and shared by the lines that use them. Throws <see cref="AllocationException"/>
    /// with French messages.
    /// </summary>
    public AllocationWeights WeightsFor(CostEntry entry, CostContract contract, out string keyText)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(contract);
        if (entry.MemberId is { } memberId)
        {
            var name = ParticipantsOf(contract.Id).FirstOrDefault(p => p.MemberId == memberId)?.Name
                ?? throw new AllocationException(string.Format(CultureInfo.GetCultureInfo("fr-FR"), CostEntryService.MemberNotParticipant, contract.Reference));
            keyText = AllocationKeyText.ForMember(memberId);
            return AllocationWeights.Single(memberId, name);
        }

        var stored = Key(entry.AllocationKeyId ?? contract.AllocationKeyId)
            ?? throw new AllocationException(string.Format(CultureInfo.GetCultureInfo("fr-FR"), NoKey, contract.Reference));
        keyText = AllocationKeyText.ForRunLine(stored.Key);
        var cacheKey = (contract.Id, stored.Id, entry.PeriodFrom, entry.PeriodTo);
        if (!_weights.TryGetValue(cacheKey, out var weights))
        {
            var period = new AllocationPeriod(entry.PeriodFrom, entry.PeriodTo);
            weights = AllocationWeights.Compute(stored.Key, Participants(contract.Id, stored.CustomWeights, period), period);
            _weights.Add(cacheKey, weights);
        }

        return weights;
    }

    /// <summary>The weights of <paramref name="key"/> (not stored: the comparison page's) for an entry of the contract.</summary>
    public AllocationWeights WeightsUnder(AllocationKey key, CostEntry entry, CostContract contract)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(contract);
        if (entry.MemberId is not null)
        {
            return WeightsFor(entry, contract, out _);
        }

        var period = new AllocationPeriod(entry.PeriodFrom, entry.PeriodTo);
        return AllocationWeights.Compute(key, Participants(contract.Id, null, period), period);
    }
}
