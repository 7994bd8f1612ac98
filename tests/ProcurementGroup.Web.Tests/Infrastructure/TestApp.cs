using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Web.Tests.Infrastructure;

/// <summary>
/// The real application over a fresh SQLite file in a temporary folder, in Development so the demo data is seeded.
/// One instance per test class (IClassFixture) keeps tests independent and fast enough.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo!2026-procurement";

    public TestApp()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pg-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public virtual string DatabasePath => Path.Combine(Directory, "procurement.db");

    /// <summary>Extra configuration a test class needs (e.g. an SMTP server on loopback).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = DatabasePath,
            ["Database:HangfireSqlitePath"] = Path.Combine(Directory, "hangfire.db"),
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        // Command-line style settings win over appsettings files.
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        builder.UseSetting("Database:HangfireSqlitePath", Path.Combine(Directory, "hangfire.db"));
    }

    /// <summary>The app's own connection factory, for arranging and checking rows (the server is started first).</summary>
    public IDbConnectionFactory ConnectionFactory
    {
        get
        {
            _ = Server;
            return Services.GetRequiredService<IDbConnectionFactory>();
        }
    }

    /// <summary>A scenario arranged in this app's database (<see cref="Testing.Scenario"/>): groupement, members, campaign, forms.</summary>
    public Scenario Arrange() => Scenario.For(ConnectionFactory);

    /// <summary>One value read from the app's database, for assertions on what a page did.</summary>
    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await ConnectionFactory.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>The rows of one column read from the app's database.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var c = await ConnectionFactory.OpenAsync();
        return (await c.QueryAsync<T>(sql, args)).ToList();
    }

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var c = await ConnectionFactory.OpenAsync();
        await c.ExecuteAsync(sql, args);
    }

    /// <summary>An amount as the French pages print it (<c>12 345,67 €</c>).</summary>
    public static string Money(long cents) => new Core.Money.Money(cents).ToString(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    /// <summary>An id as a URL carries it.</summary>
    public static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can assert them.</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> LoginAsync(string email, string password = DemoPassword)
    {
        var client = NewClient();
        var response = await client.PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}

public static class HttpClientForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        }

        return await Parser.ParseDocumentAsync(html);
    }

    public static Task<IHtmlDocument> ParseAsync(string html) => Parser.ParseDocumentAsync(html);

    /// <summary>Reads the antiforgery token from the first form on <paramref name="formPage"/>, as a browser would.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string formPage)
    {
        var document = await client.GetDocumentAsync(formPage);
        var input = document.QuerySelector("input[name=__RequestVerificationToken]")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage}");
        return input.GetAttribute("value")!;
    }

    /// <summary>GETs <paramref name="formPage"/> for its token, then POSTs the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, IDictionary<string, string> fields)
    {
        var token = await client.AntiforgeryTokenAsync(formPage);
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }
}
