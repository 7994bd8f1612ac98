using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// The download: the template templates/needs-form.xlsx filled with the catalogue, the member's current lines and sites,
/// and the form's id and Version (which the upload checks). Every text written into the template goes through
/// <see cref="SpreadsheetText.Neutralise"/>: the template engine turns a value starting with <c>$=</c> into a live formula.
/// </summary>
public sealed class NeedsSpreadsheetExport(ICatalogueRepository catalogue, INeedLinesStore store, INeedsDocumentsRepository documents)
{
    public async Task<byte[]> DownloadAsync(NeedsFormContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lots = (await catalogue.LotsAsync(context.Campaign.Id, cancellationToken)).ToDictionary(l => l.Id);
        var items = await catalogue.ItemsAsync(context.Campaign.Id, cancellationToken);
        var sites = await documents.SitesAsync(context.Member.Id, cancellationToken);
        var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
        var lines = (await store.ListAsync(context.Form.Id, cancellationToken)).ToLookup(l => l.CatalogueItemId);

        var rows = new List<Dictionary<string, object?>>(items.Count);
        foreach (var item in items)
        {
            var lot = lots.TryGetValue(item.LotId, out var l) ? $"{l.LotNumber} – {l.Title}" : string.Empty;
            var itemLines = lines[item.Id]
                .Select(line => (Line: (NeedLine?)line, Site: line.SiteId is { } id ? siteNames.GetValueOrDefault(id, string.Empty) : string.Empty))
                .OrderBy(x => x.Site.Length == 0 ? 0 : 1).ThenBy(x => x.Site, StringComparer.CurrentCulture)
                .ToList();
            if (itemLines.Count == 0)
            {
                itemLines.Add((null, string.Empty));
            }

            foreach (var (line, site) in itemLines)
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["Lot"] = SpreadsheetText.Neutralise(lot),
                    ["Code"] = SpreadsheetText.Neutralise(item.Code),
                    ["Article"] = SpreadsheetText.Neutralise(item.Label),
                    ["Unit"] = SpreadsheetText.Neutralise(NeedsSpreadsheet.UnitText(item)),
                    ["Price"] = item.UnitPriceCents / 100m,
                    ["Site"] = SpreadsheetText.Neutralise(site),
                    ["Quantity"] = line is null ? null : line.QuantityMilli / (decimal)EstimatedValue.QuantityScale,
                    ["Comment"] = SpreadsheetText.NeutraliseOptional(line?.Comment),
                });
            }
        }

        var values = new Dictionary<string, object?>
        {
            ["Member"] = SpreadsheetText.Neutralise(context.Member.Name),
            ["Campaign"] = SpreadsheetText.Neutralise(context.Campaign.Title),
            ["Group"] = SpreadsheetText.Neutralise(context.Group?.Name ?? string.Empty),
            ["Deadline"] = Fr.Instant(context.DeadlineUtc) + " (heure de Paris)",
            ["FormId"] = context.Form.Id,
            ["Version"] = context.Form.Version,
            ["Lines"] = rows,
            ["Sites"] = sites.Where(s => !s.IsArchived).Select(s => new Dictionary<string, object?>
            {
                ["Name"] = SpreadsheetText.Neutralise(s.Name),
                ["Address"] = SpreadsheetText.NeutraliseOptional(s.Address),
            }).ToList(),
        };

        return await SpreadsheetTemplate.FillAsync(NeedsSpreadsheet.TemplateFile, values, cancellationToken);
    }
}
