using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Contracts;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;

namespace ProcurementGroup.Web.Tests.Contracts;

/// <summary>
/// Correcting the initial data of a contract recorded without a tender (a typo in its title, its dates, amount or DECP
/// fields): allowed while no cost entry, order or amendment refers to it, audited, guarded on the version; afterwards
/// the form is refused with 409 and a French message pointing to the amendment. Each test arranges its own contract.
/// </summary>
public sealed class ContractCorrectionTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";
    private const string Finance = "finances@demo.local";

    private static string Id(long id) => TestApp.Id(id);

    private async Task<long> RecordedAsync()
    {
        var group = await app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name = ContractsDemoSeed.EntGroup });
        var supplier = await app.ScalarAsync<long>("SELECT Id FROM Suppliers WHERE Name = @name", new { name = ContractsDemoSeed.EntSupplier });
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Vimeu });
        var reference = "C-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        return await Scenario.RecordedContractAsync(app.ConnectionFactory, group, supplier, reference, [(vimeu, [1_250_000L])]);
    }

    /// <summary>The correction form's fields as the page shows them, with <paramref name="changes"/> typed over them.</summary>
    private static Task<Dictionary<string, string>> FieldsAsync(HttpClient client, long id, Dictionary<string, string> changes) =>
        FormFieldsAsync(client, $"/Contracts/Edit/{Id(id)}", "[data-testid=correct-form]", changes);

    /// <summary>What a browser would post from the form <paramref name="selector"/> of <paramref name="url"/>, with <paramref name="changes"/> typed over it.</summary>
    private static async Task<Dictionary<string, string>> FormFieldsAsync(HttpClient client, string url, string selector, Dictionary<string, string> changes)
    {
        var form = (await client.GetDocumentAsync(url)).QuerySelector(selector)!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (name == "__RequestVerificationToken" || fields.ContainsKey(name))
            {
                continue;
            }

            var type = element.GetAttribute("type");
            if (type == "checkbox")
            {
                if (!element.HasAttribute("checked"))
                {
                    continue;
                }

                if (element.GetAttribute("value") != "true")
                {
                    // A list of codes: posted as Name[0], Name[1]… as the model binder reads them.
                    var index = lists.GetValueOrDefault(name);
                    lists[name] = index + 1;
                    fields[string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]")] = element.GetAttribute("value")!;
                    continue;
                }
            }

            fields[name] = element.TagName == "SELECT"
                ? (element.QuerySelector("option[selected]") ?? element.QuerySelector("option"))?.GetAttribute("value") ?? string.Empty
                : element.TagName == "TEXTAREA" ? element.TextContent : element.GetAttribute("value") ?? string.Empty;
        }

        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return fields;
    }

    private Task<(string Title, long Amount, string? Notified, long Version)> RowAsync(long id) =>
        app.QueryAsync<(string, long, string?, long)>("SELECT Title, AmountCents, NotifiedOn, Version FROM Contracts WHERE Id = @id", new { id }).ContinueWith(t => t.Result.Single(), TaskScheduler.Default);

    [Fact]
    public async Task Correct_ATypoTheAmountAndADate_Saved_Audited_ItemsAndMembersKept_AndAStaleFormAnswers409WithTheInputKept()
    {
        var id = await RecordedAsync();
        var officer = await app.LoginAsync(Officer);
        var details = await officer.GetDocumentAsync($"/Contracts/Details/{Id(id)}");
        Assert.Equal($"/Contracts/Edit/{Id(id)}", details.QuerySelector("[data-testid=correct-link]")!.GetAttribute("href"));

        // The form shows what is stored.
        var page = await officer.GetDocumentAsync($"/Contracts/Edit/{Id(id)}");
        Assert.Equal("480000,00", page.QuerySelector("input[name=Amount]")!.GetAttribute("value"));
        Assert.Equal("2024-06-28", page.QuerySelector("input[name=NotifiedOn]")!.GetAttribute("value"));
        Assert.Equal("2", page.QuerySelector("input[name=Version]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"input[name=Techniques][value='{DecpCodes.TechniqueAccordCadre}'][checked]"));

        var fields = await FieldsAsync(officer, id, new() { ["Title"] = "Plateforme ENT des écoles", ["Amount"] = "490 000,50", ["NotifiedOn"] = "2024-06-27" });
        var saved = await officer.PostFormAsync($"/Contracts/Edit/{Id(id)}", $"/Contracts/Edit/{Id(id)}", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(("Plateforme ENT des écoles", 49_000_050L, (string?)"2024-06-27", 3L), await RowAsync(id));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ContractItems WHERE ContractId = @id", new { id }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ContractMemberQuantities WHERE ContractId = @id AND QuantityMilli = 1250000", new { id }));
        var audit = await app.QueryAsync<(string Before, string After)>("SELECT BeforeJson, AfterJson FROM AuditLog WHERE EntityType = 'Contract' AND EntityId = @id AND Action = 'Corrected'", new { id });
        Assert.Equal(48_000_000L.ToString(CultureInfo.InvariantCulture), System.Text.Json.JsonDocument.Parse(Assert.Single(audit).Before).RootElement.GetProperty("AmountCents").GetRawText());
        Assert.Equal("49000050", System.Text.Json.JsonDocument.Parse(audit[0].After).RootElement.GetProperty("AmountCents").GetRawText());

        // The same form posted again (version 2): someone saved first; 409, the typed values kept, nothing written.
        fields["Title"] = "Plateforme ENT (autre)";
        var stale = await officer.PostFormAsync($"/Contracts/Edit/{Id(id)}", $"/Contracts/Edit/{Id(id)}", fields);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await stale.Content.ReadAsStringAsync());
        Assert.Contains(SaveResult.ConflictMessage, doc.QuerySelector("[data-testid=correct-form] .alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Plateforme ENT (autre)", doc.QuerySelector("input[name=Title]")!.GetAttribute("value"));
        Assert.Equal(("Plateforme ENT des écoles", 49_000_050L, (string?)"2024-06-27", 3L), await RowAsync(id));
    }

    [Fact]
    public async Task Correct_BadValues_FrenchMessagesByTheFields_InputKept_NothingWritten()
    {
        var id = await RecordedAsync();
        var finance = await app.LoginAsync(Finance);
        var before = await RowAsync(id);
        var fields = await FieldsAsync(finance, id, new() { ["Amount"] = "1.000", ["NotifiedOn"] = "2024-06-01", ["Title"] = " " });

        var response = await finance.PostFormAsync($"/Contracts/Edit/{Id(id)}", $"/Contracts/Edit/{Id(id)}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        string Message(string field) => doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;
        Assert.Equal(ContractRecordRules.TitleMessage, Message("Title"));
        Assert.Equal(ContractRecordRules.NotifiedBeforeSignedMessage, Message("NotifiedOn"));
        Assert.NotEmpty(Message("Amount"));
        Assert.Equal("1.000", doc.QuerySelector("input[name=Amount]")!.GetAttribute("value"));
        Assert.Equal(before, await RowAsync(id));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Contract' AND EntityId = @id AND Action = 'Corrected'", new { id }));
    }

    [Fact]
    public async Task Correct_OnceAnAmendmentRefersToIt_IsRefusedWith409PointingToTheAmendment_AndWritesNothing()
    {
        var id = await RecordedAsync();
        var officer = await app.LoginAsync(Officer);
        var fields = await FieldsAsync(officer, id, new() { ["Title"] = "Objet corrigé" });
        var amended = await officer.PostFormAsync($"/Contracts/Details/{Id(id)}", $"/Contracts/Amend/{Id(id)}", new Dictionary<string, string>
        {
            ["Amendment.Version"] = "2",
            ["Amendment.SignedOn"] = "2025-01-10",
            ["Amendment.NewAmount"] = "500 000",
            ["Amendment.Reason"] = "Extension aux collèges.",
        });
        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        var before = await RowAsync(id);

        // The page no longer offers the correction; the correction page says why and links to the amendment.
        Assert.Null((await officer.GetDocumentAsync($"/Contracts/Details/{Id(id)}")).QuerySelector("[data-testid=correct-link]"));
        var page = await officer.GetDocumentAsync($"/Contracts/Edit/{Id(id)}");
        var refused = page.QuerySelector("[data-testid=correction-refused]")!;
        Assert.Contains(ContractRecordRules.InUseMessage, refused.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Contracts/Details/{Id(id)}#amendments-title", refused.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("[data-testid=correct-form]"));

        // The form read before the amendment, posted now: 409 and the same message; nothing written.
        var response = await officer.PostFormAsync($"/Contracts/Details/{Id(id)}", $"/Contracts/Edit/{Id(id)}", fields);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains(ContractRecordRules.InUseMessage, doc.QuerySelector("[data-testid=correction-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await RowAsync(id));
    }

    [Fact]
    public async Task Correct_AContractFromATender_IsRefused_AndAMissingOneAnswers404()
    {
        var fromTender = await app.ScalarAsync<long>("SELECT MIN(Id) FROM Contracts WHERE TenderLotId IS NOT NULL");
        var officer = await app.LoginAsync(Officer);

        var page = await officer.GetDocumentAsync($"/Contracts/Edit/{Id(fromTender)}");

        Assert.Contains(ContractRecordRules.FromTenderMessage, page.QuerySelector("[data-testid=correction-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await officer.GetDocumentAsync($"/Contracts/Details/{Id(fromTender)}")).QuerySelector("[data-testid=correct-link]"));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/Contracts/Edit/987654321")).StatusCode);
    }

    [Fact]
    public async Task Record_EachItemHasItsVatRate_StoredShownOnThePageAndTheOrderForm_AndAnUnknownRateIsRefusedInFrench()
    {
        var officer = await app.LoginAsync(Officer);
        var reference = "V-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var group = await app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name = ContractsDemoSeed.EntGroup });
        var supplier = await app.ScalarAsync<long>("SELECT Id FROM Suppliers WHERE Name = @name", new { name = ContractsDemoSeed.EntSupplier });
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name = NeedsFormScenarios.Vimeu });
        var fields = await FormFieldsAsync(officer, "/Contracts/Create", "[data-testid=record-form]", new()
        {
            ["Reference"] = reference, ["PurchasingGroupId"] = Id(group), ["SupplierId"] = Id(supplier), ["Title"] = "Manuels et ressources",
            ["SignedOn"] = "2024-06-14", ["DurationMonths"] = "48", ["Amount"] = "100 000", ["CpvCode"] = "22111000-1",
            ["Items[0].Label"] = "Manuel numérique", ["Items[0].Unit"] = "licence", ["Items[0].UnitPrice"] = "12,5", ["Items[0].Period"] = "3", ["Items[0].VatRate"] = "5,5",
            ["Items[1].Label"] = "Formation", ["Items[1].Unit"] = "jour", ["Items[1].UnitPrice"] = "650", ["Items[1].Period"] = "1", ["Items[1].VatRate"] = "7",
        });
        var row = fields.Single(f => f.Key.EndsWith(".MemberId", StringComparison.Ordinal) && f.Value == Id(vimeu)).Key[..^".MemberId".Length];
        fields[row + ".TakesPart"] = "true";
        fields[row + ".Quantities[0]"] = "10";

        // 7 % is no French VAT rate: refused next to the item's rate, the input kept, nothing saved.
        var refused = await officer.PostFormAsync("/Contracts/Create", "/Contracts/Create", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.Equal(Core.Allocation.CostEntryRules.VatInvalid, doc.QuerySelector("[data-valmsg-for='Items[1].VatRate']")!.TextContent.Trim());
        Assert.Equal("5,5", doc.QuerySelector("select[name='Items[0].VatRate'] option[selected]")!.GetAttribute("value"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts WHERE Reference = @reference", new { reference }));

        // Blank: the normal rate, 20 %.
        fields["Items[1].VatRate"] = string.Empty;
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync("/Contracts/Create", "/Contracts/Create", fields)).StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Contracts WHERE Reference = @reference", new { reference });
        Assert.Equal([550L, 2000L], await app.QueryAsync<long>("SELECT VatRateBasisPoints FROM ContractItems WHERE ContractId = @id ORDER BY Position", new { id }));

        var page = await officer.GetDocumentAsync($"/Contracts/Details/{Id(id)}");
        Assert.Equal(["TVA 5,5 %", "TVA 20 %"], page.QuerySelectorAll("[data-testid=items] [data-field=VatRate]").Select(e => e.TextContent.Trim()));
        var order = await officer.GetDocumentAsync($"/Contracts/Order/{Id(id)}");
        Assert.Equal(["5,5 %", "20 %"], order.QuerySelectorAll("[data-field=VatRate]").Select(e => e.TextContent.Trim()));
    }
}
