using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Dapper;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.OpenData;

/// <summary>The public OCDS export of the demo data: no login, valid against the official schemas, the demo's contracts in it.</summary>
public sealed class OcdsExportHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly OpenDataSchemas Schemas = new();

    private async Task<string> TenderReferenceAsync() => await app.ScalarAsync<string>("SELECT Reference FROM Tenders WHERE Reference LIKE '%-TEL-01'");

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(Action<HttpRequestHeaders>? headers = null, string url = OcdsExport.Path)
    {
        var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.Invoke(request.Headers);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject Release(string json, string ocid) =>
        JsonNode.Parse(json)!["releases"]!.AsArray().Single(r => (string?)r!["ocid"] == ocid)!.AsObject();

    [Fact]
    public async Task DemoPackage_WithoutLogin_IsValid_AndHoldsTheAwardedTenderAndTheEntContract()
    {
        var (response, json) = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(Schemas.ValidateOcdsReleasePackage(json));
        var package = JsonNode.Parse(json)!;
        Assert.Equal("1.1", (string?)package["version"]);
        Assert.Equal("http://localhost/opendata/ocds.json", (string?)package["uri"]);
        Assert.Equal("Somme Numérique", (string?)package["publisher"]!["name"]);

        var reference = await TenderReferenceAsync();
        var tender = Release(json, $"ocds-xxxxxx-{reference}");
        Assert.Equal(["planning", "tender", "award", "contract"], tender["tag"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(3, tender["tender"]!["lots"]!.AsArray().Count);
        Assert.Equal(3, tender["awards"]!.AsArray().Count);
        var contracts = tender["contracts"]!.AsArray();
        Assert.Equal([$"{reference}-L1", $"{reference}-L2", $"{reference}-L3"], contracts.Select(c => (string)c!["id"]!).Order(StringComparer.Ordinal));
        foreach (var contract in contracts)
        {
            // Each contract's initial amount, to the cent, as recorded.
            var cents = await app.ScalarAsync<long>("SELECT AmountCents FROM Contracts WHERE Reference = @reference", new { reference = (string)contract!["id"]! });
            Assert.Equal(cents / 100m, contract["value"]!["amount"]!.GetValue<decimal>());
            Assert.Contains(tender["awards"]!.AsArray(), a => (string?)a!["id"] == (string?)contract["awardID"]);
        }

        // The snapshot quantities of the DQE, item by item.
        var items = tender["tender"]!["items"]!.AsArray();
        var snapshot = await app.QueryAsync<(string Code, long QuantityMilli)>(
            "SELECT i.Code, i.QuantityMilli FROM TenderItems i JOIN Tenders t ON t.Id = i.TenderId WHERE t.Reference = @reference", new { reference });
        Assert.Equal(snapshot.Count, items.Count);
        foreach (var (code, milli) in snapshot)
        {
            Assert.Equal(milli / 1000m, items.Single(i => (string?)i!["id"] == code)!["quantity"]!.GetValue<decimal>());
        }

        var ent = Release(json, "ocds-xxxxxx-ENT-2024-01");
        Assert.Equal("ENT-2024-01", (string?)ent["contracts"]!.AsArray().Single()!["id"]);
        // One release per published tender and per contract recorded without a tender.
        Assert.Equal(
            await app.ScalarAsync<long>("SELECT (SELECT COUNT(*) FROM Tenders WHERE PublishedAtUtc IS NOT NULL) + (SELECT COUNT(*) FROM Contracts WHERE TenderLotId IS NULL)"),
            JsonNode.Parse(json)!["releases"]!.AsArray().Count);
    }

    [Fact]
    public async Task DemoTender_NamesTheCoordinator_AndEveryMemberTakingPartAsBuyerWithItsSiren()
    {
        var (_, json) = await GetAsync();
        var reference = await TenderReferenceAsync();
        var release = Release(json, $"ocds-xxxxxx-{reference}");
        var parties = release["parties"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => p!);

        var coordinator = parties["FR-RCS-20008012500012"];
        Assert.Equal(["buyer", "procuringEntity"], coordinator["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("20008012500012", (string?)coordinator["identifier"]!["id"]);
        var members = await app.QueryAsync<(long Id, string? Siren)>("""
            SELECT DISTINCT m.Id, m.Siren FROM Members m
            WHERE m.Id IN (SELECT q.MemberId FROM TenderMemberQuantities q JOIN TenderItems i ON i.Id = q.TenderItemId JOIN Tenders t ON t.Id = i.TenderId
                           WHERE t.Reference = @reference AND q.QuantityMilli > 0)
               OR m.Id IN (SELECT cm.MemberId FROM ContractMembers cm JOIN Contracts c ON c.Id = cm.ContractId JOIN TenderLots l ON l.Id = c.TenderLotId
                           JOIN Tenders t ON t.Id = l.TenderId WHERE t.Reference = @reference)
            """, new { reference });
        Assert.NotEmpty(members);
        var buyers = parties.Values.Where(p => p["roles"]!.AsArray().Select(r => (string)r!).SequenceEqual(["buyer"])).ToList();
        Assert.Equal(members.Count, buyers.Count);
        foreach (var (id, siren) in members)
        {
            var party = siren is null ? parties[$"membre-{id}"] : parties[$"FR-RCS-{siren}"];
            Assert.Equal(siren is null ? null : "FR-RCS", (string?)party["identifier"]?["scheme"]);
            Assert.Equal(siren, (string?)party["identifier"]?["id"]);
        }

        // The three awardees are suppliers; every supplier whose offer was opened in time a tenderer.
        Assert.Equal(3, parties.Values.Count(p => p["roles"]!.AsArray().Any(r => (string?)r == "supplier")));
        Assert.Equal(
            await app.ScalarAsync<long>("SELECT COUNT(DISTINCT o.SupplierId) FROM TenderOffers o JOIN Tenders t ON t.Id = o.TenderId WHERE t.Reference = @reference AND o.IsLate = 0", new { reference }),
            parties.Values.Count(p => p["roles"]!.AsArray().Any(r => (string?)r == "tenderer")));
    }

    [Fact]
    public async Task Export_StoresACleanOcdsCheckForEveryContract()
    {
        await GetAsync();

        var contracts = await app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts");
        Assert.Equal(contracts, await app.ScalarAsync<long>("SELECT COUNT(*) FROM OpenDataChecks WHERE Format = 'ocds' AND Errors IS NULL"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM OpenDataChecks WHERE Format = 'ocds' AND Errors IS NOT NULL"));
    }

    [Fact]
    public async Task SameVersion_Answers304WithoutBody_AndDownloadIsADatedAttachment()
    {
        var (first, _) = await GetAsync();
        var etag = first.Headers.ETag!;
        Assert.StartsWith("\"ocds-", etag.Tag, StringComparison.Ordinal);
        Assert.NotNull(first.Content.Headers.LastModified);

        var (again, body) = await GetAsync(h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(body);

        var (download, json) = await GetAsync(url: OcdsExport.Path + "?download=1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches(@"^ocds-\d{4}-\d{2}-\d{2}\.json$", download.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        Assert.Empty(Schemas.ValidateOcdsReleasePackage(json));
    }
}

/// <summary>The ocid prefix, typed on the coordinator page: checked in French, and used by the export at once (a new ETag).</summary>
public sealed class OcdsPrefixHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Admin = "admin@demo.local";

    private static Dictionary<string, string> Fields(IHtmlDocument page, string prefix)
    {
        var form = page.QuerySelectorAll("form").First(f => (f.GetAttribute("action") ?? string.Empty).Contains("/Coordinator/Edit", StringComparison.OrdinalIgnoreCase));
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name]"))
        {
            if (input.GetAttribute("type") is "file" or "checkbox" or "submit" || input.GetAttribute("name") == "__RequestVerificationToken")
            {
                continue;
            }

            fields[input.GetAttribute("name")!] = input is IHtmlTextAreaElement area ? area.Value : input.GetAttribute("value") ?? string.Empty;
        }

        fields["OcdsPrefix"] = prefix;
        return fields;
    }

    private async Task<(string? Prefix, int Version)> StoredAsync()
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.QuerySingleAsync<(string?, int)>("SELECT OcdsPrefix, Version FROM CoordinatorSettings WHERE Id = 1");
    }

    [Theory]
    [InlineData("ocds-213cz")]
    [InlineData("ocds-213czfa")]
    [InlineData("OCDS-213CZF")]
    [InlineData("ocds_213czf")]
    [InlineData("<script>")]
    public async Task MalformedPrefix_IsRefusedNextToItsField_InputKept_NothingSaved(string prefix)
    {
        var admin = await app.LoginAsync(Admin);
        var before = await StoredAsync();
        var page = await admin.GetDocumentAsync("/Coordinator/Edit");

        var response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, prefix));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "Le préfixe OCID s'écrit « ocds- » suivi de 6 lettres minuscules ou chiffres, tel que l'Open Contracting Partnership l'a attribué (par exemple ocds-213czf).",
            again.QuerySelector("[data-valmsg-for=OcdsPrefix]")!.TextContent.Trim());
        Assert.Equal(prefix, again.QuerySelector("input[name=OcdsPrefix]")!.GetAttribute("value"));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task SavedPrefix_NamesEveryOcid_AndChangesTheETag()
    {
        var anonymous = app.NewClient();
        var before = await anonymous.GetAsync(OcdsExport.Path);
        Assert.All(JsonNode.Parse(await before.Content.ReadAsStringAsync())!["releases"]!.AsArray(), r => Assert.StartsWith("ocds-xxxxxx-", (string?)r!["ocid"], StringComparison.Ordinal));
        var admin = await app.LoginAsync(Admin);
        var page = await admin.GetDocumentAsync("/Coordinator/Edit");

        var response = await admin.PostFormAsync("/Coordinator/Edit", "/Coordinator/Edit", Fields(page, " ocds-213czf "));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("ocds-213czf", (await StoredAsync()).Prefix);
        var after = await anonymous.GetAsync(OcdsExport.Path);
        Assert.NotEqual(before.Headers.ETag!.Tag, after.Headers.ETag!.Tag);
        var releases = JsonNode.Parse(await after.Content.ReadAsStringAsync())!["releases"]!.AsArray();
        Assert.NotEmpty(releases);
        Assert.All(releases, r => Assert.StartsWith("ocds-213czf-", (string?)r!["ocid"], StringComparison.Ordinal));
    }
}
