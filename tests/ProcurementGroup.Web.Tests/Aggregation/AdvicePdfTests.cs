using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>Issue 7, item 8: a stored advice downloads as a dated PDF carrying the figures of the page.</summary>
public sealed class AdvicePdfTests(TestApp app, ITestOutputHelper output) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";

    private static string Money(long cents) => TestApp.Money(cents);

    /// <summary>One lot at 1.00 € a unit: a submitted form of <paramref name="units"/>, a draft of 200 000 units, a member without form.</summary>
    private async Task<(ScenarioResult Scenario, long AdviceId)> StoredAdviceAsync(int units)
    {
        var b = await app.ValuedCampaign(units, new DateOnly(2027, 6, 30))
            .Member("Brouillon").Form("Brouillon", f => f.Line("U", 200_000))
            .Member("Absent", m => m.AddedAfterOpening())
            .BuildAsync();
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.StoreAdviceAsync(b.CampaignId)).StatusCode);
        return (b, await app.AdviceIdAsync(b.CampaignId));
    }

    [Fact]
    public async Task StoredAdvice_PdfFromTheHistory_CarriesThePageFigures()
    {
        var (b, adviceId) = await StoredAdviceAsync(100_000);
        var officer = await app.LoginAsync(Officer);
        var page = await officer.GetDocumentAsync($"/Aggregation/{b.CampaignId}/Advice");
        var link = page.QuerySelector($"#advice-history a[data-advice-pdf='{adviceId}']")!.GetAttribute("href")!;
        Assert.Equal($"/Aggregation/{b.CampaignId}/Advice/{adviceId}/Pdf", link);

        var response = await officer.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Equal($"avis-procedure-{b.CampaignId}-{day}.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));

        // The page's figures: 100 000 units × 1,00 € = 100 000,00 € HT, a MAPA; 1 form counted, 1 draft, 1 member without a form.
        Assert.Equal(Money(10_000_000), page.QuerySelector("#estimate")!.TextContent.Trim());
        Assert.Equal(Money(10_000_000), page.QuerySelector("#estimated-value")!.TextContent.Trim());
        Assert.Contains("Estimation HT, tous lots et tous membres (soumis et validés) : " + Money(10_000_000), text, StringComparison.Ordinal);
        Assert.Contains("Valeur comparée aux seuils : " + Money(10_000_000), text, StringComparison.Ordinal);
        Assert.Equal("1", page.QuerySelector("[data-count=counted]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-count=pending]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-count=missing]")!.TextContent.Trim());
        Assert.Contains("Comptés (soumis ou validés) : 1", text, StringComparison.Ordinal);
        Assert.Contains("En attente (brouillons ou retournés), non comptés : 1", text, StringComparison.Ordinal);
        Assert.Contains("Manquants (membres sans formulaire) : 1", text, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#pending-warning"));
        Assert.Contains("Attention : avec les brouillons", text, StringComparison.Ordinal);
        Assert.Equal("Mapa", page.QuerySelector("#required-procedure")!.GetAttribute("data-procedure"));
        Assert.Contains(page.QuerySelector("#required-procedure")!.TextContent.Trim(), text, StringComparison.Ordinal);
        Assert.Contains("Règle appliquée : " + page.QuerySelector("#advice-article")!.TextContent.Trim(), text, StringComparison.Ordinal);
        Assert.Contains("Date de lancement prévue : 30/06/2027", text, StringComparison.Ordinal);
        Assert.Contains("Fournitures", text, StringComparison.Ordinal);
        Assert.Contains("Marché ordinaire", text, StringComparison.Ordinal);

        // Every threshold row the advice cited, with its amount and first day of validity.
        await using var c = await app.ConnectionFactory.OpenAsync();
        var cited = (await c.QueryAsync<(long AmountCents, string ValidFrom)>(
            "SELECT t.AmountCents, t.ValidFrom FROM ProcurementThresholds t JOIN ProcedureAdviceThresholds p ON p.ThresholdId = t.Id WHERE p.AdviceId = @adviceId",
            new { adviceId })).ToList();
        // The no-procedure and EU rows, the 90,000 € publication row, the buyer-profile row and the DECP row.
        Assert.Equal(5, cited.Count);
        foreach (var row in cited)
        {
            Assert.Contains(Money(row.AmountCents), text, StringComparison.Ordinal);
            Assert.Contains(DateOnly.Parse(row.ValidFrom, CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }

        // Who stored it, and when (Paris time).
        var name = await c.ExecuteScalarAsync<string>("SELECT DisplayName FROM Users WHERE NormalizedEmail = @email", new { email = Officer.ToUpperInvariant() });
        Assert.Contains($"(heure de Paris) par {name}.", text, StringComparison.Ordinal);
        Assert.Contains("Avis enregistré le " + page.QuerySelector("#advice-history tbody td")!.TextContent.Trim(), text, StringComparison.Ordinal);

        await QpdfCheckAsync(bytes);
    }

    [Fact]
    public async Task AdviceOfAnotherCampaign_NotFound()
    {
        var (first, adviceId) = await StoredAdviceAsync(10_000);
        var (second, _) = await StoredAdviceAsync(10_000);
        var officer = await app.LoginAsync(Officer);

        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/Aggregation/{first.CampaignId}/Advice/{adviceId}/Pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Aggregation/{second.CampaignId}/Advice/{adviceId}/Pdf")).StatusCode);
    }

    [Fact]
    public async Task Buyer_Forbidden()
    {
        var (b, adviceId) = await StoredAdviceAsync(10_000);
        var buyer = await app.LoginAsync("acheteur.vimeu@demo.local");

        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/Aggregation/{b.CampaignId}/Advice/{adviceId}/Pdf")).StatusCode);
    }

    /// <summary>qpdf --check exits 0 (clean) or 3 (warnings). Without qpdf the check is reported skipped, except under CI where it must run.</summary>
    private async Task QpdfCheckAsync(byte[] bytes)
    {
        const string qpdf = "/usr/bin/qpdf";
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(qpdf) && !ci)
        {
            output.WriteLine("SKIPPED: qpdf --check (qpdf is not installed and CI is not set).");
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"advice-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(File.Exists(qpdf) ? qpdf : "qpdf", ["--check", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var report = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode is 0 or 3, $"qpdf --check exited {process.ExitCode}: {report}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
