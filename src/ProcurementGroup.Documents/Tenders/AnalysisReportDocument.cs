using System.Globalization;
using ProcurementGroup.Core.Text;
using static ProcurementGroup.Documents.Tenders.TenderDocumentParts;

namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// The rapport d'analyse des offres of one lot as an A4 PDF: criteria and weights, the ranking (ties shown as such),
/// each offer's scores with their justifications, the excluded offers, the abnormally low offers and decisions, how
/// ties were settled, and the proposed awardee. Every figure comes from the model (built by
/// <see cref="TenderReportBuilder.AnalysisReport"/>); headings and sentences from templates/tenders/analysis-report.txt.
/// </summary>
public static class AnalysisReportDocument
{
    private const string Doc = TenderTemplates.AnalysisReport;

    private static readonly PdfColumn[] CriteriaColumns =
    [
        new("Critère", 245, Wraps: true),
        new("Nature", 120, Wraps: true),
        new("Pondération", 70, TextAlign.Right),
        new("Note maximale", 80, TextAlign.Right),
    ];

    private static readonly PdfColumn[] RankingColumns =
    [
        new("Rang", 110, Wraps: true),
        new("Candidat", 145, Wraps: true),
        new("Montant DQE HT", 100, TextAlign.Right),
        new("Note prix", 70, TextAlign.Right),
        new("Total / 100", 90, TextAlign.Right),
    ];

    private static readonly PdfColumn[] DetailColumns =
    [
        new("Candidat", 110, Wraps: true),
        new("Critère", 110, Wraps: true),
        new("Note", 60, TextAlign.Right),
        new("Points", 55, TextAlign.Right),
        new("Justification", 180, Wraps: true),
    ];

    private static readonly PdfColumn[] ExcludedColumns =
    [
        new("Candidat", 150, Wraps: true),
        new("Montant DQE HT", 100, TextAlign.Right),
        new("Motif", 265, Wraps: true),
    ];

    /// <summary>The download name: <c>rapport-analyse-{reference}-lot-{n}.pdf</c>.</summary>
    public static string FileName(AnalysisReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"rapport-analyse-{model.TenderReference}-lot-{model.LotNumber.ToString(CultureInfo.InvariantCulture)}.pdf";
    }

    public static byte[] Render(AnalysisReportModel model, TenderTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(templates);
        var lot = model.LotNumber.ToString(CultureInfo.InvariantCulture);
        var title = templates.Text(Doc, "Titre", new Dictionary<string, string> { ["Reference"] = model.TenderReference, ["Lot"] = lot });
        using var pdf = new PdfWriter(title, model.Coordinator.Name);

        Letterhead(pdf, model.Coordinator);
        pdf.Y += 8;
        pdf.Paragraph(title, pdf.Title);
        pdf.Text($"Lot {lot} : {model.LotTitle}", pdf.Heading, 16);
        Paragraphs(pdf, templates.Paragraphs(Doc, "Preambule", new Dictionary<string, string>
        {
            ["Reference"] = model.TenderReference,
            ["Object"] = model.TenderObject,
            ["Lot"] = lot,
            ["Procedure"] = model.Procedure,
            ["Received"] = FrenchFormat.Number(model.Offers.Count),
        }));

        Heading(pdf, templates.Text(Doc, "Criteres"));
        var criteria = pdf.Table(CriteriaColumns);
        foreach (var c in model.Criteria)
        {
            criteria.Row(c.Name, c.Kind, FrenchFormat.Number(c.Weight), c.SubCriteria.Count == 0 ? Points(model.MaxScore) : string.Empty);
            foreach (var s in c.SubCriteria)
            {
                criteria.Row("– " + s.Name, "Sous-critère", FrenchFormat.Number(s.Weight), Points(s.MaxScore));
            }
        }

        pdf.Paragraph($"Notation du prix : formule {model.PriceFormula}, Nmax = {Points(model.MaxScore)}.", pdf.Regular);

        Heading(pdf, templates.Text(Doc, "Classement"));
        var ranking = pdf.Table(RankingColumns);
        foreach (var o in model.Offers.Where(o => o.ExclusionReason is null))
        {
            ranking.Row(RankCell(model, o), o.SupplierName, FrenchFormat.Money(o.DqeTotalCents), Score(o.PriceScore), Score(o.Total));
        }

        Heading(pdf, templates.Text(Doc, "Details"));
        var details = pdf.Table(DetailColumns);
        foreach (var o in model.Offers.Where(o => o.ExclusionReason is null))
        {
            foreach (var s in o.Scores)
            {
                details.Row(o.SupplierName, s.Item, $"{Score(s.Score)} / {Points(s.MaxScore)}", Score(s.Weighted), s.Justification ?? "—");
            }
        }

        var excluded = model.Offers.Where(o => o.ExclusionReason is not null).ToList();
        if (excluded.Count > 0)
        {
            Heading(pdf, templates.Text(Doc, "Exclues"));
            var table = pdf.Table(ExcludedColumns);
            foreach (var o in excluded)
            {
                table.Row(o.SupplierName, FrenchFormat.Money(o.DqeTotalCents), o.ExclusionReason!);
            }
        }

        var low = model.Offers.Where(o => o.AbnormallyLow is not null).ToList();
        if (low.Count > 0)
        {
            Heading(pdf, templates.Text(Doc, "AnormalementBasses"));
            foreach (var o in low)
            {
                pdf.Paragraph($"{o.SupplierName} ({FrenchFormat.Money(o.DqeTotalCents)} HT) : {o.AbnormallyLow!.Decision}.", pdf.Bold);
                pdf.Paragraph($"Justification : {o.AbnormallyLow.Justification ?? "non encore reçue"}", pdf.Regular);
                pdf.Y += 4;
            }
        }

        if (model.Ties.Count > 0)
        {
            Heading(pdf, templates.Text(Doc, "Egalites"));
            foreach (var tie in model.Ties)
            {
                var who = $"Égalité de note ({Score(tie.Total)} / 100) entre {string.Join(" et ", tie.Suppliers)}";
                pdf.Paragraph(tie.Winner is { } winner
                    ? $"{who} : départagée par l'acheteur en faveur de {winner}. Motif : {tie.Reason}"
                    : $"{who} : non départagée.", pdf.Regular);
                pdf.Y += 4;
            }
        }

        pdf.Y += 6;
        pdf.EnsureRoom(60);
        if (model.ProposedAwardee is { } awardee)
        {
            Paragraphs(pdf, templates.Paragraphs(Doc, "Attributaire", new Dictionary<string, string>
            {
                ["Awardee"] = awardee.SupplierName,
                ["Amount"] = FrenchFormat.Money(awardee.DqeTotalCents),
                ["Total"] = Score(awardee.Total),
            }));
        }
        else
        {
            Paragraphs(pdf, templates.Paragraphs(Doc, "SansAttributaire"));
        }

        if (model.RecordedAwardee is { } recorded)
        {
            Paragraphs(pdf, templates.Paragraphs(Doc, "AttributaireRetenu", new Dictionary<string, string>
            {
                ["Awardee"] = recorded.SupplierName,
                ["Reason"] = model.AwardeeReason ?? string.Empty,
            }));
        }

        Paragraphs(pdf, templates.Paragraphs(Doc, "Signature", new Dictionary<string, string> { ["Officer"] = model.Officer, ["Date"] = FrenchFormat.Date(model.Date) }));
        return pdf.Save(title);
    }

    private static string RankCell(AnalysisReportModel model, ReportOffer offer)
    {
        if (offer.Rank is not { } rank)
        {
            return "non classée";
        }

        var text = rank.ToString(CultureInfo.InvariantCulture);
        if (!offer.Tied)
        {
            return text;
        }

        return model.Ties.Any(t => t.Winner is not null && t.Suppliers.Contains(offer.SupplierName)) ? text + " (égalité départagée)" : text + " ex æquo";
    }
}
