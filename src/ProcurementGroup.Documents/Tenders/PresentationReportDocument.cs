using System.Globalization;
using ProcurementGroup.Core.Text;
using static ProcurementGroup.Documents.Tenders.TenderDocumentParts;

namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// The rapport de présentation of a formalised procedure (R2184-1) as an A4 PDF: object, procedure and its
/// justification, the dated history, the offers received per lot, awardees and amounts, and why the other offers were
/// rejected. Figures from the model; headings from templates/tenders/presentation-report.txt.
/// </summary>
public static class PresentationReportDocument
{
    private const string Doc = TenderTemplates.PresentationReport;

    private static readonly PdfColumn[] HistoryColumns =
    [
        new("Date", 160, Wraps: true),
        new("Étape", 355, Wraps: true),
    ];

    private static readonly PdfColumn[] OfferColumns =
    [
        new("Lot", 40),
        new("Intitulé", 215, Wraps: true),
        new("Procédure", 130, Wraps: true),
        new("Reçues", 65, TextAlign.Right),
        new("Hors délai", 65, TextAlign.Right),
    ];

    private static readonly PdfColumn[] AwardColumns =
    [
        new("Lot", 40),
        new("Attributaire", 215, Wraps: true),
        new("Montant HT", 130, TextAlign.Right),
        new("Note / 100", 130, TextAlign.Right),
    ];

    private static readonly PdfColumn[] RejectionColumns =
    [
        new("Candidat", 165, Wraps: true),
        new("Motif du rejet", 350, Wraps: true),
    ];

    /// <summary>The download name: <c>rapport-presentation-{reference}.pdf</c>.</summary>
    public static string FileName(PresentationReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"rapport-presentation-{model.TenderReference}.pdf";
    }

    public static byte[] Render(PresentationReportModel model, TenderTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(templates);
        var title = templates.Text(Doc, "Titre", new Dictionary<string, string> { ["Reference"] = model.TenderReference });
        using var pdf = new PdfWriter(title, model.Coordinator.Name);

        Letterhead(pdf, model.Coordinator);
        pdf.Y += 8;
        pdf.Paragraph(title, pdf.Title);
        pdf.Y += 4;
        Paragraphs(pdf, templates.Paragraphs(Doc, "Preambule", new Dictionary<string, string>
        {
            ["Reference"] = model.TenderReference,
            ["Object"] = model.TenderObject,
            ["Coordinator"] = model.Coordinator.Name,
        }));

        Heading(pdf, templates.Text(Doc, "Objet"));
        pdf.Paragraph(model.TenderObject, pdf.Regular);
        foreach (var detail in model.ObjectDetails)
        {
            pdf.Paragraph("• " + detail, pdf.Regular);
        }

        Heading(pdf, templates.Text(Doc, "Procedure"));
        pdf.Paragraph($"Procédure : {model.Procedure}", pdf.Bold);
        pdf.Paragraph(model.ProcedureJustification, pdf.Regular);

        Heading(pdf, templates.Text(Doc, "Historique"));
        var history = pdf.Table(HistoryColumns);
        foreach (var e in model.History)
        {
            history.Row(e.AtUtc is { } at ? FrenchFormat.Instant(at) + " (heure de Paris)" : FrenchFormat.Date(e.Date), e.Label);
        }

        Heading(pdf, templates.Text(Doc, "Offres"));
        var offers = pdf.Table(OfferColumns);
        foreach (var lot in model.Lots)
        {
            offers.Row(Number(lot.Number), lot.Title, lot.Procedure, FrenchFormat.Number(lot.OffersReceived), FrenchFormat.Number(lot.LateOffers));
        }

        Heading(pdf, templates.Text(Doc, "Attributaires"));
        var awards = pdf.Table(AwardColumns);
        foreach (var lot in model.Lots)
        {
            awards.Row(
                Number(lot.Number),
                lot.AwardeeName ?? "Aucun attributaire",
                lot.AmountCents is { } amount ? FrenchFormat.Money(amount) : "—",
                Score(lot.AwardeeTotal));
        }

        Heading(pdf, templates.Text(Doc, "Rejets"));
        foreach (var lot in model.Lots)
        {
            pdf.EnsureRoom(50);
            pdf.Text($"Lot {Number(lot.Number)} : {lot.Title}", pdf.Bold, 14);
            if (lot.Rejections.Count == 0)
            {
                pdf.Paragraph("Aucune autre offre.", pdf.Regular);
                continue;
            }

            var table = pdf.Table(RejectionColumns);
            foreach (var r in lot.Rejections)
            {
                table.Row(r.SupplierName, r.Reason);
            }

            pdf.Y += 6;
        }

        pdf.Y += 10;
        Paragraphs(pdf, templates.Paragraphs(Doc, "Signature", new Dictionary<string, string> { ["Signatory"] = model.Signatory, ["Date"] = FrenchFormat.Date(model.Date) }));
        return pdf.Save(title);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
