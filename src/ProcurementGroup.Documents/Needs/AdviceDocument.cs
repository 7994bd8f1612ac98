using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Documents.Needs;

/// <summary>
/// A stored procedure advice as a dated A4 PDF for the procurement file: the campaign, the values and forms it was
/// computed on, the procedure and rule applied, the obligations, the threshold rows cited, the small lots run as MAPA,
/// and who stored it when (Paris time).
/// </summary>
public static class AdviceDocument
{
    // Seuil, Montant HT, En vigueur du, Jusqu'au, Article: 515 points between the margins.
    private static readonly PdfColumn[] ThresholdColumns =
    [
        new("Seuil", 215, Wraps: true),
        new("Montant HT", 90, TextAlign.Right),
        new("En vigueur du", 70),
        new("Jusqu'au", 70),
        new("Article", 70, Wraps: true),
    ];

    private static readonly PdfColumn[] LotColumns =
    [
        new("Lot", 50),
        new("Intitulé", 355, Wraps: true),
        new("Valeur HT", 110, TextAlign.Right),
    ];

    /// <summary>The download name: <c>avis-procedure-{campaign}-{yyyyMMdd}.pdf</c>, dated by the day it was stored in Paris.</summary>
    public static string FileName(AdviceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var day = ParisTime.Day(model.ComputedAtUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"avis-procedure-{model.CampaignId.ToString(CultureInfo.InvariantCulture)}-{day}.pdf";
    }

    public static byte[] Render(AdviceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var pdf = new PdfWriter($"Avis sur la procédure – {model.CampaignTitle}", model.GroupName ?? "ProcurementGroup");

        pdf.Text("Avis sur la procédure", pdf.Title, 22);
        pdf.Text(model.CampaignTitle, pdf.Heading, 16);
        pdf.Paragraph($"Groupement : {model.GroupName ?? "non renseigné"}", pdf.Regular);
        pdf.Paragraph($"Nature de l'achat : {model.Nature} – Forme du contrat : {model.ContractForm}", pdf.Regular);
        pdf.Paragraph($"Date de lancement prévue : {FrenchFormat.Date(model.LaunchDate)}", pdf.Regular);

        pdf.Text("Valeur estimée du besoin (R2121-1)", pdf.Heading, 16);
        if (model.EstimateCents is { } estimate)
        {
            pdf.Paragraph($"Estimation HT, tous lots et tous membres (soumis et validés) : {FrenchFormat.Money(estimate)}", pdf.Regular);
        }

        if (model.LotMaximaCents is { } maxima)
        {
            pdf.Paragraph($"Somme des maxima des lots de l'accord-cadre : {FrenchFormat.Money(maxima)}", pdf.Regular);
        }

        pdf.Text($"Valeur comparée aux seuils : {FrenchFormat.Money(model.EstimatedValueCents)}", pdf.Bold, 18);

        pdf.Text("Formulaires pris en compte", pdf.Heading, 16);
        if (model.Forms is { } forms)
        {
            pdf.Text($"Comptés (soumis ou validés) : {FrenchFormat.Number(forms.Counted)}", pdf.Regular, 12);
            pdf.Text($"En attente (brouillons ou retournés), non comptés : {FrenchFormat.Number(forms.Pending)}", pdf.Regular, 12);
            pdf.Text($"Manquants (membres sans formulaire) : {FrenchFormat.Number(forms.Missing)}", pdf.Regular, 12);
        }
        else
        {
            pdf.Text("Non enregistrés avec cet avis.", pdf.Regular, 12);
        }

        if (model.PendingChangesProcedure)
        {
            pdf.Paragraph("Attention : avec les brouillons et les formulaires retournés, la procédure requise aurait été une autre.", pdf.Bold);
        }

        pdf.Y += 6;
        pdf.EnsureRoom(60);
        pdf.Text("Procédure requise", pdf.Heading, 16);
        pdf.Text(model.Procedure, pdf.Bold, 14);
        pdf.Text($"Règle appliquée : {model.Article}", pdf.Regular, 14);
        pdf.Paragraph(model.Explanation, pdf.Regular);

        if (model.Obligations.Count > 0)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(40);
            pdf.Text("Obligations qui en découlent", pdf.Heading, 16);
            foreach (var obligation in model.Obligations)
            {
                pdf.Paragraph("• " + obligation, pdf.Regular);
            }
        }

        pdf.Y += 6;
        pdf.EnsureRoom(60);
        pdf.Text("Seuils appliqués", pdf.Heading, 16);
        var table = pdf.Table(ThresholdColumns);
        foreach (var row in model.Thresholds)
        {
            table.Row(row.Label, FrenchFormat.Money(row.AmountCents), FrenchFormat.Date(row.ValidFrom), row.ValidUntil is { } until ? FrenchFormat.Date(until) : "—", row.Article);
        }

        if (model.SmallLots.Count > 0)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(60);
            pdf.Text("Petits lots en procédure adaptée (R2123-1 2°)", pdf.Heading, 16);
            var lots = pdf.Table(LotColumns);
            foreach (var lot in model.SmallLots)
            {
                lots.Row(lot.LotNumber.ToString(FrenchFormat.Culture), lot.Title, FrenchFormat.Money(lot.ValueCents));
            }

            pdf.Text($"Total des petits lots : {FrenchFormat.Money(model.SmallLotsTotalCents)}", pdf.Bold, 16, TextAlign.Right);
        }

        pdf.Y += 10;
        pdf.EnsureRoom(30);
        pdf.Paragraph($"Avis enregistré le {FrenchFormat.Instant(model.ComputedAtUtc)} (heure de Paris) par {model.Officer}.", pdf.Regular);

        return pdf.Save($"Avis sur la procédure – {model.CampaignTitle}");
    }
}
