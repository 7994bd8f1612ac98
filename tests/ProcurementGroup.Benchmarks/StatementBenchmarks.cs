using System.Globalization;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ProcurementGroup.Documents.Statements;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// Statements (issue 9): one member's statement PDF rendered from its model (<see cref="StatementSample.Quarter"/>: two
/// contracts, three lines, the fee; one page, reproducible bytes), target ≤ 3 ms on one core; and a run's statements
/// into one ZIP written to a forward-only stream as the download streams it, target ≤ 2 s for 1,000 with memory not
/// growing with the count: <see cref="RenderIntoZip"/> renders each statement then adds it (the batch and the download
/// together, one core), <see cref="ZipStoredStatements"/> adds already stored bytes (the download alone). Compare
/// "Allocated" between Count = 100 and 1,000: per statement it should stay the same.
/// </summary>
[MemoryDiagnoser]
public class StatementBenchmarks
{
    private StatementTemplates _templates = null!;
    private byte[][] _stored = [];

    [Params(100, 1000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _templates = StatementTemplates.Load(AppContext.BaseDirectory);
        _stored = Enumerable.Range(1, Count).Select(n => StatementDocument.Render(StatementSample.Quarter(n), _templates)).ToArray();
        Console.WriteLine($"// One statement PDF: {_stored[0].Length.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
    }

    [Benchmark]
    public byte[] RenderStatement() => StatementDocument.Render(StatementSample.Quarter(), _templates);

    [Benchmark]
    public long RenderIntoZip()
    {
        using var output = new ForwardOnlyStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var n = 1; n <= Count; n++)
            {
                var bytes = StatementDocument.Render(StatementSample.Quarter(n), _templates);
                using var entry = zip.CreateEntry($"etat-2026-{n:0000}.pdf", CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        }

        return output.Length;
    }

    [Benchmark]
    public long ZipStoredStatements() => Zip(_stored, CompressionLevel.Fastest);

    /// <summary>The same ZIP with its entries stored (no Deflate): the CPU it saves, for a larger download.</summary>
    [Benchmark]
    public long ZipStoredStatementsUncompressed() => Zip(_stored, CompressionLevel.NoCompression);

    /// <summary>One statement rendered many times, then the stored ZIP both ways: wall-clock and process CPU time, ZIP sizes.</summary>
    public static void Probe()
    {
        var templates = StatementTemplates.Load(AppContext.BaseDirectory);
        var pdf = StatementDocument.Render(StatementSample.Quarter(), templates);
        if (Environment.GetEnvironmentVariable("STATEMENT_PROBE_PDF") is { Length: > 0 } path)
        {
            File.WriteAllBytes(path, pdf);
        }

        Console.WriteLine($"One statement PDF: {pdf.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
        const int renders = 500;
        for (var i = 0; i < 50; i++)
        {
            StatementDocument.Render(StatementSample.Quarter(i + 1), templates);
        }

        Measure($"{renders} statements rendered, per statement", renders, () =>
        {
            for (var i = 0; i < renders; i++)
            {
                StatementDocument.Render(StatementSample.Quarter(i + 1), templates);
            }

            return 0;
        });
        var stored = Enumerable.Range(1, 1000).Select(n => StatementDocument.Render(StatementSample.Quarter(n), templates)).ToArray();
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.NoCompression })
        {
            Measure($"ZIP of 1,000 stored statements, {level}", 1, () => Zip(stored, level));
        }
    }

    private static void Measure(string what, int count, Func<long> action)
    {
        GC.Collect();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bytes = action();
        clock.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: wall {clock.Elapsed.TotalMilliseconds / count:N3} ms, CPU {cpuMs / count:N3} ms{(bytes > 0 ? $", {bytes:N0} bytes" : string.Empty)}"));
    }

    private static long Zip(byte[][] stored, CompressionLevel level)
    {
        using var output = new ForwardOnlyStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var n = 0; n < stored.Length; n++)
            {
                using var entry = zip.CreateEntry($"etat-2026-{n:0000}.pdf", level).Open();
                entry.Write(stored[n]);
            }
        }

        return output.Length;
    }

    /// <summary>A response body: written forward only, never read or sought, keeping nothing (it counts the bytes).</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
