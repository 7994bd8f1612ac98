using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

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

    private async Task<long> SeedAsync()
    {
        var factory = _factory.Services.GetRequiredService<IDbConnectionFactory>();
        var dialect = factory.Dialect;
        await using var c = await factory.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var groupId = await c.ExecuteScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = 'Télécommunications'", transaction: tx);
        var memberId = await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CC du Vimeu'", transaction: tx);
        var campaignId = await c.ExecuteScalarAsync<long>(
            dialect.InsertReturningId("NeedsCampaigns",
                "PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, Version, CreatedAtUtc, UpdatedAtUtc",
                "@groupId, 'Banc d''essai 200 articles', @opens, @closes, @launch, 48, 1, 1, @now, @now"),
            new { groupId, opens = now.AddDays(-5), closes = now.AddDays(30), launch = DateOnly.FromDateTime(now.AddDays(90)), now }, tx);
        var sites = new List<long>();
        for (var s = 0; s < 3; s++)
        {
            sites.Add(await c.ExecuteScalarAsync<long>(
                dialect.InsertReturningId("MemberSites", "MemberId, Name, CommuneInsee, IsArchived, CreatedAtUtc", "@memberId, @name, '80368', 0, @now"),
                new { memberId, name = $"Site {s + 1}", now }, tx));
        }

        var formId = await c.ExecuteScalarAsync<long>(
            dialect.InsertReturningId("NeedsForms", "CampaignId, MemberId, Status, Version, UpdatedAtUtc", "@campaignId, @memberId, 0, 1, @now"),
            new { campaignId, memberId, now }, tx);
        for (var lot = 1; lot <= 10; lot++)
        {
            var lotId = await c.ExecuteScalarAsync<long>(
                dialect.InsertReturningId("CampaignLots", "CampaignId, LotNumber, Title", "@campaignId, @lot, @title"),
                new { campaignId, lot, title = $"Lot {lot}" }, tx);
            for (var i = 0; i < ItemCount / 10; i++)
            {
                var n = ((lot - 1) * 20) + i;
                var itemId = await c.ExecuteScalarAsync<long>(
                    dialect.InsertReturningId("CatalogueItems",
                        "CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, VatRateBasisPoints, SortOrder",
                        "@campaignId, @lotId, @code, @label, 'unité', 1, @price, @period, 2000, @n"),
                    new { campaignId, lotId, code = "ART-" + n.ToString("000", CultureInfo.InvariantCulture), label = $"Article de catalogue numéro {n}", price = 100 + (n * 37), period = 1 + (n % 3), n }, tx);
                if (n % 2 == 0)
                {
                    var siteIds = n % 10 == 0 ? new long?[] { sites[0], sites[1] } : [null];
                    foreach (var siteId in siteIds)
                    {
                        await c.ExecuteAsync(
                            "INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli, Comment) VALUES (@formId, @campaignId, @memberId, @itemId, @siteId, @siteKey, @q, NULL)",
                            new { formId, campaignId, memberId, itemId, siteId, siteKey = siteId ?? 0, q = (1 + (n % 17)) * 1000L }, tx);
                    }
                }
            }
        }

        await tx.CommitAsync();
        return formId;
    }

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
