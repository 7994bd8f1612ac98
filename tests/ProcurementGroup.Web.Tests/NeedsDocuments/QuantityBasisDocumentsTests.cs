using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

/// <summary>Issue 7, item 3: the needs spreadsheet and the PDF recap say what a one-off quantity covers, and the recap values it.</summary>
public sealed class QuantityBasisDocumentsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task SpreadsheetAndRecap_SayPerYearBesideTheQuantity_AndTheRecapCountsItOverTheDuration()
    {
        var campaign = await app.EntCampaign(DateTime.UtcNow.AddDays(-10), DateTime.UtcNow.AddDays(20), [NeedsDocumentsScenarios.Vimeu], trainingPerYear: true)
            .Opened()
            .Form(NeedsDocumentsScenarios.Vimeu, f => f.Line("ENT-FORM", 2.5m).Submitted())
            .BuildAsync();
        var formId = campaign.FormId(NeedsDocumentsScenarios.Vimeu);
        var client = await app.LoginAsync("acheteur.vimeu@demo.local");

        using var stream = new MemoryStream(await client.GetByteArrayAsync($"/NeedsDocuments/Download/{formId}"));
        var rows = stream.Query(useHeaderRow: false, sheetName: "Besoins").Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        var formRow = rows.Single(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-FORM");
        Assert.Contains("jour (quantité par an)", formRow.Select(v => v?.ToString()));
        var eleveRow = rows.Single(r => r.ElementAtOrDefault(1)?.ToString() == "ENT-ELEVE");
        Assert.Contains("compte (prix annuel)", eleveRow.Select(v => v?.ToString()));

        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync($"/NeedsDocuments/Recap/{formId}"));
        var text = new string(string.Join(" ", pdf.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c) && c != '\u202F').ToArray());
        Assert.Contains("(quantitéparan)", text, StringComparison.Ordinal);
        // 2,5 days a year × 3 years (36 months) × 650,00 € = 4 875,00 € HT, 5 850,00 € TTC.
        Assert.Contains("TotalestiméHT:4875,00€", text, StringComparison.Ordinal);
        Assert.Contains("TotalestiméTTC:5850,00€", text, StringComparison.Ordinal);
    }
}
