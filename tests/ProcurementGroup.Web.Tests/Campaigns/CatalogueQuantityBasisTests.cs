using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Issue 7, item 3: the quantity basis in the catalogue spreadsheet (an optional column; old files are whole duration).</summary>
public sealed class CatalogueQuantityBasisTests(TestApp app) : IClassFixture<TestApp>
{
    private const string BasesSql = "SELECT GROUP_CONCAT(Code || ':' || QuantityBasis, '|') FROM (SELECT Code, QuantityBasis FROM CatalogueItems WHERE CampaignId = @id ORDER BY Code)";

    private static Dictionary<string, object?> WithBasis(Dictionary<string, object?> row, string? basis)
    {
        row[CatalogueSpreadsheet.Basis] = basis;
        return row;
    }

    [Fact]
    public async Task Import_WithTheBasisColumn_ThenExport_RoundTripsTheBasis()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Base des quantités 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = Workbook(
        [
            WithBasis(Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, "ponctuel", 20), "par an"),
            WithBasis(Row(1, "Postes", "ECRAN", "Écran", "écran", "oui", 150, "ponctuel", 20), "sur la durée"),
            WithBasis(Row(1, "Postes", "SOURIS", "Souris", "souris", "oui", 10, "ponctuel", 20), null),
            WithBasis(Row(1, "Postes", "MAINT", "Maintenance", "poste", "oui", 5, "mensuel", 20), null),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, bytes)).StatusCode);
        Assert.Equal("ECRAN:1|MAINT:1|PC:2|SOURIS:1", await app.ScalarAsync<string>(BasesSql, new { id }));

        var export = await officer.GetAsync($"/Campaigns/Export/{id}");
        var exported = await export.Content.ReadAsByteArrayAsync();
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(exported), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(
            ["PC:par an", "ECRAN:sur la durée", "SOURIS:sur la durée", "MAINT:sur la durée"],
            rows.Select(r => $"{r["Code"]}:{r[CatalogueSpreadsheet.Basis]}").ToArray());

        // Change the basis in the database, then import the export back: the file's basis wins.
        await app.ExecuteAsync("UPDATE CatalogueItems SET QuantityBasis = 1 WHERE CampaignId = @id", new { id });
        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, exported)).StatusCode);
        Assert.Equal("ECRAN:1|MAINT:1|PC:2|SOURIS:1", await app.ScalarAsync<string>(BasesSql, new { id }));
    }

    [Fact]
    public async Task Import_OldFileWithoutTheColumn_IsWholeDuration()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Ancien fichier 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = Workbook([Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, "ponctuel", 20)]);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, bytes)).StatusCode);
        Assert.Equal("PC:1", await app.ScalarAsync<string>(BasesSql, new { id }));
    }

    [Theory]
    [InlineData("mensuel", "par an", "une quantité « par an » ne s'applique qu'à un prix ponctuel")]
    [InlineData("ponctuel", "par semaine", "« par semaine » ne dit pas ce que couvre la quantité")]
    public async Task Import_BadBasis_RefusedByRowAndColumn_NothingSaved(string period, string basis, string expected)
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Base refusée " + period + " 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = Workbook([WithBasis(Row(1, "Postes", "PC", "Ordinateur", "poste", "oui", 800, period, 20), basis)]);

        var response = await officer.UploadCatalogueAsync(id, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var report = doc.QuerySelectorAll("[data-testid=import-report] li").Select(li => li.TextContent).ToList();
        // One line for the bad cell, plus the report's closing line (as for every refused import).
        Assert.Equal(2, report.Count);
        Assert.Single(report, l => l.StartsWith($"Ligne 2, colonne {CatalogueSpreadsheet.Basis} : {expected}", StringComparison.Ordinal));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CatalogueItems WHERE CampaignId = @id", new { id }));
    }

    [Fact]
    public async Task ItemForm_SavesPerYear_AndRefusesPerYearOnAMonthlyPrice_InFrenchNextToTheField()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Formulaire article par an 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Lot/{id}", $"/Campaigns/Lot/{id}", new Dictionary<string, string>
        {
            ["Form.LotNumber"] = "1",
            ["Form.Title"] = "Postes",
        })).StatusCode);
        var lotId = await app.ScalarAsync<long>("SELECT Id FROM CampaignLots WHERE CampaignId = @id", new { id });
        Dictionary<string, string> Fields(string code, string period) => new()
        {
            ["Form.LotId"] = lotId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Code"] = code,
            ["Form.Label"] = "Article " + code,
            ["Form.Unit"] = "poste",
            ["Form.WholeNumbersOnly"] = "true",
            ["Form.UnitPrice"] = "800",
            ["Form.PricePeriod"] = period,
            ["Form.QuantityBasis"] = "PerYear",
            ["Form.VatRate"] = "20",
        };

        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Item/{id}", $"/Campaigns/Item/{id}", Fields("PC", "OneOff"))).StatusCode);
        Assert.Equal("PC:2", await app.ScalarAsync<string>(BasesSql, new { id }));
        var itemId = await app.ScalarAsync<long>("SELECT Id FROM CatalogueItems WHERE CampaignId = @id", new { id });
        var edit = await officer.GetDocumentAsync($"/Campaigns/Item/{id}?itemId={itemId}");
        Assert.Equal("PerYear", edit.QuerySelector("select[name='Form.QuantityBasis'] option[selected]")!.GetAttribute("value"));

        var refused = await officer.PostFormAsync($"/Campaigns/Item/{id}", $"/Campaigns/Item/{id}", Fields("MAINT", "Monthly"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("Une quantité « par an » ne s'applique qu'à un prix ponctuel", doc.QuerySelector("[data-valmsg-for='Form.QuantityBasis']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("MAINT", doc.QuerySelector("input[name='Form.Code']")!.GetAttribute("value"));
        Assert.Equal("PC:2", await app.ScalarAsync<string>(BasesSql, new { id }));
    }
}
