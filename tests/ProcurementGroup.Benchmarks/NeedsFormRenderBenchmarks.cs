using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The needs form page of a 200-item catalogue (10 lots of 20 items), rendered server-side for a logged-in buyer:
/// the real application (WebApplicationFactory, Development, temporary SQLite file), one GET per operation, so the
/// figure includes routing, authentication, the member-access check, the reads and the Razor rendering.
/// Target (issue 3): ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
public partial class NeedsFormRenderBenchmarks
{
    public const int ItemCount = 200;

    private string _directory = string.Empty;
    private WebApplicationFactory<ProcurementGroup.Web.Program> _factory = null!;
    private HttpClient _client = null!;
    private string _url = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "bench.db");

        // BenchmarkDotNet runs from its own output folder: tell WebApplicationFactory where the web project is.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ProcurementGroup.sln")))
        {
            root = root.Parent;
        }

        if (root is not null)
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PROCUREMENTGROUP_WEB", Path.Combine(root.FullName, "src", "ProcurementGroup.Web"));
        }

        _factory = new WebApplicationFactory<ProcurementGroup.Web.Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("Database:SqlitePath", database);
            b.UseSetting("Database:HangfireSqlitePath", Path.Combine(_directory, "hangfire.db"));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var formId = SeedAsync().GetAwaiter().GetResult();
        LoginAsync("acheteur.vimeu@demo.local").GetAwaiter().GetResult();
        _url = $"/NeedsForms/Edit/{formId}";
        var check = _client.GetAsync(_url).GetAwaiter().GetResult();
        if (!check.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {_url} answered {(int)check.StatusCode}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The temporary folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// The same user's home page through the same pipeline (cookie, authorization, layout): what every page costs
    /// before its own work, so the form's own share is the difference.
    /// </summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RenderHomePage()
    {
        using var response = await _client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        return html.Length;
    }

    /// <summary>GET of the form page: 200 items, half of them filled (some on two sites).</summary>
    [Benchmark]
    public async Task<int> RenderNeedsForm200Items()
    {
        using var response = await _client.GetAsync(_url);
        var html = await response.Content.ReadAsStringAsync();
        return html.Length;
    }

    /// <summary>
    /// Arranged as the tests do (tests/Shared/Scenario.cs): a campaign of the demo telecom groupement, 200 items in 10 lots,
    /// CC du Vimeu's draft filled on the even items, every tenth on two of its three sites.
    /// </summary>
    private async Task<long> SeedAsync()
    {
        const string Vimeu = "CC du Vimeu";
        var now = DateTime.UtcNow;
        var scenario = Scenario.For(_factory.Services.GetRequiredService<IDbConnectionFactory>())
            .InGroup("Télécommunications")
            .Member(Vimeu, m => m.Exists())
            .Site(Vimeu, "Site 1").Site(Vimeu, "Site 2").Site(Vimeu, "Site 3")
            .Campaign("Banc d'essai 200 articles", c =>
            {
                c.Dates(now.AddDays(-5), now.AddDays(30)).Launch(DateOnly.FromDateTime(now.AddDays(90))).Duration(48);
                for (var lot = 1; lot <= 10; lot++)
                {
                    var first = (lot - 1) * 20;
                    c.Lot(lot, $"Lot {lot}", l =>
                    {
                        for (var n = first; n < first + (ItemCount / 10); n++)
                        {
                            var item = n;
                            l.Item(Code(n), 100 + (n * 37), (PricePeriod)(1 + (n % 3)), i => i.Labelled($"Article de catalogue numéro {item}", "unité"));
                        }
                    });
                }
            })
            .Opened()
            .Form(Vimeu, f =>
            {
                for (var n = 0; n < ItemCount; n += 2)
                {
                    foreach (var site in n % 10 == 0 ? new string?[] { "Site 1", "Site 2" } : [null])
                    {
                        f.Line(Code(n), 1 + (n % 17), site);
                    }
                }
            });
        return (await scenario.BuildAsync()).FormId(Vimeu);
    }

    private static string Code(int n) => "ART-" + n.ToString("000", CultureInfo.InvariantCulture);

    private async Task LoginAsync(string email)
    {
        var page = await _client.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(page).Groups[1].Value;
        var response = await _client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = "Demo!2026-procurement",
            ["__RequestVerificationToken"] = token,
        }));
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"Login failed: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
