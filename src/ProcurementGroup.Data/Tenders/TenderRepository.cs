using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Data.Tenders;

/// <summary>
/// Tenders: created from a closed campaign with the DQE snapshot, their state changes (guarded in the UPDATE by the
/// sources of <see cref="TenderWorkflow.Sources"/> and the Version read), criteria and DECP fields. Writes take the
/// caller's transaction so that the audit entry commits with them; the overloads without one open their own.
/// </summary>
public interface ITenderRepository
{
    Task<CreateTenderResult> CreateFromCampaignAsync(NewTender tender, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Creates the tender, its lots and items and takes the DQE snapshot on <see cref="NewTender.SnapshotDate"/>, all in <paramref name="transaction"/>.</summary>
    Task<CreateTenderResult> CreateFromCampaignAsync(DbConnection connection, DbTransaction transaction, NewTender tender, DateTime nowUtc);

    Task<TenderDetails?> GetAsync(long tenderId, CancellationToken cancellationToken = default);

    Task<TenderRow?> GetTenderAsync(DbConnection connection, DbTransaction? transaction, long tenderId);

    Task<IReadOnlyList<TenderRow>> ListForCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TenderRow>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the transition if the tender is still in one of its source states and at <see cref="TenderStateChange.Version"/>;
    /// false when no row changed (out of order, or someone saved first). Publishing retakes the DQE snapshot on the
    /// publication's day in Paris, in the same transaction.
    /// </summary>
    Task<bool> TransitionAsync(DbConnection connection, DbTransaction transaction, TenderStateChange change);

    Task<bool> TransitionAsync(TenderStateChange change, CancellationToken cancellationToken = default);

    /// <summary>Replaces the criteria, the price formula and Nmax of a draft tender at <paramref name="version"/>; false otherwise.</summary>
    Task<bool> ReplaceCriteriaAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, AwardCriteria criteria, DateTime nowUtc);

    Task<bool> ReplaceCriteriaAsync(long tenderId, int version, AwardCriteria criteria, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Saves the object, duration and procedure of a draft tender at <paramref name="version"/>; false otherwise.</summary>
    Task<bool> UpdateDraftAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, string subject, int durationMonths, TenderProcedure procedure, DateTime nowUtc);

    /// <summary>Saves a lot's CPV code and procedure (the caller has checked the tender is a draft at its Version); false when the lot is not the tender's.</summary>
    Task<bool> UpdateLotAsync(DbConnection connection, DbTransaction transaction, long tenderId, long lotId, string cpvCode, TenderProcedure procedure);

    /// <summary>Sets how offers are received (fixed at publication) on a draft tender at <paramref name="version"/>; false otherwise.</summary>
    Task<bool> SetElectronicOffersAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, bool electronicOffers, DateTime nowUtc);

    /// <summary>Saves the DECP fields at <paramref name="version"/>; false when someone saved first.</summary>
    Task<bool> UpdateDecpAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, DecpFields decp, DateTime nowUtc);

    /// <summary>Each member's snapshot quantity per item of the tender (the members' shares rest on them).</summary>
    Task<IReadOnlyList<TenderMemberQuantityRow>> MemberQuantitiesAsync(long tenderId, CancellationToken cancellationToken = default);
}

public sealed class TenderRepository(IDbConnectionFactory factory) : ITenderRepository
{
    private const string TenderColumns =
        "Id, CampaignId, Reference, Object, Nature, ProcedureType, ContractForm, DurationMonths, State, StateReason, ElectronicOffers, " +
        "PublishedAtUtc, OfferDeadlineUtc, OffersOpenedAtUtc, CaoDecisionDate, CaoDecision, PriceFormula, MaxScoreTenThousandths, AbnormallyLowPercent, " +
        "Techniques, ModalitesExecution, MarcheInnovant, Ccag, AttributionAvance, TypeGroupementOperateurs, LieuExecutionCode, LieuExecutionTypeCode, " +
        "TypesPrix, FormePrix, ConsiderationsSociales, ConsiderationsEnvironnementales, SnapshotDate, SnapshotAtUtc, SnapshotSubmittedForms, " +
        "SnapshotValidatedForms, SnapshotPendingForms, SnapshotNotTakingPartForms, Version, CreatedAtUtc, UpdatedAtUtc";

    public const string GetTenderSql = "SELECT " + TenderColumns + " FROM Tenders WHERE Id = @tenderId";

    public const string ListForCampaignSql = "SELECT " + TenderColumns + " FROM Tenders WHERE CampaignId = @campaignId ORDER BY CreatedAtUtc, Id";

    public const string ListSql = "SELECT " + TenderColumns + " FROM Tenders ORDER BY CreatedAtUtc DESC, Id DESC";

    public const string LotsSql =
        "SELECT Id, TenderId, CampaignLotId, LotNumber, Title, CpvCode, MaximumCents, SmallLotException, ProcedureType, Version FROM TenderLots WHERE TenderId = @tenderId ORDER BY LotNumber";

    public const string ItemsSql =
        """
        SELECT i.Id, i.TenderId, i.TenderLotId, i.CatalogueItemId, i.Code, i.Label, i.Unit, i.PricePeriod, i.QuantityBasis, i.EstimatedUnitPriceCents,
               i.VatRateBasisPoints, i.QuantityMilli, i.SortOrder
        FROM TenderItems i JOIN TenderLots l ON l.Id = i.TenderLotId
        WHERE i.TenderId = @tenderId
        ORDER BY l.LotNumber, i.SortOrder, i.Code
        """;

    public const string CriteriaSql = "SELECT Id, TenderId, Code, Name, Kind, Weight, SortOrder FROM TenderCriteria WHERE TenderId = @tenderId ORDER BY SortOrder, Id";

    public const string SubCriteriaSql =
        "SELECT Id, CriterionId, TenderId, Code, Name, Weight, MaxScoreTenThousandths, SortOrder FROM TenderSubCriteria WHERE TenderId = @tenderId ORDER BY SortOrder, Id";

    public const string CampaignForTenderSql = "SELECT Id, PurchasingGroupId, Status, Nature, ContractForm FROM NeedsCampaigns WHERE Id = @campaignId";

    public const string ReferenceTakenSql = "SELECT COUNT(*) FROM Tenders WHERE Reference = @reference";

    /// <summary>The columns of the tender's INSERT (public for the SQL Server statement test: the insert needs a closed campaign to run).</summary>
    public const string InsertTenderColumns =
        "CampaignId, Reference, Object, Nature, ProcedureType, ContractForm, DurationMonths, State, ElectronicOffers, PriceFormula, MaxScoreTenThousandths, " +
        "AbnormallyLowPercent, Techniques, ModalitesExecution, MarcheInnovant, Ccag, AttributionAvance, TypeGroupementOperateurs, LieuExecutionCode, " +
        "LieuExecutionTypeCode, TypesPrix, FormePrix, ConsiderationsSociales, ConsiderationsEnvironnementales, SnapshotDate, SnapshotAtUtc, Version, CreatedAtUtc, UpdatedAtUtc";

    public const string InsertTenderValues =
        "@CampaignId, @Reference, @Object, @Nature, @ProcedureType, @ContractForm, @DurationMonths, @State, @ElectronicOffers, @PriceFormula, @MaxScoreTenThousandths, " +
        "@AbnormallyLowPercent, @Techniques, @ModalitesExecution, @MarcheInnovant, @Ccag, @AttributionAvance, @TypeGroupementOperateurs, @LieuExecutionCode, " +
        "@LieuExecutionTypeCode, @TypesPrix, @FormePrix, @ConsiderationsSociales, @ConsiderationsEnvironnementales, @SnapshotDate, @SnapshotAtUtc, 1, @CreatedAtUtc, @UpdatedAtUtc";

    /// <summary>A campaign lot into the tender: number, title and maximum copied; CPV and procedure as chosen.</summary>
    public const string InsertLotSql =
        """
        INSERT INTO TenderLots (TenderId, CampaignLotId, LotNumber, Title, CpvCode, MaximumCents, SmallLotException, ProcedureType, Version)
        SELECT @TenderId, cl.Id, cl.LotNumber, cl.Title, @CpvCode, cl.MaximumCents, @SmallLotException, @ProcedureType, 1
        FROM CampaignLots cl
        WHERE cl.Id = @CampaignLotId AND cl.CampaignId = @CampaignId
        """;

    /// <summary>The catalogue of the tender's lots, set-based: price period, quantity basis and estimated unit price copied.</summary>
    public const string InsertItemsSql =
        """
        INSERT INTO TenderItems (TenderId, TenderLotId, CatalogueItemId, Code, Label, Unit, PricePeriod, QuantityBasis, EstimatedUnitPriceCents, VatRateBasisPoints, QuantityMilli, SortOrder)
        SELECT tl.TenderId, tl.Id, ci.Id, ci.Code, ci.Label, ci.Unit, ci.PricePeriod, ci.QuantityBasis, ci.UnitPriceCents, ci.VatRateBasisPoints, 0, ci.SortOrder
        FROM TenderLots tl JOIN CatalogueItems ci ON ci.LotId = tl.CampaignLotId
        WHERE tl.TenderId = @tenderId
        """;

    public const string DeleteMemberQuantitiesSql =
        "DELETE FROM TenderMemberQuantities WHERE TenderItemId IN (SELECT ti.Id FROM TenderItems ti WHERE ti.TenderId = @tenderId)";

    /// <summary>
    /// Each member's quantity per item over the forms counted (submitted or validated, <see cref="Aggregation.Counts"/>)
    /// of the members taking part on the snapshot day (<see cref="ParticipationSql"/>): the same lines the aggregation sums.
    /// </summary>
    public const string InsertMemberQuantitiesSql =
        $"""
        INSERT INTO TenderMemberQuantities (TenderItemId, MemberId, QuantityMilli)
        SELECT ti.Id, l.MemberId, SUM(l.QuantityMilli)
        FROM TenderItems ti
        JOIN NeedLines l ON l.CatalogueItemId = ti.CatalogueItemId
        JOIN NeedsForms f ON f.Id = l.FormId
        WHERE ti.TenderId = @tenderId AND f.CampaignId = @campaignId AND (f.Status = @submitted OR f.Status = @validated)
          AND f.MemberId IN {ParticipationSql.MemberIds}
        GROUP BY ti.Id, l.MemberId
        """;

    public const string UpdateItemQuantitiesSql =
        """
        UPDATE TenderItems SET QuantityMilli = COALESCE((SELECT SUM(q.QuantityMilli) FROM TenderMemberQuantities q WHERE q.TenderItemId = TenderItems.Id), 0)
        WHERE TenderId = @tenderId
        """;

    public const string SnapshotFormCountsSql =
        "SELECT f.Status, COUNT(*) AS Forms FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId IN " + ParticipationSql.MemberIds + " GROUP BY f.Status";

    public const string SnapshotNotTakingPartSql =
        "SELECT COUNT(*) FROM NeedsForms f WHERE f.CampaignId = @campaignId AND f.MemberId NOT IN " + ParticipationSql.MemberIds;

    public const string UpdateSnapshotSql =
        """
        UPDATE Tenders SET SnapshotDate = @snapshotDate, SnapshotAtUtc = @nowUtc, SnapshotSubmittedForms = @submittedForms, SnapshotValidatedForms = @validatedForms,
            SnapshotPendingForms = @pendingForms, SnapshotNotTakingPartForms = @notTakingPartForms
        WHERE Id = @tenderId
        """;

    // Not a const: Dapper expands "IN @sources" into a parameter list before the SQL reaches the server.
    private static readonly string TransitionSql =
        """
        UPDATE Tenders SET State = @target, StateReason = COALESCE(@reason, StateReason),
            PublishedAtUtc = COALESCE(@publishedAtUtc, PublishedAtUtc), OfferDeadlineUtc = COALESCE(@offerDeadlineUtc, OfferDeadlineUtc),
            OffersOpenedAtUtc = COALESCE(@offersOpenedAtUtc, OffersOpenedAtUtc),
            CaoDecisionDate = COALESCE(@caoDecisionDate, CaoDecisionDate), CaoDecision = COALESCE(@caoDecision, CaoDecision),
            Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @tenderId AND State IN @sources AND Version = @version
        """;

    public const string ProcedureOfTenderSql = "SELECT ProcedureType FROM Tenders WHERE Id = @tenderId";

    public const string CriteriaHeaderSql =
        """
        UPDATE Tenders SET PriceFormula = @formula, MaxScoreTenThousandths = @maxScore, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @tenderId AND Version = @version AND State = @draft
        """;

    public const string DeleteSubCriteriaSql = "DELETE FROM TenderSubCriteria WHERE TenderId = @tenderId";

    public const string DeleteCriteriaSql = "DELETE FROM TenderCriteria WHERE TenderId = @tenderId";

    public const string InsertSubCriterionSql =
        """
        INSERT INTO TenderSubCriteria (CriterionId, TenderId, Code, Name, Weight, MaxScoreTenThousandths, SortOrder)
        VALUES (@CriterionId, @TenderId, @Code, @Name, @Weight, @MaxScoreTenThousandths, @SortOrder)
        """;

    public const string UpdateDraftSql =
        """
        UPDATE Tenders SET Object = @subject, DurationMonths = @durationMonths, ProcedureType = @procedure, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @tenderId AND Version = @version AND State = @draft
        """;

    public const string UpdateLotSql =
        "UPDATE TenderLots SET CpvCode = @cpvCode, ProcedureType = @procedure, Version = Version + 1 WHERE Id = @lotId AND TenderId = @tenderId";

    public const string SetElectronicOffersSql =
        """
        UPDATE Tenders SET ElectronicOffers = @electronicOffers, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @tenderId AND Version = @version AND State = @draft
        """;

    public const string UpdateDecpSql =
        """
        UPDATE Tenders SET Techniques = @Techniques, ModalitesExecution = @ModalitesExecution, MarcheInnovant = @MarcheInnovant, Ccag = @Ccag,
            AttributionAvance = @AttributionAvance, TypeGroupementOperateurs = @TypeGroupementOperateurs, LieuExecutionCode = @LieuExecutionCode,
            LieuExecutionTypeCode = @LieuExecutionTypeCode, TypesPrix = @TypesPrix, FormePrix = @FormePrix, ConsiderationsSociales = @ConsiderationsSociales,
            ConsiderationsEnvironnementales = @ConsiderationsEnvironnementales, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @tenderId AND Version = @version
        """;

    public const string MemberQuantitiesSql =
        """
        SELECT q.TenderItemId, q.MemberId, q.QuantityMilli
        FROM TenderMemberQuantities q JOIN TenderItems i ON i.Id = q.TenderItemId
        WHERE i.TenderId = @tenderId
        ORDER BY q.MemberId, i.SortOrder, i.Code
        """;

    public async Task<CreateTenderResult> CreateFromCampaignAsync(NewTender tender, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await CreateFromCampaignAsync(connection, transaction, tender, nowUtc);
        if (result.Outcome == CreateTenderOutcome.Created)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    public async Task<CreateTenderResult> CreateFromCampaignAsync(DbConnection connection, DbTransaction transaction, NewTender tender, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(tender);
        var campaign = await connection.QuerySingleOrDefaultAsync<CampaignDto>(CampaignForTenderSql, new { campaignId = tender.CampaignId }, transaction);
        if (campaign is null)
        {
            return new CreateTenderResult(CreateTenderOutcome.CampaignNotFound, null);
        }

        if ((CampaignStatus)campaign.Status != CampaignStatus.Closed)
        {
            return new CreateTenderResult(CreateTenderOutcome.CampaignNotClosed, null);
        }

        if (await connection.ExecuteScalarAsync<int>(ReferenceTakenSql, new { reference = tender.Reference }, transaction) > 0)
        {
            return new CreateTenderResult(CreateTenderOutcome.DuplicateReference, null);
        }

        var decp = tender.Decp ?? throw new ArgumentException("The DECP fields are required.", nameof(tender));
        var tenderId = await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Tenders", InsertTenderColumns, InsertTenderValues),
            WithDecp(new
            {
                tender.CampaignId,
                tender.Reference,
                tender.Object,
                campaign.Nature,
                ProcedureType = (int)tender.ProcedureType,
                campaign.ContractForm,
                tender.DurationMonths,
                State = (int)TenderStatus.Draft,
                tender.ElectronicOffers,
                PriceFormula = (int)tender.PriceFormula,
                tender.MaxScoreTenThousandths,
                tender.AbnormallyLowPercent,
                tender.SnapshotDate,
                SnapshotAtUtc = nowUtc,
                CreatedAtUtc = nowUtc,
                UpdatedAtUtc = nowUtc,
            }, decp),
            transaction);

        foreach (var lot in tender.Lots)
        {
            var inserted = await connection.ExecuteAsync(
                InsertLotSql,
                new
                {
                    TenderId = tenderId,
                    tender.CampaignId,
                    lot.CampaignLotId,
                    lot.CpvCode,
                    lot.SmallLotException,
                    ProcedureType = (int)lot.ProcedureType,
                },
                transaction);
            if (inserted != 1)
            {
                // Nothing is committed: the caller's transaction is left uncommitted and rolls back when disposed.
                return new CreateTenderResult(CreateTenderOutcome.UnknownLot, null);
            }
        }

        await connection.ExecuteAsync(InsertItemsSql, new { tenderId }, transaction);
        await TakeSnapshotAsync(connection, transaction, tenderId, tender.CampaignId, campaign.PurchasingGroupId, tender.SnapshotDate, nowUtc);
        return new CreateTenderResult(CreateTenderOutcome.Created, tenderId);
    }

    /// <summary>
    /// The DQE snapshot: each member's quantities of the counted forms of the members taking part on
    /// <paramref name="snapshotDate"/>, their sum per item, and the counts of forms it includes and leaves out.
    /// </summary>
    private static async Task TakeSnapshotAsync(DbConnection connection, DbTransaction transaction, long tenderId, long campaignId, long groupId, DateOnly snapshotDate, DateTime nowUtc)
    {
        var launchDay = snapshotDate;
        await connection.ExecuteAsync(DeleteMemberQuantitiesSql, new { tenderId }, transaction);
        await connection.ExecuteAsync(
            InsertMemberQuantitiesSql,
            new { tenderId, campaignId, groupId, launchDay, submitted = (int)NeedsFormStatus.Submitted, validated = (int)NeedsFormStatus.Validated },
            transaction);
        await connection.ExecuteAsync(UpdateItemQuantitiesSql, new { tenderId }, transaction);

        var counts = (await connection.QueryAsync<FormCountDto>(SnapshotFormCountsSql, new { campaignId, groupId, launchDay }, transaction))
            .ToDictionary(r => (NeedsFormStatus)r.Status, r => (int)r.Forms);
        var notTakingPart = await connection.ExecuteScalarAsync<int>(SnapshotNotTakingPartSql, new { campaignId, groupId, launchDay }, transaction);
        await connection.ExecuteAsync(
            UpdateSnapshotSql,
            new
            {
                tenderId,
                snapshotDate,
                nowUtc,
                submittedForms = counts.GetValueOrDefault(NeedsFormStatus.Submitted),
                validatedForms = counts.GetValueOrDefault(NeedsFormStatus.Validated),
                pendingForms = counts.Where(c => !Aggregation.Counts(c.Key)).Sum(c => c.Value),
                notTakingPartForms = notTakingPart,
            },
            transaction);
    }

    public async Task<TenderDetails?> GetAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var tender = await GetTenderAsync(connection, null, tenderId);
        if (tender is null)
        {
            return null;
        }

        var lots = (await connection.QueryAsync<TenderLotRow>(LotsSql, new { tenderId })).ToList();
        var items = (await connection.QueryAsync<TenderItemRow>(ItemsSql, new { tenderId })).ToList();
        var criteria = (await connection.QueryAsync<TenderCriterionRow>(CriteriaSql, new { tenderId })).ToList();
        var subCriteria = (await connection.QueryAsync<TenderSubCriterionRow>(SubCriteriaSql, new { tenderId })).ToList();
        return new TenderDetails(tender, lots, items, criteria, subCriteria);
    }

    public Task<TenderRow?> GetTenderAsync(DbConnection connection, DbTransaction? transaction, long tenderId) =>
        connection.QuerySingleOrDefaultAsync<TenderRow>(GetTenderSql, new { tenderId }, transaction);

    public async Task<IReadOnlyList<TenderRow>> ListForCampaignAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TenderRow>(ListForCampaignSql, new { campaignId })).ToList();
    }

    public async Task<IReadOnlyList<TenderRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TenderRow>(ListSql)).ToList();
    }

    public async Task<bool> TransitionAsync(DbConnection connection, DbTransaction transaction, TenderStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        // An unknown tender changes no row below (and the statement stays reachable by the SQL Server statement test).
        var procedure = await connection.QuerySingleOrDefaultAsync<long?>(ProcedureOfTenderSql, new { tenderId = change.TenderId }, transaction);
        var formalised = procedure is { } p && ProcedureChoice.Level((TenderProcedure)p) == Core.Procedures.RequiredProcedure.Formalised;
        var sources = TenderWorkflow.Sources(change.Transition, formalised).Select(s => (int)s).ToList();
        if (sources.Count == 0)
        {
            return false;
        }

        var changed = await connection.ExecuteAsync(
            TransitionSql,
            new
            {
                tenderId = change.TenderId,
                version = change.Version,
                sources,
                target = (int)TenderWorkflow.Target(change.Transition),
                reason = change.Transition is TenderTransition.DeclareUnsuccessful or TenderTransition.Abandon ? change.Reason : null,
                publishedAtUtc = change.Transition == TenderTransition.Publish ? change.PublishedAtUtc ?? change.NowUtc : (DateTime?)null,
                offerDeadlineUtc = change.Transition == TenderTransition.Publish ? change.OfferDeadlineUtc : null,
                offersOpenedAtUtc = change.Transition == TenderTransition.OpenOffers ? change.NowUtc : (DateTime?)null,
                caoDecisionDate = change.Transition == TenderTransition.RecordCommissionDecision ? change.CaoDecisionDate : null,
                caoDecision = change.Transition == TenderTransition.RecordCommissionDecision ? change.CaoDecision : null,
                nowUtc = change.NowUtc,
            },
            transaction);
        if (changed != 1)
        {
            return false;
        }

        if (change.Transition == TenderTransition.Publish)
        {
            // The snapshot is taken at publication: who takes part is decided on the publication's day (CampaignRules.LaunchDay).
            var tender = await GetTenderAsync(connection, transaction, change.TenderId);
            var campaign = tender is null ? null : await connection.QuerySingleOrDefaultAsync<CampaignDto>(CampaignForTenderSql, new { campaignId = tender.CampaignId }, transaction);
            if (tender is not null && campaign is not null)
            {
                var day = ParisTime.Day(tender.PublishedAtUtc ?? change.NowUtc);
                await TakeSnapshotAsync(connection, transaction, tender.Id, tender.CampaignId, campaign.PurchasingGroupId, day, change.NowUtc);
            }
        }

        return true;
    }

    public async Task<bool> TransitionAsync(TenderStateChange change, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await TransitionAsync(connection, transaction, change);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task<bool> ReplaceCriteriaAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, AwardCriteria criteria, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (!TenderScore.TryToScaled(criteria.MaxScore, out var maxScore))
        {
            throw new ArgumentException(TenderScore.TooManyDecimalsMessage, nameof(criteria));
        }

        var changed = await connection.ExecuteAsync(
            CriteriaHeaderSql,
            new { tenderId, version, formula = (int)criteria.Formula, maxScore, nowUtc, draft = (int)TenderStatus.Draft },
            transaction);
        if (changed != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(DeleteSubCriteriaSql, new { tenderId }, transaction);
        await connection.ExecuteAsync(DeleteCriteriaSql, new { tenderId }, transaction);
        for (var i = 0; i < criteria.Criteria.Count; i++)
        {
            var c = criteria.Criteria[i];
            var criterionId = await connection.ExecuteScalarAsync<long>(
                factory.Dialect.InsertReturningId("TenderCriteria", "TenderId, Code, Name, Kind, Weight, SortOrder", "@tenderId, @Code, @Name, @Kind, @Weight, @SortOrder"),
                new { tenderId, c.Code, c.Name, Kind = (int)c.Kind, c.Weight, SortOrder = i },
                transaction);
            if (c.SubCriteria.Count == 0)
            {
                continue;
            }

            await connection.ExecuteAsync(
                InsertSubCriterionSql,
                c.SubCriteria.Select((s, j) => new
                {
                    CriterionId = criterionId,
                    TenderId = tenderId,
                    s.Code,
                    s.Name,
                    s.Weight,
                    MaxScoreTenThousandths = TenderScore.TryToScaled(s.MaxScore, out var scaled) ? scaled : throw new ArgumentException(TenderScore.TooManyDecimalsMessage, nameof(criteria)),
                    SortOrder = j,
                }),
                transaction);
        }

        return true;
    }

    public async Task<bool> ReplaceCriteriaAsync(long tenderId, int version, AwardCriteria criteria, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await ReplaceCriteriaAsync(connection, transaction, tenderId, version, criteria, nowUtc);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task<bool> UpdateDraftAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, string subject, int durationMonths, TenderProcedure procedure, DateTime nowUtc) =>
        await connection.ExecuteAsync(
            UpdateDraftSql,
            new { tenderId, version, subject, durationMonths, procedure = (int)procedure, nowUtc, draft = (int)TenderStatus.Draft },
            transaction) == 1;

    public async Task<bool> UpdateLotAsync(DbConnection connection, DbTransaction transaction, long tenderId, long lotId, string cpvCode, TenderProcedure procedure) =>
        await connection.ExecuteAsync(UpdateLotSql, new { tenderId, lotId, cpvCode, procedure = (int)procedure }, transaction) == 1;

    public async Task<bool> SetElectronicOffersAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, bool electronicOffers, DateTime nowUtc) =>
        await connection.ExecuteAsync(
            SetElectronicOffersSql,
            new { tenderId, version, electronicOffers, nowUtc, draft = (int)TenderStatus.Draft },
            transaction) == 1;

    public async Task<bool> UpdateDecpAsync(DbConnection connection, DbTransaction transaction, long tenderId, int version, DecpFields decp, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(decp);
        return await connection.ExecuteAsync(
            UpdateDecpSql,
            WithDecp(new { tenderId, version, nowUtc }, decp),
            transaction) == 1;
    }

    /// <summary>The given parameters plus the DECP 2.0.3 fields, lists joined as stored (the insert and the update share them).</summary>
    private static DynamicParameters WithDecp(object values, DecpFields decp)
    {
        var parameters = new DynamicParameters(values);
        parameters.AddDynamicParams(new
        {
            Techniques = DecpCodes.Join(decp.Techniques),
            ModalitesExecution = DecpCodes.Join(decp.ModalitesExecution),
            decp.MarcheInnovant,
            decp.Ccag,
            decp.AttributionAvance,
            decp.TypeGroupementOperateurs,
            decp.LieuExecutionCode,
            decp.LieuExecutionTypeCode,
            TypesPrix = DecpCodes.Join(decp.TypesPrix),
            decp.FormePrix,
            ConsiderationsSociales = DecpCodes.Join(decp.ConsiderationsSociales),
            ConsiderationsEnvironnementales = DecpCodes.Join(decp.ConsiderationsEnvironnementales),
        });
        return parameters;
    }

    public async Task<IReadOnlyList<TenderMemberQuantityRow>> MemberQuantitiesAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TenderMemberQuantityRow>(MemberQuantitiesSql, new { tenderId })).ToList();
    }

    private sealed class FormCountDto
    {
        public long Status { get; set; }

        public long Forms { get; set; }
    }

    private sealed class CampaignDto
    {
        public long Id { get; set; }

        public long PurchasingGroupId { get; set; }

        public long Status { get; set; }

        public long Nature { get; set; }

        public long ContractForm { get; set; }
    }
}
