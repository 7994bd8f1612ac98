using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>
/// The payment term and budget account of the coordinator settings (issue 9: the statements' due date and the accounting
/// export's budget account): typed by the administrator on the coordinator page, refused in French when malformed.
/// </summary>
public sealed class CoordinatorPaymentSettingsTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Admin = "admin@demo.local";

    private async Task<(int? Days, string? Account, int Version)> StoredAsync()
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.QuerySingleAsync<(int?, string?, int)>("SELECT PaymentTermDays, BudgetAccount, Version FROM CoordinatorSettings WHERE Id = 1");
    }

    /// <summary>Every field of the coordinator form as the page rendered it, with <paramref name="changes"/> applied.</summary>
    private static Dictionary<string, string> Fields(IHtmlDocument page, IDictionary<string, string> changes)
    {
        var form = page.QuerySelectorAll("form").First(f => (f.GetAttribute("action") ?? string.Empty).Contains("/Coordinator/Edit", StringComparison.OrdinalIgnoreCase));
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name]"))
        {
            // The antiforgery token is added by PostFormAsync, as the page's own.
            if (input.GetAttribute("type") is "file" or "checkbox" or "submit" || input.GetAttribute("name") == "__RequestVerificationToken")
            {
                continue;
            }

            fields[input.GetAttribute("name")!] = input is IHtmlTextAreaElement area ? area.Value : input.GetAttribute("value") ?? string.Empty;
        }

        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return fields;
    }

    [Fact]
    public async Task DemoCoordinator_HasAThirtyDayTermAndItsBudgetAccount_ShownOnItsPage()
    {
        var admin = await app.LoginAsync(Admin);
        var page = await admin.GetDocumentAsync("/Coordinator/Edit");

        Assert.Equal("30", page.QuerySelector("input[name=PaymentTermDays]")!.GetAttribute("value"));
        Assert.Equal("70878", page.QuerySelector("input[name=BudgetAccount]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("PaymentTermDays", "trente", "Indiquez un nombre entier de jours, de 0 à 365.")]
    [InlineData("PaymentTermDays", "366", "Indiquez un nombre entier de jours, de 0 à 365.")]
    [InlineData("PaymentTermDays", "-1", "Indiquez un nombre entier de jours, de 0 à 365.")]
    [InlineData("PaymentTermDays", "30,5", "Indiquez un nombre entier de jours, de 0 à 365.")]
    [InlineData("BudgetAccount", "=HYPERLINK(1)", "Le compte budgétaire s'écrit en chiffres, 10 au plus (par exemple 70878).")]
    [InlineData("BudgetAccount", "70878123456", "Le compte budgétaire s'écrit en chiffres, 10 au plus (par exemple 70878).")]
    public async Task Malformed_IsRefusedNextToItsField_InputKept_NothingSaved(string field, string value, string message)
    {
        var admin = await app.LoginAsync(Admin);
        var before = await StoredAsync();
        var page = await admin.GetDocumentAsync("/Coordinator/Edit");

        var response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, new Dictionary<string, string> { [field] = value }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, again.QuerySelector($"[data-valmsg-for={field}]")!.TextContent.Trim());
        Assert.Equal(value, again.QuerySelector($"input[name={field}]")!.GetAttribute("value"));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Saved_TheBoundsIncluded_AndClearedBackToNone()
    {
        var admin = await app.LoginAsync(Admin);
        var page = await admin.GetDocumentAsync("/Coordinator/Edit");
        var response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, new Dictionary<string, string> { ["PaymentTermDays"] = " 365 ", ["BudgetAccount"] = "7087800001" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await StoredAsync();
        Assert.Equal((365, "7087800001"), (saved.Days, saved.Account));

        page = await admin.GetDocumentAsync("/Coordinator/Edit");
        response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, new Dictionary<string, string> { ["PaymentTermDays"] = "0", ["BudgetAccount"] = "" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cleared = await StoredAsync();
        Assert.Equal((0, (string?)null), (cleared.Days, cleared.Account));

        // Back to the demo's values, which the other tests of this class read.
        page = await admin.GetDocumentAsync("/Coordinator/Edit");
        response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, new Dictionary<string, string> { ["PaymentTermDays"] = "30", ["BudgetAccount"] = "70878" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
