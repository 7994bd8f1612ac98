using System.Net;
using System.Net.Http.Headers;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>The security headers on every kind of response: pages, redirects, errors, 404s, static files, the dashboard.</summary>
public sealed class SecurityHeadersTests(TestApp app) : IClassFixture<TestApp>
{
    private static void AssertHeaders(HttpResponseMessage response, string what, bool dashboard = false)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.True(csp is not null, $"{what}: no Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal(dashboard, csp.Contains("'unsafe-inline'", StringComparison.Ordinal));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders()
    {
        var anonymous = app.NewClient();
        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[]
        {
            ("login page", () => anonymous.GetAsync("/Account/Login"), HttpStatusCode.OK),
            ("redirect to login", () => anonymous.GetAsync("/Members"), HttpStatusCode.Redirect),
            ("unknown page, anonymous", () => anonymous.GetAsync("/Nothing/Here/At/All"), HttpStatusCode.Redirect),
            ("static file", () => anonymous.GetAsync("/css/site.css"), HttpStatusCode.OK),
            ("script file", () => anonymous.GetAsync("/js/site.js"), HttpStatusCode.OK),
            ("health", () => anonymous.GetAsync("/health"), HttpStatusCode.OK),
            ("POST without antiforgery", () => anonymous.PostAsync("/Account/Login", new FormUrlEncodedContent([new("Email", "x@example.org"), new("Password", "y")])), HttpStatusCode.BadRequest),
        };
        foreach (var (what, send, expected) in cases)
        {
            var response = await send();
            Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {response.Headers.Location}");
            AssertHeaders(response, what);
        }

        var buyer = await app.LoginAsync("acheteur.vimeu@demo.local");
        var forbidden = await buyer.GetAsync("/Users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        AssertHeaders(forbidden, "403 page");
        var missing = await buyer.GetAsync("/Nothing/Here/At/All");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertHeaders(missing, "404 page");
        var home = await buyer.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        AssertHeaders(home, "home page");
    }

    /// <summary>
    /// The Hangfire dashboard loads its scripts from files (script-src 'self' holds there too) but writes inline styles,
    /// which only /hangfire allows.
    /// </summary>
    [Fact]
    public async Task HangfireDashboard_WorksUnderItsPolicy_WithoutInlineScript()
    {
        var admin = await app.LoginAsync("admin@demo.local");
        var response = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHeaders(response, "dashboard", dashboard: true);

        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var scripts = document.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "inline script in the dashboard: " + s.OuterHtml));
        foreach (var src in scripts.Select(s => s.GetAttribute("src")!))
        {
            Assert.True(src.StartsWith('/'), $"dashboard script from elsewhere: {src}");
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(src)).StatusCode);
        }
    }

    [Fact]
    public async Task Pages_CarryNoInlineScript()
    {
        var officer = await app.LoginAsync("marches@demo.local");
        foreach (var page in new[] { "/", "/Members", "/Campaigns", "/NeedsForms", "/Groups" })
        {
            var response = await officer.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
            Assert.All(document.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"{page}: inline script"));
            Assert.Empty(document.QuerySelectorAll("[style]"));
        }
    }
}
