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

        // dotnet run -c Release --project tests/ProcurementGroup.Benchmarks -- allocation-probe: the SQLite allocation run's parts, wall and CPU time.
        if (args is ["allocation-probe"])
        {
            await AllocationSqliteBenchmarks.Probe();
            return;
        }

        // dotnet run -c Release --project tests/ProcurementGroup.Benchmarks -- statement-probe: one statement and the ZIPs, wall and CPU time.
        if (args is ["statement-probe"])
        {
            StatementBenchmarks.Probe();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
