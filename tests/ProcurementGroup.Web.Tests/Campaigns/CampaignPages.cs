using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>What the campaign tests share besides the scenario builder: driving the catalogue import page, the job, a draft campaign.</summary>
internal static class CampaignPages
{
    public const string Officer = "marches@demo.local";

    public static Task<long> GroupIdAsync(this TestApp app, string name) =>
        app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name });

    public static string ParisInput(DateTime utc) => Fr.ToParis(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A draft campaign without catalogue of the demo groupement <paramref name="groupName"/> (launch planned on 1 June 2027,
    /// 36 months), arranged with <see cref="Testing.Scenario"/>; the campaign pages' own tests create theirs through the page.
    /// </summary>
    public static async Task<long> DraftCampaignAsync(this TestApp app, string groupName, string title, DateTime opensUtc, DateTime closesUtc) =>
        (await app.Arrange()
            .InGroup(groupName)
            .Campaign(title, c => c.Dates(opensUtc, closesUtc).Launch(new DateOnly(2027, 6, 1)).Duration(36))
            .BuildAsync()).CampaignId;

    public static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var ms = new MemoryStream();
        ms.SaveAs(rows.ToList(), sheetName: "Catalogue", excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    public static Dictionary<string, object?> Row(int lot, string lotTitle, string code, string label, string unit, string whole, object price, string period, object vat, object? max = null) => new()
    {
        [CatalogueSpreadsheet.LotNumber] = lot,
        [CatalogueSpreadsheet.LotTitle] = lotTitle,
        [CatalogueSpreadsheet.Code] = code,
        [CatalogueSpreadsheet.Label] = label,
        [CatalogueSpreadsheet.Unit] = unit,
        [CatalogueSpreadsheet.Whole] = whole,
        [CatalogueSpreadsheet.Price] = price,
        [CatalogueSpreadsheet.Period] = period,
        [CatalogueSpreadsheet.Vat] = vat,
        [CatalogueSpreadsheet.Max] = max,
    };

    public static async Task<HttpResponseMessage> UploadCatalogueAsync(this HttpClient client, long campaignId, byte[] bytes, string fileName = "catalogue.xlsx")
    {
        var token = await client.AntiforgeryTokenAsync($"/Campaigns/Import/{campaignId}");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "File", fileName);
        return await client.PostAsync($"/Campaigns/Import/{campaignId}", content);
    }

    public static async Task RunJobAsync(this TestApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CampaignScheduler>().RunAsync(CancellationToken.None);
    }
}
