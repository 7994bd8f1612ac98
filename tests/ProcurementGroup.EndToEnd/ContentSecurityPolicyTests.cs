using Microsoft.Playwright;
using ProcurementGroup.EndToEnd.Infrastructure;

namespace ProcurementGroup.EndToEnd;

/// <summary>
/// The pages work under the Content-Security-Policy as Chromium enforces it: no refused script or style, the menus'
/// scripts run, the SVG charts and the Hangfire dashboard render.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(LiveApp app)
{
    [SkippableFact]
    public async Task AdministratorPages_RaiseNoCspViolation_AndTheirScriptsRun()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add($"{page.Url}: {message.Text}");
            }
        };

        await LiveApp.LoginAsync(page, "admin@demo.local");

        // Bootstrap's script opens the Administration menu: scripts from the app's own files run.
        var menu = page.Locator("#main-nav .dropdown-toggle", new PageLocatorOptions { HasText = "Administration" });
        await menu.ClickAsync();
        await Assertions.Expect(page.Locator("#main-nav .dropdown-menu.show")).ToBeVisibleAsync();

        // The closed telecom campaign of the demo has submitted forms, hence bars in its charts.
        await page.GotoAsync("/Campaigns");
        await page.Locator("a[href*='/Campaigns/Details/']", new PageLocatorOptions { HasText = "Télécommunications" }).First.ClickAsync();
        var aggregation = await page.Locator("a[href^='/Aggregation/']:not([href$='/Advice'])").First.GetAttributeAsync("href");
        Assert.False(string.IsNullOrEmpty(aggregation), "no aggregation link on the campaigns page");
        var pages = new[] { "/", "/Members", "/Groups", "/NeedsForms", "/Coordinator/Edit", "/Thresholds", aggregation! };
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(200, response?.Status);
        }

        // The server-side charts (SVG, classes and presentation attributes only) are drawn with their bars.
        Assert.True(await page.Locator("svg.bar-chart rect").CountAsync() > 0, "no chart bar on the aggregation page");

        var dashboard = await page.GotoAsync("/hangfire", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, dashboard?.Status);
        await Assertions.Expect(page.Locator(".navbar")).ToBeVisibleAsync();

        Assert.True(refused.Count == 0, "Refused by the Content-Security-Policy:\n" + string.Join('\n', refused));
    }
}
