using System.Diagnostics;
using System.Text;

namespace ProcurementGroup.Web.Tests.Platform;

/// <summary>Runs the built application as an operator would, against a SQL Server that does not answer.</summary>
public sealed class SqlServerUnreachableTests
{
    [Fact]
    public async Task Start_WithUnreachableSqlServer_StopsWithin30sWithOneClearLineAndNoStackDump()
    {
        var webDll = WebApplicationPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(webDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "SqlServer";
        // Port 1 on loopback: nothing listens there, the connection is refused.
        start.Environment["ConnectionStrings__Default"] = "Server=127.0.0.1,1;Database=ProcurementGroup;User Id=sa;Password=x;TrustServerCertificate=True;Connect Timeout=5";
        start.Environment["Database__StartupTimeoutSeconds"] = "5";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        // Outside Development the app needs its public address before anything else (issue 6, defect 2).
        start.Environment["App__PublicBaseUrl"] = "https://achats.example.org";

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The application was still running after 30 s.");
        }

        output.Append(await stdout).Append(await stderr);
        var text = output.ToString();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, process.ExitCode);
        Assert.Single(text.Split('\n'), l => l.Contains("SQL Server injoignable (127.0.0.1,1)", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }

    /// <summary>src/ProcurementGroup.Web/bin/{Configuration}/net10.0/ProcurementGroup.Web.dll, built with this test project.</summary>
    internal static string WebApplicationPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ProcurementGroup.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "ProcurementGroup.Web", "bin", configuration, framework, "ProcurementGroup.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} not found: build the solution first.");
        return dll;
    }
}
