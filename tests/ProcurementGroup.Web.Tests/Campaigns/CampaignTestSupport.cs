using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>What the campaign tests share: SQL look-ups, creating a campaign through the page, uploading a workbook.</summary>
internal static class CampaignTestSupport
{
    public const string Officer = "marches@demo.local";

    public static Task<long> GroupIdAsync(this TestApp app, string name) =>
        app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name });

    public static string ParisInput(DateTime utc) => Fr.ToParis(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Creates a draft campaign through the page, as an officer would, and returns its id.</summary>
    public static async Task<long> CreateCampaignAsync(this TestApp app, HttpClient officer, string groupName, string title, DateTime opensUtc, DateTime closesUtc)
    {
        var groupId = await app.GroupIdAsync(groupName);
        var response = await officer.PostFormAsync("/Campaigns/Create", "/Campaigns/Create", new Dictionary<string, string>
        {
            ["PurchasingGroupId"] = groupId.ToString(CultureInfo.InvariantCulture),
            ["Title"] = title,
            ["OpensAt"] = ParisInput(opensUtc),
            ["ClosesAt"] = ParisInput(closesUtc),
            ["PlannedLaunchDate"] = "2027-06-01",
            ["DurationMonths"] = "36",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = @title", new { title });
    }

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
