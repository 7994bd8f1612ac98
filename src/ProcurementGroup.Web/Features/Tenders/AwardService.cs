using System.Data.Common;
using System.Globalization;
using MiniExcelLibs;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Documents.Tenders;
using ProcurementGroup.Documents;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// One lot as the award sees it: the tender, the lot, its offers scored by Core (<see cref="LotScoring"/>), the award
/// recorded (awardee, certificates, letters, avis d'attribution) and the contract once signed.
/// </summary>
public sealed record AwardLot(
    TenderDetails Details,
    TenderLotRow Lot,
    AwardCriteria Criteria,
    LotScore Score,
    IReadOnlyList<OfferWithDqe> Offers,
    TenderAwardRow? Award,
    ContractRow? Contract,
    IReadOnlySet<long> SignedLotIds)
{
    public TenderRow Tender => Details.Tender;

    /// <summary>Bidders of the lot: every offer received, as the rejection letters count them.</summary>
    public int Bidders => Score.Offers.Count;

    public bool Formalised => ProcedureChoice.Level(Lot.ProcedureType) == RequiredProcedure.Formalised;

    public ScoredOffer? Awardee => Award is { } a ? Score.Offers.FirstOrDefault(o => o.Offer.OfferId == a.AwardeeOfferId) : Score.ProposedAwardee;

    public DateOnly? EarliestSignature => Award is { RejectionLettersSentOn: { } sent, RejectionLettersChannel: { } channel }
        ? AwardRules.EarliestSignature(Formalised, Bidders, sent, channel)
        : null;

    public bool StandstillApplies => AwardRules.StandstillApplies(Formalised, Bidders);

    /// <summary>The awardee was chosen other than the proposed offer (its reason is <see cref="AwardeeReason"/>).</summary>
    public bool AwardeeDeviates => Award is { } a && a.AwardeeOfferId != Score.ProposedAwardee?.Offer.OfferId;

    /// <summary>The reason stored with the award (TenderAwards.AwardeeReason) when its awardee is not the proposed offer, else null.</summary>
    public string? AwardeeReason => AwardeeDeviates ? Award!.AwardeeReason : null;

    /// <summary>Core's rule: a letter for this offer once the award is recorded and justified (<see cref="AwardRules.RejectionLetterAllowed"/>).</summary>
    public bool RejectionLetterAllowed(long offerId) =>
        AwardRules.RejectionLetterAllowed(Award?.AwardeeOfferId, Score.ProposedAwardee?.Offer.OfferId, AwardeeReason, offerId);
}

/// <summary>A member's share of one contract, per item and in total (Core <see cref="MemberShares"/>).</summary>
public sealed record ContractShare(long ContractId, string Reference, int DurationMonths, IReadOnlyList<(MemberContractLineRow Line, Core.Money.Money Amount)> Items, Core.Money.Money Total);

/// <summary>
/// The award of each lot and its contract (issue 8 items 7 to 9): the rules are Core's (<see cref="AwardRules"/>,
/// <see cref="ContractReference"/>, <see cref="MemberShares"/>, <see cref="Savings"/>); this reads, checks the typed
/// values, writes and audits in one transaction, and renders the documents from the stored data.
/// </summary>
public sealed class AwardService(
    IDbConnectionFactory factory,
    ITenderRepository tenders,
    IOfferRepository offers,
    IAwardRepository awards,
    IContractRepository contracts,
    ISupplierRepository suppliers,
    ICoordinatorRepository coordinator,
    IAuditTrail audit,
    TenderTemplates templates,
    OpenDataCheck openData,
    TimeProvider clock)
{
    public const string AwardEntity = "TenderAward";
    public const string ContractEntity = "Contract";
    public const string IncompleteMessage =
        "L'évaluation du lot n'est pas terminée (offres à noter, offre anormalement basse à décider ou égalité à départager) : l'attribution attendra.";
    public const string AwardFirstMessage = "Enregistrez d'abord l'attribution du lot (attributaire, attestations et lettres de rejet).";
    public const string AlreadySignedMessage = "Le marché de ce lot est déjà signé.";
    public const string FutureDateMessage = "Cette date ne peut pas être postérieure à aujourd'hui.";
    public const string DateMessage = "Saisissez une date au format JJ/MM/AAAA.";
    public const string ReferenceTakenMessage = "Cette référence est déjà celle d'un autre marché.";

    public DateOnly Today => DateOnly.FromDateTime(ParisTime.FromUtc(clock.GetUtcNow().UtcDateTime));

    /// <summary>The lot, or null when it does not exist or its tender's offers are not opened yet (nothing of an offer shows before).</summary>
    public async Task<AwardLot?> LoadAsync(long tenderLotId, CancellationToken cancellationToken = default)
    {
        if (await awards.TenderIdOfLotAsync(tenderLotId, cancellationToken) is not { } tenderId
            || await tenders.GetAsync(tenderId, cancellationToken) is not { } details
            || details.Tender.OffersOpenedAtUtc is null
            || await offers.LoadLotScoringAsync(tenderId, tenderLotId, cancellationToken) is not { } scoring)
        {
            return null;
        }

        var input = scoring.Lots.Single(l => l.Lot.Id == tenderLotId);
        var score = LotScoring.Score(scoring.Criteria, input.Offers, input.Settlements, scoring.LowRule);
        var contracts = await awards.ContractsOfTenderAsync(tenderId, cancellationToken);
        var award = (await awards.AwardsOfTenderAsync(tenderId, cancellationToken)).SingleOrDefault(a => a.TenderLotId == tenderLotId);
        return new AwardLot(
            details,
            input.Lot,
            scoring.Criteria,
            score,
            await offers.ListForLotAsync(tenderLotId, cancellationToken),
            award,
            contracts.SingleOrDefault(c => c.TenderLotId == tenderLotId),
            contracts.Select(c => c.TenderLotId).ToHashSet());
    }

    /// <summary>Records the awardee, the certificates, the rejection letters and (formalised procedure) the avis d'attribution.</summary>
    public async Task<SaveResult> SaveAwardAsync(long tenderLotId, AwardForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await LoadAsync(tenderLotId, cancellationToken) is not { } lot)
        {
            return SaveResult.Missing;
        }

        if (StateMessage(lot) is { } state)
        {
            return SaveResult.Invalid(string.Empty, state);
        }

        if (!lot.Score.IsComplete)
        {
            return SaveResult.Invalid(string.Empty, IncompleteMessage);
        }

        var errors = new List<(string, string)>();
        var today = Today;
        var tax = OptionalDate(form.TaxCertificateReceivedOn, nameof(form.TaxCertificateReceivedOn), today, errors);
        var social = OptionalDate(form.SocialCertificateReceivedOn, nameof(form.SocialCertificateReceivedOn), today, errors);
        var letters = OptionalDate(form.RejectionLettersSentOn, nameof(form.RejectionLettersSentOn), today, errors);
        var notice = OptionalDate(form.AwardNoticeSentOn, nameof(form.AwardNoticeSentOn), today, errors);
        LetterChannel? channel = form.RejectionLettersChannel is LetterChannel.Electronic or LetterChannel.Post ? form.RejectionLettersChannel : null;
        if (letters is not null && channel is null)
        {
            errors.Add((nameof(form.RejectionLettersChannel), "Indiquez si les lettres de rejet ont été envoyées par voie électronique ou par courrier."));
        }

        var awardee = lot.Score.Ranked.FirstOrDefault(o => o.Offer.OfferId == form.AwardeeOfferId && o.ExclusionReason is null);
        var proposedId = lot.Score.ProposedAwardee?.Offer.OfferId;
        var reason = form.AwardeeReason?.Trim();
        if (awardee is null)
        {
            errors.Add((nameof(form.AwardeeOfferId), "Choisissez l'attributaire parmi les offres classées du lot."));
        }
        else if (AwardRules.CheckAwardee(proposedId, awardee.Offer.OfferId, reason) is { } refusal)
        {
            errors.Add((nameof(form.AwardeeReason), refusal));
        }

        // Kept only for an awardee other than the proposed offer: the proposed one needs no reason.
        var storedReason = awardee is not null && awardee.Offer.OfferId != proposedId ? reason : null;

        if (notice is not null && !lot.Formalised)
        {
            errors.Add((nameof(form.AwardNoticeSentOn), "L'avis d'attribution n'est requis que pour une procédure formalisée (R2183-1)."));
        }
        else if (notice is { } n && (lot.Contract is not { } signed || n < signed.SignedOn))
        {
            errors.Add((nameof(form.AwardNoticeSentOn), "L'avis d'attribution est envoyé après la signature du marché."));
        }

        if (lot.Contract is not null && (awardee?.Offer.OfferId != lot.Award?.AwardeeOfferId || tax != lot.Award?.TaxCertificateReceivedOn
            || social != lot.Award?.SocialCertificateReceivedOn || letters != lot.Award?.RejectionLettersSentOn || channel != lot.Award?.RejectionLettersChannel
            || storedReason != lot.Award?.AwardeeReason))
        {
            errors.Add((string.Empty, "Le marché est signé : seule la date de l'avis d'attribution peut encore être enregistrée."));
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = lot.Award;
        var row = new TenderAwardRow
        {
            Id = before?.Id ?? 0,
            TenderLotId = tenderLotId,
            AwardeeOfferId = awardee!.Offer.OfferId,
            TaxCertificateReceivedOn = tax,
            SocialCertificateReceivedOn = social,
            RejectionLettersSentOn = letters,
            RejectionLettersChannel = letters is null ? null : channel,
            AwardNoticeSentOn = notice,
            AwardeeReason = storedReason,
            Version = form.Version,
            CreatedAtUtc = before?.CreatedAtUtc ?? now,
            UpdatedAtUtc = now,
        };
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (before is null)
        {
            if (form.Version != 0)
            {
                return SaveResult.Conflicted;
            }

            try
            {
                row.Id = await awards.InsertAwardAsync(connection, tx, row);
            }
            catch (DbException)
            {
                // Someone recorded the award of this lot meanwhile (one award per lot).
                return SaveResult.Conflicted;
            }

            row.Version = 1;
        }
        else
        {
            if (!await awards.UpdateAwardAsync(connection, tx, row))
            {
                return SaveResult.Conflicted;
            }

            row.Version++;
        }

        // The entry names the reason with the rest of the row (a history; the page and the documents read the column).
        await audit.WriteAsync(connection, tx, AwardEntity, row.Id, before is null ? "Created" : "Updated", before, row);

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(row.Id);
    }

    /// <summary>Signs the lot's contract: refused before the end of the standstill or without the certificates (Core <see cref="AwardRules.CheckSigning"/>).</summary>
    public async Task<SaveResult> SignAsync(long tenderLotId, SignContractForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await LoadAsync(tenderLotId, cancellationToken) is not { } lot)
        {
            return SaveResult.Missing;
        }

        if (lot.Contract is not null)
        {
            return SaveResult.Invalid(string.Empty, AlreadySignedMessage);
        }

        if (StateMessage(lot) is { } state)
        {
            return SaveResult.Invalid(string.Empty, state);
        }

        if (lot.Award is not { } award || lot.Awardee is not { } awardee)
        {
            return SaveResult.Invalid(string.Empty, AwardFirstMessage);
        }

        var errors = new List<(string, string)>();
        var today = Today;
        var reference = ContractReference.Normalize(form.Reference);
        if (reference is null)
        {
            errors.Add((nameof(form.Reference), ContractReference.Message));
        }

        var signedOn = RequiredDate(form.SignedOn, nameof(form.SignedOn), today, errors);
        var notifiedOn = OptionalDate(form.NotifiedOn, nameof(form.NotifiedOn), today, errors);
        if (signedOn is { } s && ContractRecordRules.CheckDates(s, notifiedOn, null).Notified is { } notifiedProblem)
        {
            errors.Add((nameof(form.NotifiedOn), notifiedProblem));
        }

        if (!ContractRecordRules.IsDuration(form.DurationMonths))
        {
            errors.Add((nameof(form.DurationMonths), ContractRecordRules.DurationMessage));
        }

        long amountCents = 0;
        if (ContractRecordRules.AmountCents(form.Amount, out var amountProblem) is { } cents)
        {
            amountCents = cents;
        }
        else
        {
            errors.Add((nameof(form.Amount), amountProblem!));
        }

        var cpv = CpvCode.Normalize(form.CpvCode);
        if (cpv is null)
        {
            errors.Add((nameof(form.CpvCode), CpvCode.Message));
        }

        if (!SignContractForm.PriceForms.Contains(form.PriceForm ?? string.Empty, StringComparer.Ordinal))
        {
            errors.Add((nameof(form.PriceForm), "Choisissez la forme du prix : unitaire, forfaitaire ou mixte."));
        }

        if (signedOn is { } signature)
        {
            foreach (var message in AwardRules.CheckSigning(
                lot.Formalised, lot.Bidders, signature, award.RejectionLettersSentOn, award.RejectionLettersChannel ?? LetterChannel.Electronic, award.TaxCertificateReceivedOn, award.SocialCertificateReceivedOn))
            {
                errors.Add((nameof(form.SignedOn), message));
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var supplierId = lot.Offers.Single(o => o.Offer.Id == awardee.Offer.OfferId).Offer.SupplierId;
        var now = clock.GetUtcNow().UtcDateTime;
        var contract = new ContractRow
        {
            TenderLotId = tenderLotId,
            Reference = reference!,
            SupplierId = supplierId,
            SignedOn = signedOn!.Value,
            NotifiedOn = notifiedOn,
            DurationMonths = form.DurationMonths!.Value,
            AmountCents = amountCents,
            IsMaximum = ContractRules.IsFramework(lot.Tender.ContractForm),
            CpvCode = cpv!,
            PriceForm = form.PriceForm!,
            Version = 1,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await awards.ContractReferenceTakenAsync(connection, tx, contract.Reference))
        {
            return SaveResult.Invalid(nameof(form.Reference), ReferenceTakenMessage);
        }

        try
        {
            contract.Id = await awards.InsertContractAsync(connection, tx, contract);
        }
        catch (DbException)
        {
            // Signed meanwhile by someone else, or the same reference taken meanwhile: nothing was written.
            return SaveResult.Conflicted;
        }

        // The contract's BPU is the awarded offer's unit prices, and who takes part the tender's snapshot quantities.
        await contracts.CopyFromAwardAsync(connection, tx, contract.Id, tenderLotId, awardee.Offer.OfferId);
        await audit.WriteAsync(connection, tx, ContractEntity, contract.Id, "Signed", null, contract);

        // The last lot signed: the tender is awarded, in the same transaction (guarded again by the SQL update).
        if (lot.Details.Lots.All(l => l.Id == tenderLotId || lot.SignedLotIds.Contains(l.Id)) && lot.Tender.State != TenderStatus.Awarded)
        {
            if (!await tenders.TransitionAsync(connection, tx, new TenderStateChange(lot.Tender.Id, lot.Tender.Version, TenderTransition.Award, now)))
            {
                return SaveResult.Conflicted;
            }

            await audit.WriteAsync(connection, tx, "Tender", lot.Tender.Id, TenderTransition.Award.ToString(), new { lot.Tender.State }, new { State = TenderStatus.Awarded });
        }

        await tx.CommitAsync(cancellationToken);
        await openData.CheckContractAsync(contract.Id, cancellationToken); // issue 10: validated when signed, result stored
        return SaveResult.Ok(contract.Id);
    }

    /// <summary>
    /// Null when the lot may be awarded now: after the evaluation (Core <see cref="TenderWorkflow"/>: the award follows
    /// « évaluée », and for a formalised procedure the commission's decision), or once the tender is awarded.
    /// </summary>
    public string? StateMessage(AwardLot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        return lot.Tender.State == TenderStatus.Awarded
            ? null
            : TenderWorkflow.Check(lot.Tender.State, TenderTransition.Award, lot.Tender.Formalised, clock.GetUtcNow().UtcDateTime, lot.Tender.OfferDeadlineUtc);
    }

    /// <summary>The form's first values: the proposed awardee, or what was recorded.</summary>
    public static AwardForm AwardFormFor(AwardLot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        return new AwardForm
        {
            AwardeeOfferId = lot.Award?.AwardeeOfferId ?? lot.Score.ProposedAwardee?.Offer.OfferId ?? 0,
            TaxCertificateReceivedOn = FrenchDate.ForInput(lot.Award?.TaxCertificateReceivedOn),
            SocialCertificateReceivedOn = FrenchDate.ForInput(lot.Award?.SocialCertificateReceivedOn),
            RejectionLettersSentOn = FrenchDate.ForInput(lot.Award?.RejectionLettersSentOn),
            RejectionLettersChannel = lot.Award?.RejectionLettersChannel,
            AwardNoticeSentOn = FrenchDate.ForInput(lot.Award?.AwardNoticeSentOn),
            AwardeeReason = lot.AwardeeReason,
            Version = lot.Award?.Version ?? 0,
        };
    }

    /// <summary>The contract form's first values, from the tender: its duration, the lot's maximum (accord-cadre) or the awardee's DQE, CPV and price form.</summary>
    public static SignContractForm ContractFormFor(AwardLot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var amount = ContractRules.IsFramework(lot.Tender.ContractForm) && lot.Lot.MaximumCents is { } max ? max : lot.Awardee?.Offer.DqeTotal.Cents ?? 0;
        return new SignContractForm
        {
            DurationMonths = lot.Tender.DurationMonths,
            Amount = amount > 0 ? FrenchNumber.ForSpreadsheet(amount / 100m) : string.Empty,
            CpvCode = lot.Lot.CpvCode,
            PriceForm = string.IsNullOrEmpty(lot.Tender.FormePrix) ? DecpCodes.FormePrixUnitaire : lot.Tender.FormePrix,
        };
    }

    /// <summary>Estimated value of a lot from the snapshot: the catalogue's estimated unit prices × snapshot quantities, by the DQE rule.</summary>
    public static Core.Money.Money EstimatedValue(TenderDetails details, long tenderLotId)
    {
        ArgumentNullException.ThrowIfNull(details);
        return Dqe.Total(
            details.Items.Where(i => i.TenderLotId == tenderLotId)
                .Select(i => new DqeLine(i.Id, new UnitPrice(i.EstimatedUnitPriceCents * 100), i.QuantityMilli, i.PricePeriod, i.QuantityBasis)),
            details.Tender.DurationMonths);
    }

    /// <summary>Savings of the awarded lots of a tender and their total; null when the tender does not exist or its offers are not opened.</summary>
    public async Task<(TenderDetails Details, IReadOnlyList<(TenderLotRow Lot, Saving Saving)> Lots, Saving Total)?> SavingsAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        if (await tenders.GetAsync(tenderId, cancellationToken) is not { } details
            || details.Tender.OffersOpenedAtUtc is null
            || await offers.LoadScoringAsync(tenderId, cancellationToken) is not { } scoring)
        {
            return null;
        }

        var awarded = (await awards.AwardsOfTenderAsync(tenderId, cancellationToken)).ToDictionary(a => a.TenderLotId);
        var lots = details.Lots
            .Where(l => awarded.ContainsKey(l.Id))
            .OrderBy(l => l.LotNumber)
            .Select(l => (Lot: l, Estimated: EstimatedValue(details, l.Id), Awarded: scoring.Lots.Single(s => s.Lot.Id == l.Id).Offers.Single(o => o.OfferId == awarded[l.Id].AwardeeOfferId).DqeTotal))
            .ToList();
        var (savings, total) = Savings.Compute(lots.Select(l => (l.Lot.LotNumber, l.Estimated, l.Awarded)));
        return (details, lots.Zip(savings, (l, s) => (l.Lot, s)).ToList(), total);
    }

    public static readonly IReadOnlyList<string> SavingsHeaders = ["Lot", "Intitulé", "Valeur estimée HT (€)", "Valeur attribuée HT (€)", "Économie HT (€)", "Économie (%)"];

    public async Task<byte[]?> SavingsXlsxAsync(long tenderId, CancellationToken cancellationToken = default)
    {
        if (await SavingsAsync(tenderId, cancellationToken) is not { } savings)
        {
            return null;
        }

        var rows = savings.Lots
            .Select(l => new object?[] { l.Lot.LotNumber, l.Lot.Title, l.Saving.Estimated.Cents / 100m, l.Saving.Awarded.Cents / 100m, l.Saving.Amount.Cents / 100m, Percent(l.Saving) })
            .Append(["Total", savings.Details.Tender.Reference, savings.Total.Estimated.Cents / 100m, savings.Total.Awarded.Cents / 100m, savings.Total.Amount.Cents / 100m, Percent(savings.Total)]);
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(SpreadsheetWriter.Sheet(SavingsHeaders, rows), sheetName: "Économies", excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    private static decimal? Percent(Saving saving) => saving.Percent is { } p ? decimal.Round(p, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>The member's shares of every signed contract (its snapshot quantities × awarded unit prices).</summary>
    public async Task<IReadOnlyList<ContractShare>> SharesAsync(long memberId, CancellationToken cancellationToken = default)
    {
        var lines = await awards.MemberContractLinesAsync(memberId, cancellationToken);
        return lines.GroupBy(l => l.ContractId).Select(g =>
        {
            var list = g.ToList();
            var share = MemberShares.Compute(list.Select(l => l.ToShareLine()), list[0].DurationMonths);
            return new ContractShare(g.Key, list[0].ContractReference, list[0].DurationMonths, list.Zip(share.Items, (l, i) => (l, i.Amount)).ToList(), share.Total);
        }).ToList();
    }

    /// <summary>The rapport d'analyse des offres of the lot, from the stored scores and justifications.</summary>
    public async Task<(AnalysisReportModel Model, AwardLot Lot)?> AnalysisReportAsync(long tenderLotId, string officer, CancellationToken cancellationToken = default)
    {
        if (await LoadAsync(tenderLotId, cancellationToken) is not { } lot)
        {
            return null;
        }

        var justifications = new Dictionary<long, IReadOnlyDictionary<string, string>>();
        foreach (var offer in lot.Offers)
        {
            justifications[offer.Offer.Id] = (await offers.ScoresAsync(offer.Offer.Id, cancellationToken))
                .GroupBy(s => s.Code, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Justification, StringComparer.Ordinal);
        }

        var header = new AnalysisReportHeader(
            await CoordinatorAsync(cancellationToken), lot.Tender.Reference, lot.Tender.Object, lot.Lot.LotNumber, lot.Lot.Title, lot.Lot.ProcedureType, Today, officer);
        return (TenderReportBuilder.AnalysisReport(header, lot.Criteria, lot.Score, justifications, lot.Award?.AwardeeOfferId, lot.AwardeeReason), lot);
    }

    public async Task<(byte[] Pdf, string FileName)?> AnalysisReportPdfAsync(long tenderLotId, string officer, CancellationToken cancellationToken = default) =>
        await AnalysisReportAsync(tenderLotId, officer, cancellationToken) is { } report
            ? (AnalysisReportDocument.Render(report.Model, templates), AnalysisReportDocument.FileName(report.Model))
            : null;

    /// <summary>
    /// The rejection letter of one unsuccessful offer; null when the offer is unknown, sealed, the awardee's, no awardee is
    /// recorded yet, or the recorded awardee is not the proposed offer and has no reason (Core <see cref="AwardRules.RejectionLetterAllowed"/>).
    /// </summary>
    public async Task<(byte[] Pdf, string FileName)?> RejectionLetterPdfAsync(long offerId, string officer, CancellationToken cancellationToken = default)
    {
        if (await offers.GetAsync(offerId, cancellationToken) is not { } offer
            || await AnalysisReportAsync(offer.TenderLotId, officer, cancellationToken) is not { } report
            || report.Lot.Award is not { } award
            || !report.Lot.RejectionLetterAllowed(offerId)
            || await suppliers.GetAsync(offer.SupplierId, cancellationToken) is not { } supplier)
        {
            return null;
        }

        // The report names offers by supplier: a supplier answers a lot once.
        var name = report.Lot.Score.Offers.Single(o => o.Offer.OfferId == offerId).Offer.SupplierName;
        if (report.Model.Offers.FirstOrDefault(o => o.SupplierName == name) is not { } bidder)
        {
            return null;
        }

        var model = TenderReportBuilder.RejectionLetter(
            report.Model,
            bidder,
            new DocumentParty(supplier.Name, DocumentParty.Address(supplier.AddressLine1, supplier.AddressLine2, supplier.PostalCode, supplier.City)),
            report.Lot.Formalised,
            award.RejectionLettersSentOn ?? Today,
            award.RejectionLettersChannel ?? LetterChannel.Electronic,
            (await coordinator.GetAsync(cancellationToken))?.City ?? string.Empty,
            officer);
        return (RejectionLetterDocument.Render(model, templates), RejectionLetterDocument.FileName(model));
    }

    /// <summary>The rapport de présentation (R2184-1) of a formalised procedure; null for a MAPA or before the opening.</summary>
    public async Task<(byte[] Pdf, string FileName)?> PresentationReportPdfAsync(long tenderId, string officer, CancellationToken cancellationToken = default)
    {
        if (await tenders.GetAsync(tenderId, cancellationToken) is not { } details || details.Tender.OffersOpenedAtUtc is null || !details.Tender.Formalised)
        {
            return null;
        }

        var lots = new List<PresentationLot>();
        foreach (var lot in details.Lots.OrderBy(l => l.LotNumber))
        {
            if (await AnalysisReportAsync(lot.Id, officer, cancellationToken) is { } report)
            {
                lots.Add(TenderReportBuilder.PresentationLot(report.Model));
            }
        }

        var t = details.Tender;
        var contracts = await awards.ContractsOfTenderAsync(tenderId, cancellationToken);
        var history = new List<PresentationEvent>();
        if (t.PublishedAtUtc is { } published)
        {
            history.Add(new PresentationEvent("Publication de l'avis d'appel public à la concurrence", AtUtc: published));
        }

        if (t.OfferDeadlineUtc is { } deadline)
        {
            history.Add(new PresentationEvent("Date limite de réception des offres", AtUtc: deadline));
        }

        history.Add(new PresentationEvent("Ouverture des offres", AtUtc: t.OffersOpenedAtUtc));
        if (t.CaoDecisionDate is { } cao)
        {
            history.Add(new PresentationEvent($"Décision de la commission d'appel d'offres : {t.CaoDecision}", cao));
        }

        foreach (var contract in contracts)
        {
            history.Add(new PresentationEvent($"Signature du marché {contract.Reference}", contract.SignedOn));
        }

        var model = new PresentationReportModel
        {
            Coordinator = await CoordinatorAsync(cancellationToken),
            TenderReference = t.Reference,
            TenderObject = t.Object,
            ObjectDetails =
            [
                ContractRules.Label(t.Nature),
                ContractRules.Label(t.ContractForm),
                $"Durée : {t.DurationMonths.ToString(CultureInfo.InvariantCulture)} mois",
            ],
            Procedure = ProcedureChoice.Label(t.ProcedureType),
            ProcedureJustification = "Procédure retenue au regard de la valeur estimée du besoin agrégé du groupement, comparée aux seuils de procédure formalisée (R2124-1 et R2124-2).",
            History = history,
            Lots = lots,
            Date = Today,
            Signatory = officer,
        };
        return (PresentationReportDocument.Render(model, templates), PresentationReportDocument.FileName(model));
    }

    private async Task<DocumentParty> CoordinatorAsync(CancellationToken cancellationToken) =>
        await coordinator.GetAsync(cancellationToken) is { } settings
            ? new DocumentParty(
                settings.Name,
                [.. settings.Siret is { Length: > 0 } siret ? new[] { "SIRET " + siret } : [], .. DocumentParty.Address(settings.AddressLine1, settings.AddressLine2, settings.PostalCode, settings.City)],
                settings.Logo)
            : new DocumentParty("Coordonnateur du groupement de commandes", []);

    private static DateOnly? OptionalDate(string? text, string field, DateOnly today, List<(string, string)> errors) =>
        string.IsNullOrWhiteSpace(text) ? null : RequiredDate(text, field, today, errors);

    private static DateOnly? RequiredDate(string? text, string field, DateOnly today, List<(string, string)> errors)
    {
        if (!FrenchDate.TryParse(text, out var date) || date.Year < 2000)
        {
            errors.Add((field, DateMessage));
            return null;
        }

        if (date > today)
        {
            errors.Add((field, FutureDateMessage));
            return null;
        }

        return date;
    }
}
