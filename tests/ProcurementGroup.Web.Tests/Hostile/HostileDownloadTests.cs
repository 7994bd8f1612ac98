using System.Globalization;
using ProcurementGroup.Testing;
using Xunit.Abstractions;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// Issue 6, item 11 (and defect 3): after the formula entries of the corpus were posted to every form, every XLSX and CSV
/// the app lets the accounts download holds no live formula: no formula element, and no text cell starting with
/// =, +, -, @, tab or carriage return without the neutralising ' prefix (numbers such as -12,50 are not text).
/// </summary>
public sealed class HostileDownloadTests(HostileApp app, ITestOutputHelper output) : IClassFixture<HostileApp>
{
    private const string Dangerous = "=+-@\t\r";

    [Fact]
    public async Task AfterFormulaEntries_EveryXlsxAndCsvDownload_HoldsNoLiveFormula()
    {
        using var harness = new HostileHarness(app);
        await harness.StartAsync();
        var (forms, crawls) = await harness.DiscoverAsync();

        // Each download once, as the least-privileged account that reaches it.
        var downloads = crawls.SelectMany(c => c.Downloads.Select(url => (c.Account, Url: url)))
            .DistinctBy(d => d.Url, StringComparer.Ordinal)
            .ToList();
        var current = forms.Where(f => f.HasText).ToList();
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var checkedFiles = 0;

        // An accepted entry overwrites the previous one in an edited record: the downloads are read after each entry.
        foreach (var entry in HostileCorpus.Formulas)
        {
            var next = new List<FoundForm>();
            foreach (var form in current)
            {
                if (await harness.PostTextsAsync(form, [entry], secondChance: true) is { } still)
                {
                    next.Add(still);
                }
            }

            current = next;
            foreach (var (account, url) in downloads)
            {
                var live = await LiveFormulasAsync(harness.Client(account), url);
                if (live is null)
                {
                    continue;
                }

                checkedFiles++;
                foreach (var cell in live)
                {
                    failures.TryAdd($"{url}|{account}|{cell}", $"GET {url} as {account} after « {entry.Name} »: live formula {cell}");
                }
            }
        }

        output.WriteLine($"{harness.Posts} posts of {HostileCorpus.Formulas.Count} formula entries, {harness.Accepted} accepted; {downloads.Count} downloads read {checkedFiles} times:");
        foreach (var (account, url) in downloads)
        {
            output.WriteLine($"  {url} as {account}");
        }

        Assert.True(downloads.Count >= 4, $"only {downloads.Count} spreadsheet downloads found");
        var distinct = failures.Values.ToList();
        Assert.True(distinct.Count == 0, $"{distinct.Count} live formula cells:\n" + string.Join("\n", distinct.Take(120)));
    }

    /// <summary>The live formula cells of an XLSX or CSV download; null for anything else (PDF, image).</summary>
    private static async Task<List<string>?> LiveFormulasAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            return LiveFormulasInXlsx(bytes);
        }

        return type.Contains("csv", StringComparison.OrdinalIgnoreCase)
            ? LiveFormulasInCsv(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'))
            : null;
    }

    private static List<string> LiveFormulasInXlsx(byte[] bytes)
    {
        var live = new List<string>();
        foreach (var cell in IndependentSheetReader.XlsxCells(bytes))
        {
            if (cell.Formula is not null)
            {
                live.Add($"{cell.Reference}: formula « {cell.Formula} »");
            }
            else if (IsLive(cell.Text))
            {
                live.Add($"{cell.Reference}: text « {cell.Text} »");
            }
        }

        return live;
    }

    private static List<string> LiveFormulasInCsv(string csv)
    {
        var live = new List<string>();
        var firstLine = csv.Split('\n')[0];
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';
        var row = 1;
        foreach (var record in IndependentSheetReader.CsvRecords(csv, separator))
        {
            foreach (var field in record.Where(IsLive))
            {
                live.Add($"row {row}: « {field} »");
            }

            row++;
        }

        return live;
    }

    private static bool IsLive(string? text) =>
        !string.IsNullOrEmpty(text)
        && Dangerous.Contains(text[0], StringComparison.Ordinal)
        && !decimal.TryParse(text, NumberStyles.Number, CultureInfo.GetCultureInfo("fr-FR"), out _)
        && !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
}
