using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

/// <summary>The real application in Production with its public address set; the host filter as configured by the test.</summary>
public class ProductionAccountsApp : TestApp
{
    public const string PublicUrl = "https://achats.example.org";

    /// <summary>Null: AllowedHosts is left unset, so the app takes the public address's host.</summary>
    protected virtual string? AllowedHosts => null;

    /// <summary>Null: App:PublicBaseUrl is not set.</summary>
    protected virtual string? PublicBaseUrlSetting => PublicUrl;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        // Command-line style, so that the start-up check (before the host is built) sees them, as in production.
        if (PublicBaseUrlSetting is { } url)
        {
            builder.UseSetting("App:PublicBaseUrl", url);
        }

        if (AllowedHosts is { } hosts)
        {
            builder.UseSetting("AllowedHosts", hosts);
        }
    }

    public HttpClient NewPublicClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(PublicUrl),
    });

    public async Task CreateUserAsync(string email)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.CreateAsync(new AppUser { Email = email, DisplayName = "Victime", EmailConfirmed = true, CreatedAtUtc = DateTime.UtcNow }, AccountsTestApp.Password);
        Assert.True(created.Succeeded);
        Assert.True((await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.MemberBuyer)).Succeeded);
    }

    public async Task<string> OutboxBodyAsync(string email)
    {
        await using var connection = await Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<string>("SELECT TextBody FROM OutboxMessages WHERE ToAddress = @email", new { email });
    }
}

/// <summary>Production, with the forged host allowed through the host filter: only the link builder stands in the way.</summary>
public sealed class ProductionAppWithLooseHosts : ProductionAccountsApp
{
    protected override string? AllowedHosts => "achats.example.org;evil.example";
}

/// <summary>Production without App:PublicBaseUrl: the host must not start.</summary>
public sealed class ProductionAppWithoutPublicUrl : ProductionAccountsApp
{
    protected override string? PublicBaseUrlSetting => null;
}

public sealed class PublicBaseUrlRequiredTests
{
    [Fact]
    public void ProductionHost_WithoutPublicBaseUrl_DoesNotStart()
    {
        using var app = new ProductionAppWithoutPublicUrl();

        Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.False(File.Exists(app.DatabasePath), "the host went as far as creating its database");
    }
}

/// <summary>Issue 6, defect 2: e-mailed links never follow the request's Host header.</summary>
public sealed class PublicBaseUrlTests(ProductionAppWithLooseHosts app) : IClassFixture<ProductionAppWithLooseHosts>
{
    [Fact]
    public async Task ForgotPassword_WithAForgedHostHeader_StillLinksToThePublicBaseUrl()
    {
        var email = AccountsTestApp.NewEmail("victime");
        await app.CreateUserAsync(email);
        var client = app.NewPublicClient();
        var token = await client.AntiforgeryTokenAsync("/Account/ForgotPassword");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await app.OutboxBodyAsync(email);
        Assert.Contains(ProductionAccountsApp.PublicUrl + "/Account/ResetPassword?email=", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }
}

public sealed class DefaultAllowedHostsTests(ProductionAccountsApp app) : IClassFixture<ProductionAccountsApp>
{
    [Fact]
    public async Task Production_WithoutAllowedHosts_RefusesAForgedHost_AndServesThePublicOne()
    {
        var client = app.NewPublicClient();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/Account/ForgotPassword");
        forged.Headers.Host = "evil.example";

        var refused = await client.SendAsync(forged);
        var served = await client.GetAsync("/Account/ForgotPassword");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}

/// <summary>The built application started as an operator would, outside Development.</summary>
public sealed class PublicBaseUrlStartupTests
{
    [Fact]
    public async Task Start_InProductionWithoutPublicBaseUrl_StopsWithOneFrenchLineAndNoStackTrace()
    {
        var (exitCode, output) = await RunAsync([], new Dictionary<string, string>());

        Assert.NotEqual(0, exitCode);
        Assert.Single(output.Split('\n'), l => l.Contains("Démarrage refusé : le réglage App:PublicBaseUrl", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProductionWithAllowedHostsStar_StopsWithOneFrenchLine()
    {
        var (exitCode, output) = await RunAsync([], new Dictionary<string, string>
        {
            ["App__PublicBaseUrl"] = ProductionAccountsApp.PublicUrl,
            ["AllowedHosts"] = "*",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Single(output.Split('\n'), l => l.Contains("Démarrage refusé : AllowedHosts vaut « * »", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateCommand_InProductionWithoutPublicBaseUrl_IsExempt()
    {
        var (exitCode, output) = await RunAsync(["migrate"], new Dictionary<string, string>());

        Assert.Equal(0, exitCode);
        Assert.Contains("Base de données à jour.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("App:PublicBaseUrl", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args, Dictionary<string, string> environment)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pg-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var sqlite = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__SqlitePath"] = Path.Combine(folder, "procurement.db"),
                ["Database__HangfireSqlitePath"] = Path.Combine(folder, "hangfire.db"),
            };
            foreach (var (key, value) in environment)
            {
                sqlite[key] = value;
            }

            return await AppProcess.RunAsync(args, sqlite, TimeSpan.FromSeconds(60));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment.
            }
        }
    }
}
