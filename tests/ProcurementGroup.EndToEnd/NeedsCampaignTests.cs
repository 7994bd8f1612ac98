using Microsoft.Playwright;
using ProcurementGroup.EndToEnd.Infrastructure;
using static ProcurementGroup.EndToEnd.Infrastructure.NeedsPages;

namespace ProcurementGroup.EndToEnd;

/// <summary>
/// Issue 3 in the browser, on the seeded demo: the ENT campaign is open and CC du Vimeu's form in it is an empty draft
/// (the other ENT forms are drafts too, so the aggregation's submitted totals are Vimeu's alone once it submits).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NeedsCampaignTests(LiveApp app)
{
    private const string ReturnReason = "Merci de confirmer le nombre de comptes enseignants (90 ?) avant validation.";

    [SkippableFact]
    public async Task VimeuBuyer_FillsUploadsCorrectsSubmits_OfficerReturns_BuyerResubmits_AggregationMatchesHandCalculation()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        await using var buyerContext = await app.NewContextAsync();
        var buyer = await buyerContext.NewPageAsync();
        long formId = 0;
        List<object?[]> downloaded = [];

        await StepAsync("1. The Vimeu buyer fills part of the form and saves a draft", async () =>
        {
            await LiveApp.LoginAsync(buyer, VimeuBuyer);
            formId = await OpenVimeuEntFormAsync(buyer);
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Brouillon");
            Assert.True(await QuantityAsync(buyer, "ENT-ELEVE") is null, "The demo leaves Vimeu's ENT form empty.");

            await QuantityInput(buyer, "ENT-ELEVE").FillAsync("1200");
            await buyer.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).First.ClickAsync();

            await Assertions.Expect(buyer.Locator(".alert-success")).ToContainTextAsync("Le brouillon a été enregistré.");
            Assert.True(await QuantityAsync(buyer, "ENT-ELEVE") == 1200m, "After saving, the form shows ENT-ELEVE = 1 200.");
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Brouillon");
        });

        await StepAsync("2. The buyer downloads the spreadsheet and uploads it with two bad rows: both errors, nothing saved", async () =>
        {
            var download = await buyer.RunAndWaitForDownloadAsync(() =>
                buyer.GetByRole(AriaRole.Link, new() { Name = "Télécharger le formulaire (XLSX)" }).ClickAsync());
            downloaded = Rows(await File.ReadAllBytesAsync(await download.PathAsync()));
            Assert.True(QuantityIn(downloaded, "ENT-ELEVE") == 1200m, "The downloaded spreadsheet carries the saved draft (ENT-ELEVE = 1 200).");

            // Two bad rows: a fractional quantity for a whole-numbers item, and text where a number is expected.
            var bad = WithQuantities(downloaded, ("ENT-ELEVE", 1250.5d), ("ENT-ENS", "quatre-vingt-dix"));
            await UploadAsync(buyer, bad, "besoins-erreurs.xlsx");

            await Assertions.Expect(buyer.Locator("#upload-report")).ToHaveTextAsync("Import refusé");
            var report = buyer.GetByTestId("upload-report");
            await Assertions.Expect(report).ToContainTextAsync("Aucune ligne n'a été enregistrée");
            await Assertions.Expect(report).ToContainTextAsync(
                $"Ligne {RowIndex(bad, "ENT-ELEVE") + 1}, colonne Quantité : l'article ENT-ELEVE se commande par unités entières.");
            await Assertions.Expect(report).ToContainTextAsync(
                $"Ligne {RowIndex(bad, "ENT-ENS") + 1}, colonne Quantité : « quatre-vingt-dix » n'est pas un nombre.");

            formId = await OpenVimeuEntFormAsync(buyer);
            Assert.True(await QuantityAsync(buyer, "ENT-ELEVE") == 1200m, "After the refused upload, ENT-ELEVE still shows 1 200.");
            Assert.True(await QuantityAsync(buyer, "ENT-ENS") is null, "After the refused upload, ENT-ENS is still empty.");
            Assert.True(await QuantityAsync(buyer, "ENT-FORM") is null, "After the refused upload, ENT-FORM is still empty.");
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Brouillon");
        });

        await StepAsync("3. The buyer uploads the corrected file, then submits the form", async () =>
        {
            // The same download, corrected: the refused upload saved nothing, so its Version still matches.
            var good = WithQuantities(downloaded, ("ENT-ELEVE", 1250d), ("ENT-ENS", 90d), ("ENT-FORM", "2"));
            await UploadAsync(buyer, good, "besoins.xlsx");

            await Assertions.Expect(buyer.Locator("#upload-report")).ToHaveTextAsync("Import terminé");
            await Assertions.Expect(buyer.GetByTestId("upload-report")).ToContainTextAsync("3 ligne(s) enregistrée(s).");

            await OpenVimeuEntFormAsync(buyer);
            Assert.True(await QuantityAsync(buyer, "ENT-ELEVE") == 1250m, "After the upload, ENT-ELEVE shows 1 250.");
            Assert.True(await QuantityAsync(buyer, "ENT-ENS") == 90m, "After the upload, ENT-ENS shows 90.");
            Assert.True(await QuantityAsync(buyer, "ENT-FORM") == 2m, "After the upload, ENT-FORM shows 2.");

            await buyer.GetByRole(AriaRole.Button, new() { Name = "Transmettre au service marchés" }).ClickAsync();
            await Assertions.Expect(buyer.Locator(".alert-success")).ToContainTextAsync("Le formulaire a été transmis au service marchés.");
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Transmis");
        });

        await using var officerContext = await app.NewContextAsync();
        var officer = await officerContext.NewPageAsync();
        long campaignId = 0;

        await StepAsync("4. The officer opens the submitted form and returns it with a reason", async () =>
        {
            await LiveApp.LoginAsync(officer, Officer);
            campaignId = await OpenEntCampaignFormsAsync(officer);
            var row = officer.GetByTestId("officer-forms").Locator("tbody tr").Filter(new() { Has = officer.GetByRole(AriaRole.Link, new() { Name = Vimeu, Exact = true }) });
            await Assertions.Expect(row).ToContainTextAsync("Transmis");
            await row.GetByRole(AriaRole.Link, new() { Name = Vimeu, Exact = true }).ClickAsync();
            await officer.WaitForURLAsync($"**/NeedsForms/Edit/{formId}");

            await officer.GetByLabel("Motif du renvoi (envoyé aux acheteurs du membre)").FillAsync(ReturnReason);
            await officer.GetByRole(AriaRole.Button, new() { Name = "Renvoyer pour correction" }).ClickAsync();

            await Assertions.Expect(officer.Locator(".alert-success")).ToContainTextAsync("Le formulaire a été renvoyé pour correction");
            await Assertions.Expect(officer.GetByTestId("status")).ToHaveTextAsync("Renvoyé pour correction");
        });

        await StepAsync("5. The buyer sees the returned status and the reason, and resubmits", async () =>
        {
            await OpenVimeuEntFormAsync(buyer);
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Renvoyé pour correction");
            await Assertions.Expect(buyer.GetByTestId("return-reason")).ToHaveTextAsync(ReturnReason);

            await buyer.GetByRole(AriaRole.Button, new() { Name = "Transmettre au service marchés" }).ClickAsync();
            await Assertions.Expect(buyer.Locator(".alert-success")).ToContainTextAsync("Le formulaire a été transmis au service marchés.");
            await Assertions.Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Transmis");
            await Assertions.Expect(buyer.GetByTestId("read-only")).ToBeVisibleAsync();
        });

        await StepAsync("6. The officer's aggregation equals the hand calculation", async () =>
        {
            await officer.GotoAsync($"/Aggregation/{campaignId}");
            await Assertions.Expect(officer.Locator("h1")).ToContainTextAsync(EntCampaign);

            // Hand calculation, ENT campaign: 36 months = 3 annual periods; VAT 20 %.
            //   ENT-ELEVE (annual 4,20 € HT):  1 250 × 4,20 × 3 = 15 750,00 € HT → × 1,2 = 18 900,00 € TTC
            //   ENT-ENS   (annual 6,00 € HT):     90 × 6,00 × 3 =  1 620,00 € HT → × 1,2 =  1 944,00 € TTC
            //   ENT-FORM  (one-off 650,00 € HT):   2 × 650,00   =  1 300,00 € HT → × 1,2 =  1 560,00 € TTC
            //   CC du Vimeu                                       = 18 670,00 € HT          22 404,00 € TTC
            // The other ENT forms of the demo are drafts: Vimeu's is the only submitted one, so the campaign's
            // submitted totals are Vimeu's.
            Assert.True(await FigureAsync(officer.Locator("#summary [data-count=submitted]")) == 1m, "Exactly one submitted form: Vimeu's.");
            Assert.True(await FigureAsync(officer.Locator("#summary [data-count=validated]")) == 0m, "No validated ENT form.");

            await ExpectItemAsync(officer, "ENT-ELEVE", quantity: 1_250m, ht: 15_750.00m, ttc: 18_900.00m);
            await ExpectItemAsync(officer, "ENT-ENS", quantity: 90m, ht: 1_620.00m, ttc: 1_944.00m);
            await ExpectItemAsync(officer, "ENT-FORM", quantity: 2m, ht: 1_300.00m, ttc: 1_560.00m);

            var vimeuRow = officer.Locator("#members tbody tr").Filter(new() { Has = officer.Locator("th", new() { HasText = Vimeu }) });
            Assert.True(await vimeuRow.CountAsync() == 1, "CC du Vimeu has one row among the counted members.");
            Assert.True(await officer.Locator("#members tbody tr").CountAsync() == 1, "Only CC du Vimeu is counted.");
            Equal(18_670.00m, await FigureAsync(vimeuRow.Locator("td").Nth(1)), "CC du Vimeu's row, HT");
            Equal(22_404.00m, await FigureAsync(vimeuRow.Locator("td").Nth(2)), "CC du Vimeu's row, TTC");

            Equal(18_670.00m, await FigureAsync(officer.Locator("#total-ht")), "campaign total HT (submitted and validated)");
            Equal(22_404.00m, await FigureAsync(officer.Locator("#total-ttc")), "campaign total TTC (submitted and validated)");
            await Assertions.Expect(officer.Locator("#not-submitted")).Not.ToContainTextAsync(Vimeu);
        });
    }

    [SkippableFact]
    public async Task AmiensBuyer_OpeningVimeuFormUrl_GetsTheNotFoundPage()
    {
        await using var vimeuContext = await app.NewContextAsync();
        var vimeu = await vimeuContext.NewPageAsync();
        await LiveApp.LoginAsync(vimeu, VimeuBuyer);
        var formId = await OpenVimeuEntFormAsync(vimeu);

        await using var amiensContext = await app.NewContextAsync();
        var amiens = await amiensContext.NewPageAsync();
        await LiveApp.LoginAsync(amiens, AmiensBuyer);

        foreach (var url in new[] { $"/NeedsForms/Edit/{formId}", $"/NeedsDocuments/Upload/{formId}" })
        {
            var response = await amiens.GotoAsync(url);
            Assert.True(response?.Status == 404, $"{url} as the Amiens buyer answered {response?.Status}, not 404.");
            Assert.Equal("Page introuvable", (await amiens.Locator("h1").InnerTextAsync()).Trim());
            var body = await amiens.Locator("main").InnerTextAsync();
            Assert.DoesNotContain(Vimeu, body, StringComparison.Ordinal);
            Assert.DoesNotContain(EntCampaign, body, StringComparison.Ordinal);
        }

        // The spreadsheet, with the Amiens buyer's own cookies: not found either.
        var file = await amiensContext.APIRequest.GetAsync($"/NeedsDocuments/Download/{formId}");
        Assert.True(file.Status == 404, $"The Vimeu spreadsheet as the Amiens buyer answered {file.Status}, not 404.");
    }

    [SkippableFact]
    public async Task NeedsForm_AsVimeuBuyer_HasNoSeriousAxeViolation()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await LiveApp.LoginAsync(page, VimeuBuyer);
        var formId = await OpenVimeuEntFormAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(3, await page.Locator("tr[data-item]").CountAsync());
        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, Accessibility.Describe($"/NeedsForms/Edit/{formId}", violations));
    }

    [SkippableFact]
    public async Task Aggregation_AsOfficer_HasNoSeriousAxeViolation()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await LiveApp.LoginAsync(page, Officer);
        var campaignId = await OpenEntCampaignFormsAsync(page);

        var response = await page.GotoAsync($"/Aggregation/{campaignId}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response?.Status);
        Assert.Equal(3, await page.Locator("#items tr[data-item]").CountAsync());
        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, Accessibility.Describe($"/Aggregation/{campaignId}", violations));
    }

    private static async Task UploadAsync(IPage page, List<object?[]> rows, string fileName)
    {
        await page.Locator("input[type=file][name=File]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = XlsxMime, Buffer = Write(rows) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/NeedsDocuments/Upload/*");
    }

    private static async Task ExpectItemAsync(IPage page, string code, decimal quantity, decimal ht, decimal ttc)
    {
        var row = page.Locator($"#items tr[data-item='{code}']");
        Equal(quantity, await FigureAsync(row.Locator("[data-col=quantity]")), $"{code}, submitted quantity");
        Equal(1m, await FigureAsync(row.Locator("[data-col=members]")), $"{code}, members counted");
        Equal(ht, await FigureAsync(row.Locator("[data-col=ht]")), $"{code}, value HT over the duration");
        Equal(ttc, await FigureAsync(row.Locator("[data-col=ttc]")), $"{code}, value TTC over the duration");
    }

    private static void Equal(decimal expected, decimal actual, string what) =>
        Assert.True(expected == actual, $"{what}: expected {expected}, the page shows {actual}.");

    /// <summary>Runs one step of the scenario; a failure names the step, with the assertion's own message inside.</summary>
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
