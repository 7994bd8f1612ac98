using System.Globalization;
using PdfSharp.Drawing;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Documents;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// Lays the recap out on the Documents project's A4 writer: identities, campaign, status, the lines grouped by lot (a
/// table whose header repeats on every page it reaches), totals HT, TVA and TTC, the commitment sentence; the writer
/// breaks pages and numbers them "Page n / N".
/// </summary>
public static class NeedsRecapPdf
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

    public static byte[] Render(RecapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = model.Context;
        var campaign = context.Campaign;
        using var pdf = new PdfWriter(
            $"État des besoins – {context.Member.Name} – {campaign.Title}",
            model.Coordinator?.Name ?? "ProcurementGroup");

        // Coordinator (left, with its logo) and member (right).
        var top = pdf.Y;
        if (model.Coordinator?.Logo is { Length: > 0 } logo)
        {
            var height = pdf.Image(logo, 110, 48);
            if (height > 0)
            {
                pdf.Y = top + height + 6;
            }
        }

        var coordinatorLines = new List<string> { model.Coordinator?.Name ?? "Coordonnateur du groupement" };
        if (!string.IsNullOrWhiteSpace(model.Coordinator?.Siret))
        {
            coordinatorLines.Add("SIRET " + model.Coordinator.Siret);
        }

        coordinatorLines.AddRange(Address(model.Coordinator?.AddressLine1, model.Coordinator?.AddressLine2, model.Coordinator?.PostalCode, model.Coordinator?.City));
        var memberLines = new List<string> { context.Member.Name };
        if (!string.IsNullOrWhiteSpace(context.Member.Siren))
        {
            memberLines.Add("SIREN " + context.Member.Siren);
        }

        memberLines.AddRange(Address(context.Member.AddressLine1, context.Member.AddressLine2, context.Member.PostalCode, context.Member.City));
        var leftY = pdf.Y;
        var rightX = PdfWriter.Margin + 290;
        pdf.TextAt("Coordonnateur", pdf.Small, PdfWriter.Margin, leftY, XBrushes.Gray);
        pdf.TextAt("Membre", pdf.Small, rightX, top, XBrushes.Gray);
        for (var i = 0; i < coordinatorLines.Count; i++)
        {
            pdf.TextAt(coordinatorLines[i], i == 0 ? pdf.Bold : pdf.Regular, PdfWriter.Margin, leftY + 12 + (i * 12));
        }

        for (var i = 0; i < memberLines.Count; i++)
        {
            pdf.TextAt(memberLines[i], i == 0 ? pdf.Bold : pdf.Regular, rightX, top + 12 + (i * 12));
        }

        pdf.Y = Math.Max(leftY + 12 + (coordinatorLines.Count * 12), top + 12 + (memberLines.Count * 12)) + 14;

        pdf.Text("État des besoins", pdf.Title, 22);
        pdf.Text(campaign.Title, pdf.Heading, 16);
        pdf.Text($"Groupement : {context.Group?.Name}", pdf.Regular, 12);
        pdf.Text(
            $"Durée du marché : {campaign.DurationMonths.ToString(Fr.Culture)} mois, reconductions comprises – lancement prévu le {Fr.Date(campaign.PlannedLaunchDate)}",
            pdf.Regular,
            12);
        pdf.Text($"Campagne ouverte du {Fr.Instant(campaign.OpensAtUtc)} au {Fr.Instant(context.DeadlineUtc)} (heure de Paris)", pdf.Regular, 12);
        var status = context.Form.Status switch
        {
            NeedsFormStatus.Validated => $"validé le {Fr.Instant(context.Form.ValidatedAtUtc)}",
            _ => "transmis, en attente de validation",
        };
        pdf.Text($"Formulaire n° {context.Form.Id.ToString(CultureInfo.InvariantCulture)} : {status} – transmis le {Fr.Instant(context.Form.SubmittedAtUtc)} (heure de Paris)", pdf.Regular, 18);

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
                table.Row(line.Code, line.Label, line.Unit, line.Site, Fr.Number(line.Quantity), Fr.Money(line.UnitPriceCents), Fr.Money(line.ValueCents));
            }

            pdf.Text($"Total {lot.Title} : {Fr.Money(lot.TotalHtCents)} HT", pdf.Bold, 20, TextAlign.Right);
        }

        pdf.EnsureRoom(70);
        pdf.Y += 4;
        pdf.Text($"Total estimé HT : {Fr.Money(model.TotalHtCents)}", pdf.Bold, 14, TextAlign.Right);
        pdf.Text($"TVA : {Fr.Money(model.TotalVatCents)}", pdf.Regular, 14, TextAlign.Right);
        pdf.Text($"Total estimé TTC : {Fr.Money(model.TotalTtcCents)}", pdf.Heading, 22, TextAlign.Right);

        pdf.Paragraph(
            $"{context.Member.Name} déclare au coordonnateur du groupement « {context.Group?.Name} » les besoins ci-dessus pour la campagne « {campaign.Title} ». " +
            $"Ils seront agrégés avec ceux des autres membres pour la consultation. Les valeurs sont des estimations hors taxes sur toute la durée du marché " +
            $"({campaign.DurationMonths.ToString(Fr.Culture)} mois, reconductions comprises), calculées avec les prix unitaires estimés du catalogue de la campagne " +
            "et arrondies au centime une seule fois, sur chaque total.",
            pdf.Regular);
        pdf.Y += 6;
        pdf.Text($"Document établi le {Fr.Instant(model.GeneratedAtUtc)} (heure de Paris).", pdf.Small, 12);

        return pdf.Save($"{context.Member.Name} – {campaign.Title}");
    }

    private static IEnumerable<string> Address(string? line1, string? line2, string? postalCode, string? city)
    {
        foreach (var line in new[] { line1, line2, $"{postalCode} {city}".Trim() })
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }
}
