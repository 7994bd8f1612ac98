using Microsoft.Playwright;
using ProcurementGroup.EndToEnd.Infrastructure;

namespace ProcurementGroup.EndToEnd;

/// <summary>axe-core finds no serious or critical violation on the login page and on the members list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(LiveApp app)
{
    [SkippableFact]
    public async Task LoginPage_HasNoSeriousAxeViolation()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/Account/Login", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response?.Status);
        Assert.Equal(1, await page.Locator("input[name=Email]").CountAsync());
        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, Accessibility.Describe("/Account/Login", violations));
    }

    [SkippableFact]
    public async Task MembersList_AsAdministrator_ListsTheSixteenMembersWithNoSeriousAxeViolation()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await LiveApp.LoginAsync(page, "admin@demo.local");

        var response = await page.GotoAsync("/Members", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response?.Status);
        Assert.Equal(16, await page.Locator("main table tbody tr").CountAsync());
        await Assertions.Expect(page.Locator("main table")).ToContainTextAsync("CA Amiens Métropole");
        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, Accessibility.Describe("/Members", violations));
    }
}
