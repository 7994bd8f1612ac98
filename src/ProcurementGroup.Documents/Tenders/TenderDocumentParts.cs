using System.Globalization;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Documents.Tenders;

/// <summary>What the tender documents share: the letterhead, section headings, and scores as shown (two decimals).</summary>
internal static class TenderDocumentParts
{
    public static void Letterhead(PdfWriter pdf, DocumentParty party, TextAlign align = TextAlign.Left)
    {
        if (party.Logo is { } logo && align == TextAlign.Left)
        {
            var height = pdf.Image(logo, 120, 50);
            pdf.Y += height > 0 ? height + 4 : 0;
        }

        pdf.Text(party.Name, pdf.Bold, 12, align);
        foreach (var line in party.Lines)
        {
            pdf.Text(line, pdf.Regular, 11, align);
        }
    }

    public static void Heading(PdfWriter pdf, string text)
    {
        pdf.Y += 6;
        pdf.EnsureRoom(50);
        pdf.Text(text, pdf.Heading, 16);
    }

    public static void Paragraphs(PdfWriter pdf, IEnumerable<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            pdf.Paragraph(paragraph, pdf.Regular);
            pdf.Y += 4;
        }
    }

    public static string Score(decimal? score) => score is { } s ? ScoreDisplay.Format(s) : "—";

    public static string Points(decimal value) => value.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"));
}
