using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProcurementGroup.Testing;

namespace ProcurementGroup.EndToEnd.Infrastructure;

/// <summary>
/// The real application on a real Kestrel port (a browser cannot talk to the in-memory TestServer), over a fresh
/// SQLite file in a temporary folder, in Development so the demo data is seeded; plus one headless Chromium shared
/// by the tests of the collection. The browser is launched on first use, inside a test, so that a missing Chromium
/// skips (or fails under CI=true) that test rather than the whole fixture. The app reads "now" from <see cref="Clock"/>,
/// which follows the real time until a test moves it forward: built here, in the test process, it is never reachable
/// from the app's HTTP surface.
/// </summary>
public class LiveApp : IAsyncLifetime
{
    public const string DemoPassword = "Demo!2026-procurement";

    // Bounded waits: a hung start-up must fail the run, not eat the 90 minutes of CI.
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(90);

    // Playwright cannot download its own browsers here: Debian's Chromium is launched instead, with the flags a
    // container needs (no sandbox as root, no GPU, small /dev/shm) and without its calls home.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ];

    private readonly KestrelApp _factory;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LiveApp()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>The app with settings of its own (e.g. a slowed statements batch), for a collection of its own.</summary>
    protected LiveApp(IReadOnlyDictionary<string, string> settings)
    {
        Directory = Path.Combine(Path.GetTempPath(), "pg-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _factory = new KestrelApp(Directory, Clock, settings);
    }

    public string Directory { get; }

    /// <summary>The app's <see cref="TimeProvider"/>: the real time plus the offset a test gave it (deadlines, standstill).</summary>
    public MovableClock Clock { get; } = new();

    /// <summary>The app's own services (its database connections, to arrange data as the tests of tests/Shared do).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:40123/.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        // The Playwright driver (node) ships inside the NuGet package; never let it try to fetch browsers.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().TrimEnd('/') + "/");
        await WaitForHealthAsync();
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + HealthTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{BaseAddress}health did not answer 200 within {HealthTimeout.TotalSeconds} s (last: {last}).");
    }

    /// <summary>
    /// A fresh browser context (its own cookies) on the app, French locale. Call it inside a [SkippableFact]:
    /// without Chromium the test is skipped, or fails under CI=true.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = await BrowserAsync(Requires.Chromium());
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>Logs in through the login form, as a person would, and waits to leave the login page.</summary>
    public static async Task LoginAsync(IPage page, string email, string password = DemoPassword)
    {
        var response = await page.GotoAsync("/Account/Login");
        if (response?.Status != 200)
        {
            // Say so at once rather than wait for a form that is not there.
            throw new InvalidOperationException($"GET /Account/Login answered {response?.Status}: cannot log in as {email}.");
        }

        var form = page.Locator("form").Filter(new LocatorFilterOptions { Has = page.Locator("input[name=Email]") });
        await form.Locator("input[name=Email]").FillAsync(email);
        await form.Locator("input[name=Password]").FillAsync(password);
        await form.Locator("button[type=submit], input[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<IBrowser> BrowserAsync(string executablePath)
    {
        await _launch.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = executablePath,
                    Headless = true,
                    Args = ChromiumArgs,
                    Timeout = 60_000,
                });
            }

            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
        _launch.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temporary folder is the OS's to clean.
        }
    }

    /// <summary>WebApplicationFactory over the real entry point (named in full: Microsoft.Playwright has a Program too), serving on Kestrel instead of the TestServer.</summary>
    private sealed class KestrelApp(string directory, MovableClock clock, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<ProcurementGroup.Web.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:SqlitePath", Path.Combine(directory, "procurement.db"));
            builder.UseSetting("Database:HangfireSqlitePath", Path.Combine(directory, "hangfire.db"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}

/// <summary>The real time moved forward by the test: every reader of the app's clock sees the same "now".</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "Browser";
}

/// <summary>
/// Its own app (database, clock, browser): the tender walk moves the clock weeks ahead, which the other browser tests
/// and the app's scheduled jobs over the demo campaigns must not see.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MovedClockBrowserCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "Browser, moved clock";
}
