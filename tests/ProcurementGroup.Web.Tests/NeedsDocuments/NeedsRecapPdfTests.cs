using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

public sealed partial class NeedsRecapPdfTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Recap_SubmittedForm_PdfShowsMemberLinesAndTotals()
    {
        var campaign = await app.OpenEntCampaign()
            .Form(NeedsDocumentsScenarios.Vimeu, f => f
                .Line("ENT-ELEVE", 1_200)
                .Line("ENT-ENS", 40, site: "Collège du Vimeu")
                .Line("ENT-FORM", 2.5m)
                .Submitted(new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc)))
            .BuildAsync();
        var formId = campaign.FormId(NeedsDocumentsScenarios.Vimeu);
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");

        var response = await client.GetAsync($"/NeedsDocuments/Recap/{formId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(NeedsDocumentsScenarios.Vimeu, text, StringComparison.Ordinal);
        Assert.Contains("Licence ENT par compte élève", text, StringComparison.Ordinal);
        Assert.Contains("Vimeu", text.Replace(NeedsDocumentsScenarios.Vimeu, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("20/11/2026 10:30", text, StringComparison.Ordinal);

        // By hand, 36 months: 1 200 × 4,20 × 3 years + 40 × 6,00 × 3 + 2,5 × 650,00 = 15 120 + 720 + 1 625 = 17 465,00 HT; TTC at 20 %.
        Assert.Equal(17_465.00m, Amount(text, "Total estimé HT"));
        Assert.Equal(3_493.00m, Amount(text, "TVA"));
        Assert.Equal(20_958.00m, Amount(text, "Total estimé TTC"));
        Assert.Contains("Page 1 / 1", text, StringComparison.Ordinal);

        // fr-FR groups thousands with U+202F: Liberation Sans has the glyph, so it is in the text, not dropped.
        Assert.Contains('\u202F', text);
    }

    [Fact]
    public async Task Recap_LongForm_BreaksPagesAndNumbersThem()
    {
        var campaign = await app.OpenEntCampaign()
            .Form(NeedsDocumentsScenarios.Vimeu, f =>
            {
                for (var i = 0; i < 120; i++)
                {
                    f.Line("ENT-ELEVE", 10, site: $"École {i:000}");
                }

                f.Validated();
            })
            .BuildAsync();
        var formId = campaign.FormId(NeedsDocumentsScenarios.Vimeu);

        var client = await app.LoginAsync("marches@demo.local");
        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync($"/NeedsDocuments/Recap/{formId}"));

        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} page(s)");
        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            Assert.Contains($"Page {n} / {pdf.NumberOfPages}", pdf.GetPage(n).Text, StringComparison.Ordinal);
        }

        // Every line printed once, across the pages; 120 sites × 10 pupils × 4,20 € × 3 years = 15 120,00 € HT.
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Equal(120, Regex.Matches(text, "École [0-9]{3}").Count);
        Assert.Equal(15_120.00m, Amount(text, "Total estimé HT"));
    }

    [Fact]
    public async Task Recap_Draft_AnswersNotFoundWithFrenchMessage()
    {
        var formId = (await app.OpenEntCampaign().BuildAsync()).FormId(NeedsDocumentsScenarios.Vimeu);
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");

        var response = await client.GetAsync($"/NeedsDocuments/Recap/{formId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("disponible une fois le formulaire transmis", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    private static decimal Amount(string text, string label)
    {
        var match = Regex.Match(text, Regex.Escape(label) + @"\s*:\s*([0-9\s\u202F\u00A0]+,[0-9]{2})");
        Assert.True(match.Success, $"« {label} » not found in: {text}");
        var digits = new string(match.Groups[1].Value.Where(c => char.IsDigit(c) || c == ',').ToArray()).Replace(',', '.');
        return decimal.Parse(digits, CultureInfo.InvariantCulture);
    }
}
