using System.Globalization;
using System.Text.RegularExpressions;
using ProcurementGroup.Core.Money;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Tenders;
using ProcurementGroup.Testing;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>
/// The tender documents (analysis report, rejection letter, presentation report) built from Core's scoring of a lot
/// through <see cref="TenderReportBuilder"/>, with the texts of templates/tenders, read back with PdfPig.
/// </summary>
public sealed partial class TenderDocumentsTests
{
    // Lot 1, figures computed by hand. Price 60 points (proportional, Nmax 10); technical 30 = methodology 20 (out of 10)
    // + means 10 (out of 5); environment 10 (out of Nmax = 10). Weighted = weight × score / max.
    //   Delta: 60 000,00 €, in time, the cheapest: price 10 × 60 000 / 60 000 = 10,00 → 60; methodology 2 → 4; means 1 → 2;
    //          environment 1 → 1; total 67,00. Flagged abnormally low: 60 000 < 80 % of (112 500 + 125 000) / 2 = 95 000;
    //          kept after justification.
    //   Bêta:  125 000,00 €: price 10 × 60 000 / 125 000 = 4,80 → 28,8; methodology 10 → 20; means 5 → 10; environment
    //          8,2 → 8,2; total 67,00: tied with Delta, settled by the officer in favour of Bêta.
    //   Alpha: 112 500,00 €: price 10 × 60 000 / 112 500 = 5,333… → shown 5,33, 60 × 5,333… / 10 = 32; methodology 8 → 16;
    //          means 4 → 8; environment 6,5 → 6,5; total 62,50, 3rd.
    //   Epsilon: late, excluded.
    private const long Delta = 1, Beta = 2, Alpha = 3, Epsilon = 4;

    private static readonly DocumentParty Coordinator = new("Somme Numérique", ["SIRET 25800012300018", "1 rue de la République", "80000 Amiens"]);

    private static readonly AwardCriteria Criteria = new(
        [
            new Criterion("PRIX", "Prix", CriterionKind.Price, 60, []),
            new Criterion("TECH", "Valeur technique", CriterionKind.Technical, 30, [new SubCriterion("METH", "Méthodologie", 20, 10m), new SubCriterion("MOY", "Moyens", 10, 5m)]),
            new Criterion("ENV", "Environnement", CriterionKind.Environmental, 10, []),
        ],
        PriceFormula.Proportional,
        10m);

    private static TenderTemplates Templates => TenderTemplates.Load(AppContext.BaseDirectory);

    private static OfferForScoring Offer(long id, string name, long cents, decimal meth, decimal moy, decimal env, string? late = null, AbnormallyLowDecision? low = null) =>
        new(id, name, new Money(cents), new Dictionary<string, decimal> { ["METH"] = meth, ["MOY"] = moy, ["ENV"] = env }, late, low);

    private static AnalysisReportModel Report(bool settled = true)
    {
        OfferForScoring[] offers =
        [
            Offer(Alpha, "Alpha Télécom", 11_250_000, 8m, 4m, 6.5m),
            Offer(Beta, "Bêta Réseaux", 12_500_000, 10m, 5m, 8.2m),
            Offer(Delta, "Delta Com", 6_000_000, 2m, 1m, 1m, low: new AbnormallyLowDecision(AbnormallyLowOutcome.Kept, "Prix justifié par un réseau déjà déployé.")),
            Offer(Epsilon, "Epsilon Net", 9_000_000, 5m, 3m, 5m, late: "reçue le 16/03/2027 à 12:05, après la date limite"),
        ];
        var score = LotScoring.Score(Criteria, offers, settled ? [new TieSettlement(Beta, "Meilleure valeur technique.")] : null);
        Assert.Empty(score.Errors);
        var justifications = new Dictionary<long, IReadOnlyDictionary<string, string>>
        {
            [Alpha] = new Dictionary<string, string> { ["METH"] = "Planning détaillé.", ["MOY"] = "Équipe dédiée.", ["ENV"] = "Recyclage des box." },
            [Beta] = new Dictionary<string, string> { ["METH"] = "Méthode exemplaire.", ["MOY"] = "Agence locale.", ["ENV"] = "Bilan carbone publié." },
        };
        var header = new AnalysisReportHeader(Coordinator, "2027-TEL-01", "Services de télécommunications", 1, "Téléphonie fixe", TenderProcedure.OpenCallForTenders, new DateOnly(2027, 4, 20), "Claire Martin");
        return TenderReportBuilder.AnalysisReport(header, Criteria, score, justifications);
    }

    private static string Text(PdfDocument pdf) =>
        string.Join("\n", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static void ContainsAll(string text, params string[] expected)
    {
        foreach (var e in expected)
        {
            Assert.True(text.Contains(e, StringComparison.Ordinal), $"Not found: {e}\nIn the document's text:\n{text}");
        }
    }

    [Fact]
    public void AnalysisReport_Model_CarriesTheFiguresComputedByHand()
    {
        var model = Report();

        Assert.Equal(["Bêta Réseaux", "Delta Com", "Alpha Télécom", "Epsilon Net"], model.Offers.Select(o => o.SupplierName));
        Assert.Equal([1, 2, 3, null], model.Offers.Select(o => o.Rank));
        Assert.Equal([67m, 67m, 62.5m], model.Offers.Take(3).Select(o => o.Total!.Value));
        Assert.Equal(4.8m, model.Offers[0].PriceScore);
        Assert.Equal("5,33", ScoreDisplay.Format(model.Offers[2].PriceScore!.Value));
        Assert.Equal([32m, 16m, 8m, 6.5m], model.Offers[2].Scores.Select(s => decimal.Round(s.Weighted, 20)));
        Assert.Equal("Bêta Réseaux", model.ProposedAwardee!.SupplierName);
        var tie = Assert.Single(model.Ties);
        Assert.Equal(["Bêta Réseaux", "Delta Com"], tie.Suppliers);
        Assert.Equal((67m, "Bêta Réseaux", "Meilleure valeur technique."), (tie.Total, tie.Winner, tie.Reason));
        Assert.Equal("Conservée après justification", model.Offers[1].AbnormallyLow!.Decision);
        Assert.True(model.Offers[3].Late);
    }

    [Fact]
    public void AnalysisReport_PrintsCriteriaRankingScoresJustificationsTieLateAndAwardee()
    {
        using var pdf = PdfDocument.Open(AnalysisReportDocument.Render(Report(), Templates));
        var text = Text(pdf);

        Assert.Equal("Rapport d'analyse des offres – 2027-TEL-01 – lot 1", pdf.Information.Title);
        ContainsAll(
            text,
            "Somme Numérique",
            "Lot 1 : Téléphonie fixe",
            "PrixPrix60",
            "– MéthodologieSous-critère2010",
            "– MoyensSous-critère105",
            "EnvironnementPerformancesenvironnementales1010",
            "1 (égalité départagée)Bêta Réseaux125 000,00 €4,8067,00",
            "2 (égalité départagée)Delta Com60 000,00 €10,0067,00",
            "3Alpha Télécom112 500,00 €5,3362,50",
            "Alpha TélécomPrix5,33 / 1032,00Formule proportionnelle",
            "Alpha TélécomMéthodologie8,00 / 1016,00Planning détaillé.",
            "Alpha TélécomMoyens4,00 / 58,00Équipe dédiée.",
            "Bêta RéseauxEnvironnement8,20 / 108,20Bilan carbone publié.",
            "Epsilon Net90 000,00 €Offre hors délai : reçue le 16/03/2027 à",
            "Delta Com (60 000,00 € HT) : Conservée après justification.",
            "Justification : Prix justifié par un réseau déjà déployé.",
            "Égalité de note (67,00 / 100) entre Bêta Réseaux et Delta Com : départagée par l'acheteur en faveur de Bêta",
            "Motif :Meilleure valeur technique.", // the line wraps after "Motif :"
            "il est proposé d'attribuer le lot à Bêta Réseaux, pour un montant de 125 000,00 € HT",
            "Rapport établi le 20/04/2027 par Claire Martin.");
        Assert.DoesNotContain("Epsilon Net90 000,00 €", Ranking(text), StringComparison.Ordinal);
    }

    [Fact]
    public void AnalysisReport_UnsettledTie_ShowsExAequoAndNoAwardee()
    {
        var model = Report(settled: false);
        Assert.Null(model.ProposedAwardee);

        using var pdf = PdfDocument.Open(AnalysisReportDocument.Render(model, Templates));
        var text = Text(pdf);

        ContainsAll(text, "1 ex æquoBêta Réseaux", "1 ex æquoDelta Com", "3Alpha Télécom", "entre Bêta Réseaux et Delta Com : non départagée.", "Aucune offre n'est classée seule en première position");
        Assert.DoesNotContain("il est proposé d'attribuer", text, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => TenderReportBuilder.RejectionLetter(model, model.Offers[2], new DocumentParty("Alpha Télécom", []), true, new DateOnly(2027, 5, 4), LetterChannel.Electronic, "Amiens", "Le président"));
    }

    [Fact]
    public void AnalysisReport_ThirtyOffers_BreaksPagesWithTheHeadersRepeatedAndStaysUnder200KB()
    {
        var bytes = AnalysisReportDocument.Render(ThirtyOfferReport(), Templates);
        Assert.True(bytes.Length < 200 * 1024, $"{bytes.Length} bytes");

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} page(s)");
        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            var page = pdf.GetPage(n).Text;
            Assert.Equal(DetailRow().IsMatch(page) ? 1 : 0, Regex.Matches(page, "PointsJustification").Count);
            Assert.Contains($"Page {n} / {pdf.NumberOfPages}", page, StringComparison.Ordinal);
        }

        var text = Text(pdf);

        // Supplier n offers 100 000 + n × 1 000 € and the same technical scores: ranked by price, 1 to 30.
        foreach (var n in Enumerable.Range(1, 30))
        {
            var name = "Fournisseur " + n.ToString("00", CultureInfo.InvariantCulture);
            Assert.Contains($"{n.ToString(CultureInfo.InvariantCulture)}{name}{Euros(100_000 + (n * 1_000))}", text, StringComparison.Ordinal);
        }

        Assert.Equal(30 * 3, DetailRow().Matches(text).Count);
    }

    [Fact]
    public void RejectionLetter_Formalised_GivesReasonsAwardeeOwnScoresAndTheStandstillEnd()
    {
        var report = Report();
        var alpha = report.Offers.Single(o => o.SupplierName == "Alpha Télécom");
        var model = TenderReportBuilder.RejectionLetter(
            report, alpha, new DocumentParty("Alpha Télécom", ["12 rue du Port", "76600 Le Havre"]), formalised: true, new DateOnly(2027, 5, 4), LetterChannel.Electronic, "Amiens", "Le président du groupement");

        Assert.Equal(new DateOnly(2027, 5, 15), model.EarliestSignature); // 4 May + 11 days, sending day included (R2182-1)
        using var pdf = PdfDocument.Open(RejectionLetterDocument.Render(model, Templates));
        var text = Text(pdf);

        ContainsAll(
            text,
            "Somme Numérique",
            "Alpha Télécom12 rue du Port76600 Le Havre",
            "À Amiens, le 04/05/2027",
            "Objet : consultation 2027-TEL-01",
            "Votre offre est classée 3e sur 3 offres notées, avec une note de 62,50 / 100",
            "Le lot est attribué à Bêta Réseaux, dont l'offre obtient la note de 67,00 / 100",
            "125 000,00 € HT",
            "Vos notes par critère (note totale : 62,50 / 100)",
            "Prix5,33 / 1032,00",
            "Méthodologie8,00 / 1016,00Planning détaillé.",
            "le marché ne sera pas signé avant le 15/05/2027.",
            "Le président du groupement");
        Assert.DoesNotContain("Delta Com", text, StringComparison.Ordinal);
        Assert.Equal("lettre-rejet-2027-TEL-01-lot-1-ALPHA-TELECOM.pdf", RejectionLetterDocument.FileName(model));
    }

    [Fact]
    public void RejectionLetter_TiedOfferLearnsHowTheTieWasSettled()
    {
        var report = Report();
        var model = TenderReportBuilder.RejectionLetter(report, report.Offers[1], new DocumentParty("Delta Com", []), true, new DateOnly(2010, 12, 28), LetterChannel.Post, "Amiens", "Le président");

        Assert.Equal(new DateOnly(2011, 1, 13), model.EarliestSignature); // CE 2 August 2011, n° 347526
        var text = Text(PdfDocument.Open(RejectionLetterDocument.Render(model, Templates)));
        ContainsAll(text, "classée 2e sur 3", "Votre offre était à égalité de note (67,00 / 100)", "en faveur de Bêta Réseaux. Motif : Meilleure valeur", "avant le 13/01/2011.");
    }

    [Fact]
    public void RejectionLetter_MapaOrLateOffer_NoStandstillDateAndNoScores()
    {
        var report = Report();
        var late = report.Offers.Single(o => o.SupplierName == "Epsilon Net");
        var model = TenderReportBuilder.RejectionLetter(report, late, new DocumentParty("Epsilon Net", []), formalised: false, new DateOnly(2027, 5, 4), LetterChannel.Electronic, string.Empty, "Le président");

        Assert.Null(model.EarliestSignature);
        var text = Text(PdfDocument.Open(RejectionLetterDocument.Render(model, Templates)));
        ContainsAll(text, "Le 04/05/2027", "Votre offre a été écartée. Offre hors délai : reçue le 16/03/2027", "n'est pas soumise au délai de suspension");
        Assert.DoesNotContain("Vos notes par critère", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ne sera pas signé avant", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PresentationReport_PrintsHistoryOffersAwardeesAndRejectionReasons()
    {
        var model = Presentation();
        using var pdf = PdfDocument.Open(PresentationReportDocument.Render(model, Templates));
        var text = Text(pdf);

        Assert.Equal("Rapport de présentation – 2027-TEL-01", pdf.Information.Title);
        ContainsAll(
            text,
            "Services de télécommunications",
            "• Accord-cadre à bons de commande, 48 mois",
            "Procédure : appel d'offres ouvert",
            "01/02/2027Publication de l'avis d'appel public à la concurrence",
            "16/03/2027 12:00 (heure de Paris)Date limite de réception des offres",
            "16/03/2027 14:30 (heure de Paris)Ouverture des plis",
            "27/04/2027Décision de la commission d'appel d'offres : attribution",
            "1Téléphonie fixeappel d'offres ouvert41",
            "1Bêta Réseaux125 000,00 €67,00",
            "Alpha TélécomVotre offre est classée 3e sur 3 offres notées, avec une note de 62,50 / 100",
            "Epsilon NetVotre offre a été écartée. Offre hors délai",
            "Fait le 05/05/2027, Le président du groupement.");
    }

    [Fact]
    public void TenderTemplates_MissingFileOrSection_FailsLoadingWithTheFileNamed()
    {
        var folder = CopyTemplates();
        try
        {
            File.WriteAllText(Path.Combine(folder, "analysis-report.txt"), File.ReadAllText(Path.Combine(folder, "analysis-report.txt")).Replace("## Egalites", "## Egalite", StringComparison.Ordinal));
            var section = Assert.Throws<InvalidDataException>(() => TenderTemplates.FromDirectory(folder));
            Assert.Contains("templates/tenders/analysis-report.txt lacks the section(s) ## Egalites", section.Message, StringComparison.Ordinal);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "templates", "tenders", "analysis-report.txt"), Path.Combine(folder, "analysis-report.txt"), overwrite: true);
            Assert.NotNull(TenderTemplates.FromDirectory(folder));

            File.Delete(Path.Combine(folder, "rejection-letter.txt"));
            var file = Assert.Throws<FileNotFoundException>(() => TenderTemplates.FromDirectory(folder));
            Assert.Contains("templates/tenders/rejection-letter.txt is missing", file.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TenderTemplates_EditedText_IsWhatTheLetterPrints()
    {
        var folder = CopyTemplates();
        try
        {
            var path = Path.Combine(folder, "rejection-letter.txt");
            File.WriteAllText(path, File.ReadAllText(path).Replace("## Formule\n", "## Formule\nBien cordialement.\n", StringComparison.Ordinal));
            var report = Report();
            var model = TenderReportBuilder.RejectionLetter(report, report.Offers[2], new DocumentParty("Alpha Télécom", []), true, new DateOnly(2027, 5, 4), LetterChannel.Electronic, "Amiens", "Le président");

            var text = Text(PdfDocument.Open(RejectionLetterDocument.Render(model, TenderTemplates.FromDirectory(folder))));
            Assert.Contains("Bien cordialement.", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Documents_PassQpdfCheck()
    {
        var report = Report();
        await Qpdf.CheckAsync(AnalysisReportDocument.Render(report, Templates));
        await Qpdf.CheckAsync(AnalysisReportDocument.Render(ThirtyOfferReport(), Templates));
        await Qpdf.CheckAsync(RejectionLetterDocument.Render(
            TenderReportBuilder.RejectionLetter(report, report.Offers[2], new DocumentParty("Alpha Télécom", ["76600 Le Havre"]), true, new DateOnly(2027, 5, 4), LetterChannel.Post, "Amiens", "Le président"), Templates));
        await Qpdf.CheckAsync(PresentationReportDocument.Render(Presentation(), Templates));
    }

    /// <summary>30 offers of one lot (the benchmark's): supplier n at 100 000 + n × 1 000 €, all with the same technical scores and justifications.</summary>
    internal static AnalysisReportModel ThirtyOfferReport() => TenderReportSample.ThirtyOffers(TenderProcedure.OpenCallForTenders);

    private static PresentationReportModel Presentation()
    {
        var report = Report();
        return new PresentationReportModel
        {
            Coordinator = Coordinator,
            TenderReference = "2027-TEL-01",
            TenderObject = "Services de télécommunications",
            ObjectDetails = ["Accord-cadre à bons de commande, 48 mois"],
            Procedure = "appel d'offres ouvert",
            ProcedureJustification = "La valeur estimée dépasse le seuil européen des fournitures et services (R2124-1).",
            History =
            [
                new("Publication de l'avis d'appel public à la concurrence", new DateOnly(2027, 2, 1)),
                new("Date limite de réception des offres", AtUtc: new DateTime(2027, 3, 16, 11, 0, 0, DateTimeKind.Utc)),
                new("Ouverture des plis", AtUtc: new DateTime(2027, 3, 16, 13, 30, 0, DateTimeKind.Utc)),
                new("Décision de la commission d'appel d'offres : attribution", new DateOnly(2027, 4, 27)),
            ],
            Lots = [TenderReportBuilder.PresentationLot(report)],
            Date = new DateOnly(2027, 5, 5),
            Signatory = "Le président du groupement",
        };
    }

    private static string Euros(int euros) => euros.ToString("N2", CultureInfo.GetCultureInfo("fr-FR")).Replace('\u202F', ' ').Replace('\u00A0', ' ') + " €";

    private static string Ranking(string text) => text[..text.IndexOf("Notes détaillées", StringComparison.Ordinal)];

    private static string CopyTemplates()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "templates", "tenders");
        var folder = Path.Combine(Path.GetTempPath(), $"tender-templates-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    [GeneratedRegex("Fournisseur [0-9]{2}(?:Prix|Qualité|Délais)[0-9]")]
    private static partial Regex DetailRow();
}
