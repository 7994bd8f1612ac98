using System.Globalization;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Documents;
using ProcurementGroup.Web.Features.Thresholds;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>
/// A stored procedure advice as a dated document for the procurement file: the campaign, the values and forms it was
/// computed on, the procedure and rules applied, the obligations, the threshold rows cited, the small lots run as MAPA,
/// and who stored it when (Paris time). Everything comes from the stored advice, never recomputed.
/// </summary>
public static class AdvicePdf
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
    public static string FileName(AdviceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var day = Fr.ToParis(document.Advice.ComputedAtUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"avis-procedure-{document.Campaign.Id.ToString(CultureInfo.InvariantCulture)}-{day}.pdf";
    }

    public static byte[] Render(AdviceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var campaign = document.Campaign;
        var advice = document.Advice;
        var officer = advice.ComputedByName ?? advice.ComputedByEmail ?? "utilisateur inconnu";
        using var pdf = new PdfWriter($"Avis sur la procédure – {campaign.Title}", document.GroupName ?? "ProcurementGroup");

        pdf.Text("Avis sur la procédure", pdf.Title, 22);
        pdf.Text(campaign.Title, pdf.Heading, 16);
        pdf.Paragraph($"Groupement : {document.GroupName ?? "non renseigné"}", pdf.Regular);
        pdf.Paragraph($"Nature de l'achat : {ContractRules.Label(advice.Nature)} – Forme du contrat : {ContractRules.Label(advice.ContractForm)}", pdf.Regular);
        pdf.Paragraph($"Date de lancement prévue : {Fr.Date(advice.LaunchDate)}", pdf.Regular);

        pdf.Text("Valeur estimée du besoin (R2121-1)", pdf.Heading, 16);
        if (advice.EstimateCents is { } estimate)
        {
            pdf.Paragraph($"Estimation HT, tous lots et tous membres (soumis et validés) : {Fr.Money(estimate)}", pdf.Regular);
        }

        if (advice.LotMaximaCents is { } maxima)
        {
            pdf.Paragraph($"Somme des maxima des lots de l'accord-cadre : {Fr.Money(maxima)}", pdf.Regular);
        }

        pdf.Text($"Valeur comparée aux seuils : {Fr.Money(advice.EstimatedValueCents)}", pdf.Bold, 18);

        pdf.Text("Formulaires pris en compte", pdf.Heading, 16);
        if (advice.CountedForms is { } counted)
        {
            pdf.Text($"Comptés (soumis ou validés) : {counted.ToString(Fr.Culture)}", pdf.Regular, 12);
            pdf.Text($"En attente (brouillons ou retournés), non comptés : {(advice.PendingForms ?? 0).ToString(Fr.Culture)}", pdf.Regular, 12);
            pdf.Text($"Manquants (membres sans formulaire) : {(advice.MissingForms ?? 0).ToString(Fr.Culture)}", pdf.Regular, 12);
        }
        else
        {
            pdf.Text("Non enregistrés avec cet avis.", pdf.Regular, 12);
        }

        if (advice.PendingChangesProcedure)
        {
            pdf.Paragraph("Attention : avec les brouillons et les formulaires retournés, la procédure requise aurait été une autre.", pdf.Bold);
        }

        pdf.Y += 6;
        pdf.EnsureRoom(60);
        pdf.Text("Procédure requise", pdf.Heading, 16);
        pdf.Text(AdviceViewModel.ProcedureLabel(advice.RequiredProcedure), pdf.Bold, 14);
        pdf.Text($"Règle appliquée : {advice.Article}", pdf.Regular, 14);
        pdf.Paragraph(advice.Explanation, pdf.Regular);

        var obligations = (advice.Obligations ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (obligations.Length > 0)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(40);
            pdf.Text("Obligations qui en découlent", pdf.Heading, 16);
            foreach (var obligation in obligations)
            {
                pdf.Paragraph("• " + obligation, pdf.Regular);
            }
        }

        pdf.Y += 6;
        pdf.EnsureRoom(60);
        pdf.Text("Seuils appliqués", pdf.Heading, 16);
        var table = pdf.Table(ThresholdColumns);
        foreach (var row in document.Thresholds)
        {
            table.Row(ThresholdLabels.Kind(row.Kind), Fr.Money(row.AmountCents), Fr.Date(row.ValidFrom), row.ValidUntil is { } until ? Fr.Date(until) : "—", row.Article);
        }

        if (advice.SmallLots.Count > 0)
        {
            pdf.Y += 6;
            pdf.EnsureRoom(60);
            pdf.Text("Petits lots en procédure adaptée (R2123-1 2°)", pdf.Heading, 16);
            var lots = pdf.Table(LotColumns);
            foreach (var lot in advice.SmallLots)
            {
                lots.Row(lot.LotNumber.ToString(Fr.Culture), lot.Title, Fr.Money(lot.ValueCents));
            }

            pdf.Text($"Total des petits lots : {Fr.Money(advice.SmallLotsTotalCents)}", pdf.Bold, 16, TextAlign.Right);
        }

        pdf.Y += 10;
        pdf.EnsureRoom(30);
        pdf.Paragraph($"Avis enregistré le {Fr.Instant(advice.ComputedAtUtc)} (heure de Paris) par {officer}.", pdf.Regular);

        return pdf.Save($"Avis sur la procédure – {campaign.Title}");
    }
}
