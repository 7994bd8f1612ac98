using BenchmarkDotNet.Running;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/ProcurementGroup.Benchmarks -- --filter '*'
/// Every public class with [Benchmark] methods in this assembly is picked up: later issues only add classes.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
