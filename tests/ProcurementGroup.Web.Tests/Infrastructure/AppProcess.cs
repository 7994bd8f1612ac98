using System.Diagnostics;

namespace ProcurementGroup.Web.Tests.Infrastructure;

/// <summary>The built application run as an operator would, in its own process: for start-up refusals and commands.</summary>
public static class AppProcess
{
    /// <summary>
    /// Runs <c>dotnet ProcurementGroup.Web.dll</c> with <paramref name="args"/> in Production on a free loopback port, with
    /// <paramref name="environment"/> added, until it exits; the test fails (and the process is killed) after <paramref name="limit"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
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
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The application was still running after {limit.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>src/ProcurementGroup.Web/bin/{Configuration}/net10.0/ProcurementGroup.Web.dll, built with this test project.</summary>
    public static string WebApplicationPath()
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
