using System.Globalization;
using Microsoft.Playwright;
using ProcurementGroup.EndToEnd.Infrastructure;
using static ProcurementGroup.EndToEnd.Infrastructure.NeedsPages;

namespace ProcurementGroup.EndToEnd;

/// <summary>
/// Issue 7, item 5 in the browser: the officer records an accord-cadre campaign whose lot maximum makes the advice
/// formalised while the estimate alone (150 000 € HT) would be a MAPA. Its own campaign, in the demo telecom groupement.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProcedureAdviceTests(LiveApp app)
{
    [SkippableFact]
    public async Task Officer_RecordsAnAccordCadre_WhoseMaximumMakesTheAdviceFormalised()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await LiveApp.LoginAsync(page, Officer);
        var title = "Postes de travail " + Guid.NewGuid().ToString("N")[..6];

        // The campaign: supplies, accord-cadre à bons de commande, 12 months.
        await page.GotoAsync("/Campaigns/Create");
        await page.GetByLabel("Groupement").SelectOptionAsync(new SelectOptionValue { Label = "Télécommunications" });
        await page.GetByLabel("Titre").FillAsync(title);
        await page.GetByLabel("Durée du marché en mois, reconductions comprises").FillAsync("12");
        await page.GetByLabel("Nature de l'achat").SelectOptionAsync(new SelectOptionValue { Label = "Fournitures" });
        await page.GetByLabel("Forme du contrat").SelectOptionAsync(new SelectOptionValue { Label = "Accord-cadre à bons de commande" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("contract-form")).ToHaveTextAsync("Accord-cadre à bons de commande");
        var campaignId = long.Parse(page.Url.TrimEnd('/').Split('/')[^1].Split('?')[0], CultureInfo.InvariantCulture);

        // One lot, maximum 250 000 € HT, and one item at 1 000 € HT.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un lot" }).ClickAsync();
        await page.GetByLabel("Intitulé du lot").FillAsync("Postes fixes");
        await page.GetByLabel("Maximum du lot en euros HT (accord-cadre)").FillAsync("250 000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("lot-maximum-1")).ToContainTextAsync("250");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un article" }).ClickAsync();
        await page.GetByLabel("Code").FillAsync("PC");
        await page.GetByLabel("Libellé").FillAsync("Poste fixe");
        await page.GetByLabel("Unité", new() { Exact = true }).FillAsync("poste");
        await page.GetByLabel("Prix unitaire HT estimé (€)").FillAsync("1000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await page.WaitForURLAsync($"**/Campaigns/Details/{campaignId}*");

        // Opened now: a form per member; the officer fills one member's form with 150 posts and transmits it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir maintenant" }).ClickAsync();
        await page.GotoAsync($"/NeedsForms/Officer/{campaignId}");
        await page.GetByTestId("officer-forms").Locator("tbody tr th a").First.ClickAsync();
        await page.WaitForURLAsync("**/NeedsForms/Edit/*");
        await QuantityInput(page, "PC").FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transmettre au service marchés" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Transmis");

        // The advice: 150 000 € estimated (a MAPA alone), 250 000 € of maxima compared: formalised.
        await page.GotoAsync($"/Aggregation/{campaignId}/Advice");
        Assert.True(await FigureAsync(page.Locator("#estimate")) == 150_000m, "The estimate is 150 posts × 1 000 € HT.");
        Assert.True(await FigureAsync(page.Locator("#lot-maxima")) == 250_000m, "The lot's maximum is 250 000 € HT.");
        Assert.True(await FigureAsync(page.Locator("#estimated-value")) == 250_000m, "The value compared is the larger, the maximum.");
        Assert.Equal("Formalised", await page.Locator("#required-procedure").GetAttributeAsync("data-procedure"));
        await Assertions.Expect(page.Locator("#advice-obligations")).ToContainTextAsync("Journal officiel de l'Union européenne");
        await Assertions.Expect(page.Locator("#advice-obligations")).ToContainTextAsync("commission d'appel d'offres");
    }
}
