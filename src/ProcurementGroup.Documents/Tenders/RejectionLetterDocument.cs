using System.Globalization;
using ProcurementGroup.Core.Text;
using static ProcurementGroup.Documents.Tenders.TenderDocumentParts;

namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// The lettre de rejet to one unsuccessful bidder as an A4 PDF on the coordinator's letterhead: reasons, the awardee's
/// name and score, the bidder's own scores, and the standstill's end (R2182-1) or the sentence saying none applies.
/// Figures from the model (built by <see cref="TenderReportBuilder.RejectionLetter"/>); texts from
/// templates/tenders/rejection-letter.txt.
/// </summary>
public static class RejectionLetterDocument
{
    private const string Doc = TenderTemplates.RejectionLetter;

    private static readonly PdfColumn[] ScoreColumns =
    [
        new("Critère", 170, Wraps: true),
        new("Note", 80, TextAlign.Right),
        new("Points", 65, TextAlign.Right),
        new("Justification", 200, Wraps: true),
    ];

    /// <summary>The download name: <c>lettre-rejet-{reference}-lot-{n}-{bidder}.pdf</c>, the bidder's name reduced to letters and digits.</summary>
    public static string FileName(RejectionLetterModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bidder = new string(SearchText.Fold(model.Bidder.Name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return $"lettre-rejet-{model.TenderReference}-lot-{model.LotNumber.ToString(CultureInfo.InvariantCulture)}-{bidder}.pdf";
    }

    public static byte[] Render(RejectionLetterModel model, TenderTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(templates);
        var lot = model.LotNumber.ToString(CultureInfo.InvariantCulture);
        var tender = new Dictionary<string, string>
        {
            ["Reference"] = model.TenderReference,
            ["Object"] = model.TenderObject,
            ["Lot"] = lot,
            ["Bidder"] = model.Bidder.Name,
        };
        var subject = templates.Text(Doc, "Objet", tender);
        using var pdf = new PdfWriter(subject, model.Coordinator.Name);

        Letterhead(pdf, model.Coordinator);
        pdf.Y += 12;
        Letterhead(pdf, model.Bidder, TextAlign.Right);
        pdf.Y += 12;
        var date = FrenchFormat.Date(model.Date);
        pdf.Text(string.IsNullOrWhiteSpace(model.Place) ? $"Le {date}" : $"À {model.Place}, le {date}", pdf.Regular, 20, TextAlign.Right);
        pdf.Paragraph(subject, pdf.Bold);
        pdf.Paragraph($"Lot {lot} : {model.LotTitle}", pdf.Regular);
        pdf.Y += 10;

        Paragraphs(pdf, templates.Paragraphs(Doc, "Introduction", tender));
        pdf.Text(templates.Text(Doc, "Motifs"), pdf.Bold, 14);
        foreach (var reason in model.Reasons)
        {
            pdf.Paragraph("• " + reason, pdf.Regular);
        }

        pdf.Y += 6;
        Paragraphs(pdf, templates.Paragraphs(Doc, "Attributaire", new Dictionary<string, string>
        {
            ["Awardee"] = model.AwardeeName,
            ["AwardeeTotal"] = Score(model.AwardeeTotal),
            ["AwardeeAmount"] = FrenchFormat.Money(model.AwardeeAmountCents),
        }));
        if (model.AwardeeReason is { } awardeeReason)
        {
            Paragraphs(pdf, templates.Paragraphs(Doc, "AttributaireMotif", new Dictionary<string, string> { ["Awardee"] = model.AwardeeName, ["Reason"] = awardeeReason }));
        }

        if (model.BidderScores.Count > 0)
        {
            pdf.EnsureRoom(50);
            pdf.Text(templates.Text(Doc, "Notes", new Dictionary<string, string> { ["BidderTotal"] = Score(model.BidderTotal) }), pdf.Bold, 14);
            var table = pdf.Table(ScoreColumns);
            foreach (var s in model.BidderScores)
            {
                table.Row(s.Item, $"{Score(s.Score)} / {Points(s.MaxScore)}", Score(s.Weighted), s.Justification ?? "—");
            }

            pdf.Y += 8;
        }

        Paragraphs(pdf, model.EarliestSignature is { } earliest
            ? templates.Paragraphs(Doc, "Suspension", new Dictionary<string, string> { ["EarliestSignature"] = FrenchFormat.Date(earliest) })
            : templates.Paragraphs(Doc, "SansSuspension"));
        Paragraphs(pdf, templates.Paragraphs(Doc, "Recours"));
        Paragraphs(pdf, templates.Paragraphs(Doc, "Formule"));
        pdf.Y += 12;
        foreach (var line in templates.Paragraphs(Doc, "Signature", new Dictionary<string, string> { ["Signatory"] = model.Signatory }))
        {
            pdf.Text(line, pdf.Bold, 14, TextAlign.Right);
        }

        return pdf.Save(subject);
    }
}
