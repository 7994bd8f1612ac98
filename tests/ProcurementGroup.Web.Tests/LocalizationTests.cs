using System.Net;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests;

public sealed class LocalizationTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Layout_DefaultsToFrench()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var page = await client.GetDocumentAsync("/");

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains(page.QuerySelectorAll("nav a"), a => a.TextContent.Trim() == "Membres");
    }

    [Fact]
    public async Task Layout_WithEnglishCultureCookie_ReadsTheEnglishResourceFile()
    {
        var client = await app.LoginAsync("admin@demo.local");
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains(page.QuerySelectorAll("nav a"), a => a.TextContent.Trim() == "Members");
    }
}
