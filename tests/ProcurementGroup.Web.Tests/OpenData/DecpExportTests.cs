using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Contracts;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.OpenData;

/// <summary>
/// The public DECP export (issue 10 item 1): the demo's contracts, 200 generated contracts, amendments as modifications
/// beside the initial values, the publication log, the contracts left out and listed, ETag/304 and the download copy.
/// Each test arranges its contracts with references of its own prefix and looks only at those.
/// </summary>
public sealed class DecpExportTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Admin = "admin@demo.local";

    private static DateOnly Today => ParisTime.Day(DateTime.UtcNow);

    private Task<long> GroupAsync() => app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name = ContractsDemoSeed.EntGroup });

    private async Task<IReadOnlyList<long>> SuppliersAsync() => await app.QueryAsync<long>("SELECT Id FROM Suppliers ORDER BY Id");

    private static string Prefix() => "X" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();

    private async Task<(string Json, HttpResponseMessage Response)> ExportAsync(HttpClient? client = null)
    {
        client ??= app.NewClient();
        var response = await client.GetAsync(new Uri("/opendata/decp.json", UriKind.Relative));
        return (await response.Content.ReadAsStringAsync(), response);
    }

    private static List<JsonElement> Marches(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("marches").GetProperty("marche").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static JsonElement ById(List<JsonElement> marches, string id) => Assert.Single(marches, m => m.GetProperty("id").GetString() == id);

    [Fact]
    public async Task DemoExport_IsPublicValidAndHasTheAwardedContracts()
    {
        var (json, response) = await ExportAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(app.Services.GetRequiredService<OpenDataSchemas>().ValidateDecp(json));
        var ids = Marches(json).Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("2026-TEL-01-L1", ids);
        Assert.Contains("2026-TEL-01-L2", ids);
        Assert.Contains("2026-TEL-01-L3", ids);
        // The ENT accord-cadre (480 000 € HT maximum) is above the 40 000 € DECP threshold.
        Assert.Contains(ContractsDemoSeed.EntReference, ids);
        var ent = ById(Marches(json), ContractsDemoSeed.EntReference);
        Assert.Equal("20008012500012", ent.GetProperty("acheteur").GetProperty("id").GetString());
        Assert.Equal(480000m, ent.GetProperty("montant").GetDecimal());
        Assert.Equal("2024-06-28", ent.GetProperty("dateNotification").GetString());
    }

    [Fact]
    public async Task Export_AnswersNotModifiedToItsETag_AndOffersADatedDownload()
    {
        var (_, first) = await ExportAsync();
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.NotNull(first.Content.Headers.LastModified);

        var client = app.NewClient();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/opendata/decp.json");
        conditional.Headers.IfNoneMatch.Add(etag);
        var again = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        var download = await client.GetAsync(new Uri("/opendata/decp.json?download=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"decp-{Today:yyyy-MM-dd}.json", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        // A new published contract changes the ETag: the old one gets the whole document again.
        await Scenario.DecpContractAsync(app.ConnectionFactory, await GroupAsync(), (await SuppliersAsync())[0], Prefix() + "-E", 50_000_00, Today.AddDays(-3));
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/opendata/decp.json");
        stale.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Threshold_40000EurosIsPublished_OneCentLessIsNot()
    {
        var prefix = Prefix();
        var group = await GroupAsync();
        var supplier = (await SuppliersAsync())[0];
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, supplier, prefix + "-AT", 40_000_00, Today.AddDays(-5));
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, supplier, prefix + "-BELOW", 39_999_99, Today.AddDays(-5));
        // Below at notification, amended above: published from then on.
        var amended = await Scenario.DecpContractAsync(app.ConnectionFactory, group, supplier, prefix + "-UP", 30_000_00, Today.AddDays(-5));
        await Scenario.AmendmentAsync(app.ConnectionFactory, amended, 1, Today.AddDays(-1), 45_000_00);

        var ids = Marches((await ExportAsync()).Json).Select(m => m.GetProperty("id").GetString()!).Where(i => i.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();

        Assert.Equal([prefix + "-AT", prefix + "-UP"], ids);
    }

    [Fact]
    public async Task Amendment_IsAModification_InitialValuesUnchanged_AndPublicationDatesStay()
    {
        var reference = Prefix() + "-AV";
        var suppliers = await SuppliersAsync();
        var id = await Scenario.DecpContractAsync(app.ConnectionFactory, await GroupAsync(), suppliers[0], reference, 100_000_00, Today.AddDays(-20), durationMonths: 36);
        await Scenario.AmendmentAsync(app.ConnectionFactory, id, 1, Today.AddDays(-10), 120_000_50, 48);
        var holderSiret = await app.ScalarAsync<string>("SELECT Siret FROM Suppliers WHERE Id = @id", new { id = suppliers[0] });
        var newHolderSiret = await app.ScalarAsync<string>("SELECT Siret FROM Suppliers WHERE Id = @id", new { id = suppliers[1] });

        var marche = ById(Marches((await ExportAsync()).Json), reference);

        Assert.Equal(100000m, marche.GetProperty("montant").GetDecimal());
        Assert.Equal(36, marche.GetProperty("dureeMois").GetInt32());
        Assert.Equal(holderSiret, marche.GetProperty("titulaires")[0].GetProperty("titulaire").GetProperty("id").GetString());
        var modification = Assert.Single(marche.GetProperty("modifications").EnumerateArray()).GetProperty("modification");
        Assert.Equal(1, modification.GetProperty("id").GetInt32());
        Assert.Equal(120000.50m, modification.GetProperty("montant").GetDecimal());
        Assert.Equal(48, modification.GetProperty("dureeMois").GetInt32());
        Assert.False(modification.TryGetProperty("titulaires", out _));
        Assert.Equal(Today.AddDays(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), modification.GetProperty("dateNotificationModification").GetString());
        Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), marche.GetProperty("datePublicationDonnees").GetString());
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM OpenDataPublications WHERE ContractId = @id", new { id }));

        // Say the contract was first published on 15 January 2026: a second amendment (a new holder) later, the
        // contract keeps that date and only the new amendment gets today's.
        await app.ExecuteAsync("UPDATE OpenDataPublications SET FirstPublishedOn = '2026-01-15' WHERE ContractId = @id", new { id });
        await Scenario.AmendmentAsync(app.ConnectionFactory, id, 2, Today.AddDays(-1), null, null, suppliers[1]);

        var again = ById(Marches((await ExportAsync()).Json), reference);

        Assert.Equal("2026-01-15", again.GetProperty("datePublicationDonnees").GetString());
        Assert.Equal(100000m, again.GetProperty("montant").GetDecimal());
        var mods = again.GetProperty("modifications").EnumerateArray().Select(m => m.GetProperty("modification")).ToList();
        Assert.Equal(2, mods.Count);
        Assert.Equal("2026-01-15", mods[0].GetProperty("datePublicationDonneesModification").GetString());
        Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), mods[1].GetProperty("datePublicationDonneesModification").GetString());
        Assert.Equal(newHolderSiret, mods[1].GetProperty("titulaires")[0].GetProperty("titulaire").GetProperty("id").GetString());
        Assert.False(mods[1].TryGetProperty("montant", out _));
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT COUNT(*) FROM OpenDataPublications WHERE ContractId = @id", new { id }));
    }

    [Fact]
    public async Task ContractWithBadSupplierSiretOrCpv_IsLeftOutAndListedWithItsFix()
    {
        var prefix = Prefix();
        var group = await GroupAsync();
        var suppliers = await SuppliersAsync();
        // A supplier imported before SIRETs were checked, and a contract whose CPV code was lost: data the forms refuse today.
        var badSupplier = await app.ScalarAsync<long>(
            """
            INSERT INTO Suppliers (Name, NameSearch, Siret, AddressLine1, PostalCode, City, ContactEmail, Version, CreatedAtUtc, UpdatedAtUtc)
            VALUES ('Fournisseur ancien', 'fournisseur ancien', @siret, '1 rue du Port', '80000', 'Amiens', 'contact@example.org', 1, @now, @now) RETURNING Id
            """,
            new { siret = "123" + prefix[1..], now = DateTime.UtcNow });
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, badSupplier, prefix + "-SIR", 90_000_00, Today.AddDays(-5));
        // Below the threshold the same error keeps nothing out of the export: the contract is not listed.
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, badSupplier, prefix + "-LOW", 39_999_99, Today.AddDays(-5));
        var cpvless = await Scenario.DecpContractAsync(app.ConnectionFactory, group, suppliers[0], prefix + "-CPV", 90_000_00, Today.AddDays(-5));
        await app.ExecuteAsync("UPDATE Contracts SET CpvCode = '', UpdatedAtUtc = @now WHERE Id = @cpvless", new { cpvless, now = DateTime.UtcNow });
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, suppliers[0], prefix + "-OK", 90_000_00, Today.AddDays(-5));

        var (json, _) = await ExportAsync();
        var ids = Marches(json).Select(m => m.GetProperty("id").GetString()!).Where(i => i.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal([prefix + "-OK"], ids);
        Assert.Empty(app.Services.GetRequiredService<OpenDataSchemas>().ValidateDecp(json));

        var admin = await app.LoginAsync(Admin);
        var page = await admin.GetAsync(new Uri("/opendata/checks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var doc = await new HtmlParser().ParseDocumentAsync(await page.Content.ReadAsStringAsync());
        var rows = doc.QuerySelectorAll("[data-testid='left-out'] tbody tr").Where(r => r.GetAttribute("data-reference")!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        var siretRow = Assert.Single(rows, r => r.GetAttribute("data-reference") == prefix + "-SIR");
        Assert.Equal([DecpMapping.SupplierSiretInvalid("Fournisseur ancien")], siretRow.QuerySelectorAll("li[data-format='decp']").Select(li => li.TextContent.Trim()["DECP : ".Length..]).ToList());
        Assert.Contains(siretRow.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Suppliers/Edit/{badSupplier}");
        var cpvRow = Assert.Single(rows, r => r.GetAttribute("data-reference") == prefix + "-CPV");
        Assert.Equal(["Code CPV du marché : " + CpvCode.Message], cpvRow.QuerySelectorAll("li[data-format='decp']").Select(li => li.TextContent.Trim()["DECP : ".Length..]).ToList());
        Assert.Contains(cpvRow.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Contracts/Details/{cpvless}");

        // Fixed, the contract is checked again and published.
        await app.ExecuteAsync("UPDATE Contracts SET CpvCode = '64200000-8', UpdatedAtUtc = @now WHERE Id = @cpvless", new { cpvless, now = DateTime.UtcNow });
        var fixedIds = Marches((await ExportAsync()).Json).Select(m => m.GetProperty("id").GetString()!).Where(i => i.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([prefix + "-CPV", prefix + "-OK"], fixedIds);
    }

    [Fact]
    public async Task ContractNotifiedMoreThanTwoMonthsAgo_IsFlaggedUntilExported()
    {
        var prefix = Prefix();
        var group = await GroupAsync();
        var supplier = (await SuppliersAsync())[0];
        // R2196-1: due within two months of the notification; notified two months ago today is due today, not late.
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, supplier, prefix + "-LATE", 60_000_00, Today.AddMonths(-2).AddDays(-1));
        await Scenario.DecpContractAsync(app.ConnectionFactory, group, supplier, prefix + "-DUE", 60_000_00, Today.AddMonths(-2));
        var admin = await app.LoginAsync(Admin);

        async Task<List<string>> OverdueAsync()
        {
            var doc = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync(new Uri("/opendata/checks", UriKind.Relative)));
            return doc.QuerySelectorAll("[data-testid='overdue'] tbody tr").Select(r => r.GetAttribute("data-reference")!).Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }

        Assert.Equal([prefix + "-LATE"], await OverdueAsync());
        var home = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.NotNull(home.QuerySelector("[data-testid='opendata-todo'] [data-todo='overdue']"));

        await ExportAsync();

        Assert.Empty(await OverdueAsync());
    }

    [Fact]
    public async Task TwoHundredGeneratedContracts_GiveAValidExport_WithExactlyThoseAboveTheThreshold()
    {
        var prefix = Prefix();
        var group = await GroupAsync();
        var suppliers = await SuppliersAsync();
        var random = new Random(20261129);
        var expected = new List<string>();
        long? lastAccordCadre = null;
        string? lastAccordCadreReference = null;
        for (var i = 0; i < 200; i++)
        {
            var reference = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:000}");
            var form = (ContractForm)random.Next(0, 3);
            var subsequent = form == ContractForm.Ordinary && lastAccordCadre is not null && random.Next(4) == 0;
            var amount = random.Next(2) == 0 ? random.NextInt64(100, 40_000_00) : random.NextInt64(40_000_00, 5_000_000_00);
            var decp = RandomDecp(random, form);
            var id = await Scenario.DecpContractAsync(
                app.ConnectionFactory, group, suppliers[random.Next(suppliers.Count)], reference, amount, Today.AddDays(-random.Next(0, 400)), form, decp,
                accordCadreContractId: subsequent ? lastAccordCadre : null,
                lotLabel: random.Next(3) == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"Lot {random.Next(1, 6)}"),
                durationMonths: random.Next(1, 97),
                offresRecues: random.Next(1, 12),
                sousTraitanceDeclaree: random.Next(3) switch { 0 => null, 1 => true, _ => false },
                procedure: (TenderProcedure)random.Next(0, 3));
            var largest = amount;
            var amendments = random.Next(0, 4);
            for (var n = 1; n <= amendments; n++)
            {
                long? newAmount = random.Next(2) == 0 ? null : random.NextInt64(100, 6_000_000_00);
                int? newDuration = random.Next(2) == 0 ? null : random.Next(1, 120);
                long? newSupplier = random.Next(3) == 0 ? suppliers[random.Next(suppliers.Count)] : null;
                if (newAmount is null && newDuration is null && newSupplier is null)
                {
                    newDuration = 12;
                }

                await Scenario.AmendmentAsync(app.ConnectionFactory, id, n, Today.AddDays(-random.Next(0, 30)), newAmount, newDuration, newSupplier);
                largest = Math.Max(largest, newAmount ?? 0);
            }

            if (largest >= 40_000_00)
            {
                expected.Add(reference);
            }

            if (form != ContractForm.Ordinary)
            {
                (lastAccordCadre, lastAccordCadreReference) = (id, reference);
            }
        }

        var (json, _) = await ExportAsync();

        Assert.Empty(app.Services.GetRequiredService<OpenDataSchemas>().ValidateDecp(json));
        var mine = Marches(json).Where(m => m.GetProperty("id").GetString()!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Order().ToList(), mine.Select(m => m.GetProperty("id").GetString()!).Order().ToList());
        Assert.Contains(mine, m => m.TryGetProperty("idAccordCadre", out _));
        Assert.Contains(mine, m => m.TryGetProperty("modifications", out _));
        Assert.Contains(mine, m => !m.TryGetProperty("modifications", out _));
        Assert.NotNull(lastAccordCadreReference);
    }

    /// <summary>Codes drawn from the schema's lists, a "none" value alone (the schema's rule the forms also keep).</summary>
    private static DecpFields RandomDecp(Random random, ContractForm form)
    {
        IReadOnlyList<string> Some(IReadOnlyList<string> codes, string? none)
        {
            var picked = codes.Where(c => c != none && random.Next(3) == 0).ToList();
            return picked.Count == 0 ? [none ?? codes[0]] : picked;
        }

        var defaults = DecpCodes.Defaults(form, "80");
        return defaults with
        {
            Techniques = form == ContractForm.Ordinary ? Some(DecpCodes.Techniques, DecpCodes.SansObjet) : defaults.Techniques,
            MarcheInnovant = random.Next(2) == 0,
            Ccag = DecpCodes.Ccags[random.Next(DecpCodes.Ccags.Count)],
            AttributionAvance = random.Next(2) == 0,
            TypeGroupementOperateurs = DecpCodes.TypesGroupementOperateurs[random.Next(DecpCodes.TypesGroupementOperateurs.Count)],
            LieuExecutionCode = random.Next(2) == 0 ? "80" : "80021",
            LieuExecutionTypeCode = DecpCodes.LieuExecutionTypes[random.Next(DecpCodes.LieuExecutionTypes.Count)],
            TypesPrix = Some(DecpCodes.TypesPrix, null),
            FormePrix = DecpCodes.FormesPrix[random.Next(DecpCodes.FormesPrix.Count)],
            ConsiderationsSociales = Some(DecpCodes.ConsiderationsSociales, DecpCodes.PasDeConsiderationSociale),
            ConsiderationsEnvironnementales = Some(DecpCodes.ConsiderationsEnvironnementales, DecpCodes.PasDeConsiderationEnvironnementale),
        };
    }
}

/// <summary>While the coordinator's SIRET is missing, the export is an empty (valid) list and the administrators are told why.</summary>
public sealed class DecpCoordinatorSiretTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task MissingCoordinatorSiret_EmptyExport_AdminHomeAndChecksPageSayWhy()
    {
        await app.ExecuteAsync("UPDATE CoordinatorSettings SET Siret = NULL, UpdatedAtUtc = @now", new { now = DateTime.UtcNow });

        var response = await app.NewClient().GetAsync(new Uri("/opendata/decp.json", UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"marches":{"marche":[]}}""", json);
        Assert.Empty(app.Services.GetRequiredService<OpenDataSchemas>().ValidateDecp(json));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM OpenDataPublications"));

        var admin = await app.LoginAsync("admin@demo.local");
        var home = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.NotNull(home.QuerySelector("[data-testid='opendata-todo'] [data-todo='coordinator-siret']"));
        var checks = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync(new Uri("/opendata/checks", UriKind.Relative)));
        Assert.NotNull(checks.QuerySelector("[data-testid='coordinator-siret-missing']"));
        var ent = Assert.Single(checks.QuerySelectorAll("[data-testid='left-out'] tbody tr"), r => r.GetAttribute("data-reference") == ContractsDemoSeed.EntReference);
        Assert.Contains(DecpMapping.CoordinatorSiretMissing, ent.TextContent, StringComparison.Ordinal);

        // The officer sees the checks page too; the home page's flags are the administrators'.
        var officer = await app.LoginAsync("marches@demo.local");
        var officerHome = await new HtmlParser().ParseDocumentAsync(await officer.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Null(officerHome.QuerySelector("[data-testid='opendata-todo']"));
    }
}
