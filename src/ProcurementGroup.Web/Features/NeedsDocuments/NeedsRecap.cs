using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// Builds the model of the recap of a submitted or validated form (its commitment to the groupement) for
/// <see cref="NeedsRecapDocument"/>: amounts are exact sums rounded once (per line for display, per lot, per form).
/// </summary>
public sealed class NeedsRecap(ICatalogueRepository catalogue, INeedLinesStore store, INeedsDocumentsRepository documents, ICoordinatorRepository coordinator, TimeProvider clock)
{
    public async Task<NeedsRecapModel> BuildAsync(NeedsFormContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var campaign = context.Campaign;
        var duration = campaign.DurationMonths;
        var lots = await catalogue.LotsAsync(campaign.Id, cancellationToken);
        var items = (await catalogue.ItemsAsync(campaign.Id, cancellationToken)).ToDictionary(i => i.Id);
        var sites = (await documents.SitesAsync(context.Member.Id, cancellationToken)).ToDictionary(s => s.Id, s => s.Name);
        var lines = await store.ListAsync(context.Form.Id, cancellationToken);

        Int128 exactHt = 0, exactTtc = 0;
        var recapLots = new List<NeedsRecapLot>();
        foreach (var lot in lots)
        {
            Int128 lotHt = 0;
            var rows = new List<(int Order, NeedsRecapLine Line)>();
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
                rows.Add((item.SortOrder, new NeedsRecapLine(
                    item.Code,
                    item.Label,
                    NeedsSpreadsheet.UnitText(item),
                    site,
                    line.QuantityMilli,
                    item.UnitPriceCents,
                    EstimatedValue.ToMoney(exact).Cents)));
            }

            if (rows.Count > 0)
            {
                exactHt += lotHt;
                recapLots.Add(new NeedsRecapLot(
                    $"Lot {lot.LotNumber.ToString(Fr.Culture)} – {lot.Title}",
                    rows.OrderBy(r => r.Order).ThenBy(r => r.Line.Code, StringComparer.Ordinal).ThenBy(r => r.Line.Site, StringComparer.CurrentCulture).Select(r => r.Line).ToList(),
                    EstimatedValue.ToMoney(lotHt).Cents));
            }
        }

        var ht = EstimatedValue.ToMoney(exactHt).Cents;
        var ttc = EstimatedValue.ToMoneyWithVat(exactTtc).Cents;
        var member = context.Member;
        return new NeedsRecapModel
        {
            Coordinator = await coordinator.GetAsync(cancellationToken) is { } settings ? Party(settings) : null,
            Member = new DocumentParty(
                member.Name,
                [.. Identifier("SIREN", member.Siren), .. DocumentParty.Address(member.AddressLine1, member.AddressLine2, member.PostalCode, member.City)]),
            CampaignTitle = campaign.Title,
            GroupName = context.Group?.Name,
            DurationMonths = duration,
            PlannedLaunchDate = campaign.PlannedLaunchDate,
            OpensAtUtc = campaign.OpensAtUtc,
            DeadlineUtc = context.DeadlineUtc,
            FormId = context.Form.Id,
            Status = context.Form.Status,
            SubmittedAtUtc = context.Form.SubmittedAtUtc,
            ValidatedAtUtc = context.Form.ValidatedAtUtc,
            Lots = recapLots,
            TotalHtCents = ht,
            TotalVatCents = ttc - ht,
            TotalTtcCents = ttc,
            GeneratedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
    }

    private static DocumentParty Party(CoordinatorSettings settings) => new(
        settings.Name,
        [.. Identifier("SIRET", settings.Siret), .. DocumentParty.Address(settings.AddressLine1, settings.AddressLine2, settings.PostalCode, settings.City)],
        settings.Logo);

    private static IEnumerable<string> Identifier(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [label + " " + value];
}
