using Microsoft.Playwright;
using ProcurementGroup.EndToEnd.Infrastructure;

namespace ProcurementGroup.EndToEnd;

/// <summary>
/// Proves the browser set-up itself: the app on Kestrel, Debian's Chromium driven by Playwright offline, the page's
/// own assets served, and axe-core run in the page. If these fail, the other browser tests cannot tell anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(LiveApp app)
{
    [SkippableFact]
    public async Task Health_InChromium_AnswersOk()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/health");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("ok", (await page.Locator("body").InnerTextAsync()).Trim());
    }

    [SkippableFact]
    public async Task StatusPage_Anonymous_RendersWithItsAssetsAndNoSeriousAxeViolation()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add($"{request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType is "stylesheet" or "script" or "image" or "font")
            {
                failed.Add($"{response.Url} ({response.Status})");
            }
        };

        await page.GotoAsync("/Home/Status/404", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal("Page introuvable", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Page introuvable", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.True(failed.Count == 0, "Resources that did not load: " + string.Join(", ", failed));
        // Bootstrap is vendored and served by the app: without it axe would judge an unstyled page.
        var stylesheets = await page.EvaluateAsync<int>("() => document.styleSheets.length");
        Assert.True(stylesheets > 0, "The page loaded no stylesheet.");

        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, Accessibility.Describe("/Home/Status/404", violations));
    }
}
