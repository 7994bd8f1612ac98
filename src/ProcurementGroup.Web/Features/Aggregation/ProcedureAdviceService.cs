using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Documents.Needs;
using ProcurementGroup.Web.Features.Thresholds;
using ProcurementGroup.Web.Infrastructure.Auditing;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>
/// The procedure advice: the campaign's total estimated value HT over the whole duration, all lots and members summed
/// (R2121-1), against the thresholds in force on the planned launch date; for a formalised procedure, the small lots the
/// officer runs as MAPA (R2123-1 2°). Stored with the threshold rows it used.
/// </summary>
public sealed class ProcedureAdviceService(
    IDbConnectionFactory factory,
    AggregationService aggregation,
    IThresholdRepository thresholds,
    IProcedureAdviceRepository advices,
    ICampaignRepository campaigns,
    IPurchasingGroupRepository groups,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "ProcedureAdvice";
    public const string NotFormalisedMessage = "La dérogation des petits lots (R2123-1 2°) ne concerne qu'une procédure formalisée : ne cochez aucun lot.";

    public async Task<AdviceViewModel?> BuildAsync(long campaignId, IReadOnlyCollection<long>? selectedLotIds, CancellationToken cancellationToken = default)
    {
        if (await aggregation.BuildAsync(campaignId, cancellationToken) is not { } page)
        {
            return null;
        }

        var campaign = page.Campaign;
        var form = campaign.ContractForm;
        var maxima = page.Result.Lots.Select(l => l.Lot.MaximumCents).ToList();
        var estimate = page.Result.Counted.Ht;
        var estimateWithPending = page.Result.WithPending.Ht;
        var total = ContractRules.ValueCompared(form, estimate, maxima);
        var withPending = ContractRules.ValueCompared(form, estimateWithPending, maxima);
        var counts = new AdviceFormCounts(page.Result.Forms.Counted, page.Result.Forms.Pending, page.NotSubmitted.Count(m => m.Status is null));
        var history = await advices.ListAsync(campaignId, cancellationToken);
        var model = new AdviceViewModel
        {
            Campaign = campaign,
            EstimateHt = estimate,
            LotMaximaHt = ContractRules.IsFramework(form) ? new Core.Money.Money(maxima.Sum(m => m ?? 0)) : null,
            TotalHt = total,
            TotalWithPendingHt = withPending,
            Forms = counts,
            History = history,
        };

        var missingMaxima = ContractRules.MissingMaxima(form, page.Result.Lots.Select(l => (l.Lot.LotNumber, l.Lot.MaximumCents)));
        if (missingMaxima.Count > 0)
        {
            return model with { Error = string.Join(" ", missingMaxima), ErrorIsThresholds = false };
        }

        var table = (await thresholds.InForceAsync(campaign.PlannedLaunchDate, cancellationToken)).Select(r => r.ToThreshold()).ToList();
        ProcedureAdvice advice;
        ProcedureAdvice adviceWithPending;
        try
        {
            advice = ProcedureAdvisor.Advise(total, campaign.PlannedLaunchDate, table, campaign.Nature);
            adviceWithPending = ProcedureAdvisor.Advise(withPending, campaign.PlannedLaunchDate, table, campaign.Nature);
        }
        catch (ThresholdUnknownException ex)
        {
            // No threshold row in force on the launch date: the value is unknown, never guessed from an older row.
            return model with { Error = ex.Message };
        }

        var selected = selectedLotIds ?? [];
        var lotValues = page.Result.Lots.Select(l => new LotValue(l.Lot.LotNumber, l.Lot.Title, ContractRules.ValueCompared(form, l.Counted.Ht, [l.Lot.MaximumCents]))).ToList();
        var selectedNumbers = page.Result.Lots.Where(l => selected.Contains(l.Lot.Id)).Select(l => l.Lot.LotNumber).ToList();
        var check = advice.Procedure == RequiredProcedure.Formalised ? ProcedureAdvisor.CheckSmallLots(total, lotValues, selectedNumbers) : null;

        return model with
        {
            Advice = advice,
            AdviceWithPending = ProcedureAdvisor.PendingChangesProcedure(advice, adviceWithPending) ? adviceWithPending : null,
            Lots = page.Result.Lots
                .Zip(lotValues, (l, v) => new AdviceLot(l.Lot.Id, l.Lot.LotNumber, l.Lot.Title, v.Value, v.Value < ProcedureAdvisor.SmallLotCeiling, selected.Contains(l.Lot.Id)))
                .ToList(),
            SmallLots = check,
        };
    }

    /// <summary>
    /// A stored advice as the model of the dated document of the procurement file (<see cref="AdviceDocument"/>), taken
    /// from what was stored, never recomputed; null when the campaign or the advice is unknown.
    /// </summary>
    public async Task<AdviceModel?> DocumentAsync(long campaignId, long adviceId, CancellationToken cancellationToken = default)
    {
        if (await campaigns.GetCampaignAsync(campaignId, cancellationToken) is not { } campaign
            || await advices.GetAsync(campaignId, adviceId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var group = await groups.GetAsync(campaign.PurchasingGroupId, cancellationToken);
        var cited = await advices.ThresholdsAsync(adviceId, cancellationToken);
        return new AdviceModel
        {
            CampaignId = campaign.Id,
            CampaignTitle = campaign.Title,
            GroupName = group?.Name,
            Nature = ContractRules.Label(stored.Nature),
            ContractForm = ContractRules.Label(stored.ContractForm),
            LaunchDate = stored.LaunchDate,
            EstimateCents = stored.EstimateCents,
            LotMaximaCents = stored.LotMaximaCents,
            EstimatedValueCents = stored.EstimatedValueCents,
            Forms = stored.CountedForms is { } counted ? new AdviceForms(counted, stored.PendingForms ?? 0, stored.MissingForms ?? 0) : null,
            PendingChangesProcedure = stored.PendingChangesProcedure,
            Procedure = AdviceViewModel.ProcedureLabel(stored.RequiredProcedure),
            Article = stored.Article,
            Explanation = stored.Explanation,
            Obligations = (stored.Obligations ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Thresholds = cited.Select(t => new AdviceThreshold(ThresholdLabels.Kind(t.Kind), t.AmountCents, t.ValidFrom, t.ValidUntil, t.Article)).ToList(),
            SmallLots = stored.SmallLots.Select(l => new AdviceSmallLot(l.LotNumber, l.Title, l.ValueCents)).ToList(),
            SmallLotsTotalCents = stored.SmallLotsTotalCents,
            ComputedAtUtc = stored.ComputedAtUtc,
            Officer = stored.ComputedByName ?? stored.ComputedByEmail ?? "utilisateur inconnu",
        };
    }

    /// <summary>
    /// Recomputes the advice from the database (nothing posted is trusted but the ticked lots) and stores it, or returns
    /// the page with the French reasons it was refused and nothing stored.
    /// </summary>
    public async Task<(AdviceViewModel? Model, IReadOnlyList<string> Errors, long AdviceId)> SaveAsync(long campaignId, IReadOnlyCollection<long> selectedLotIds, long? userId, CancellationToken cancellationToken = default)
    {
        var model = await BuildAsync(campaignId, selectedLotIds, cancellationToken);
        if (model is null)
        {
            return (null, [], 0);
        }

        if (model.Error is { } error)
        {
            return (model, [error], 0);
        }

        var advice = model.Advice!;
        var chosen = model.Lots.Where(l => l.Selected).ToList();
        if (advice.Procedure != RequiredProcedure.Formalised && chosen.Count > 0)
        {
            return (model, [NotFormalisedMessage], 0);
        }

        if (model.SmallLots is { IsAllowed: false } check)
        {
            return (model, check.Errors, 0);
        }

        var stored = new StoredAdvice
        {
            CampaignId = campaignId,
            ComputedAtUtc = clock.GetUtcNow().UtcDateTime,
            ComputedByUserId = userId,
            LaunchDate = advice.LaunchDate,
            EstimatedValueCents = advice.EstimatedValue.Cents,
            RequiredProcedure = advice.Procedure,
            Article = advice.Article,
            Explanation = advice.Explanation,
            NoProcedureThresholdId = advice.NoProcedureThreshold.Id,
            EuThresholdId = advice.EuThreshold.Id,
            SmallLotsTotalCents = chosen.Sum(l => l.Value.Cents),
            Nature = model.Campaign.Nature,
            ContractForm = model.Campaign.ContractForm,
            EstimateCents = model.EstimateHt.Cents,
            LotMaximaCents = model.LotMaximaHt?.Cents,
            CountedForms = model.Forms.Counted,
            PendingForms = model.Forms.Pending,
            MissingForms = model.Forms.Missing,
            PendingChangesProcedure = model.AdviceWithPending is not null,
            Obligations = string.Join("\n", advice.Obligations.Select(o => $"{o.Text} ({o.Article})")),
            ThresholdIds = advice.Obligations.Where(o => o.Threshold is not null).Select(o => o.Threshold!.Id).ToList(),
            SmallLots = chosen.Select(l => new StoredSmallLot { LotId = l.LotId, LotNumber = l.LotNumber, Title = l.Title, ValueCents = l.Value.Cents }).ToList(),
        };

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var id = await advices.InsertAsync(connection, tx, stored);
        await audit.WriteAsync(connection, tx, EntityType, id, "Created", null, stored);
        await tx.CommitAsync(cancellationToken);
        return (model, [], id);
    }
}
