using System.Globalization;
using System.Text.RegularExpressions;
using ProcurementGroup.Documents.Needs;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>The procedure advice document built directly from its Documents-side model (no database, no web), read back with PdfPig.</summary>
public sealed partial class AdviceDocumentTests
{
    private static AdviceModel Model() => new()
    {
        CampaignId = 7,
        CampaignTitle = "Postes de travail 2027",
        GroupName = "Groupement informatique",
        Nature = "Fournitures",
        ContractForm = "Accord-cadre à bons de commande",
        LaunchDate = new DateOnly(2027, 3, 15),
        EstimateCents = 18_000_000,
        LotMaximaCents = 25_000_000,
        EstimatedValueCents = 25_000_000,
        Forms = new AdviceForms(12, 3, 1),
        PendingChangesProcedure = true,
        Procedure = "Procédure formalisée (appel d'offres)",
        Article = "R2124-1",
        Explanation = "La valeur estimée atteint le seuil européen des fournitures et services.",
        Obligations = ["Publier un avis au BOAMP et au JOUE.", "Réunir la commission d'appel d'offres du groupement (L1414-3 CGCT)."],
        Thresholds =
        [
            new("Seuil de procédure formalisée (fournitures et services)", 22_100_000, new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), "R2124-1"),
            new("Dispense de procédure", 4_000_000, new DateOnly(2025, 4, 1), null, "R2122-8"),
        ],
        SmallLots = [new(3, "Accessoires", 5_000_000)],
        SmallLotsTotalCents = 5_000_000,
        ComputedAtUtc = new DateTime(2026, 11, 28, 16, 45, 0, DateTimeKind.Utc),
        Officer = "Claire Martin",
    };

    private static string Text(UglyToad.PdfPig.PdfDocument pdf) =>
        string.Join("\n", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public void Render_PrintsTheStoredFiguresCountsObligationsThresholdsAndOfficer()
    {
        using var pdf = PdfDocument.Open(AdviceDocument.Render(Model()));
        var text = Text(pdf);

        Assert.Equal("Avis sur la procédure – Postes de travail 2027", pdf.Information.Title);
        foreach (var expected in new[]
        {
            "Groupement : Groupement informatique",
            "Nature de l'achat : Fournitures – Forme du contrat : Accord-cadre à bons de commande",
            "Date de lancement prévue : 15/03/2027",
            "Estimation HT, tous lots et tous membres (soumis et validés) : 180 000,00 €",
            "Somme des maxima des lots de l'accord-cadre : 250 000,00 €",
            "Valeur comparée aux seuils : 250 000,00 €",
            "Comptés (soumis ou validés) : 12",
            "En attente (brouillons ou retournés), non comptés : 3",
            "Manquants (membres sans formulaire) : 1",
            "Attention : avec les brouillons et les formulaires retournés",
            "Procédure formalisée (appel d'offres)",
            "Règle appliquée : R2124-1",
            "• Publier un avis au BOAMP et au JOUE.",
            "• Réunir la commission d'appel d'offres du groupement (L1414-3 CGCT).",

            // Threshold rows, cells in column order: label, amount, from, until (— when open-ended), article.
            "221 000,00 €01/01/202631/12/2027R2124-1",
            "Dispense de procédure40 000,00 €01/04/2025—R2122-8",
            "3Accessoires50 000,00 €",
            "Total des petits lots : 50 000,00 €",
            "Avis enregistré le 28/11/2026 17:45 (heure de Paris) par Claire Martin.",
            "Page 1 / 1",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_AdviceStoredBeforeTheCounts_SaysSoAndPrintsNoEstimateNorMaxima()
    {
        var model = Model() with
        {
            EstimateCents = null,
            LotMaximaCents = null,
            EstimatedValueCents = 8_999_999,
            Forms = null,
            PendingChangesProcedure = false,
            Obligations = [],
            SmallLots = [],
            SmallLotsTotalCents = 0,
        };

        using var pdf = PdfDocument.Open(AdviceDocument.Render(model));
        var text = Text(pdf);

        Assert.Contains("Valeur comparée aux seuils : 89 999,99 €", text, StringComparison.Ordinal);
        Assert.Contains("Non enregistrés avec cet avis.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Estimation HT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Somme des maxima", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Attention", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Obligations qui en découlent", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Petits lots", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ManySmallLots_BreakPagesWithTheLotHeaderOnEveryPageTheyReach()
    {
        var lots = Enumerable.Range(1, 120).Select(i => new AdviceSmallLot(i, $"Lot numéro {i.ToString("000", CultureInfo.InvariantCulture)}", 10_000)).ToList();

        using var pdf = PdfDocument.Open(AdviceDocument.Render(Model() with { SmallLots = lots, SmallLotsTotalCents = 1_200_000 }));

        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} page(s)");
        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            var page = pdf.GetPage(n).Text;
            Assert.Equal(LotNumber().IsMatch(page) ? 1 : 0, Regex.Matches(page, "Intitulé").Count);
            Assert.Contains($"Page {n} / {pdf.NumberOfPages}", page, StringComparison.Ordinal);
        }

        var text = Text(pdf);
        Assert.Equal(Enumerable.Range(1, 120), LotNumber().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.Contains("Total des petits lots : 12 000,00 €", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2026, 11, 28, 16, 45, "avis-procedure-7-20261128.pdf")]
    [InlineData(2026, 12, 31, 22, 59, "avis-procedure-7-20261231.pdf")]
    [InlineData(2026, 12, 31, 23, 0, "avis-procedure-7-20270101.pdf")] // midnight in Paris (UTC+1)
    [InlineData(2026, 6, 30, 22, 0, "avis-procedure-7-20260701.pdf")] // midnight in Paris (UTC+2)
    public void FileName_IsDatedByTheParisDayItWasStored(int y, int mo, int d, int h, int mi, string expected) =>
        Assert.Equal(expected, AdviceDocument.FileName(Model() with { ComputedAtUtc = new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc) }));

    [SkippableFact]
    public async Task Render_PassesQpdfCheck()
    {
        await Qpdf.CheckAsync(AdviceDocument.Render(Model()));
    }

    [GeneratedRegex("Lot numéro ([0-9]{3})")]
    private static partial Regex LotNumber();
}
