using System.Data.Common;
using System.Globalization;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Tenders.Offers;

/// <summary>A lot of a tender with what its offers pages need; <see cref="Opened"/> is the sealing rule (<see cref="OfferPeriod.CanSeePrices"/>).</summary>
public sealed record OfferLotContext(TenderDetails Details, TenderLotRow Lot, IReadOnlyList<TenderItemRow> Items, DateTime NowUtc)
{
    public TenderRow Tender => Details.Tender;

    /// <summary>Prices and scores may be shown and entered: the deadline has passed and the offers were opened.</summary>
    public bool Opened => Tender.OfferDeadlineUtc is { } deadline && OfferPeriod.CanSeePrices(Tender.State, NowUtc, deadline);

    /// <summary>Prices, scores and decisions may be written: offers opened and the analysis not yet closed.</summary>
    public bool Writable => Opened && Tender.State == TenderStatus.Closed;

    /// <summary>The register takes offers while the tender is published.</summary>
    public bool RegisterOpen => Tender.State == TenderStatus.Published;

    /// <summary>The offers may be opened now (the deadline has passed, the tender is still published): from the tender page, the one audited path.</summary>
    public bool CanOpen => TenderWorkflow.Check(Tender.State, TenderTransition.OpenOffers, Tender.Formalised, NowUtc, Tender.OfferDeadlineUtc) is null;

    public BpuLot ToBpuLot() => new(
        Tender.Reference,
        Tender.Object,
        Lot.LotNumber,
        Lot.Title,
        Items.Select(i => new BpuItem(i.Id, i.Code, i.Label, i.Unit, i.PricePeriod, i.QuantityBasis, i.QuantityMilli)).ToList());
}

/// <summary>The scoring of one lot as the evaluation page shows it.</summary>
public sealed record LotEvaluation(LotScore Score, IReadOnlyList<SimulatedOffer> Simulation, IReadOnlyDictionary<long, int> MissingPrices, AbnormallyLowRule LowRule, AwardCriteria Criteria);

/// <summary>
/// The offers of a tender's lots: the register of offers received (late ones recorded as such; the offers are opened by
/// closing the tender, <see cref="TenderService.CloseAsync"/>), unit prices typed or uploaded as the lot's BPU, technical scores with their justifications, tie
/// settlements and abnormally-low decisions. Every write is checked here, guarded again by the repository's SQL, and
/// audited in its transaction. Nothing about prices or scores is read before the opening.
/// </summary>
public sealed class OfferService(
    IDbConnectionFactory factory,
    ITenderRepository tenders,
    IOfferRepository offers,
    ISupplierRepository suppliers,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "TenderOffer";
    public const string TenderEntityType = "Tender";

    public const string SupplierMessage = "Choisissez le fournisseur qui a remis l'offre.";
    public const string LotsMessage = "Cochez au moins un lot de la consultation pour lequel l'offre a été remise.";
    public const string RegisterClosedMessage = "Le registre des offres n'accepte une offre que pendant la publication de la consultation.";
    public const string ReceivedFutureMessage = "La date de réception ne peut pas être postérieure à maintenant.";
    public const string ReceivedBeforePublicationMessage = "La date de réception ne peut pas précéder la publication de la consultation.";
    public const string SealedMessage = "Les offres sont scellées jusqu'à leur ouverture, après la date limite de réception : aucun prix ni aucune note ne peut être saisi ou consulté avant.";
    public const string PriceRequiredMessage = "Saisissez le prix unitaire HT de chaque article du lot.";
    public const string ScoreMessage = "Saisissez une note (par exemple 7,5).";
    public const string JustificationMessage = TechnicalScore.JustificationMessage;
    public const string OutcomeMessage = "Choisissez la décision : offre maintenue ou rejetée.";
    public const int JustificationMaxLength = TechnicalScore.JustificationMaxLength;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<OfferLotContext?> LoadLotAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        if (await offers.TenderOfLotAsync(tenderLotId, cancellationToken) is not { } tenderId
            || await tenders.GetAsync(tenderId, cancellationToken) is not { } details
            || details.Lots.FirstOrDefault(l => l.Id == tenderLotId) is not { } lot)
        {
            return null;
        }

        return new OfferLotContext(details, lot, details.Items.Where(i => i.TenderLotId == lot.Id).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToList(), Now);
    }

    /// <summary>The offer and its lot's context, or null when either does not exist.</summary>
    public async Task<(OfferLotContext Context, OfferWithDqe Offer)?> LoadOfferAsync(long offerId, CancellationToken cancellationToken = default)
    {
        if (await offers.GetAsync(offerId, cancellationToken) is not { } offer || await LoadLotAsync(offer.TenderLotId, cancellationToken) is not { } context)
        {
            return null;
        }

        var withDqe = (await offers.ListForLotAsync(offer.TenderLotId, cancellationToken)).First(o => o.Offer.Id == offerId);
        return (context, withDqe);
    }

    public Task<IReadOnlyList<OfferWithDqe>> ListAsync(long tenderLotId, CancellationToken cancellationToken = default) =>
        offers.ListForLotAsync(tenderLotId, cancellationToken);

    public async Task<IReadOnlyList<SupplierListRow>> SuppliersAsync(CancellationToken cancellationToken = default) =>
        (await suppliers.SearchAsync(new SupplierQuery(null, 0, 1000), cancellationToken)).Rows;

    /// <summary>Records the offer of a supplier for each lot named, late when received after the deadline (with its reason).</summary>
    public async Task<SaveResult> RegisterAsync(OfferLotContext context, long supplierId, string? receivedAt, IReadOnlyList<long> lotIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lotIds);
        if (!context.RegisterOpen || context.Tender.OfferDeadlineUtc is not { } deadline)
        {
            return SaveResult.Invalid(string.Empty, RegisterClosedMessage);
        }

        var errors = new List<(string, string)>();
        if (supplierId <= 0 || await suppliers.GetAsync(supplierId, cancellationToken) is null)
        {
            errors.Add((nameof(OfferRegisterForm.SupplierId), SupplierMessage));
        }

        var received = ParisTime.ToUtc(receivedAt, out var dateError);
        if (received is null)
        {
            errors.Add((nameof(OfferRegisterForm.ReceivedAt), dateError!));
        }
        else if (received > context.NowUtc)
        {
            errors.Add((nameof(OfferRegisterForm.ReceivedAt), ReceivedFutureMessage));
        }
        else if (context.Tender.PublishedAtUtc is { } published && received < published)
        {
            errors.Add((nameof(OfferRegisterForm.ReceivedAt), ReceivedBeforePublicationMessage));
        }

        var lots = context.Details.Lots.Where(l => lotIds.Contains(l.Id)).ToList();
        if (lots.Count == 0 || lots.Count != lotIds.Distinct().Count())
        {
            errors.Add((nameof(OfferRegisterForm.LotIds), LotsMessage));
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var existing = new List<(string, string)>();
        foreach (var lot in lots)
        {
            if ((await offers.ListForLotAsync(lot.Id, cancellationToken)).Any(o => o.Offer.SupplierId == supplierId))
            {
                existing.Add((nameof(OfferRegisterForm.LotIds), string.Format(CultureInfo.InvariantCulture, "Ce fournisseur a déjà une offre enregistrée pour le lot n° {0}.", lot.LotNumber)));
            }
        }

        if (existing.Count > 0)
        {
            return SaveResult.Invalid(existing);
        }

        var isLate = OfferPeriod.IsLate(received!.Value, deadline);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        long firstId = 0;
        foreach (var lot in lots)
        {
            var offer = new NewOffer
            {
                TenderId = context.Tender.Id,
                TenderLotId = lot.Id,
                SupplierId = supplierId,
                ReceivedAtUtc = received.Value,
                IsLate = isLate,
                LateReason = isLate ? OfferPeriod.LateReason(received.Value, deadline) : null,
            };
            long? id;
            try
            {
                id = await offers.RegisterAsync(connection, tx, offer, context.NowUtc);
            }
            catch (DbException)
            {
                // Another officer registered the same supplier for this lot meanwhile (unique index).
                await tx.RollbackAsync(cancellationToken);
                return SaveResult.Conflicted;
            }

            if (id is null)
            {
                await tx.RollbackAsync(cancellationToken);
                return SaveResult.Invalid(string.Empty, RegisterClosedMessage);
            }

            firstId = firstId == 0 ? id.Value : firstId;
            await audit.WriteAsync(connection, tx, EntityType, id, "Registered", null, new { offer.TenderId, offer.TenderLotId, offer.SupplierId, offer.ReceivedAtUtc, offer.IsLate, offer.LateReason });
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(firstId);
    }

    /// <summary>Saves the unit prices typed for every item of the offer's lot; nothing is saved when one is wrong.</summary>
    public async Task<SaveResult> SaveTypedPricesAsync(OfferLotContext context, OfferRow offer, int version, IReadOnlyDictionary<long, string?> typed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(typed);
        if (!context.Writable)
        {
            return SaveResult.Invalid(string.Empty, SealedMessage);
        }

        var errors = new List<(string, string)>();
        var prices = new List<(long, UnitPrice)>();
        foreach (var item in context.Items)
        {
            var field = OfferPricesForm.FieldName(item.Id);
            var text = typed.GetValueOrDefault(item.Id);
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add((field, PriceRequiredMessage));
            }
            else if (!UnitPrice.TryParse(text, out var price, out var error))
            {
                errors.Add((field, error!));
            }
            else
            {
                prices.Add((item.Id, price));
            }
        }

        return errors.Count > 0 ? SaveResult.Invalid(errors) : await SavePricesAsync(offer, version, prices, "PricesTyped", cancellationToken);
    }

    /// <summary>Saves the prices read from a valid BPU of the lot (the reader refuses the whole file on any error).</summary>
    public async Task<SaveResult> SaveBpuPricesAsync(OfferLotContext context, OfferRow offer, int version, BpuPrices read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        return !context.Writable
            ? SaveResult.Invalid(OfferPricesForm.FileField, SealedMessage)
            : await SavePricesAsync(offer, version, read.Prices.Select(p => (p.ItemId, p.UnitPrice)).ToList(), "PricesUploaded", cancellationToken);
    }

    private async Task<SaveResult> SavePricesAsync(OfferRow offer, int version, IReadOnlyList<(long, UnitPrice)> prices, string action, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await offers.SavePricesAsync(connection, tx, offer.Id, version, prices, Now))
        {
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, offer.Id, action, null, prices.Select(p => new { ItemId = p.Item1, UnitPriceTenThousandths = p.Item2.TenThousandths }).ToList());
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(offer.Id);
    }

    /// <summary>The items an offer is scored on by the officers (every scored item but the price).</summary>
    public static IReadOnlyList<ScoredItem> TechnicalItems(OfferLotContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Details.AwardCriteria.ScoredItems().Where(i => i.Kind != CriterionKind.Price).ToList();
    }

    /// <summary>Saves the scores of every technical item, each from 0 to its maximum with its justification; nothing is saved when one is wrong.</summary>
    public async Task<SaveResult> SaveScoresAsync(OfferLotContext context, OfferRow offer, int version, IReadOnlyDictionary<string, string?> scores, IReadOnlyDictionary<string, string?> justifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(justifications);
        if (!context.Writable)
        {
            return SaveResult.Invalid(string.Empty, SealedMessage);
        }

        var errors = new List<(string, string)>();
        var inputs = new List<OfferScoreInput>();
        foreach (var item in TechnicalItems(context))
        {
            var scoreField = OfferScoresForm.ScoreField(item.Code);
            var justificationField = OfferScoresForm.JustificationField(item.Code);
            var text = scores.GetValueOrDefault(item.Code);
            var justification = justifications.GetValueOrDefault(item.Code);
            var check = FrenchNumber.TryParseDecimal(text, out var score) ? TechnicalScore.Check(score, item, offer.SupplierName, justification) : null;
            if (check is null)
            {
                errors.Add((scoreField, FrenchNumber.Message(text, ScoreMessage)));
            }
            else if (check.ScoreError is { } scoreError)
            {
                errors.Add((scoreField, scoreError));
            }

            if (TechnicalScore.JustificationError(justification) is { } justificationError)
            {
                errors.Add((justificationField, justificationError));
            }

            var sub = context.Details.SubCriteria.FirstOrDefault(s => s.Code == item.Code);
            var criterionId = sub?.CriterionId ?? context.Details.Criteria.First(c => c.Code == item.Code).Id;
            inputs.Add(new OfferScoreInput(criterionId, sub?.Id, check?.Scaled ?? 0, justification?.Trim() ?? string.Empty));
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await offers.SaveScoresAsync(connection, tx, offer.Id, version, inputs, Now))
        {
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, offer.Id, "Scored", null, inputs);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(offer.Id);
    }

    public async Task<IReadOnlyList<OfferScoreRow>> ScoresAsync(long offerId, CancellationToken cancellationToken = default) =>
        await offers.ScoresAsync(offerId, cancellationToken);

    /// <summary>The lot's scoring (announced formula, settlements, abnormally-low flags) and the simulator; null before the opening.</summary>
    public async Task<LotEvaluation?> EvaluateAsync(OfferLotContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Opened || await offers.LoadLotScoringAsync(context.Tender.Id, context.Lot.Id, cancellationToken) is not { } scoring)
        {
            return null;
        }

        return Evaluate(scoring, context.Lot.Id);
    }

    /// <summary>
    /// One lot's evaluation from the tender's scoring input (read once for all its lots): Core's ranking under the
    /// announced formula and the simulator, with the abnormally-low threshold stored with the tender (set at its
    /// creation), so that a later change of configuration never re-flags the offers of a tender already evaluated.
    /// </summary>
    public static LotEvaluation Evaluate(TenderScoringInput scoring, long tenderLotId)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        var lot = scoring.Lots.Single(l => l.Lot.Id == tenderLotId);
        var rule = new AbnormallyLowRule(scoring.Tender.AbnormallyLowPercent);
        var (announced, simulation) = PriceFormulaSimulator.ScoreAndCompare(scoring.Criteria, lot.Offers, lot.Settlements, rule);
        return new LotEvaluation(
            announced,
            simulation,
            lot.MissingPrices,
            rule,
            scoring.Criteria);
    }

    /// <summary>Records the officer's settlement of a tie: the winner must still share its rank with another offer.</summary>
    public async Task<SaveResult> SettleTieAsync(OfferLotContext context, long winnerOfferId, string? reason, long? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Writable || await EvaluateAsync(context, cancellationToken) is not { } evaluation)
        {
            return SaveResult.Invalid(string.Empty, SealedMessage);
        }

        var winner = evaluation.Score.Ranked.FirstOrDefault(o => o.Offer.OfferId == winnerOfferId);
        if (winner is null || evaluation.Score.Ranked.Count(o => o.Rank == winner.Rank) < 2)
        {
            return SaveResult.Invalid(nameof(TieForm.WinnerOfferId), LotScoring.NotTiedMessage);
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > LotScoring.TieReasonMaxLength)
        {
            return SaveResult.Invalid(nameof(TieForm.Reason), LotScoring.TieReasonMissingMessage);
        }

        var settlement = new TieSettlement(winnerOfferId, reason);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var id = await offers.InsertTieSettlementAsync(connection, tx, context.Lot.Id, settlement, userId, Now);
        await audit.WriteAsync(connection, tx, "TieSettlement", id, "Settled", null, new { TenderLotId = context.Lot.Id, settlement.WinnerOfferId, settlement.Reason });
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    /// <summary>Records the decision on a flagged offer (kept or rejected) with the justification; never automatic.</summary>
    public async Task<SaveResult> DecideAbnormallyLowAsync(OfferLotContext context, OfferRow offer, int version, string? outcome, string? justification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(offer);
        if (!context.Writable || await EvaluateAsync(context, cancellationToken) is not { } evaluation)
        {
            return SaveResult.Invalid(string.Empty, SealedMessage);
        }

        AbnormallyLowOutcome parsed;
        if (string.Equals(outcome, nameof(AbnormallyLowOutcome.Kept), StringComparison.Ordinal))
        {
            parsed = AbnormallyLowOutcome.Kept;
        }
        else if (string.Equals(outcome, nameof(AbnormallyLowOutcome.Rejected), StringComparison.Ordinal))
        {
            parsed = AbnormallyLowOutcome.Rejected;
        }
        else
        {
            return SaveResult.Invalid(nameof(AbnormallyLowForm.Outcome), OutcomeMessage);
        }

        var decision = new AbnormallyLowDecision(parsed, justification?.Trim() ?? string.Empty);
        var flagged = evaluation.Score.Offers.FirstOrDefault(o => o.Offer.OfferId == offer.Id)?.AbnormallyLowFlag == true;
        if (AbnormallyLowRule.CheckDecision(flagged, decision) is { } error)
        {
            return SaveResult.Invalid(flagged ? nameof(AbnormallyLowForm.Justification) : string.Empty, error);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await offers.RecordAbnormallyLowDecisionAsync(connection, tx, offer.Id, version, decision, Now))
        {
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, offer.Id, "AbnormallyLowDecided", offer.AbnormallyLowDecision, decision);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(offer.Id);
    }
}
