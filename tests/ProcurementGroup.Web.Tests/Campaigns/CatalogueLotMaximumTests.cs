using System.Net;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Issue 7, item 5: the lots' maxima (accord-cadre) in the catalogue spreadsheet, exported and read back.</summary>
public sealed class CatalogueLotMaximumTests(TestApp app) : IClassFixture<TestApp>
{
    private const string MaximaSql = "SELECT GROUP_CONCAT(LotNumber || ':' || COALESCE(MaximumCents, 'null'), '|') FROM (SELECT LotNumber, MaximumCents FROM CampaignLots WHERE CampaignId = @id ORDER BY LotNumber)";

    private static Dictionary<string, object?> WithMaximum(Dictionary<string, object?> row, object? maximum)
    {
        row[CatalogueSpreadsheet.LotMax] = maximum;
        return row;
    }

    private async Task<(HttpClient Officer, long Id)> CampaignAsync(string title)
    {
        var officer = await app.LoginAsync(Officer);
        return (officer, await app.DraftCampaignAsync("Matériel informatique", title, DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60)));
    }

    private static async Task<List<string>> ReportAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        return doc.QuerySelectorAll("[data-testid=import-report] li").Select(li => li.TextContent).ToList();
    }

    [Fact]
    public async Task Import_WithTheLotMaxima_ThenExport_RoundTripsThem()
    {
        var (officer, id) = await CampaignAsync("Maxima des lots 2028");
        var bytes = Workbook(
        [
            WithMaximum(Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, "ponctuel", 20), 150_000),
            WithMaximum(Row(1, "Postes", "ECRAN", "Écran", "écran", "oui", 150, "ponctuel", 20), 150_000),
            WithMaximum(Row(2, "Impression", "COPIEUR", "Copieur", "copieur", "oui", 90, "mensuel", 20), "80 000,50"),
            WithMaximum(Row(2, "Impression", "TONER", "Toner", "cartouche", "oui", 60, "ponctuel", 20), null),
            WithMaximum(Row(3, "Accessoires", "SOURIS", "Souris", "souris", "oui", 10, "ponctuel", 20), null),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, bytes)).StatusCode);
        Assert.Equal("1:15000000|2:8000050|3:null", await app.ScalarAsync<string>(MaximaSql, new { id }));

        var exported = await (await officer.GetAsync($"/Campaigns/Export/{id}")).Content.ReadAsByteArrayAsync();
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(exported), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(
            ["PC:150000", "ECRAN:150000", "COPIEUR:80000.5", "TONER:80000.5", "SOURIS:"],
            rows.Select(r => $"{r["Code"]}:{Convert.ToString(r[CatalogueSpreadsheet.LotMax], System.Globalization.CultureInfo.InvariantCulture)}").ToArray());

        // Change the maxima in the database, then import the export back: the file's maxima win.
        await app.ExecuteAsync("UPDATE CampaignLots SET MaximumCents = 1 WHERE CampaignId = @id", new { id });
        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, exported)).StatusCode);
        Assert.Equal("1:15000000|2:8000050|3:null", await app.ScalarAsync<string>(MaximaSql, new { id }));
    }

    [Theory]
    [InlineData("cent mille", "« cent mille » n'est pas un maximum valide : un montant en euros HT positif")]
    [InlineData("-5", "« -5 » n'est pas un maximum valide")]
    [InlineData("0", "« 0 » n'est pas un maximum valide")]
    [InlineData("12,345", "« 12,345 » n'est pas un maximum valide")]
    [InlineData("150.000", "nombre ambigu")]
    [InlineData("90000", "le lot 1 a pour maximum 150000,00 € HT à la ligne 2.")]
    public async Task Import_BadLotMaximum_RefusedByRowAndColumn_NothingSaved(string second, string expected)
    {
        var (officer, id) = await CampaignAsync("Maximum refusé " + second + " 2028");
        var bytes = Workbook(
        [
            WithMaximum(Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, "ponctuel", 20), "150000"),
            WithMaximum(Row(1, "Postes", "ECRAN", "Écran", "écran", "oui", 150, "ponctuel", 20), second),
        ]);

        var report = await ReportAsync(await officer.UploadCatalogueAsync(id, bytes));

        // One line for the bad cell, plus the report's first line (as for every refused import).
        Assert.Equal(2, report.Count);
        Assert.Single(report, l => l.StartsWith($"Ligne 3, colonne {CatalogueSpreadsheet.LotMax} : {expected}", StringComparison.Ordinal));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @id", new { id }));
    }

    [Fact]
    public async Task Import_AccordCadreLotWithoutMaximum_Refused_WithItSaved()
    {
        var (officer, id) = await CampaignAsync("Accord-cadre maxima 2028");
        await app.ExecuteAsync("UPDATE NeedsCampaigns SET ContractForm = 1 WHERE Id = @id", new { id });
        Dictionary<string, object?>[] Rows(object? secondLotMaximum) =>
        [
            WithMaximum(Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, "ponctuel", 20), 150_000),
            WithMaximum(Row(2, "Impression", "COPIEUR", "Copieur", "copieur", "oui", 90, "mensuel", 20), secondLotMaximum),
            WithMaximum(Row(2, "Impression", "TONER", "Toner", "cartouche", "oui", 60, "ponctuel", 20), null),
        ];

        var report = await ReportAsync(await officer.UploadCatalogueAsync(id, Workbook(Rows(null))));

        Assert.Equal(2, report.Count);
        Assert.Single(report, l => l.StartsWith($"Ligne 3, colonne {CatalogueSpreadsheet.LotMax} : le lot 2 n'a pas de maximum ; un accord-cadre doit fixer un maximum par lot", StringComparison.Ordinal));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @id", new { id }));

        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, Workbook(Rows(60_000)))).StatusCode);
        Assert.Equal("1:15000000|2:6000000", await app.ScalarAsync<string>(MaximaSql, new { id }));
    }
}
