using System.Diagnostics;
using ProcurementGroup.Testing;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>
/// qpdf --check on a document's bytes: exit 0 (a clean file, no warning). Skipped visibly when qpdf is not installed,
/// except under CI=true where it must run (apt-get install -y qpdf). Call it from a [SkippableFact].
/// </summary>
internal static class Qpdf
{
    public const string Path = "/usr/bin/qpdf";

    public static async Task CheckAsync(byte[] bytes)
    {
        Skip.If(!File.Exists(Path) && !Requires.IsCi, $"qpdf not found at {Path}: the structural check is skipped (apt-get install -y qpdf to run it).");
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"document-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(File.Exists(Path) ? Path : "qpdf", ["--check", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var report = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"qpdf --check exited {process.ExitCode}: {report}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
