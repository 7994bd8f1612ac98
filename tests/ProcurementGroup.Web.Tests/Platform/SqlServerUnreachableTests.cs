using System.Diagnostics;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

/// <summary>Runs the built application as an operator would, against a SQL Server that does not answer.</summary>
public sealed class SqlServerUnreachableTests
{
    [Fact]
    public async Task Start_WithUnreachableSqlServer_StopsWithin30sWithOneClearLineAndNoStackDump()
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, text) = await AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Database__Provider"] = "SqlServer",
            // Port 1 on loopback: nothing listens there, the connection is refused.
            ["ConnectionStrings__Default"] = "Server=127.0.0.1,1;Database=ProcurementGroup;User Id=sa;Password=x;TrustServerCertificate=True;Connect Timeout=5",
            ["Database__StartupTimeoutSeconds"] = "5",
            // Outside Development the app needs its public address before anything else (issue 6, defect 2).
            ["App__PublicBaseUrl"] = "https://achats.example.org",
        }, TimeSpan.FromSeconds(30));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exitCode);
        Assert.Single(text.Split('\n'), l => l.Contains("SQL Server injoignable (127.0.0.1,1)", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }
}
