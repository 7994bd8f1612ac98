using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

/// <summary>A TestApp whose Hangfire workers poll every second, so that queued jobs run within a test's patience.</summary>
public class FastJobsTestApp : TestApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Jobs:PollIntervalSeconds"] = "1",
        ["Smtp:Host"] = string.Empty,
    };

    /// <summary>Waits (bounded) until Hangfire has finished at least <paramref name="count"/> jobs.</summary>
    public async Task<bool> WaitForSucceededJobsAsync(long count, TimeSpan timeout)
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (monitoring.SucceededListCount() >= count)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}

/// <summary>The app with an SMTP listener on loopback configured as its server.</summary>
public class SmtpTestApp : FastJobsTestApp, IAsyncLifetime
{
    public SmtpListener Listener { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Jobs:PollIntervalSeconds"] = "1",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:UseStartTls"] = "false",
        ["Smtp:UserName"] = string.Empty,
        ["Smtp:From"] = "Somme Numérique <no-reply@somme-numerique.test>",
    };

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Listener.DisposeAsync();
    }
}

/// <summary>A TestApp over a database file chosen by the test (to run two apps over the same file).</summary>
public sealed class SharedDatabaseTestApp(string databasePath) : TestApp
{
    public override string DatabasePath => databasePath;
}
