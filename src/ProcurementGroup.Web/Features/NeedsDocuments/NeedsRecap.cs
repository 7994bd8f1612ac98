using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

public sealed record RecapLine(string Code, string Label, string Unit, string Site, decimal Quantity, long UnitPriceCents, long ValueCents);

public sealed record RecapLot(string Title, IReadOnlyList<RecapLine> Lines, long TotalHtCents);

/// <summary>What the PDF recap prints; amounts are exact sums rounded once (per line for display, per lot, per form).</summary>
public sealed record RecapModel(
    CoordinatorSettings? Coordinator,
    NeedsFormContext Context,
    IReadOnlyList<RecapLot> Lots,
    long TotalHtCents,
    long TotalVatCents,
    long TotalTtcCents,
    DateTime GeneratedAtUtc);

/// <summary>Builds the recap of a submitted or validated form: its commitment to the groupement.</summary>
public sealed class NeedsRecap(ICatalogueRepository catalogue, INeedLinesStore store, INeedsDocumentsRepository documents, ICoordinatorRepository coordinator, TimeProvider clock)
{
    public async Task<RecapModel> BuildAsync(NeedsFormContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = context.Campaign.DurationMonths;
        var lots = await catalogue.LotsAsync(context.Campaign.Id, cancellationToken);
        var items = (await catalogue.ItemsAsync(context.Campaign.Id, cancellationToken)).ToDictionary(i => i.Id);
        var sites = (await documents.SitesAsync(context.Member.Id, cancellationToken)).ToDictionary(s => s.Id, s => s.Name);
        var lines = await store.ListAsync(context.Form.Id, cancellationToken);

        Int128 exactHt = 0, exactTtc = 0;
        var recapLots = new List<RecapLot>();
        foreach (var lot in lots)
        {
            Int128 lotHt = 0;
            var rows = new List<(int Order, RecapLine Line)>();
            foreach (var line in lines)
            {
                if (!items.TryGetValue(line.CatalogueItemId, out var item) || item.LotId != lot.Id)
                {
                    continue;
                }

                var exact = EstimatedValue.Exact(item, line.QuantityMilli, duration);
                lotHt += exact;
                exactTtc += EstimatedValue.WithVat(exact, item.VatRateBasisPoints);
                var site = line.SiteId is { } id ? sites.GetValueOrDefault(id, string.Empty) : string.Empty;
                rows.Add((item.SortOrder, new RecapLine(
                    item.Code,
                    item.Label,
                    NeedsSpreadsheet.UnitText(item),
                    site,
                    line.QuantityMilli / (decimal)EstimatedValue.QuantityScale,
                    item.UnitPriceCents,
                    EstimatedValue.ToMoney(exact).Cents)));
            }

            if (rows.Count > 0)
            {
                exactHt += lotHt;
                recapLots.Add(new RecapLot(
                    $"Lot {lot.LotNumber.ToString(Fr.Culture)} – {lot.Title}",
                    rows.OrderBy(r => r.Order).ThenBy(r => r.Line.Code, StringComparer.Ordinal).ThenBy(r => r.Line.Site, StringComparer.CurrentCulture).Select(r => r.Line).ToList(),
                    EstimatedValue.ToMoney(lotHt).Cents));
            }
        }

        var ht = EstimatedValue.ToMoney(exactHt).Cents;
        var ttc = EstimatedValue.ToMoneyWithVat(exactTtc).Cents;
        return new RecapModel(await coordinator.GetAsync(cancellationToken), context, recapLots, ht, ttc - ht, ttc, clock.GetUtcNow().UtcDateTime);
    }
}
