using ProcurementGroup.EndToEnd.Infrastructure;

namespace ProcurementGroup.EndToEnd;

/// <summary>Each demo account logs in through the login form in Chromium and lands on its own home page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoAccountTests(LiveApp app)
{
    [SkippableTheory]
    [InlineData("admin@demo.local", "Administrateur", null)]
    [InlineData("marches@demo.local", "Service marchés", null)]
    [InlineData("finances@demo.local", "Service financier", null)]
    [InlineData("acheteur.amiens@demo.local", "Acheteur d'un membre", "CA Amiens Métropole")]
    [InlineData("acheteur.vimeu@demo.local", "Acheteur d'un membre", "CC du Vimeu")]
    public async Task Login_DemoAccount_LandsOnHomePageWithItsRole(string email, string roleLabel, string? memberName)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await LiveApp.LoginAsync(page, email);

        Assert.Contains(new Uri(page.Url).AbsolutePath.TrimEnd('/'), new[] { string.Empty, "/Home", "/Home/Index" });
        Assert.Equal(roleLabel, (await page.GetByTestId("roles").InnerTextAsync()).Trim());
        if (memberName is null)
        {
            Assert.Equal(0, await page.GetByTestId("my-members").CountAsync());
        }
        else
        {
            // Each item is the member's link, followed by a link to its sites.
            var members = await page.GetByTestId("my-members").Locator("li > a:first-child").AllInnerTextsAsync();
            Assert.Equal([memberName], members.Select(m => m.Trim()).ToArray());
        }
    }
}
