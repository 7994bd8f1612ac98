using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>The app as deployed: Production, reached at its public name, with App:PublicBaseUrl and AllowedHosts set as production requires.</summary>
public sealed class ProductionTestApp : TestApp
{
    public const string PublicHost = "achats.example.org";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["App:PublicBaseUrl"] = "https://" + PublicHost,
        ["AllowedHosts"] = PublicHost,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("https_port", "443");
        builder.UseSetting("App:PublicBaseUrl", "https://" + PublicHost);
        builder.UseSetting("AllowedHosts", PublicHost);
        builder.UseSetting("ReverseProxy:KnownProxies:0", "10.0.0.5");
        builder.UseSetting("ReverseProxy:KnownNetworks:0", "192.168.10.0/24");
    }

    public HttpClient Client(string scheme) => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri($"{scheme}://{PublicHost}"),
    });
}

public sealed class ProductionHostTests(ProductionTestApp app) : IClassFixture<ProductionTestApp>
{
    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        var response = await app.Client("http").GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://{ProductionTestApp.PublicHost}/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Https_AnswersWithHsts_AndEveryCookieIsSecure()
    {
        var email = $"marches-{Guid.NewGuid():N}@example.org";
        const string password = "une phrase de passe assez longue";
        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateWithPasswordAsync(new UserInput(email, "Service marchés", [Roles.ProcurementOfficer], []), password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        }

        var client = app.Client("https");
        var page = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "no HSTS header over HTTPS: " + page.Headers);
        Assert.Contains("max-age=31536000", hsts!.Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var antiforgery = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(antiforgery);

        var login = await client.PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookies = antiforgery.Concat(login.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("pg.auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public void ReverseProxy_KnownProxiesAndNetworks_ComeFromConfiguration()
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value;

        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, n => n.ToString() == "192.168.10.0/24");
        Assert.True(options.ForwardedHeaders.HasFlag(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto));
    }
}
