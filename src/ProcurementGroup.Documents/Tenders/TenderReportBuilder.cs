using System.Globalization;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Documents.Tenders;

/// <summary>What the analysis report says of the tender and lot, besides the scoring.</summary>
public sealed record AnalysisReportHeader(
    DocumentParty Coordinator, string TenderReference, string TenderObject, int LotNumber, string LotTitle, TenderProcedure Procedure, DateOnly Date, string Officer);

/// <summary>
/// Builds the tender documents' models from Core's results, so that the tender pages and the PDFs print the same
/// figures: the analysis report from <see cref="LotScoring"/>'s <see cref="LotScore"/>, then the rejection letters and
/// the presentation report's lots from that report. Exact values are kept (decimal); documents show two decimals.
/// </summary>
public static class TenderReportBuilder
{
    public const string NoAwardeeMessage = "Aucune offre n'est classée seule en première position : départagez l'égalité avant d'écrire les lettres de rejet.";

    /// <param name="justifications">The officers' written justification of each score, by offer id then scored item code.</param>
    /// <param name="recordedAwardeeOfferId">The awardee the officer recorded, if any; printed apart with <paramref name="awardeeReason"/> when not the proposed offer.</param>
    public static AnalysisReportModel AnalysisReport(
        AnalysisReportHeader header,
        AwardCriteria criteria,
        LotScore score,
        IReadOnlyDictionary<long, IReadOnlyDictionary<string, string>>? justifications = null,
        long? recordedAwardeeOfferId = null,
        string? awardeeReason = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(score);
        justifications ??= new Dictionary<long, IReadOnlyDictionary<string, string>>();

        var ranked = score.Ranked.ToList();
        var order = ranked
            .Concat(score.Offers.Where(o => o.Rank is null && o.ExclusionReason is null).OrderBy(o => o.Offer.SupplierName, StringComparer.Ordinal))
            .Concat(score.Offers.Where(o => o.ExclusionReason is not null).OrderBy(o => o.Offer.SupplierName, StringComparer.Ordinal))
            .ToList();
        var offers = order.ToDictionary(o => o.Offer.OfferId, o => Offer(o, criteria, justifications.GetValueOrDefault(o.Offer.OfferId)));
        var names = score.Offers.ToDictionary(o => o.Offer.OfferId, o => o.Offer.SupplierName);

        var ties = ranked
            .Where(o => o.Tied && o.Total is not null)
            .GroupBy(o => o.Total!.Value)
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var settlement = g.Select(o => o.Settlement).FirstOrDefault(s => s is not null);
                return new ReportTie(
                    g.Select(o => o.Offer.SupplierName).OrderBy(n => n, StringComparer.Ordinal).ToList(),
                    g.Key.ToDecimal(),
                    settlement is null ? null : names[settlement.WinnerOfferId],
                    settlement?.Reason);
            })
            .ToList();

        return new AnalysisReportModel
        {
            Coordinator = header.Coordinator,
            TenderReference = header.TenderReference,
            TenderObject = header.TenderObject,
            LotNumber = header.LotNumber,
            LotTitle = header.LotTitle,
            Procedure = ProcedureChoice.Label(header.Procedure),
            PriceFormula = CriteriaRules.Label(criteria.Formula),
            MaxScore = criteria.MaxScore,
            Criteria = criteria.Criteria
                .Select(c => new ReportCriterion(c.Name, KindLabel(c.Kind), c.Weight, c.SubCriteria.Select(s => new ReportSubCriterion(s.Name, s.Weight, s.MaxScore)).ToList()))
                .ToList(),
            Offers = order.Select(o => offers[o.Offer.OfferId]).ToList(),
            Ties = ties,
            ProposedAwardee = score.ProposedAwardee is { } awardee ? offers[awardee.Offer.OfferId] : null,
            RecordedAwardee = recordedAwardeeOfferId is { } recorded && recorded != score.ProposedAwardee?.Offer.OfferId && offers.TryGetValue(recorded, out var chosen) ? chosen : null,
            AwardeeReason = recordedAwardeeOfferId is { } other && other != score.ProposedAwardee?.Offer.OfferId ? awardeeReason : null,
            Date = header.Date,
            Officer = header.Officer,
        };
    }

    /// <summary>
    /// The letter to one unsuccessful bidder of the report's lot, sent on <paramref name="sentOn"/> by
    /// <paramref name="channel"/>: its reasons, the awardee and the bidder's scores as in the report, and the earliest
    /// signature date from <see cref="AwardRules.EarliestSignature"/> (none for a procedure that is not formalised).
    /// </summary>
    /// <exception cref="InvalidOperationException">The report has no proposed awardee (<see cref="NoAwardeeMessage"/>), or the bidder is the awardee.</exception>
    public static RejectionLetterModel RejectionLetter(
        AnalysisReportModel report, ReportOffer bidder, DocumentParty bidderAddress, bool formalised, DateOnly sentOn, LetterChannel channel, string place, string signatory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(bidder);
        var awardee = report.Awardee ?? throw new InvalidOperationException(NoAwardeeMessage);
        if (ReferenceEquals(awardee, bidder))
        {
            throw new InvalidOperationException($"{bidder.SupplierName} is the awardee of lot {report.LotNumber}: it gets no rejection letter.");
        }

        return new RejectionLetterModel
        {
            Coordinator = report.Coordinator,
            Place = place,
            Date = sentOn,
            Bidder = bidderAddress,
            TenderReference = report.TenderReference,
            TenderObject = report.TenderObject,
            LotNumber = report.LotNumber,
            LotTitle = report.LotTitle,
            Reasons = Reasons(report, bidder, awardee),
            AwardeeName = awardee.SupplierName,
            AwardeeTotal = awardee.Total ?? 0,
            AwardeeAmountCents = awardee.DqeTotalCents,
            AwardeeReason = report.RecordedAwardee is null ? null : report.AwardeeReason,
            BidderScores = bidder.Scores,
            BidderTotal = bidder.Total,
            EarliestSignature = AwardRules.EarliestSignature(formalised, report.Offers.Count, sentOn, channel),
            Signatory = signatory,
        };
    }

    /// <summary>The presentation report's view of one lot: offers received (late ones counted), awardee, amount, and the others' reasons.</summary>
    public static PresentationLot PresentationLot(AnalysisReportModel report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var awardee = report.Awardee;
        return new PresentationLot(
            report.LotNumber,
            report.LotTitle,
            report.Procedure,
            report.Offers.Count,
            report.Offers.Count(o => o.Late),
            awardee?.SupplierName,
            awardee?.DqeTotalCents,
            awardee?.Total,
            report.Offers
                .Where(o => !ReferenceEquals(o, awardee))
                .Select(o => new PresentationRejection(o.SupplierName, string.Join(" ", awardee is null ? [Unscored(o)] : Reasons(report, o, awardee))))
                .ToList());
    }

    public static string KindLabel(CriterionKind kind) => kind switch
    {
        CriterionKind.Price => "Prix",
        CriterionKind.Environmental => "Performances environnementales",
        _ => "Valeur technique",
    };

    /// <summary>« 1re », « 2e »… (of an offer, feminine).</summary>
    public static string Ordinal(int rank) => rank == 1 ? "1re" : rank.ToString(CultureInfo.InvariantCulture) + "e";

    private static IReadOnlyList<string> Reasons(AnalysisReportModel report, ReportOffer bidder, ReportOffer awardee)
    {
        if (bidder.ExclusionReason is { } excluded)
        {
            return [$"Votre offre a été écartée. {excluded}"];
        }

        if (bidder.Rank is not { } rank || bidder.Total is not { } total)
        {
            return [Unscored(bidder)];
        }

        var scored = report.Offers.Count(o => o.Rank is not null);
        var reasons = new List<string>
        {
            $"Votre offre est classée {Ordinal(rank)} sur {scored.ToString(CultureInfo.InvariantCulture)} offres notées, avec une note de {ScoreDisplay.Format(total)} / 100 ; " +
            $"l'offre retenue obtient {ScoreDisplay.Format(awardee.Total ?? 0)} / 100, au regard des critères annoncés.",
        };
        if (report.Ties.FirstOrDefault(t => t.Suppliers.Contains(bidder.SupplierName)) is { Winner: { } winner, Reason: { } reason })
        {
            reasons.Add($"Votre offre était à égalité de note ({ScoreDisplay.Format(total)} / 100) : l'égalité a été départagée en faveur de {winner}. Motif : {reason}");
        }

        return reasons;
    }

    /// <summary>The price score's justification: the announced formula, whose full statement is in the criteria section.</summary>
    private static string PriceJustification(PriceFormula formula) => formula == PriceFormula.Linear ? "Formule linéaire" : "Formule proportionnelle";

    private static string Unscored(ReportOffer offer) =>
        offer.ExclusionReason ?? (offer.Rank is { } rank ? $"Classée {Ordinal(rank)} avec {ScoreDisplay.Format(offer.Total ?? 0)} / 100." : "Offre non notée.");

    private static ReportOffer Offer(ScoredOffer scored, AwardCriteria criteria, IReadOnlyDictionary<string, string>? justifications)
    {
        var low = scored.AbnormallyLowFlag
            ? new ReportAbnormallyLow(
                scored.Offer.AbnormallyLowDecision?.Justification,
                scored.Offer.AbnormallyLowDecision?.Outcome switch
                {
                    AbnormallyLowOutcome.Kept => "Conservée après justification",
                    AbnormallyLowOutcome.Rejected => "Rejetée",
                    _ => "En attente de décision",
                })
            : null;
        var items = scored.Scores
            .Select(s => new ReportItemScore(
                s.Item.Name,
                s.Score.ToDecimal(),
                s.Item.MaxScore,
                s.Weighted.ToDecimal(),
                s.Item.Kind == CriterionKind.Price ? PriceJustification(criteria.Formula) : justifications?.GetValueOrDefault(s.Item.Code)))
            .ToList();
        return new ReportOffer(
            scored.Offer.SupplierName,
            scored.Offer.DqeTotal.Cents,
            scored.PriceScoreValue,
            items,
            scored.TotalValue,
            scored.Rank,
            scored.Tied,
            scored.ExclusionReason,
            low,
            scored.Offer.LateReason is not null);
    }
}
