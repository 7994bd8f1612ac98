using System.Net;
using MiniExcelLibs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Infrastructure.Uploads;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Issue 6, defects 1 and 3 on the catalogue import and export.</summary>
public sealed class CatalogueSpreadsheetSafetyTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly object?[] Header = [.. CatalogueSpreadsheet.Headers];

    [Fact]
    public async Task Import_XlsxDeclaringXfd20001_RefusedInFrench_NothingSaved()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Dimension géante 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = CraftedFiles.HugeDimension([Header, [1d, "Postes", "PC", "PC fixe", "poste", "oui", 650.5d, "ponctuel", 20d, null]], "Catalogue", 20_001);

        var response = await officer.UploadCatalogueAsync(id, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(CatalogueSpreadsheet.MaxItems + 1, 20_001), doc.QuerySelector("[data-valmsg-for=File]")!.TextContent.Trim());
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CatalogueItems WHERE CampaignId = @id", new { id }));
    }

    [Fact]
    public async Task Import_FileIdLabel_ImportedAsPlainText_AndFormulaLikeLabelsExportNeutralisedAndRoundTrip()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Libellés piégés 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = CraftedFiles.FileIdCells(
        [
            Header,
            [1d, "Postes", "PC", CraftedFiles.FileIdValue, "poste", "oui", 650.5d, "ponctuel", 20d, null],
            [1d, "Postes", "ECRAN", "=HYPERLINK(\"http://exemple.invalid\")", "@écran", "oui", 210d, "ponctuel", 20d, null],
        ], "Catalogue");

        var response = await officer.UploadCatalogueAsync(id, bytes);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CraftedFiles.FileIdValue, await app.ScalarAsync<string>("SELECT Label FROM CatalogueItems WHERE CampaignId = @id AND Code = 'PC'", new { id }));

        var exported = await officer.GetByteArrayAsync($"/Campaigns/Export/{id}");
        Assert.Equal(0, IndependentSheetReader.FormulaCount(exported));
        var rows = new MemoryStream(exported).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var ecran = Assert.Single(rows, r => r[CatalogueSpreadsheet.Code]?.ToString() == "ECRAN");
        Assert.Equal("'=HYPERLINK(\"http://exemple.invalid\")", ecran[CatalogueSpreadsheet.Label]);
        Assert.Equal("'@écran", ecran[CatalogueSpreadsheet.Unit]);
        Assert.Equal(210d, ecran[CatalogueSpreadsheet.Price]);

        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, exported)).StatusCode);
        Assert.Equal("=HYPERLINK(\"http://exemple.invalid\")", await app.ScalarAsync<string>("SELECT Label FROM CatalogueItems WHERE CampaignId = @id AND Code = 'ECRAN'", new { id }));
        Assert.Equal("@écran", await app.ScalarAsync<string>("SELECT Unit FROM CatalogueItems WHERE CampaignId = @id AND Code = 'ECRAN'", new { id }));
    }
}
