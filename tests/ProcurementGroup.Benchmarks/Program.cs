using BenchmarkDotNet.Running;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/ProcurementGroup.Benchmarks -- --filter '*'
/// Every public class with [Benchmark] methods in this assembly is picked up: later issues only add classes.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        // dotnet run -c Release --project tests/ProcurementGroup.Benchmarks -- hostile-probe: one cold run per crafted file.
        if (args is ["hostile-probe"])
        {
            await HostileUploadBenchmarks.Probe();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
