using System.Globalization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// The tender workflow: creation from a closed campaign, criteria of a draft, and the state changes. Each action reads the
/// tender, asks the Core rules, writes through the repository and the audit trail in one transaction, and answers French
/// refusals keyed by field (nothing is written then).
/// </summary>
public sealed class TenderService(
    IDbConnectionFactory factory,
    ITenderRepository tenders,
    IOfferPeriodRuleRepository periods,
    ICampaignRepository campaigns,
    ICatalogueRepository catalogue,
    IProcedureAdviceRepository advices,
    IOfferRepository offers,
    IAuditTrail audit,
    TimeProvider clock,
    IConfiguration configuration)
{
    /// <summary>The abnormally-low threshold (percent below the mean of the other offers) given to new tenders; 20 when absent or invalid.</summary>
    public const string AbnormallyLowPercentKey = "Tenders:AbnormallyLowPercent";

    public const string EntityType = "Tender";
    public const string Created = "Created";
    public const string CriteriaUpdated = "CriteriaUpdated";
    public const string Published = "Published";
    public const string Closed = "Closed";
    public const string Evaluated = "Evaluated";
    public const string Unsuccessful = "Unsuccessful";
    public const string Abandoned = "Abandoned";
    public const string CommissionDecided = "CommissionDecided";

    /// <summary>The closed campaign's lots and stored advice for the creation page; null when the campaign does not exist.</summary>
    public async Task<CreateTenderContext?> CreateContextAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        if (await campaigns.GetCampaignAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return null;
        }

        // The latest stored advice decides (ListAsync answers the newest first).
        var advice = (await advices.ListAsync(campaignId, cancellationToken)).FirstOrDefault();
        var smallLots = advice?.SmallLots.Select(l => l.LotId).ToHashSet() ?? [];
        var lots = await catalogue.LotsAsync(campaignId, cancellationToken);
        return new CreateTenderContext
        {
            Campaign = campaign,
            Lots = lots.OrderBy(l => l.LotNumber)
                .Select(l => new CreateLotInfo(l.Id, l.LotNumber, l.Title, l.MaximumCents, smallLots.Contains(l.Id)))
                .ToList(),
            Advised = advice?.RequiredProcedure ?? RequiredProcedure.Formalised,
            HasAdvice = advice is not null,
        };
    }

    /// <summary>A blank creation form: each lot's procedure defaults to the stored advice's (MAPA for a small lot).</summary>
    public static CreateTenderForm BlankForm(CreateTenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CreateTenderForm
        {
            DurationMonths = context.Campaign.DurationMonths.ToString(CultureInfo.InvariantCulture),
            LieuExecutionCode = "80",
            Lots = context.Lots.Select(l => new TenderLotInput
            {
                CampaignLotId = l.CampaignLotId,
                Procedure = TenderForms.Value(ProcedureChoice.Default(context.Advised, l.SmallLotException)),
            }).ToList(),
            Context = context,
        };
    }

    private int AbnormallyLowPercent()
    {
        var percent = configuration.GetValue(AbnormallyLowPercentKey, AbnormallyLowRule.DefaultPercent);
        return AbnormallyLowRule.IsValidPercent(percent) ? percent : AbnormallyLowRule.DefaultPercent;
    }

    public async Task<SaveResult> CreateAsync(long campaignId, CreateTenderForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await CreateContextAsync(campaignId, cancellationToken) is not { } context)
        {
            return SaveResult.Missing;
        }

        form.Context = context;
        if (context.Campaign.Status != CampaignStatus.Closed)
        {
            return SaveResult.Invalid(string.Empty, TenderForms.CampaignNotClosedMessage);
        }

        if (context.Lots.Count == 0)
        {
            return SaveResult.Invalid(string.Empty, TenderForms.NoLotMessage);
        }

        var errors = new List<(string Field, string Message)>();
        var reference = TenderReference.Normalize(form.Reference);
        if (reference is null)
        {
            errors.Add((nameof(CreateTenderForm.Reference), TenderReference.Message));
        }

        var subject = form.Object?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > TenderForms.ObjectMaxLength)
        {
            errors.Add((nameof(CreateTenderForm.Object), TenderForms.ObjectMessage));
        }

        if (!int.TryParse(form.DurationMonths?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var duration) || duration is < 1 or > TenderForms.DurationMaxMonths)
        {
            errors.Add((nameof(CreateTenderForm.DurationMonths), TenderForms.DurationMessage));
        }

        var lieu = form.LieuExecutionCode?.Trim().ToUpperInvariant();
        if (lieu is null || !IsDepartement(lieu))
        {
            errors.Add((nameof(CreateTenderForm.LieuExecutionCode), TenderForms.LieuMessage));
        }

        // The lots posted are matched to the campaign's own lots; a lot missing from the post keeps its default.
        var posted = (form.Lots ?? []).Where(l => l is not null).GroupBy(l => l.CampaignLotId).ToDictionary(g => g.Key, g => g.First());
        var lots = new List<NewTenderLot>();
        var choices = new List<LotProcedure>();
        for (var i = 0; i < context.Lots.Count; i++)
        {
            var lot = context.Lots[i];
            var input = posted.GetValueOrDefault(lot.CampaignLotId) ?? new TenderLotInput { CampaignLotId = lot.CampaignLotId };
            var cpv = CpvCode.Normalize(input.CpvCode);
            if (cpv is null)
            {
                errors.Add(($"Lots[{i.ToString(CultureInfo.InvariantCulture)}].CpvCode", CpvCode.Message));
            }

            if (!int.TryParse(input.Procedure, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || !TenderForms.Procedures.Contains((TenderProcedure)p))
            {
                errors.Add(($"Lots[{i.ToString(CultureInfo.InvariantCulture)}].Procedure", TenderForms.ProcedureMessage));
                continue;
            }

            lots.Add(new NewTenderLot { CampaignLotId = lot.CampaignLotId, CpvCode = cpv, ProcedureType = (TenderProcedure)p, SmallLotException = lot.SmallLotException });
            choices.Add(new LotProcedure(lot.LotNumber, (TenderProcedure)p));
        }

        var smallLotNumbers = context.Lots.Where(l => l.SmallLotException).Select(l => l.LotNumber).ToList();
        foreach (var choice in choices)
        {
            // One lot at a time, so that each refusal goes next to its own lot.
            foreach (var refusal in ProcedureChoice.Check(context.Advised, smallLotNumbers, [choice]))
            {
                var index = context.Lots.ToList().FindIndex(l => l.LotNumber == choice.LotNumber);
                errors.Add(($"Lots[{index.ToString(CultureInfo.InvariantCulture)}].Procedure", refusal));
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ParisTime.Day(now);
        var tender = new NewTender
        {
            CampaignId = campaignId,
            Reference = reference!,
            Object = subject!,
            // The tender follows the most demanding procedure of its lots (small lots may run as MAPA inside it).
            ProcedureType = lots.Max(l => l.ProcedureType),
            DurationMonths = duration,
            ElectronicOffers = true,
            AbnormallyLowPercent = AbnormallyLowPercent(),
            Decp = DecpCodes.Defaults(context.Campaign.ContractForm, lieu!),
            SnapshotDate = context.Campaign.PlannedLaunchDate > today ? context.Campaign.PlannedLaunchDate : today,
            Lots = lots,
        };

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var result = await tenders.CreateFromCampaignAsync(connection, tx, tender, now);
        switch (result.Outcome)
        {
            case CreateTenderOutcome.Created:
                break;
            case CreateTenderOutcome.DuplicateReference:
                return SaveResult.Invalid(nameof(CreateTenderForm.Reference), TenderForms.DuplicateReferenceMessage);
            case CreateTenderOutcome.CampaignNotClosed:
                return SaveResult.Invalid(string.Empty, TenderForms.CampaignNotClosedMessage);
            default:
                return SaveResult.Missing;
        }

        var id = result.TenderId!.Value;
        await audit.WriteAsync(connection, tx, EntityType, id, Created, null, await tenders.GetTenderAsync(connection, tx, id));
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    /// <summary>Saves a draft: object, duration, each lot's CPV code and procedure (checked against the stored advice), the DECP fields.</summary>
    public async Task<SaveResult> UpdateDraftAsync(long tenderId, EditTenderForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await tenders.GetAsync(tenderId, cancellationToken) is not { } details)
        {
            return SaveResult.Missing;
        }

        form.Details = details;
        if (details.Tender.State != TenderStatus.Draft)
        {
            return SaveResult.Invalid(string.Empty, TenderForms.NotDraftMessage);
        }

        var errors = new List<(string Field, string Message)>();
        var subject = form.Object?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > TenderForms.ObjectMaxLength)
        {
            errors.Add((nameof(EditTenderForm.Object), TenderForms.ObjectMessage));
        }

        if (!int.TryParse(form.DurationMonths?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var duration) || duration is < 1 or > TenderForms.DurationMaxMonths)
        {
            errors.Add((nameof(EditTenderForm.DurationMonths), TenderForms.DurationMessage));
        }

        var advised = (await advices.ListAsync(details.Tender.CampaignId, cancellationToken)).FirstOrDefault()?.RequiredProcedure ?? RequiredProcedure.Formalised;
        var posted = (form.Lots ?? []).Where(l => l is not null).GroupBy(l => l.TenderLotId).ToDictionary(g => g.Key, g => g.First());
        var lots = new List<(long Id, string Cpv, TenderProcedure Procedure)>();
        var choices = new List<LotProcedure>();
        for (var i = 0; i < details.Lots.Count; i++)
        {
            var lot = details.Lots[i];
            var input = posted.GetValueOrDefault(lot.Id) ?? new EditLotInput { TenderLotId = lot.Id };
            var key = $"Lots[{i.ToString(CultureInfo.InvariantCulture)}]";
            var cpv = CpvCode.Normalize(input.CpvCode);
            if (cpv is null)
            {
                errors.Add(($"{key}.CpvCode", CpvCode.Message));
            }

            if (!int.TryParse(input.Procedure, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || !TenderForms.Procedures.Contains((TenderProcedure)p))
            {
                errors.Add(($"{key}.Procedure", TenderForms.ProcedureMessage));
                continue;
            }

            lots.Add((lot.Id, cpv ?? string.Empty, (TenderProcedure)p));
            choices.Add(new LotProcedure(lot.LotNumber, (TenderProcedure)p));
        }

        var smallLotNumbers = details.Lots.Where(l => l.SmallLotException).Select(l => l.LotNumber).ToList();
        foreach (var choice in choices)
        {
            foreach (var refusal in ProcedureChoice.Check(advised, smallLotNumbers, [choice]))
            {
                var index = details.Lots.ToList().FindIndex(l => l.LotNumber == choice.LotNumber);
                errors.Add(($"Lots[{index.ToString(CultureInfo.InvariantCulture)}].Procedure", refusal));
            }
        }

        var decp = ParseDecp(form, errors);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await tenders.UpdateDraftAsync(connection, tx, tenderId, form.Version, subject!, duration, lots.Max(l => l.Procedure), now))
        {
            return SaveResult.Conflicted;
        }

        foreach (var (id, cpv, procedure) in lots)
        {
            await tenders.UpdateLotAsync(connection, tx, tenderId, id, cpv, procedure);
        }

        if (!await tenders.UpdateDecpAsync(connection, tx, tenderId, form.Version + 1, decp, now))
        {
            return SaveResult.Conflicted;
        }

        var after = await tenders.GetTenderAsync(connection, tx, tenderId);
        await audit.WriteAsync(connection, tx, EntityType, tenderId, TenderForms.DraftUpdated, details.Tender, after);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(tenderId);
    }

    private static DecpFields ParseDecp(EditTenderForm form, List<(string Field, string Message)> errors) => DecpInput.Parse(form, errors);

    private static bool IsDepartement(string code) =>
        code.Length is 2 or 3 && (code.All(char.IsAsciiDigit) || code is "2A" or "2B") && code != "00";

    /// <summary>Parses the criteria editor; errors keyed by the form's fields ("Criteria" for the rules across rows).</summary>
    public static (AwardCriteria? Criteria, List<(string Field, string Message)> Errors) Parse(CriteriaForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<(string Field, string Message)>();
        PriceFormula formula = default;
        if (!int.TryParse(form.PriceFormula, NumberStyles.None, CultureInfo.InvariantCulture, out var f) || !Enum.IsDefined((PriceFormula)f))
        {
            errors.Add((nameof(CriteriaForm.PriceFormula), TenderForms.FormulaMessage));
        }
        else
        {
            formula = (PriceFormula)f;
        }

        if (!FrenchNumber.TryParseDecimal(form.MaxScore, out var maxScore) || !TenderScore.TryToScaled(maxScore, out _))
        {
            errors.Add((nameof(CriteriaForm.MaxScore), TenderForms.ScoreMessage));
        }

        var criteria = new List<Criterion>();
        var rows = (form.Criteria ?? []).Where(c => c is not null && !c.IsBlank).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var code = "C" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (!int.TryParse(row.Kind, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || !TenderForms.Kinds.Contains((CriterionKind)k))
            {
                AddOnce(errors, "Criteria", TenderForms.KindMessage);
                continue;
            }

            if (!int.TryParse(row.Weight?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                AddOnce(errors, "Criteria", TenderForms.WeightMessage);
                continue;
            }

            var subs = new List<SubCriterion>();
            var subRows = (row.SubCriteria ?? []).Where(s => s is not null && !s.IsBlank).ToList();
            for (var j = 0; j < subRows.Count; j++)
            {
                var s = subRows[j];
                if (!int.TryParse(s.Weight?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var subWeight))
                {
                    AddOnce(errors, "Criteria", TenderForms.WeightMessage);
                    continue;
                }

                if (!FrenchNumber.TryParseDecimal(s.MaxScore, out var subMax) || !TenderScore.TryToScaled(subMax, out _))
                {
                    AddOnce(errors, "Criteria", TenderForms.ScoreMessage);
                    continue;
                }

                subs.Add(new SubCriterion($"{code}.{(j + 1).ToString(CultureInfo.InvariantCulture)}", (s.Name ?? string.Empty).Trim(), subWeight, subMax));
            }

            criteria.Add(new Criterion(code, (row.Name ?? string.Empty).Trim(), (CriterionKind)k, weight, subs));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var award = new AwardCriteria(criteria, formula, maxScore);
        foreach (var (field, message) in CriteriaRules.Validate(award))
        {
            AddOnce(errors, field == nameof(AwardCriteria.MaxScore) ? nameof(CriteriaForm.MaxScore) : "Criteria", message);
        }

        return errors.Count > 0 ? (null, errors) : (award, errors);
    }

    private static void AddOnce(List<(string Field, string Message)> errors, string field, string message)
    {
        if (!errors.Contains((field, message)))
        {
            errors.Add((field, message));
        }
    }

    public async Task<SaveResult> SaveCriteriaAsync(long tenderId, CriteriaForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await tenders.GetTenderAsync(connection, tx, tenderId) is not { } before)
        {
            return SaveResult.Missing;
        }

        if (before.State != TenderStatus.Draft)
        {
            return SaveResult.Invalid(string.Empty, TenderForms.NotDraftMessage);
        }

        var (criteria, errors) = Parse(form);
        if (criteria is null)
        {
            return SaveResult.Invalid(errors);
        }

        if (before.Version != form.Version
            || !await tenders.ReplaceCriteriaAsync(connection, tx, tenderId, form.Version, criteria, clock.GetUtcNow().UtcDateTime))
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, tenderId, CriteriaUpdated, null, criteria);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(tenderId);
    }

    /// <summary>Publication: criteria valid, environmental criterion from 21/08/2026, offer period from the dated rows; the repository retakes the DQE snapshot.</summary>
    public async Task<SaveResult> PublishAsync(long tenderId, PublishInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow().UtcDateTime;
        var deadline = ParisTime.ToUtc(input.Deadline, out var deadlineError);
        var rows = (await periods.ListAsync(cancellationToken)).Select(r => r.ToRule()).ToList();
        var details = await tenders.GetAsync(tenderId, cancellationToken);
        if (details is null)
        {
            return SaveResult.Missing;
        }

        return await TransitionAsync(
            tenderId,
            input.Version,
            TenderTransition.Publish,
            Published,
            tender =>
            {
                if (deadline is null)
                {
                    return [(nameof(PublishInput.Deadline), deadlineError ?? ParisTime.Message)];
                }

                // The offer period's refusal goes next to the deadline; the criteria's above the form (they are edited on their own page).
                var period = OfferPeriod.CheckDeadline(tender.ProcedureType, input.ElectronicOffers, now, deadline.Value, rows);
                return PublicationRules.Check(details.AwardCriteria, tender.ProcedureType, input.ElectronicOffers, now, deadline.Value, rows)
                    .Select(m => (m == period ? nameof(PublishInput.Deadline) : string.Empty, m))
                    .ToList();
            },
            change => change with { PublishedAtUtc = now, OfferDeadlineUtc = deadline },
            input.ElectronicOffers,
            cancellationToken);
    }

    /// <summary>Closing after the deadline: the offers are opened (Core <see cref="TenderTransition.OpenOffers"/>).</summary>
    public Task<SaveResult> CloseAsync(long tenderId, VersionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TransitionAsync(tenderId, input.Version, TenderTransition.OpenOffers, Closed, _ => [], change => change, null, cancellationToken);
    }

    /// <summary>
    /// The analysis is finished (Core <see cref="TenderTransition.Evaluate"/>): refused, lot by lot, while a lot's
    /// evaluation is incomplete (Core <see cref="LotScore.IsComplete"/>: offers to price or score, an abnormally low offer
    /// to decide, a tie to settle); scored as the evaluation page scores it.
    /// </summary>
    public async Task<SaveResult> EvaluateAsync(long tenderId, VersionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scoring = await offers.LoadScoringAsync(tenderId, cancellationToken);
        return await TransitionAsync(
            tenderId,
            input.Version,
            TenderTransition.Evaluate,
            Evaluated,
            _ => scoring is null
                ? []
                : scoring.Lots
                    .Where(l => !Offers.OfferService.Evaluate(scoring, l.Lot.Id).Score.IsComplete)
                    .Select(l => (string.Empty, string.Format(CultureInfo.InvariantCulture, TenderForms.LotNotEvaluatedMessage, l.Lot.LotNumber)))
                    .ToList(),
            change => change,
            null,
            cancellationToken);
    }

    public Task<SaveResult> DeclareUnsuccessfulAsync(long tenderId, ReasonInput input, CancellationToken cancellationToken = default) =>
        EndAsync(tenderId, input, TenderTransition.DeclareUnsuccessful, Unsuccessful, cancellationToken);

    public Task<SaveResult> AbandonAsync(long tenderId, ReasonInput input, CancellationToken cancellationToken = default) =>
        EndAsync(tenderId, input, TenderTransition.Abandon, Abandoned, cancellationToken);

    private Task<SaveResult> EndAsync(long tenderId, ReasonInput input, TenderTransition transition, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reason = input.Reason?.Trim();
        return TransitionAsync(tenderId, input.Version, transition, action, _ => [], change => change with { Reason = reason }, null, cancellationToken, reason);
    }

    public Task<SaveResult> RecordCommissionDecisionAsync(long tenderId, CommissionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decision = input.Decision?.Trim();
        var dateOk = FrenchDate.TryParse(input.Date, out var date);
        return TransitionAsync(
            tenderId,
            input.Version,
            TenderTransition.RecordCommissionDecision,
            CommissionDecided,
            _ =>
            {
                var errors = new List<(string, string)>();
                if (!dateOk)
                {
                    errors.Add((nameof(CommissionInput.Date), TenderForms.CommissionDateMessage));
                }

                if (string.IsNullOrEmpty(decision) || decision.Length > TenderForms.DecisionMaxLength)
                {
                    errors.Add((nameof(CommissionInput.Decision), TenderForms.CommissionDecisionMessage));
                }

                return errors;
            },
            change => change with { CaoDecisionDate = date, CaoDecision = decision },
            null,
            cancellationToken);
    }

    /// <summary>
    /// One state change: the stale Version is a conflict; the Core workflow, then the action's own checks, refuse in
    /// French; the guarded UPDATE and the audit entry commit together.
    /// </summary>
    private async Task<SaveResult> TransitionAsync(
        long tenderId,
        int version,
        TenderTransition transition,
        string action,
        Func<TenderRow, IReadOnlyList<(string Field, string Message)>> check,
        Func<TenderStateChange, TenderStateChange> complete,
        bool? electronicOffers,
        CancellationToken cancellationToken,
        string? reason = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await tenders.GetTenderAsync(connection, tx, tenderId) is not { } before)
        {
            return SaveResult.Missing;
        }

        if (before.Version != version)
        {
            return SaveResult.Conflicted;
        }

        if (TenderWorkflow.Check(before.State, transition, before.Formalised, now, before.OfferDeadlineUtc, reason) is { } refusal)
        {
            var field = refusal == TenderWorkflow.ReasonMissingMessage ? nameof(ReasonInput.Reason) : string.Empty;
            return SaveResult.Invalid(field, refusal);
        }

        var errors = check(before);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        if (electronicOffers is { } electronic && electronic != before.ElectronicOffers)
        {
            // The way offers are received is fixed at publication, with the period it allows.
            if (!await tenders.SetElectronicOffersAsync(connection, tx, tenderId, version, electronic, now))
            {
                return SaveResult.Conflicted;
            }

            version++;
        }

        if (!await tenders.TransitionAsync(connection, tx, complete(new TenderStateChange(tenderId, version, transition, now))))
        {
            return SaveResult.Conflicted;
        }

        var after = await tenders.GetTenderAsync(connection, tx, tenderId);
        await audit.WriteAsync(connection, tx, EntityType, tenderId, action, Audited(before), Audited(after!));
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(tenderId);
    }

    /// <summary>What the audit keeps of a state change.</summary>
    private static object Audited(TenderRow t) => new
    {
        t.State,
        t.StateReason,
        t.ElectronicOffers,
        t.PublishedAtUtc,
        t.OfferDeadlineUtc,
        t.OffersOpenedAtUtc,
        t.CaoDecisionDate,
        t.CaoDecision,
        t.SnapshotDate,
        t.Version,
    };
}
