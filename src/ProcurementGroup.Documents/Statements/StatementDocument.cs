using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Documents.Statements;

/// <summary>
/// A member's état de répartition (avis des sommes à payer), or its avoir, as an A4 PDF: the coordinator's letterhead,
/// the member's identity, number, dates and period, one table per contract (line, key, base, total base, share, HT,
/// VAT, TTC) with its subtotal, the coordination fee, the totals and the payment instructions; texts from
/// templates/statements/statement.txt. The same model gives the same bytes (dated at the issue day, identifiers derived
/// from the content): a statement generated again after a crash matches the stored SHA-256.
/// </summary>
public static class StatementDocument
{
    private const string Doc = StatementTemplates.Statement;

    // 515 points between the margins.
    private static readonly PdfColumn[] Columns =
    [
        new("Ligne", 105, Wraps: true),
        new("Clé", 80, Wraps: true),
        new("Base", 52, TextAlign.Right),
        new("Base totale", 58, TextAlign.Right),
        new("Part", 50, TextAlign.Right),
        new("HT", 57, TextAlign.Right),
        new("TVA", 51, TextAlign.Right),
        new("TTC", 57, TextAlign.Right),
    ];

    /// <summary>The download name: <c>etat-{number}.pdf</c> (<c>avoir-{number}.pdf</c> for a credit).</summary>
    public static string FileName(StatementModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"{(model.IsCredit ? "avoir" : "etat")}-{model.Number}.pdf";
    }

    public static byte[] Render(StatementModel model, StatementTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(templates);
        var texts = templates.Texts;
        var values = new Dictionary<string, string>
        {
            ["Number"] = model.Number,
            ["Member"] = model.Member.Name,
            ["Coordinator"] = model.Coordinator.Name,
            ["PeriodFrom"] = FrenchFormat.Date(model.PeriodFrom),
            ["PeriodTo"] = FrenchFormat.Date(model.PeriodTo),
            ["IssuedOn"] = FrenchFormat.Date(model.IssuedOn),
            ["DueOn"] = model.DueOn is { } due ? FrenchFormat.Date(due) : "réception",
            ["Amount"] = FrenchFormat.Money(Math.Abs(model.TtcCents)),
            ["Accountant"] = model.Payment.Accountant ?? model.Coordinator.Name,
            ["Iban"] = model.Payment.Iban ?? "—",
            ["Bic"] = model.Payment.Bic ?? "—",
            ["Rectified"] = model.RectifiesNumber ?? string.Empty,
        };
        var title = texts.Text(Doc, model.IsCredit ? "TitreAvoir" : "Titre", values);
        var issuedAt = model.IssuedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // One face (no bold): one embedded font subset instead of two, a statement about 40 % smaller and quicker to write.
        using var pdf = new PdfWriter(title, model.Coordinator.Name, issuedAt, regularFaceOnly: true);

        Party(pdf, model.Coordinator, TextAlign.Left);
        pdf.Y += 10;
        Party(pdf, model.Member, TextAlign.Right);
        pdf.Y += 10;
        pdf.Text(string.IsNullOrWhiteSpace(model.Place) ? $"Le {values["IssuedOn"]}" : $"À {model.Place}, le {values["IssuedOn"]}", pdf.Regular, 18, TextAlign.Right);
        pdf.Text(title, pdf.Title, 22);
        pdf.Text($"Période du {values["PeriodFrom"]} au {values["PeriodTo"]}", pdf.Regular, 12);
        if (model.DueOn is not null && !model.IsCredit)
        {
            pdf.Text($"Date limite de paiement : {values["DueOn"]}", pdf.Regular, 12);
        }

        if (model.RectifiesNumber is not null)
        {
            pdf.Paragraph(texts.Text(Doc, "Rectifie", values), pdf.Regular);
        }

        pdf.Y += 6;
        Paragraphs(pdf, texts.Paragraphs(Doc, model.IsCredit ? "IntroductionAvoir" : "Introduction", values));

        foreach (var contract in model.Contracts)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(60);
            pdf.Paragraph(string.IsNullOrWhiteSpace(contract.Reference) ? contract.Title : $"Marché {contract.Reference} – {contract.Title}", pdf.Heading);
            var table = pdf.Table(Columns);
            foreach (var line in contract.Lines)
            {
                Row(table, line);
            }

            table.Row("Sous-total", string.Empty, string.Empty, string.Empty, string.Empty, Money(contract.HtCents), Money(contract.VatCents), Money(contract.TtcCents));
        }

        if (model.CoordinationFee is { } fee)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(60);
            pdf.Paragraph(texts.Text(Doc, "Frais", values), pdf.Heading);
            Row(pdf.Table(Columns), fee);
        }

        pdf.Y += 10;
        pdf.EnsureRoom(60);
        pdf.Text($"Total HT : {Money(model.HtCents)}", pdf.Bold, 14, TextAlign.Right);
        pdf.Text($"TVA : {Money(model.VatCents)}", pdf.Bold, 14, TextAlign.Right);
        pdf.Text($"{(model.IsCredit ? "Montant de l'avoir TTC" : "Total TTC à payer")} : {Money(model.TtcCents)}", pdf.Heading, 18, TextAlign.Right);
        pdf.Y += 8;

        Paragraphs(pdf, texts.Paragraphs(Doc, model.IsCredit ? "Avoir" : "Paiement", values));
        if (!model.IsCredit && !string.IsNullOrWhiteSpace(model.Payment.Details))
        {
            pdf.Paragraph(model.Payment.Details, pdf.Regular);
        }

        return pdf.Save(texts.Text(Doc, "Pied", values));
    }

    /// <summary>A share as printed: <c>12,3457 %</c> (the run's 4 decimals, no trailing zero).</summary>
    public static string Percent(decimal sharePercent) => sharePercent.ToString("0.####", FrenchFormat.Culture) + " %";

    private static string Money(long cents) => FrenchFormat.Money(cents);

    private static void Row(PdfTable table, StatementLine line) =>
        table.Row(line.Label, line.Key, line.Base, line.TotalBase, Percent(line.SharePercent), Money(line.HtCents), Money(line.VatCents), Money(line.TtcCents));

    private static void Party(PdfWriter pdf, DocumentParty party, TextAlign align)
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

    private static void Paragraphs(PdfWriter pdf, IEnumerable<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            pdf.Paragraph(paragraph, pdf.Regular);
            pdf.Y += 4;
        }
    }
}
