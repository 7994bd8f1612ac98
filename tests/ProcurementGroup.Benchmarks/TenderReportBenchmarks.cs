using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Documents.Tenders;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The rapport d'analyse des offres of a 30-offer lot (issue 8: ≤ 50 ms and under 200 KB): the PDF rendered from its
/// model, and the whole path from Core's scoring through <see cref="TenderReportBuilder"/> to the bytes. The size is
/// printed once at setup and a report over 200 KB stops the run.
/// </summary>
[MemoryDiagnoser]
public class TenderReportBenchmarks
{
    public const int MaxBytes = 200 * 1024;

    private AnalysisReportModel _model = null!;
    private TenderTemplates _templates = null!;

    [GlobalSetup]
    public void Setup()
    {
        _templates = TenderTemplates.Load(AppContext.BaseDirectory);
        _model = TenderReportSample.ThirtyOffers(TenderProcedure.OpenCallForTenders);
        var size = AnalysisReportDocument.Render(_model, _templates).Length;
        Console.WriteLine($"// Analysis report of a 30-offer lot: {size.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
        if (size >= MaxBytes)
        {
            throw new InvalidOperationException($"The analysis report of a 30-offer lot is {size} bytes, over the 200 KB target.");
        }
    }

    [Benchmark]
    public byte[] RenderAnalysisReport30Offers() => AnalysisReportDocument.Render(_model, _templates);

    [Benchmark]
    public byte[] ScoreBuildAndRenderAnalysisReport30Offers() =>
        AnalysisReportDocument.Render(TenderReportSample.ThirtyOffers(TenderProcedure.OpenCallForTenders), _templates);
}
