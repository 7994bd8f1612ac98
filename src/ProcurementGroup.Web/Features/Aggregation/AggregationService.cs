using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>From the aggregation queries to the page's view model: the SQL groups, Core combines, this orders and names.</summary>
public sealed class AggregationService(ICampaignRepository campaigns, ICatalogueRepository catalogue, IAggregationQueries queries)
{
    public async Task<AggregationViewModel?> BuildAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        if (await campaigns.GetCampaignAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return null;
        }

        var lots = await catalogue.LotsAsync(campaignId, cancellationToken);
        var items = await catalogue.ItemsAsync(campaignId, cancellationToken);
        var rows = await queries.LoadAsync(campaign, cancellationToken);
        var result = Core.Needs.Aggregation.Combine(campaign.DurationMonths, lots, items, rows.Items, rows.Lots, rows.Members, rows.FormCounts);

        var members = result.Members
            .Select(m => new MemberLine(m.MemberId, rows.MemberNames.GetValueOrDefault(m.MemberId, $"#{m.MemberId}"), m.Status, m.Ht, m.Ttc))
            .OrderBy(m => m.Name, StringComparer.Create(Infrastructure.Localization.Fr.Culture, ignoreCase: true))
            .ThenBy(m => m.MemberId)
            .ToList();
        var counted = members.Where(m => Core.Needs.Aggregation.Counts(m.Status)).ToList();

        return new AggregationViewModel
        {
            Campaign = campaign,
            Result = result,
            CountedMembers = counted,
            PendingMembers = members.Where(m => !Core.Needs.Aggregation.Counts(m.Status)).ToList(),
            NotSubmitted = rows.NotSubmitted,
            NotTakingPart = rows.NotTakingPart,
            LotChart = new BarChart
            {
                Id = "chart-lots",
                Title = "Valeur estimée HT par lot",
                Description = "Formulaires soumis et validés ; les montants figurent aussi dans le tableau par lot.",
                Bars = result.Lots.Select(l => new Bar($"Lot {l.Lot.LotNumber} – {l.Lot.Title}", l.Counted.Ht.Cents)).ToList(),
            },
            MemberChart = new BarChart
            {
                Id = "chart-members",
                Title = counted.Count > AggregationViewModel.MemberChartBars
                    ? $"Valeur estimée HT par membre ({AggregationViewModel.MemberChartBars} plus importants sur {counted.Count})"
                    : "Valeur estimée HT par membre",
                Description = "Formulaires soumis et validés ; les montants de tous les membres figurent dans le tableau par membre.",
                Bars = counted.OrderByDescending(m => m.Ht.Cents).ThenBy(m => m.Name, StringComparer.Ordinal)
                    .Take(AggregationViewModel.MemberChartBars)
                    .Select(m => new Bar(m.Name, m.Ht.Cents)).ToList(),
            },
        };
    }
}
