using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Web.Features.Suppliers;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Suppliers;

/// <summary>The supplier register through HTTP, as the procurement officer, finance and a member buyer use it.</summary>
public sealed class SupplierHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Officer = "marches@demo.local";

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private Task<long> AuditCountAsync(long id, string action) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id AND Action = @action", new { id, action });

    private static Dictionary<string, string> Fields(string name, string siret) => new()
    {
        ["Name"] = name,
        ["Siret"] = siret,
        ["AddressLine1"] = "12 rue des Trois Cailloux",
        ["AddressLine2"] = string.Empty,
        ["PostalCode"] = "80000",
        ["City"] = "Amiens",
        ["ContactEmail"] = "appels-offres@exemple.fr",
    };

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());

    private static string MessageFor(IHtmlDocument doc, string field) => doc.QuerySelector($"[data-valmsg-for={field}]")?.TextContent.Trim() ?? string.Empty;

    private static string Value(IHtmlDocument doc, string field) => doc.QuerySelector($"input[name={field}]")?.GetAttribute("value") ?? string.Empty;

    private async Task<long> CreateAsync(HttpClient client, string name, string siret)
    {
        var response = await client.PostFormAsync("/Suppliers/Create", "/Suppliers/Create", Fields(name, siret));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await ScalarAsync<long>("SELECT Id FROM Suppliers WHERE Siret = @siret", new { siret = siret.Replace(" ", string.Empty, StringComparison.Ordinal) });
    }

    [Fact]
    public async Task Officer_CreatesSupplier_SiretTypedWithSpaces_StoredCompact_AuditedOnce()
    {
        var officer = await app.LoginAsync(Officer);
        var siret = TestSirets.Random();
        var response = await officer.PostFormAsync("/Suppliers/Create", "/Suppliers/Create", Fields("Côte d'Opale Télécom", TestSirets.Spaced(siret)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await ScalarAsync<long>("SELECT Id FROM Suppliers WHERE Siret = @siret", new { siret });
        Assert.Equal($"/Suppliers/Details/{TestApp.Id(id)}", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await ScalarAsync<long>("SELECT Version FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id", new { id }));
        Assert.Equal(1, await ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id AND Action = 'Created' AND UserEmail = @email AND BeforeJson IS NULL", new { id, email = Officer }));
        Assert.Contains(siret, await ScalarAsync<string>("SELECT AfterJson FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id", new { id }), StringComparison.Ordinal);

        var details = await officer.GetDocumentAsync($"/Suppliers/Details/{TestApp.Id(id)}");
        Assert.Equal("Côte d'Opale Télécom", details.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(TestSirets.Spaced(siret), details.QuerySelector("[data-field=Siret]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Create_InvalidFields_FrenchMessageNextToEachField_InputKept_NothingSaved()
    {
        var officer = await app.LoginAsync(Officer);
        var suppliers = await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers");
        var audits = await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier'");
        var fields = Fields(string.Empty, "732 829 320 00075");
        fields["PostalCode"] = "8000";
        fields["City"] = " ";
        fields["ContactEmail"] = "pas-un-courriel";

        var response = await officer.PostFormAsync("/Suppliers/Create", "/Suppliers/Create", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await ParseAsync(response);
        Assert.Equal("Le nom est obligatoire.", MessageFor(doc, "Name"));
        Assert.Equal(SupplierValidator.SiretMessage, MessageFor(doc, "Siret"));
        Assert.Equal("Le code postal doit comporter 5 chiffres.", MessageFor(doc, "PostalCode"));
        Assert.Equal("La ville est obligatoire.", MessageFor(doc, "City"));
        Assert.Equal("L'adresse électronique n'est pas valide.", MessageFor(doc, "ContactEmail"));
        Assert.Equal(string.Empty, MessageFor(doc, "AddressLine1"));
        Assert.Equal("732 829 320 00075", Value(doc, "Siret"));
        Assert.Equal("8000", Value(doc, "PostalCode"));
        Assert.Equal("pas-un-courriel", Value(doc, "ContactEmail"));
        Assert.Equal(suppliers, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers"));
        Assert.Equal(audits, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier'"));
    }

    [Fact]
    public async Task Create_DuplicateSiret_FrenchMessageNextToSiret_NothingSaved()
    {
        var officer = await app.LoginAsync(Officer);
        var demo = SuppliersDemoSeed.Demo[0];
        var suppliers = await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers");

        var response = await officer.PostFormAsync("/Suppliers/Create", "/Suppliers/Create", Fields("Autre société", TestSirets.Spaced(demo.Siret)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await ParseAsync(response);
        Assert.Equal($"Ce SIRET est déjà celui du fournisseur « {demo.Name} ».", MessageFor(doc, "Siret"));
        Assert.Equal("Autre société", Value(doc, "Name"));
        Assert.Equal(suppliers, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers WHERE Siret = @siret", new { siret = demo.Siret }));
    }

    [Fact]
    public async Task Edit_SavesIncrementsVersion_AuditsBeforeAndAfter()
    {
        var officer = await app.LoginAsync(Officer);
        var siret = TestSirets.Random();
        var id = await CreateAsync(officer, "Amiens Informatique", siret);
        var page = $"/Suppliers/Edit/{TestApp.Id(id)}";
        var fields = Fields("Amiens Informatique et Réseaux", siret);
        fields["Version"] = Value(await officer.GetDocumentAsync(page), "Version");
        fields["AddressLine2"] = "BP 80412";

        var response = await officer.PostFormAsync(page, page, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Amiens Informatique et Réseaux", await ScalarAsync<string>("SELECT Name FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal("BP 80412", await ScalarAsync<string>("SELECT AddressLine2 FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(2, await ScalarAsync<long>("SELECT Version FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(1, await AuditCountAsync(id, "Created"));
        Assert.Equal(1, await AuditCountAsync(id, "Updated"));
        var before = await ScalarAsync<string>("SELECT BeforeJson FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id AND Action = 'Updated'", new { id });
        var after = await ScalarAsync<string>("SELECT AfterJson FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id AND Action = 'Updated'", new { id });
        Assert.Contains("\"Name\":\"Amiens Informatique\"", before, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"Amiens Informatique et Réseaux\"", after, StringComparison.Ordinal);

        // The administrator reads the supplier's history from its page.
        var admin = await app.LoginAsync("admin@demo.local");
        var history = (await admin.GetDocumentAsync($"/Suppliers/Details/{TestApp.Id(id)}")).QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Historique des modifications").GetAttribute("href")!;
        var rows = (await admin.GetDocumentAsync(history)).QuerySelectorAll("[data-testid=audit] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(
            new[] { $"{Officer}|Fournisseur|{TestApp.Id(id)}|Updated", $"{Officer}|Fournisseur|{TestApp.Id(id)}|Created" },
            rows.Select(r => string.Join('|', r)));
        Assert.Empty((await officer.GetDocumentAsync($"/Suppliers/Details/{TestApp.Id(id)}")).QuerySelectorAll("a[href^='/Audit']"));
    }

    [Fact]
    public async Task Edit_DuplicateSiret_FrenchMessageNextToSiret_StoredSupplierUnchanged()
    {
        var officer = await app.LoginAsync(Officer);
        var (first, second) = (TestSirets.Random(), TestSirets.Random());
        await CreateAsync(officer, "Premier fournisseur", first);
        var id = await CreateAsync(officer, "Second fournisseur", second);
        var page = $"/Suppliers/Edit/{TestApp.Id(id)}";
        var fields = Fields("Second fournisseur renommé", first);
        fields["Version"] = "1";

        var response = await officer.PostFormAsync(page, page, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await ParseAsync(response);
        Assert.Equal("Ce SIRET est déjà celui du fournisseur « Premier fournisseur ».", MessageFor(doc, "Siret"));
        Assert.Equal("Second fournisseur renommé", Value(doc, "Name"));
        Assert.Equal(second, await ScalarAsync<string>("SELECT Siret FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal("Second fournisseur", await ScalarAsync<string>("SELECT Name FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(0, await AuditCountAsync(id, "Updated"));
    }

    [Fact]
    public async Task Edit_AfterSomeoneElseSaved_Answers409_InputKept_StoredSupplierUnchanged()
    {
        var officer = await app.LoginAsync(Officer);
        var admin = await app.LoginAsync("admin@demo.local");
        var siret = TestSirets.Random();
        var id = await CreateAsync(officer, "Vimeu Téléphonie", siret);
        var page = $"/Suppliers/Edit/{TestApp.Id(id)}";

        // Both open the page at version 1; the administrator saves first.
        var version = Value(await officer.GetDocumentAsync(page), "Version");
        Assert.Equal("1", version);
        var adminFields = Fields("Vimeu Téléphonie (administrateur)", siret);
        adminFields["Version"] = Value(await admin.GetDocumentAsync(page), "Version");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page, page, adminFields)).StatusCode);

        var officerFields = Fields("Vimeu Téléphonie (officier)", siret);
        officerFields["Version"] = version;
        officerFields["City"] = "Friville-Escarbotin";
        var response = await officer.PostFormAsync(page, page, officerFields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var doc = await ParseAsync(response);
        Assert.Contains("modifié par quelqu'un d'autre", doc.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Vimeu Téléphonie (officier)", Value(doc, "Name"));
        Assert.Equal("Friville-Escarbotin", Value(doc, "City"));
        Assert.Equal("Vimeu Téléphonie (administrateur)", await ScalarAsync<string>("SELECT Name FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal("Amiens", await ScalarAsync<string>("SELECT City FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(2, await ScalarAsync<long>("SELECT Version FROM Suppliers WHERE Id = @id", new { id }));
        Assert.Equal(1, await AuditCountAsync(id, "Updated"));
    }

    [Fact]
    public async Task Search_ByNameWithoutAccents_OrBySpacedSiret_FindsExactlyThoseSuppliers()
    {
        var officer = await app.LoginAsync(Officer);
        var tag = "Zq" + Guid.NewGuid().ToString("N")[..6];
        var sirets = new[] { TestSirets.Random(), TestSirets.Random(), TestSirets.Random() };
        var ids = new[]
        {
            await CreateAsync(officer, $"Réseau Étoilé {tag}", sirets[0]),
            await CreateAsync(officer, $"Reseau Etoile {tag} Ouest", sirets[1]),
            await CreateAsync(officer, $"Autre {tag}", sirets[2]),
        };

        var byName = await officer.GetDocumentAsync($"/Suppliers?q={Uri.EscapeDataString("reseau etoile " + tag)}");
        Assert.Equal("2", byName.QuerySelector("[data-testid=supplier-count] strong")!.TextContent.Trim());
        Assert.Equal(
            new[] { ids[0], ids[1] }.Select(TestApp.Id).Order(StringComparer.Ordinal),
            byName.QuerySelectorAll("[data-supplier-id]").Select(r => r.GetAttribute("data-supplier-id")!).Order(StringComparer.Ordinal));

        var bySiret = await officer.GetDocumentAsync($"/Suppliers?q={Uri.EscapeDataString(TestSirets.Spaced(sirets[2]))}");
        Assert.Equal("1", bySiret.QuerySelector("[data-testid=supplier-count] strong")!.TextContent.Trim());
        Assert.Equal(TestApp.Id(ids[2]), Assert.Single(bySiret.QuerySelectorAll("[data-supplier-id]")).GetAttribute("data-supplier-id"));

        var none = await officer.GetDocumentAsync($"/Suppliers?q={Uri.EscapeDataString("introuvable " + tag)}");
        Assert.Equal("0", none.QuerySelector("[data-testid=supplier-count] strong")!.TextContent.Trim());
        Assert.Contains("Aucun fournisseur ne correspond à la recherche.", none.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finance_ReadsListAndDetails_ButCannotCreateOrEdit()
    {
        var finance = await app.LoginAsync("finances@demo.local");
        var id = await ScalarAsync<long>("SELECT MIN(Id) FROM Suppliers");
        var suppliers = await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers");

        var list = await finance.GetDocumentAsync("/Suppliers");
        Assert.Empty(list.QuerySelectorAll("a[href='/Suppliers/Create']"));
        var details = await finance.GetDocumentAsync($"/Suppliers/Details/{TestApp.Id(id)}");
        Assert.Empty(details.QuerySelectorAll($"a[href='/Suppliers/Edit/{TestApp.Id(id)}']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/Suppliers/Create")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync($"/Suppliers/Edit/{TestApp.Id(id)}")).StatusCode);

        var fields = Fields("Créé par la finance", TestSirets.Random());
        fields["__RequestVerificationToken"] = await finance.AntiforgeryTokenAsync("/Account/ChangePassword");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync("/Suppliers/Create", new FormUrlEncodedContent(fields))).StatusCode);
        fields["Version"] = "1";
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync($"/Suppliers/Edit/{TestApp.Id(id)}", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(suppliers, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers WHERE Name = 'Créé par la finance'"));
    }

    [Fact]
    public async Task MemberBuyer_Gets403_AndSeesNoSuppliersLink_StaffSeeIt()
    {
        var buyer = await app.LoginAsync("acheteur.vimeu@demo.local");
        var id = await ScalarAsync<long>("SELECT MIN(Id) FROM Suppliers");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/Suppliers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/Suppliers/Details/{TestApp.Id(id)}")).StatusCode);
        var fields = Fields("Créé par un acheteur", TestSirets.Random());
        fields["__RequestVerificationToken"] = await buyer.AntiforgeryTokenAsync("/Account/ChangePassword");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsync("/Suppliers/Create", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers WHERE Name = 'Créé par un acheteur'"));

        static int Links(IHtmlDocument home) => home.QuerySelectorAll("nav a[href='/Suppliers']").Length;
        Assert.Equal(0, Links(await buyer.GetDocumentAsync("/")));
        Assert.Equal(1, Links(await (await app.LoginAsync(Officer)).GetDocumentAsync("/")));
        Assert.Equal(1, Links(await (await app.LoginAsync("finances@demo.local")).GetDocumentAsync("/")));
    }

    [Fact]
    public async Task DemoSuppliers_AreValidAndSeededOnce()
    {
        Assert.Equal(6, SuppliersDemoSeed.Demo.Count);
        foreach (var supplier in SuppliersDemoSeed.Demo)
        {
            Assert.Empty(SupplierValidator.Validate(supplier));
            Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM Suppliers WHERE Siret = @siret AND Name = @name", new { siret = supplier.Siret, name = supplier.Name }));
        }
    }
}
