using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>A contract left out of the exports, with its messages per format and the pages that fix them.</summary>
public sealed record OpenDataLeftOut(long ContractId, string Reference, string Title, long SupplierId, long? TenderId, IReadOnlyList<(string Format, string Message)> Errors);

/// <summary>A contract that should have been published (notified more than two months ago) and is not yet.</summary>
public sealed record OpenDataOverdue(long ContractId, string Reference, DateOnly NotifiedOn, DateOnly DueBy);

public sealed class OpenDataChecksViewModel
{
    public bool CoordinatorSiretMissing { get; init; }

    public IReadOnlyList<OpenDataLeftOut> LeftOut { get; init; } = [];

    public IReadOnlyList<OpenDataOverdue> Overdue { get; init; } = [];
}

/// <summary>
/// What the administrators must fix for the open data: the coordinator's SIRET, the contracts left out (errors in any
/// format) and the contracts notified more than two months ago that the DECP export has not published yet (R2196-1).
/// The checks page and the administrators' home page read it.
/// </summary>
public sealed class OpenDataChecksQuery(OpenDataCheck check, IDecpSourceRepository source, TimeProvider clock)
{
    public async Task<OpenDataChecksViewModel> LoadAsync(CancellationToken ct = default)
    {
        await check.CheckStaleAsync(ct);
        var failed = await check.FailedChecksAsync(ct);
        var data = await source.ReadAllAsync(ct);
        var today = ParisTime.Day(clock.GetUtcNow().UtcDateTime);
        var published = data.Publications.Where(p => p.AmendmentId is null).Select(p => p.ContractId).ToHashSet();
        var amendments = data.Amendments.ToLookup(a => a.ContractId);
        bool Due(DecpContractRow c, DateOnly day) =>
            DecpPublication.IsRequired(new Core.Money.Money(c.AmountCents), amendments[c.Id].Where(a => a.NewAmountCents is not null).Select(a => new Core.Money.Money(a.NewAmountCents!.Value)), data.DecpThresholds, day);

        // Left out: the contracts the DECP export would publish (already published, or at or above the threshold on their
        // notification day, their signature day while not notified) and does not because of their errors.
        var wanted = data.Contracts.Where(c => published.Contains(c.Id) || Due(c, c.NotifiedOn ?? c.SignedOn)).Select(c => c.Id).ToHashSet();
        var leftOut = failed.Where(f => wanted.Contains(f.ContractId)).GroupBy(f => f.ContractId)
            .Select(g => new OpenDataLeftOut(
                g.Key, g.First().Reference, g.First().Title, g.First().SupplierId, g.First().TenderId,
                g.SelectMany(f => OpenDataCheck.Messages(f).Select(m => (f.Format, m))).ToList()))
            .OrderBy(l => l.Reference, StringComparer.Ordinal)
            .ToList();
        var overdue = data.Contracts
            .Where(c => c.NotifiedOn is { } n && !published.Contains(c.Id) && DecpPublication.IsOverdue(n, today) && Due(c, n))
            .Select(c => new OpenDataOverdue(c.Id, c.Reference, c.NotifiedOn!.Value, DecpPublication.DueBy(c.NotifiedOn.Value)))
            .OrderBy(o => o.NotifiedOn)
            .ToList();
        return new OpenDataChecksViewModel
        {
            CoordinatorSiretMissing = !Siret.IsValid(data.CoordinatorSiret),
            LeftOut = leftOut,
            Overdue = overdue,
        };
    }
}
