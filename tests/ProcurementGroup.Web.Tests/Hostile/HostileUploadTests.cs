using System.Diagnostics;
using Xunit.Abstractions;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// Issue 6, item 11, files: every hostile file goes to every upload form the demo accounts reach, as the least-privileged
/// account. Expected: an answer in time, no 5xx, a French refusal (or a save), the database unchanged when refused.
/// Its own app: a file the server chokes on must not slow the text corpus.
/// </summary>
public sealed class HostileUploadTests(HostileApp app, ITestOutputHelper output) : IClassFixture<HostileApp>
{
    [Fact]
    public async Task EveryUpload_EveryHostileFile_AnsweredWithoutServerError_FrenchRefusal_DatabaseUnchanged()
    {
        var clock = Stopwatch.StartNew();
        using var harness = new HostileHarness(app);
        await harness.StartAsync();
        var (forms, _) = await harness.DiscoverAsync();
        var uploads = forms.Where(f => f.IsUpload).ToList();
        foreach (var expected in new[] { "POST /Members/Import ", "POST /NeedsDocuments/Upload/{n} ", "POST /Campaigns/Import/{n} " })
        {
            Assert.Contains(uploads, f => f.Key.StartsWith(expected, StringComparison.Ordinal));
        }

        foreach (var file in HostileFiles.All)
        {
            var bytes = file.Bytes();
            foreach (var form in uploads)
            {
                if (harness.TimedOut.Contains(file.Name))
                {
                    harness.Failures.Add($"{form.Key}: file « {file.Name} » not sent, it already got no answer on an earlier upload");
                    continue;
                }

                await harness.PostFileAsync(form, file, bytes);
            }
        }

        output.WriteLine($"{uploads.Count} uploads: {string.Join(", ", uploads)}");
        output.WriteLine($"{harness.Posts} posts ({harness.Refused} refused) in {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var note in harness.Notes)
        {
            output.WriteLine("note: " + note);
        }

        var failures = harness.Failures.Distinct(StringComparer.Ordinal).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(80)));
    }
}
