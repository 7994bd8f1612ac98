using System.Globalization;
using PdfSharp.Drawing;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Documents.Needs;

/// <summary>
/// The recap of a needs form as an A4 PDF: identities, campaign, status, the lines grouped by lot (a table whose header
/// repeats on every page it reaches), totals HT, TVA and TTC, the commitment sentence; pages numbered "Page n / N".
/// </summary>
public static class NeedsRecapDocument
{
    // Code, Article, Unité, Site, Quantité, Prix unitaire HT, Valeur estimée HT: 515 points between the margins.
    private static readonly PdfColumn[] Columns =
    [
        new("Code", 62),
        new("Article", 140, Wraps: true),
        new("Unité", 72, Wraps: true),
        new("Site", 72, Wraps: true),
        new("Quantité", 47, TextAlign.Right),
        new("Prix unit. HT", 58, TextAlign.Right),
        new("Valeur HT", 64, TextAlign.Right),
    ];

    public static byte[] Render(NeedsRecapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var member = model.Member;
        using var pdf = new PdfWriter($"État des besoins – {member.Name} – {model.CampaignTitle}", model.Coordinator?.Name ?? "ProcurementGroup");

        Parties(pdf, model.Coordinator ?? new DocumentParty("Coordonnateur du groupement", []), member);

        var duration = model.DurationMonths.ToString(FrenchFormat.Culture);
        pdf.Text("État des besoins", pdf.Title, 22);
        pdf.Text(model.CampaignTitle, pdf.Heading, 16);
        pdf.Text($"Groupement : {model.GroupName}", pdf.Regular, 12);
        pdf.Text($"Durée du marché : {duration} mois, reconductions comprises – lancement prévu le {FrenchFormat.Date(model.PlannedLaunchDate)}", pdf.Regular, 12);
        pdf.Text($"Campagne ouverte du {FrenchFormat.Instant(model.OpensAtUtc)} au {FrenchFormat.Instant(model.DeadlineUtc)} (heure de Paris)", pdf.Regular, 12);
        var status = model.Status switch
        {
            NeedsFormStatus.Validated => $"validé le {FrenchFormat.Instant(model.ValidatedAtUtc)}",
            _ => "transmis, en attente de validation",
        };
        pdf.Text($"Formulaire n° {model.FormId.ToString(CultureInfo.InvariantCulture)} : {status} – transmis le {FrenchFormat.Instant(model.SubmittedAtUtc)} (heure de Paris)", pdf.Regular, 18);

        if (model.Lots.Count == 0)
        {
            pdf.Text("Aucun besoin déclaré.", pdf.Regular, 16);
        }

        foreach (var lot in model.Lots)
        {
            pdf.EnsureRoom(60);
            pdf.Text(lot.Title, pdf.Heading, 16);
            var table = pdf.Table(Columns);
            foreach (var line in lot.Lines)
            {
                table.Row(line.Code, line.Label, line.Unit, line.Site, FrenchFormat.Quantity(line.QuantityMilli), FrenchFormat.Money(line.UnitPriceCents), FrenchFormat.Money(line.ValueCents));
            }

            pdf.Text($"Total {lot.Title} : {FrenchFormat.Money(lot.TotalHtCents)} HT", pdf.Bold, 20, TextAlign.Right);
        }

        pdf.EnsureRoom(70);
        pdf.Y += 4;
        pdf.Text($"Total estimé HT : {FrenchFormat.Money(model.TotalHtCents)}", pdf.Bold, 14, TextAlign.Right);
        pdf.Text($"TVA : {FrenchFormat.Money(model.TotalVatCents)}", pdf.Regular, 14, TextAlign.Right);
        pdf.Text($"Total estimé TTC : {FrenchFormat.Money(model.TotalTtcCents)}", pdf.Heading, 22, TextAlign.Right);

        pdf.Paragraph(
            $"{member.Name} déclare au coordonnateur du groupement « {model.GroupName} » les besoins ci-dessus pour la campagne « {model.CampaignTitle} ». " +
            "Ils seront agrégés avec ceux des autres membres pour la consultation. Les valeurs sont des estimations hors taxes sur toute la durée du marché " +
            $"({duration} mois, reconductions comprises), calculées avec les prix unitaires estimés du catalogue de la campagne " +
            "et arrondies au centime une seule fois, sur chaque total.",
            pdf.Regular);
        pdf.Y += 6;
        pdf.Text($"Document établi le {FrenchFormat.Instant(model.GeneratedAtUtc)} (heure de Paris).", pdf.Small, 12);

        return pdf.Save($"{member.Name} – {model.CampaignTitle}");
    }

    /// <summary>The coordinator on the left (under its logo, if any), the member on the right.</summary>
    private static void Parties(PdfWriter pdf, DocumentParty coordinator, DocumentParty member)
    {
        var top = pdf.Y;
        if (coordinator.Logo is { Length: > 0 } logo)
        {
            var height = pdf.Image(logo, 110, 48);
            if (height > 0)
            {
                pdf.Y = top + height + 6;
            }
        }

        var leftY = pdf.Y;
        var rightX = PdfWriter.Margin + 290;
        pdf.TextAt("Coordonnateur", pdf.Small, PdfWriter.Margin, leftY, XBrushes.Gray);
        pdf.TextAt("Membre", pdf.Small, rightX, top, XBrushes.Gray);
        var left = Lines(pdf, coordinator, PdfWriter.Margin, leftY);
        var right = Lines(pdf, member, rightX, top);
        pdf.Y = Math.Max(left, right) + 14;
    }

    private static double Lines(PdfWriter pdf, DocumentParty party, double x, double top)
    {
        string[] lines = [party.Name, .. party.Lines];
        for (var i = 0; i < lines.Length; i++)
        {
            pdf.TextAt(lines[i], i == 0 ? pdf.Bold : pdf.Regular, x, top + 12 + (i * 12));
        }

        return top + 12 + (lines.Length * 12);
    }
}
