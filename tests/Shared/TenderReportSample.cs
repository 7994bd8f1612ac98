using System.Globalization;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Tenders;

namespace ProcurementGroup.Testing;

/// <summary>A lot of 30 offers scored by Core, as the analysis report's tests and benchmark use it.</summary>
public static class TenderReportSample
{
    /// <summary>
    /// Supplier n (« Fournisseur 01 » to « Fournisseur 30 ») offers 100 000 + n × 1 000 € with the same scores on
    /// quality and delays, so it ranks n-th; each score has a justification of about 120 characters.
    /// </summary>
    public static AnalysisReportModel ThirtyOffers(TenderProcedure procedure)
    {
        var criteria = new AwardCriteria(
            [
                new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []),
                new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 40, [new SubCriterion("QUAL", "Qualité", 25, 10m), new SubCriterion("DEL", "Délais", 15, 10m)]),
            ],
            PriceFormula.Proportional,
            10m);
        var offers = Enumerable.Range(1, 30)
            .Select(n => new OfferForScoring(
                n,
                "Fournisseur " + n.ToString("00", CultureInfo.InvariantCulture),
                new Core.Money.Money((100_000 + (n * 1_000)) * 100L),
                new Dictionary<string, decimal> { ["QUAL"] = 7.5m, ["DEL"] = 8m }))
            .ToList();
        var justification = "Mémoire technique complet : organisation, interlocuteur unique, plan de continuité et engagements de délai chiffrés.";
        var justifications = offers.ToDictionary(
            o => o.OfferId,
            o => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["QUAL"] = justification, ["DEL"] = justification });
        var header = new AnalysisReportHeader(
            new DocumentParty("Somme Numérique", ["1 rue de la République", "80000 Amiens"]),
            "2027-TEL-01",
            "Services de télécommunications",
            2,
            "Téléphonie mobile",
            procedure,
            new DateOnly(2027, 4, 20),
            "Claire Martin");
        return TenderReportBuilder.AnalysisReport(header, criteria, LotScoring.Score(criteria, offers), justifications);
    }
}
