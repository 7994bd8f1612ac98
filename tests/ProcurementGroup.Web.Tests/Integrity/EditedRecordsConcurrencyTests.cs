using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>
/// The records that had a Version before issue 6 (groupements, the coordinator, catalogue items; members are in
/// MemberHttpTests): the same two-users check as <see cref="ConcurrencyTests"/>, posting every field of the form as the
/// page rendered it.
/// </summary>
public sealed class EditedRecordsConcurrencyTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Admin = "admin@demo.local";
    private const string Officer = "marches@demo.local";

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>The fields a browser would post from the page's form whose action contains <paramref name="action"/>.</summary>
    private static Dictionary<string, string> Fields(IHtmlDocument page, string action)
    {
        var form = page.QuerySelectorAll("form").First(f => (f.GetAttribute("action") ?? string.Empty).Contains(action, StringComparison.OrdinalIgnoreCase));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "file" or "submit" }:
                case IHtmlInputElement { Type: "checkbox" or "radio", IsChecked: false }:
                    break;
                case IHtmlInputElement input when name != "__RequestVerificationToken":
                    fields[name] = input.Value;
                    break;
                case IHtmlSelectElement select:
                    fields[name] = select.QuerySelector("option[selected]")?.GetAttribute("value") ?? select.Value ?? string.Empty;
                    break;
                case IHtmlTextAreaElement textArea:
                    fields[name] = textArea.Value;
                    break;
            }
        }

        return fields;
    }

    /// <summary>Two sessions load <paramref name="page"/>; the first saves <paramref name="firstValue"/>, the second then posts <paramref name="secondValue"/>.</summary>
    private async Task<HttpResponseMessage> TwoSavesAsync(string account, string page, string action, string field, string firstValue, string secondValue)
    {
        var one = await app.LoginAsync(account);
        var two = await app.LoginAsync(account);
        var fieldsOne = Fields(await one.GetDocumentAsync(page), action);
        var fieldsTwo = Fields(await two.GetDocumentAsync(page), action);
        fieldsOne[field] = firstValue;
        fieldsTwo[field] = secondValue;

        var first = await one.PostFormAsync(page, action, fieldsOne);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        return await two.PostFormAsync(page, action, fieldsTwo);
    }

    private static async Task AssertToldAsync(HttpResponseMessage second, string field, string keptInput)
    {
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await second.Content.ReadAsStringAsync());
        Assert.Contains("modifié par quelqu'un d'autre", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(keptInput, doc.QuerySelector($"[name='{field}']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Group_SecondSaveFromTheSamePage_Gets409_FirstKept()
    {
        var id = await ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = 'Télécommunications'");
        var second = await TwoSavesAsync(Admin, $"/Groups/Edit/{id}", $"/Groups/Edit/{id}", "ConventionDate", "2026-01-15", "2026-02-20");

        await AssertToldAsync(second, "ConventionDate", "2026-02-20");
        Assert.Equal(new DateOnly(2026, 1, 15), await ScalarAsync<DateOnly>("SELECT ConventionDate FROM PurchasingGroups WHERE Id = @id", new { id }));
    }

    [Fact]
    public async Task Coordinator_SecondSaveFromTheSamePage_Gets409_FirstKept()
    {
        var second = await TwoSavesAsync(Admin, "/Coordinator/Edit", "/Coordinator/Edit", "Phone", "03 22 00 00 01", "03 22 00 00 02");

        await AssertToldAsync(second, "Phone", "03 22 00 00 02");
        Assert.Equal("03 22 00 00 01", await ScalarAsync<string>("SELECT Phone FROM CoordinatorSettings WHERE Id = 1"));
    }

    [Fact]
    public async Task CatalogueItem_SecondSaveFromTheSamePage_Gets409_FirstKept()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app, CampaignStatus.Draft, members: []);
        var itemId = campaign.ItemId("MOB-VOIX");
        var second = await TwoSavesAsync(Officer, $"/Campaigns/Item/{campaign.CampaignId}?itemId={itemId}", $"/Campaigns/Item/{campaign.CampaignId}", "Form.Label", "Forfait voix illimité", "Forfait voix 2 h");

        await AssertToldAsync(second, "Form.Label", "Forfait voix 2 h");
        Assert.Equal("Forfait voix illimité", await ScalarAsync<string>("SELECT Label FROM CatalogueItems WHERE Id = @itemId", new { itemId }));
    }
}
