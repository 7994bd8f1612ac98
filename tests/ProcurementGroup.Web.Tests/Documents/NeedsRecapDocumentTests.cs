using System.Globalization;
using System.Text.RegularExpressions;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Needs;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>The needs recap built directly from its Documents-side model (no database, no web), read back with PdfPig.</summary>
public sealed partial class NeedsRecapDocumentTests
{
    private static NeedsRecapModel Model(IReadOnlyList<NeedsRecapLot> lots) => new()
    {
        Coordinator = new DocumentParty("Somme Numérique", ["SIRET 25800012300018", "1 rue de la République", "80000 Amiens"]),
        Member = new DocumentParty("CC du Vimeu", ["SIREN 248000531", "80130 Friville-Escarbotin"]),
        CampaignTitle = "ENT des collèges 2027",
        GroupName = "Groupement ENT",
        DurationMonths = 36,
        PlannedLaunchDate = new DateOnly(2027, 6, 1),
        OpensAtUtc = new DateTime(2026, 10, 1, 7, 0, 0, DateTimeKind.Utc),
        DeadlineUtc = new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc),
        FormId = 42,
        Status = NeedsFormStatus.Validated,
        SubmittedAtUtc = new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc),
        ValidatedAtUtc = new DateTime(2026, 11, 22, 14, 5, 0, DateTimeKind.Utc),
        Lots = lots,
        TotalHtCents = 1_746_500,
        TotalVatCents = 349_300,
        TotalTtcCents = 2_095_800,
        GeneratedAtUtc = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
    };

    private static readonly NeedsRecapLot[] TwoLots =
    [
        new("Lot 1 – Licences", [
            new("ENT-ELEVE", "Licence élève", "compte / an", string.Empty, 1_200_000, 420, 1_512_000),
            new("ENT-ENS", "Licence enseignant", "compte / an", "Mairie", 40_000, 600, 72_000),
        ], 1_584_000),
        new("Lot 2 – Formation", [new("ENT-FORM", "Formation", "jour", string.Empty, 2_500, 65_000, 162_500)], 162_500),
    ];

    /// <summary>The text of every page, with the narrow and ordinary no-break spaces fr-FR writes read as spaces.</summary>
    private static string Text(UglyToad.PdfPig.PdfDocument pdf) =>
        string.Join("\n", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public void Render_PrintsThePartiesTheLinesAndTheExactTotals()
    {
        using var pdf = PdfDocument.Open(NeedsRecapDocument.Render(Model(TwoLots)));
        var text = Text(pdf);

        Assert.Equal(1, pdf.NumberOfPages);
        Assert.Equal("État des besoins – CC du Vimeu – ENT des collèges 2027", pdf.Information.Title);
        Assert.Equal("Somme Numérique", pdf.Information.Author);
        foreach (var expected in new[]
        {
            "Somme Numérique", "SIRET 25800012300018", "80000 Amiens", "CC du Vimeu", "SIREN 248000531",
            "Groupement : Groupement ENT",
            "Durée du marché : 36 mois, reconductions comprises – lancement prévu le 01/06/2027",
            "Campagne ouverte du 01/10/2026 09:00 au 30/11/2026 18:00 (heure de Paris)",
            "Formulaire n° 42 : validé le 22/11/2026 15:05 – transmis le 20/11/2026 10:30 (heure de Paris)",

            // Each row's cells in column order: code, article, unit, site, quantity (thousandths read back), unit price, value.
            "ENT-ELEVELicence élèvecompte / an1 2004,20 €15 120,00 €",
            "ENT-ENSLicence enseignantcompte / anMairie406,00 €720,00 €",
            "ENT-FORMFormationjour2,5650,00 €1 625,00 €",
            "Total Lot 1 – Licences : 15 840,00 € HT",
            "Total Lot 2 – Formation : 1 625,00 € HT",
            "Total estimé HT : 17 465,00 €",
            "TVA : 3 493,00 €",
            "Total estimé TTC : 20 958,00 €",
            "Document établi le 01/12/2026 09:00 (heure de Paris).",
            "Page 1 / 1",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Equal(2, Regex.Matches(text, "Prix unit\\. HT").Count);
    }

    [Fact]
    public void Render_SubmittedWithoutCoordinatorNorLines_SaysSo()
    {
        var model = Model([]) with { Coordinator = null, Status = NeedsFormStatus.Submitted, ValidatedAtUtc = null, TotalHtCents = 0, TotalVatCents = 0, TotalTtcCents = 0 };

        using var pdf = PdfDocument.Open(NeedsRecapDocument.Render(model));
        var text = Text(pdf);

        Assert.Contains("Coordonnateur du groupement", text, StringComparison.Ordinal);
        Assert.Equal("ProcurementGroup", pdf.Information.Author);
        Assert.Contains("Formulaire n° 42 : transmis, en attente de validation – transmis le 20/11/2026 10:30", text, StringComparison.Ordinal);
        Assert.Contains("Aucun besoin déclaré.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Prix unit. HT", text, StringComparison.Ordinal);
        Assert.Contains("Total estimé HT : 0,00 €", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LotLongerThanAPage_RepeatsTheTableHeaderOnEveryPageItReaches()
    {
        var lines = Enumerable.Range(1, 150)
            .Select(i => new NeedsRecapLine($"L{i.ToString("000", CultureInfo.InvariantCulture)}", "Licence", "compte", $"École {i.ToString("000", CultureInfo.InvariantCulture)}", 10_000, 420, 12_600))
            .ToList();

        using var pdf = PdfDocument.Open(NeedsRecapDocument.Render(Model([new NeedsRecapLot("Lot 1 – Licences", lines, 150 * 12_600)])));

        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} page(s)");
        var pagesWithRows = 0;
        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            var page = pdf.GetPage(n).Text;
            var hasRows = SiteNumber().IsMatch(page);
            pagesWithRows += hasRows ? 1 : 0;
            Assert.Equal(hasRows ? 1 : 0, Regex.Matches(page, "Prix unit\\. HT").Count);
            Assert.Contains($"Page {n} / {pdf.NumberOfPages}", page, StringComparison.Ordinal);
            Assert.Contains("CC du Vimeu – ENT des collèges 2027", page, StringComparison.Ordinal);
        }

        Assert.True(pagesWithRows >= 3, $"{pagesWithRows} page(s) with rows");
        var text = Text(pdf);
        Assert.Equal(Enumerable.Range(1, 150), SiteNumber().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.Single(Regex.Matches(text, "Lot 1 – Licences :"));
        Assert.Contains("Total Lot 1 – Licences : 18 900,00 € HT", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Render_PassesQpdfCheck()
    {
        await Qpdf.CheckAsync(NeedsRecapDocument.Render(Model(TwoLots)));
    }

    [GeneratedRegex("École ([0-9]{3})")]
    private static partial Regex SiteNumber();
}
