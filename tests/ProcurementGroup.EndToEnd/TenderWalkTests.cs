using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.EndToEnd.Infrastructure;
using ProcurementGroup.Testing;
using UglyToad.PdfPig;
using static ProcurementGroup.EndToEnd.Infrastructure.NeedsPages;

namespace ProcurementGroup.EndToEnd;

/// <summary>
/// Issue 8 in the browser: an officer takes a closed campaign to a signed contract through the tender pages, the app's
/// clock moved forward past the offer deadline and the standstill. The closed campaign is arranged through
/// tests/Shared/Scenario.cs (one lot, 24 months; LINE: 150 lines, monthly; MIN: 200 000 minutes a year, one-off price
/// per minute). Criteria: price 60 (proportional formula, scored on 10), technical value 30 (network quality 20 and
/// support 10, each on 10), environmental performance 10 (on 10).
/// Hand calculation of the DQE totals (LINE × 150 × 24 months + MIN × 200 000 × 2 years):
///   Picardie Fibre        12,50 € and 0,0125 €:  45 000 + 5 000 = 50 000,00 € HT  → price 60 × 50/50 = 60
///   Hauts-de-France       15,00 € and 0,0150 €:  54 000 + 6 000 = 60 000,00 € HT  → price 60 × 50/60 = 50
///   Somme Réseaux         13,80 € and 0,0133 €:  49 680 + 5 320 = 55 000,00 € HT  → price 60 × 50/55 = 54,5454…
/// Technical and environmental points (weight × score / 10):
///   Picardie Fibre        network 6, support 6, environment 5: 12 + 6 + 5  = 23 → total 83 exactly
///   Hauts-de-France       network 8, support 7, environment 10: 16 + 7 + 10 = 33 → total 83 exactly: a tie
///   Somme Réseaux         network 7, support 5, environment 6: 14 + 5 + 6  = 25 → total 79,545… (79,55)
/// No offer is more than 20 % below the mean of the others (50 000 against 57 500 is 13 % below). Opale Mobile Pro's
/// offer arrives two hours after the deadline: recorded, excluded. The officer settles the tie for Hauts-de-France
/// Télécom Services, which is awarded; the rejection letters go out electronically, so the contract may be signed 11
/// days later, counting the sending day (R2182-1).
/// </summary>
[Collection(MovedClockBrowserCollection.Name)]
public sealed class TenderWalkTests(LiveApp app)
{
    private const string Cheapest = "Picardie Fibre Entreprises";
    private const string Awardee = "Hauts-de-France Télécom Services";
    private const string Third = "Somme Réseaux et Téléphonie";
    private const string Late = "Opale Mobile Pro";
    private const string TieReason = "Égalité parfaite : la valeur technique, critère le plus pondéré après le prix, départage au profit de l'offre la mieux notée sur ce critère.";
    private const string NetworkJustification = "Mémoire technique : réseau redondant, engagements de disponibilité détaillés.";

    private static readonly Dictionary<string, string> Sirets = new(StringComparer.Ordinal)
    {
        [Cheapest] = "51299765100017",
        [Awardee] = "74131297900015",
        [Third] = "84373335300018",
        [Late] = "52364198300011",
    };

    private readonly List<string> _axeReports = [];

    [SkippableFact]
    public async Task Officer_TakesAClosedCampaignToASignedContract_PublishLateOfferOpeningScoringTieCaoLettersStandstill()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        var tag = Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var reference = $"2026-E2E{tag}-01";
        var contractReference = $"E2E{tag}-L1";

        // Checked before arranging anything: without Chromium the test is skipped (or fails under CI=true).
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var scenario = await ArrangeClosedCampaignAsync();

        long tenderId = 0;
        long lotId = 0;
        DateTime deadlineUtc = default;
        var totals = new Dictionary<string, string>(StringComparer.Ordinal);
        var scores = new Dictionary<string, string>(StringComparer.Ordinal);
        var standstill = string.Empty;

        try
        {
            await StepAsync("1. The officer creates the tender from the closed campaign", async () =>
            {
                await LiveApp.LoginAsync(page, Officer);
                await page.GotoAsync($"/Campaigns/Details/{scenario.Id(scenario.CampaignId)}");
                await page.GetByTestId("launch-tender").ClickAsync();
                await page.WaitForURLAsync("**/Tenders/Create?campaignId=*");
                await AxeAsync(page, "Tenders/Create");

                await page.GetByLabel("Référence").FillAsync(reference);
                await page.GetByLabel("Objet").FillAsync("Téléphonie fixe du groupement " + tag);
                await page.GetByLabel("Durée en mois").FillAsync("24");
                await page.GetByLabel("Lieu d'exécution (code département)").FillAsync("80");
                await page.GetByLabel("Code CPV du lot 1").FillAsync("64210000-1");
                await Assertions.Expect(page.GetByLabel("Procédure du lot 1")).ToHaveValueAsync("2");
                await page.GetByRole(AriaRole.Button, new() { Name = "Créer la consultation" }).ClickAsync();

                await page.WaitForURLAsync("**/Tenders/Details/*");
                tenderId = LastSegment(page.Url);
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Brouillon");
                await Assertions.Expect(page.GetByTestId("item-LINE").Locator("td").Nth(2)).ToHaveTextAsync("150");
                await AxeAsync(page, "Tenders/Details (brouillon)");
            });

            await StepAsync("2. Criteria with an environmental criterion, then publication with a 40-day deadline", async () =>
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Modifier les critères" }).ClickAsync();
                await page.WaitForURLAsync("**/Tenders/Criteria/*");
                await AxeAsync(page, "Tenders/Criteria");
                await page.GetByLabel("Formule de notation du prix").SelectOptionAsync("1");
                await page.GetByLabel("Note maximale (Nmax)").FillAsync("10");
                await Criterion(page, 0, "Prix", "1", "60");
                await Criterion(page, 1, "Valeur technique", "2", "30");
                await SubCriterion(page, 1, 0, "Qualité du réseau", "20", "10");
                await SubCriterion(page, 1, 1, "Support", "10", "10");
                await Criterion(page, 2, "Performance environnementale", "3", "10");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les critères" }).ClickAsync();
                await page.WaitForURLAsync($"**/Tenders/Details/{Id(tenderId)}");
                await Assertions.Expect(page.GetByTestId("criteria")).ToContainTextAsync("Performance environnementale");

                var parisToday = DateOnly.FromDateTime(ParisTime.FromUtc(app.Clock.GetUtcNow().UtcDateTime));
                var deadlineInput = parisToday.AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00";
                deadlineUtc = ParisTime.ToUtc(deadlineInput, out _) ?? throw new InvalidOperationException("The deadline did not parse.");
                await page.GetByLabel("Date limite de réception des offres (heure de Paris)").FillAsync(deadlineInput);
                await Assertions.Expect(page.GetByLabel("Offres reçues par voie électronique")).ToBeCheckedAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Publier maintenant" }).ClickAsync();

                await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("La consultation a été publiée.");
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Publié");
                await Assertions.Expect(page.GetByTestId("deadline")).ToContainTextAsync(FrenchFormat.Instant(deadlineUtc));
                await Assertions.Expect(page.GetByTestId("snapshot")).ToContainTextAsync("2 validé(s)");
                await AxeAsync(page, "Tenders/Details (publiée)");
            });

            // Offers arrive during the publication: five days later.
            (context, page) = await MoveClockAsync(context, TimeSpan.FromDays(5));

            await StepAsync("3. Three offers registered in time; the register shows no price before the deadline", async () =>
            {
                await page.GotoAsync($"/Tenders/Details/{Id(tenderId)}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Registre des offres" }).ClickAsync();
                await page.WaitForURLAsync("**/Offers/Index/*");
                lotId = LastSegment(page.Url);
                await Assertions.Expect(page.GetByTestId("sealed")).ToBeVisibleAsync();
                foreach (var supplier in new[] { Cheapest, Awardee, Third })
                {
                    await RegisterOfferAsync(page, supplier, null);
                }

                await Assertions.Expect(page.GetByTestId("offers").Locator("tbody tr")).ToHaveCountAsync(3);
                await Assertions.Expect(page.GetByTestId("offers")).Not.ToContainTextAsync("Total DQE");
                await AxeAsync(page, "Offers/Index (scellées)");

                // Before the deadline, the evaluation is the sealed notice.
                await page.GotoAsync($"/Offers/Evaluation/{Id(lotId)}");
                await Assertions.Expect(page.GetByTestId("sealed")).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByTestId("ranking")).ToHaveCountAsync(0);
            });

            (context, page) = await MoveClockAsync(context, TimeSpan.FromDays(36));

            await StepAsync("4. After the deadline: a late offer recorded and excluded, then the offers opened", async () =>
            {
                await page.GotoAsync($"/Offers/Index/{Id(lotId)}");
                var lateAt = ParisTime.FromUtc(deadlineUtc.AddHours(2)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
                await RegisterOfferAsync(page, Late, lateAt);
                var lateRow = OfferRow(page, Late);
                await Assertions.Expect(lateRow).ToContainTextAsync("Hors délai — exclue");
                await Assertions.Expect(lateRow.GetByTestId("late-reason")).ToContainTextAsync("Offre hors délai");

                await page.GotoAsync($"/Tenders/Details/{Id(tenderId)}");
                await page.GetByRole(AriaRole.Button, new() { Name = "Clore et ouvrir les offres" }).ClickAsync();
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Offres ouvertes");
            });

            await StepAsync("5. Unit prices typed (4 decimals) for the three offers in time: DQE totals as calculated by hand", async () =>
            {
                var prices = new Dictionary<string, (string Line, string Minute, decimal Total)>(StringComparer.Ordinal)
                {
                    [Cheapest] = ("12,50", "0,0125", 50_000.00m),
                    [Awardee] = ("15,00", "0,0150", 60_000.00m),
                    [Third] = ("13,80", "0,0133", 55_000.00m),
                };
                var first = true;
                foreach (var (supplier, price) in prices)
                {
                    await page.GotoAsync($"/Offers/Index/{Id(lotId)}");
                    await OfferRow(page, supplier).GetByRole(AriaRole.Link, new() { Name = "Prix", Exact = true }).ClickAsync();
                    await page.WaitForURLAsync("**/Offers/Prices/*");
                    if (first)
                    {
                        await AxeAsync(page, "Offers/Prices");
                        first = false;
                    }

                    await page.GetByLabel("Prix unitaire HT de LINE").FillAsync(price.Line);
                    await page.GetByLabel("Prix unitaire HT de MIN").FillAsync(price.Minute);
                    await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les prix" }).ClickAsync();
                    await Assertions.Expect(page.Locator(".alert-success")).ToBeVisibleAsync();
                    Equal(price.Total, await FigureAsync(page.GetByTestId("offer-dqe-total").Locator("strong")), $"{supplier}'s DQE total");
                }

                await page.GotoAsync($"/Offers/Index/{Id(lotId)}");
                await AxeAsync(page, "Offers/Index (ouvertes)");
            });

            await StepAsync("6. Technical and environmental scores, each with its justification", async () =>
            {
                var marks = new Dictionary<string, (string Network, string Support, string Environment)>(StringComparer.Ordinal)
                {
                    [Cheapest] = ("6", "6", "5"),
                    [Awardee] = ("8", "7", "10"),
                    [Third] = ("7", "5", "6"),
                };
                var first = true;
                foreach (var (supplier, mark) in marks)
                {
                    await page.GotoAsync($"/Offers/Index/{Id(lotId)}");
                    await OfferRow(page, supplier).GetByRole(AriaRole.Link, new() { Name = "Notes", Exact = true }).ClickAsync();
                    await page.WaitForURLAsync("**/Offers/Scores/*");
                    if (first)
                    {
                        await AxeAsync(page, "Offers/Scores");
                        first = false;
                    }

                    await ScoreAsync(page, "Qualité du réseau", mark.Network, NetworkJustification);
                    await ScoreAsync(page, "Support", mark.Support, "Support : hotline 8 h-19 h, interlocuteur dédié.");
                    await ScoreAsync(page, "Performance environnementale", mark.Environment, "Reprise et reconditionnement des terminaux.");
                    await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les notes" }).ClickAsync();
                    await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Les notes ont été enregistrées.");
                }
            });

            await StepAsync("7. The evaluation shows the tie on exact totals; the officer settles it with a reason", async () =>
            {
                await page.GotoAsync($"/Offers/Evaluation/{Id(lotId)}");
                var ranking = page.GetByTestId("ranking");
                await Assertions.Expect(RankingRow(page, Cheapest).GetByTestId("rank")).ToHaveTextAsync("1 (ex aequo)");
                await Assertions.Expect(RankingRow(page, Awardee).GetByTestId("rank")).ToHaveTextAsync("1 (ex aequo)");
                await Assertions.Expect(RankingRow(page, Third).GetByTestId("rank")).ToHaveTextAsync("3");
                await Assertions.Expect(RankingRow(page, Late).GetByTestId("exclusion")).ToContainTextAsync("Offre hors délai");
                await Assertions.Expect(ranking.GetByTestId("abnormally-low")).ToHaveCountAsync(0);
                Equal(83m, await FigureAsync(RankingRow(page, Cheapest).GetByTestId("total")), "Picardie Fibre's total");
                Equal(83m, await FigureAsync(RankingRow(page, Awardee).GetByTestId("total")), "Hauts-de-France's total");
                Equal(79.55m, await FigureAsync(RankingRow(page, Third).GetByTestId("total")), "Somme Réseaux's total (79,545… shown to two decimals)");
                await AxeAsync(page, "Offers/Evaluation (égalité)");

                await page.GetByLabel("Offre classée devant").SelectOptionAsync(new SelectOptionValue { Label = $"Rang 1 — {Awardee}" });
                await page.GetByLabel("Motif du départage").FillAsync(TieReason);
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le départage" }).ClickAsync();

                await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Le départage de l'égalité a été enregistré.");
                await Assertions.Expect(RankingRow(page, Awardee).GetByTestId("rank")).ToHaveTextAsync("1");
                await Assertions.Expect(RankingRow(page, Cheapest).GetByTestId("rank")).ToHaveTextAsync("2");
                await Assertions.Expect(RankingRow(page, Awardee).GetByTestId("tie-settlement")).ToContainTextAsync(TieReason);
                foreach (var supplier in new[] { Cheapest, Awardee, Third })
                {
                    totals[supplier] = await RankingRow(page, supplier).Locator("td").Nth(2).InnerTextAsync();
                    scores[supplier] = await RankingRow(page, supplier).GetByTestId("total").InnerTextAsync();
                }
            });

            await StepAsync("8. The analysis is closed and the CAO decision recorded", async () =>
            {
                await page.GotoAsync($"/Tenders/Details/{Id(tenderId)}");
                await AxeAsync(page, "Tenders/Details (offres ouvertes)");
                await page.GetByRole(AriaRole.Button, new() { Name = "Terminer l'analyse des offres" }).ClickAsync();
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Offres analysées");

                await page.GetByLabel("Date de la séance").FillAsync(Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await page.GetByLabel("Décision", new() { Exact = true }).FillAsync("Attribution du lot 1 à Hauts-de-France Télécom Services.");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision de la CAO" }).ClickAsync();
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Décision de la CAO enregistrée");
                await Assertions.Expect(page.GetByTestId("cao")).ToContainTextAsync(FrenchFormat.Date(Today()));
            });

            await StepAsync("9. Award: certificates received and rejection letters sent electronically today; signing now is refused", async () =>
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Attribution et marché" }).ClickAsync();
                await page.WaitForURLAsync($"**/Awards/Lot/{Id(lotId)}");
                await AxeAsync(page, "Awards/Lot (avant attribution)");
                var today = Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await Assertions.Expect(page.GetByLabel("Attributaire", new() { Exact = true })).ToHaveValueAsync(await OfferIdAsync(page, Awardee));
                await page.GetByLabel("Attestation fiscale reçue le").FillAsync(today);
                await page.GetByLabel("Attestation sociale (URSSAF) reçue le").FillAsync(today);
                await page.GetByLabel("Lettres de rejet envoyées le").FillAsync(today);
                await page.GetByLabel("Mode d'envoi des lettres de rejet").SelectOptionAsync(new SelectOptionValue { Label = "Voie électronique (11 jours)" });
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'attribution" }).ClickAsync();
                await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("L'attribution du lot a été enregistrée.");

                // Letters sent on day D electronically, the sending day counted: signature possible from D + 11.
                var earliest = FrenchFormat.Date(Today().AddDays(11));
                standstill = earliest;
                await Assertions.Expect(page.GetByTestId("standstill").Locator("[data-field=EarliestSignature]")).ToHaveTextAsync($"Signature possible à partir du {earliest}");
                await AxeAsync(page, "Awards/Lot (attribué)");

                await page.GetByLabel("Référence du marché").FillAsync(contractReference);
                await page.GetByLabel("Signé le").FillAsync(today);
                await page.GetByRole(AriaRole.Button, new() { Name = "Signer le marché" }).ClickAsync();
                await Assertions.Expect(page.Locator("[data-valmsg-for='Contract.SignedOn']")).ToContainTextAsync(
                    $"Le délai de suspension n'est pas écoulé : le marché peut être signé à partir du {earliest}");
                await Assertions.Expect(page.GetByTestId("contract")).ToHaveCountAsync(0);
                await Assertions.Expect(page.GetByLabel("Référence du marché")).ToHaveValueAsync(contractReference);
            });

            await StepAsync("10. The analysis report and a rejection letter read back with the figures on screen", async () =>
            {
                var report = await DownloadPdfTextAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Rapport d'analyse des offres (PDF)" }));
                foreach (var supplier in new[] { Cheapest, Awardee, Third })
                {
                    Contains(report, totals[supplier], $"the analysis report, {supplier}'s DQE total");
                    Contains(report, scores[supplier], $"the analysis report, {supplier}'s total score");
                    Contains(report, supplier, "the analysis report, the bidder's name");
                }

                Contains(report, NetworkJustification, "the analysis report, a justification");
                Contains(report, Late, "the analysis report, the late offer");

                var letterLink = RankingRow(page, Cheapest).GetByRole(AriaRole.Link, new() { Name = "Lettre de rejet (PDF)" });
                var letter = await DownloadPdfTextAsync(page, letterLink);
                Contains(letter, Awardee, "the rejection letter, the awardee's name");
                Contains(letter, scores[Awardee], "the rejection letter, the awardee's score");
                Contains(letter, scores[Cheapest], "the rejection letter, the bidder's own score");
                Contains(letter, standstill, "the rejection letter, the standstill's end");
            });

            (context, page) = await MoveClockAsync(context, TimeSpan.FromDays(11));

            await StepAsync("11. After the standstill the contract is signed and shown; the tender is awarded", async () =>
            {
                await page.GotoAsync($"/Awards/Lot/{Id(lotId)}");
                var today = Today();
                Assert.True(FrenchFormat.Date(today) == standstill, $"The clock reads {FrenchFormat.Date(today)}, the first day the contract may be signed is {standstill}.");
                await page.GetByLabel("Référence du marché").FillAsync(contractReference);
                await page.GetByLabel("Signé le").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await page.GetByLabel("Notifié le").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await page.GetByRole(AriaRole.Button, new() { Name = "Signer le marché" }).ClickAsync();

                await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Le marché a été signé et enregistré.");
                var contract = page.GetByTestId("contract");
                await Assertions.Expect(contract.Locator("[data-field=Reference]")).ToHaveTextAsync(contractReference);
                await Assertions.Expect(contract.Locator("[data-field=Supplier]")).ToHaveTextAsync(Awardee);
                await Assertions.Expect(contract.Locator("[data-field=SignedOn]")).ToHaveTextAsync(standstill);
                Equal(60_000.00m, await FigureAsync(contract.Locator("[data-field=Amount]")), "the contract's amount (the awardee's DQE)");
                await AxeAsync(page, "Awards/Lot (marché signé)");

                await page.GotoAsync($"/Tenders/Details/{Id(tenderId)}");
                await Assertions.Expect(page.GetByTestId("tender-state")).ToHaveTextAsync("Attribué");
                await AxeAsync(page, "Tenders/Details (attribuée)");
            });
        }
        finally
        {
            await context.DisposeAsync();
        }

        Assert.True(_axeReports.Count == 0, string.Join(Environment.NewLine, _axeReports));
    }

    /// <summary>The closed campaign, through the app's repositories: two members' validated forms, one lot of two items.</summary>
    private async Task<ScenarioResult> ArrangeClosedCampaignAsync()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return await Scenario.For(app.Services.GetRequiredService<IDbConnectionFactory>())
            .Member("Abbeville")
            .Member("Rue")
            .Campaign("Téléphonie fixe 2027", c => c
                .Dates(now.AddDays(-60), now.AddDays(-20))
                .Duration(24)
                .Of(PurchaseNature.Services)
                .Lot(1, "Téléphonie fixe", l => l
                    .Item("LINE", 1500, PricePeriod.Monthly, i => i.Labelled("Ligne fixe", "ligne"))
                    .Item("MIN", 2, PricePeriod.OneOff, i => i.Labelled("Minute de communication", "minute").Fractions().PerYear())))
            .Closed()
            .Form("Abbeville", f => f.Line("LINE", 100).Line("MIN", 120_000).Validated())
            .Form("Rue", f => f.Line("LINE", 50).Line("MIN", 80_000).Validated())
            .BuildAsync();
    }

    /// <summary>Moves the app's clock forward; the old session may have expired meanwhile, so the officer logs in again in a new context.</summary>
    private async Task<(IBrowserContext, IPage)> MoveClockAsync(IBrowserContext old, TimeSpan by)
    {
        await old.DisposeAsync();
        app.Clock.Advance(by);
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await LiveApp.LoginAsync(page, Officer);
        return (context, page);
    }

    private DateOnly Today() => DateOnly.FromDateTime(ParisTime.FromUtc(app.Clock.GetUtcNow().UtcDateTime));

    private static async Task RegisterOfferAsync(IPage page, string supplier, string? receivedAt)
    {
        await page.GetByLabel("Fournisseur").SelectOptionAsync(new SelectOptionValue { Label = $"{supplier} ({Sirets[supplier]})" });
        if (receivedAt is not null)
        {
            await page.Locator("#ReceivedAt").FillAsync(receivedAt);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'offre" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("L'offre a été enregistrée au registre.");
        await Assertions.Expect(OfferRow(page, supplier)).ToHaveCountAsync(1);
    }

    private static ILocator OfferRow(IPage page, string supplier) =>
        page.GetByTestId("offers").Locator("tbody tr").Filter(new() { HasText = supplier });

    /// <summary>The ranking's row whose supplier cell (the second) is exactly <paramref name="supplier"/>.</summary>
    private static ILocator RankingRow(IPage page, string supplier) =>
        page.GetByTestId("ranking").Locator("tbody tr").Filter(new() { Has = page.Locator("td:nth-child(2)", new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(supplier) + "\\s*$") }) });

    private static async Task<string> OfferIdAsync(IPage page, string supplier) =>
        await RankingRow(page, supplier).GetAttributeAsync("data-offer") ?? string.Empty;

    private static async Task Criterion(IPage page, int index, string name, string kind, string weight)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        await page.Locator($"input[name='Criteria[{i}].Name']").FillAsync(name);
        await page.Locator($"select[name='Criteria[{i}].Kind']").SelectOptionAsync(kind);
        await page.Locator($"input[name='Criteria[{i}].Weight']").FillAsync(weight);
    }

    private static async Task SubCriterion(IPage page, int criterion, int index, string name, string weight, string maxScore)
    {
        var prefix = $"Criteria[{criterion.ToString(CultureInfo.InvariantCulture)}].SubCriteria[{index.ToString(CultureInfo.InvariantCulture)}]";
        await page.Locator($"input[name='{prefix}.Name']").FillAsync(name);
        await page.Locator($"input[name='{prefix}.Weight']").FillAsync(weight);
        await page.Locator($"input[name='{prefix}.MaxScore']").FillAsync(maxScore);
    }

    private static async Task ScoreAsync(IPage page, string item, string score, string justification)
    {
        var fieldset = page.Locator("fieldset").Filter(new() { Has = page.Locator("legend", new() { HasTextRegex = new Regex("^" + Regex.Escape(item) + " \\(") }) });
        await fieldset.GetByLabel("Note", new() { Exact = true }).FillAsync(score);
        await fieldset.GetByLabel("Justification").FillAsync(justification);
    }

    /// <summary>Clicks a PDF link as a person would and reads the downloaded file's text back with PdfPig.</summary>
    private static async Task<string> DownloadPdfTextAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.True(bytes.AsSpan().StartsWith("%PDF-"u8), $"{download.SuggestedFilename} is not a PDF.");
        using var pdf = PdfDocument.Open(bytes);
        return string.Join("\n", pdf.GetPages().Select(p => p.Text));
    }

    /// <summary>
    /// The page's text is in the PDF, compared without spaces and euro signs (PdfPig does not always keep the spaces
    /// between words, fr-FR groups thousands with U+202F, and a table may put the currency in its header).
    /// </summary>
    private static void Contains(string pdfText, string onScreen, string what)
    {
        var expected = Compact(onScreen);
        Assert.True(expected.Length > 0, $"{what}: nothing read on screen.");
        Assert.True(Compact(pdfText).Contains(expected, StringComparison.Ordinal), $"{what}: « {onScreen.Trim()} » is not in the document. Its text:\n{pdfText}");
    }

    private static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c) && c is not '\u202F' and not '\u00A0' and not '€').ToArray());

    private async Task AxeAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var violations = await Accessibility.SeriousViolationsAsync(page);
        if (violations.Count > 0)
        {
            _axeReports.Add(Accessibility.Describe(name, violations));
        }
    }

    private static void Equal(decimal expected, decimal actual, string what) =>
        Assert.True(expected == actual, $"{what}: expected {expected}, the page shows {actual}.");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static long LastSegment(string url) =>
        long.Parse(new Uri(url).AbsolutePath.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture);

    /// <summary>Runs one step of the walk; a failure names the step, with the assertion's own message inside.</summary>
    private static async Task StepAsync(string step, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception ex) when (ex is not Xunit.SkipException)
        {
            throw new StepFailedException(step, ex);
        }
    }

    private sealed class StepFailedException(string step, Exception inner)
        : Exception($"Step \"{step}\" failed: {inner.Message}", inner);
}
