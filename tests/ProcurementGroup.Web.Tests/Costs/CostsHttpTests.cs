using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Costs;

/// <summary>Issue 9 items 3 to 5 through HTTP, as finance uses them: invoices, keys, the run preview and the comparison.</summary>
public sealed class CostsHttpTests(TestApp app) : IClassFixture<TestApp>
{
    public const string Finance = "finances@demo.local";
    private static readonly DateOnly LongAgo = new(2020, 1, 1);

    internal static Dictionary<string, string> Entry(string number, string label, string amount, string vat = "20", string from = "01/01/2026", string to = "31/03/2026", long? member = null) => new()
    {
        ["InvoiceNumber"] = number,
        ["InvoiceDate"] = "15/04/2026",
        ["PeriodFrom"] = from,
        ["PeriodTo"] = to,
        ["Label"] = label,
        ["AmountHtCents"] = amount,
        ["VatRateBasisPoints"] = vat,
        ["MemberId"] = member is { } m ? TestApp.Id(m) : string.Empty,
        ["OrderId"] = string.Empty,
        ["Version"] = "0",
    };

    internal static async Task CreateAsync(HttpClient client, long contractId, Dictionary<string, string> fields)
    {
        var url = "/Costs/Create?contractId=" + TestApp.Id(contractId);
        var response = await client.PostFormAsync(url, url, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    internal static async Task KeyAsync(HttpClient client, long contractId, Dictionary<string, string> percents, string year = "2026")
    {
        var url = "/Costs/Key?contractId=" + TestApp.Id(contractId);
        var fields = new Dictionary<string, string>(percents) { ["Year"] = year, ["Version"] = "0" };
        var response = await client.PostFormAsync(url, url, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<long> PreviewAsync(HttpClient client, long groupId, string from = "01/01/2026", string to = "31/03/2026")
    {
        var response = await client.PostFormAsync("/Costs/Preview", "/Costs/Preview", new Dictionary<string, string> { ["GroupId"] = TestApp.Id(groupId), ["From"] = from, ["To"] = to });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Costs/Run/", location, StringComparison.Ordinal);
        return long.Parse(location["/Costs/Run/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The coordinator charges no coordination fee (a global setting: the demo's is 2 %), saved on the fee page as finance
    /// saves it, for the tests whose figures leave the fee out.
    /// </summary>
    internal static async Task NoFeeAsync(HttpClient client)
    {
        var response = await client.PostFormAsync("/Costs/Fee", "/Costs/Fee", new Dictionary<string, string> { ["Kind"] = CoordinationFeeService.None, ["Value"] = string.Empty, ["VatRate"] = string.Empty });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Each member's HT and VAT share of the run's line for the entry labelled <paramref name="label"/>, by member id.</summary>
    private async Task<Dictionary<long, (long Ht, long Vat)>> SharesAsync(long runId, string label)
    {
        var rows = await app.QueryAsync<(long MemberId, long Ht, long Vat)>(
            "SELECT s.MemberId, s.HtCents, s.VatCents FROM RunShares s JOIN RunCostLines l ON l.Id = s.RunCostLineId WHERE s.RunId = @runId AND l.Label = @label",
            new { runId, label });
        return rows.ToDictionary(r => r.MemberId, r => (r.Ht, r.Vat));
    }

    [Fact]
    public async Task Preview_MixOf30PercentEqualAnd70PercentPopulation_GivesTheHandComputedShares()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo), ("C", LongAgo));
        await CostArrangement.BaseAsync(app, s.MemberId("A"), 2026, 1_000);
        await CostArrangement.BaseAsync(app, s.MemberId("B"), 2026, 3_000);
        await CostArrangement.BaseAsync(app, s.MemberId("C"), 2026, 6_000);
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000), ("C", 1000));
        var finance = await app.LoginAsync(Finance);
        await NoFeeAsync(finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "30", ["PercentPopulationMunicipale"] = "70" });
        await CreateAsync(finance, contract, Entry("F-1", "Hub mutualisé", "1 000,00"));

        var runId = await PreviewAsync(finance, s.GroupId);

        // Weights: 30 % × 1/3 + 70 % × population ÷ 10,000: A 0.10 + 0.07 = 0.17, B 0.10 + 0.21 = 0.31, C 0.10 + 0.42 = 0.52.
        var shares = await SharesAsync(runId, "Hub mutualisé");
        Assert.Equal((17_000L, 3_400L), shares[s.MemberId("A")]);
        Assert.Equal((31_000L, 6_200L), shares[s.MemberId("B")]);
        Assert.Equal((52_000L, 10_400L), shares[s.MemberId("C")]);
        var page = await finance.GetDocumentAsync("/Costs/Run/" + TestApp.Id(runId));
        var a = page.QuerySelector($"[data-testid=run-totals] tr[data-member-id='{TestApp.Id(s.MemberId("A"))}']")!;
        Assert.Equal([s.MemberName("A"), TestApp.Money(17_000), TestApp.Money(3_400), TestApp.Money(0), TestApp.Money(0), TestApp.Money(20_400)], a.Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(TestApp.Money(120_000), page.QuerySelector("[data-testid=run-total-ttc]")!.TextContent.Trim());
        Assert.Contains("70 % population municipale + 30 % parts égales (2026)", page.Body!.TextContent, StringComparison.Ordinal);
        var line = page.QuerySelector($"section[data-line-id] tr[data-member-id='{TestApp.Id(s.MemberId("A"))}']")!;
        Assert.Equal([s.MemberName("A"), "0,17", "1", "17 %", TestApp.Money(17_000), TestApp.Money(3_400), TestApp.Money(20_400)], line.Children.Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Preview_ACostOfOneMember_GoesWhollyToThatMember()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 3000));
        var finance = await app.LoginAsync(Finance);
        await KeyAsync(finance, contract, new() { ["PercentQuantity"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-2", "Ligne propre de B", "500,00", member: s.MemberId("B")));
        await CreateAsync(finance, contract, Entry("F-2", "Abonnement partagé", "400,00"));

        var runId = await PreviewAsync(finance, s.GroupId);

        Assert.Equal(new Dictionary<long, (long, long)> { [s.MemberId("B")] = (50_000, 10_000) }, await SharesAsync(runId, "Ligne propre de B"));
        Assert.Equal(
            new Dictionary<long, (long, long)> { [s.MemberId("A")] = (10_000, 2_000), [s.MemberId("B")] = (30_000, 6_000) },
            await SharesAsync(runId, "Abonnement partagé"));
    }

    [Fact]
    public async Task Preview_AMemberThatJoinedMidQuarter_SharesProRataOfItsDays()
    {
        // First quarter 2026: 90 days; C joined on 15 February: 14 + 31 = 45 days. Equal key: weights 90, 90, 45 → 2/5, 2/5, 1/5.
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo), ("C", new DateOnly(2026, 2, 15)));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000), ("C", 1000));
        var finance = await app.LoginAsync(Finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-3", "Plateforme", "900,00", vat: "0"));

        var runId = await PreviewAsync(finance, s.GroupId);

        Assert.Equal(
            new Dictionary<long, (long, long)> { [s.MemberId("A")] = (36_000, 0), [s.MemberId("B")] = (36_000, 0), [s.MemberId("C")] = (18_000, 0) },
            await SharesAsync(runId, "Plateforme"));
    }

    [Fact]
    public async Task Preview_SharesAddUpToEachInvoice_ToTheCent_AndASecondPreviewReplacesTheFirst()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo), ("C", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000), ("C", 1000));
        var finance = await app.LoginAsync(Finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-4", "Cent euros", "100,00"));
        await CreateAsync(finance, contract, Entry("F-4", "Un centime", "0,01", vat: "5,5"));
        await CreateAsync(finance, contract, Entry("F-5", "Maintenance", "1 234,57", vat: "5,5"));

        await PreviewAsync(finance, s.GroupId);
        var runId = await PreviewAsync(finance, s.GroupId);

        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AllocationRuns WHERE PurchasingGroupId = @g AND State = 0", new { g = s.GroupId }));
        // 100,00 € over three: 33,34 + 33,33 + 33,33, the extra cent to the smallest member id; VAT 20,00: 6,67 + 6,67 + 6,66.
        var hundred = await SharesAsync(runId, "Cent euros");
        Assert.Equal([(3_334L, 667L), (3_333L, 667L), (3_333L, 666L)], hundred.OrderBy(kv => kv.Key).Select(kv => kv.Value));
        var lines = await app.QueryAsync<(long Id, long Ht, long Vat)>("SELECT Id, HtCents, VatCents FROM RunCostLines WHERE RunId = @runId", new { runId });
        Assert.Equal(3, lines.Count);
        foreach (var (id, ht, vat) in lines)
        {
            Assert.Equal(ht, await app.ScalarAsync<long>("SELECT SUM(HtCents) FROM RunShares WHERE RunCostLineId = @id", new { id }));
            Assert.Equal(vat, await app.ScalarAsync<long>("SELECT SUM(VatCents) FROM RunShares WHERE RunCostLineId = @id", new { id }));
        }

        // 1 234,57 × 5,5 % = 67,90135 → 67,90 €.
        Assert.Contains(lines, l => l.Ht == 123_457 && l.Vat == 6_790);
    }

    [Fact]
    public async Task Create_WithAMemberNotTakingPart_IsRefusedInFrench_AndNothingIsSaved()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000));
        var finance = await app.LoginAsync(Finance);
        var url = "/Costs/Create?contractId=" + TestApp.Id(contract);

        var response = await finance.PostFormAsync(url, url, Entry("F-6", "Ligne de B", "1 234,56", member: s.MemberId("B")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(string.Format(Fr, CostEntryService.MemberNotParticipant, "M-" + s.Tag), page.QuerySelector("[data-valmsg-for=MemberId]")!.TextContent.Trim());
        Assert.Equal("1 234,56", page.QuerySelector("input[name=AmountHtCents]")!.GetAttribute("value"));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE ContractId = @contract", new { contract }));
    }

    [Fact]
    public async Task Import_OneBadLine_SavesNothing_ThenTheCorrectedFileSavesEveryLine()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000));
        var finance = await app.LoginAsync(Finance);
        const string Header = "N° de facture;Date de facture;Début de période;Fin de période;Libellé;Montant HT (€);Taux de TVA (%)";

        var refused = await ImportAsync(finance, contract, Header + "\r\nF-7;15/04/2026;01/01/2026;31/03/2026;Hub;100;20\r\nF-8;15/04/2026;01/01/2026;31/03/2026;Hub;abc;20\r\n");
        var report = refused.QuerySelectorAll("[data-testid=import-report] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(CostSpreadsheet.NothingSavedMessage, report[0]);
        Assert.StartsWith("Ligne 3, colonne Montant HT (€) : « abc »", report[1], StringComparison.Ordinal);
        Assert.Equal(2, report.Count);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE ContractId = @contract", new { contract }));

        await ImportAsync(finance, contract, Header + "\r\nF-7;15/04/2026;01/01/2026;31/03/2026;Hub;100;20\r\nF-8;15/04/2026;01/01/2026;31/03/2026;Hub;250,5;10\r\n", expectRedirect: true);
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE ContractId = @contract", new { contract }));
        Assert.Equal(35_050, await app.ScalarAsync<long>("SELECT SUM(AmountHtCents) FROM CostEntries WHERE ContractId = @contract", new { contract }));
    }

    [Fact]
    public async Task Edit_OfAnEntryInAnIssuedRun_AnswersConflict_AndChangesNothing()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000));
        var finance = await app.LoginAsync(Finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-9", "Hub", "100,00"));
        var runId = await PreviewAsync(finance, s.GroupId);
        var entryId = await app.ScalarAsync<long>("SELECT Id FROM CostEntries WHERE ContractId = @contract", new { contract });
        // Issuing is the runs slice's: it sets State 1; here the state is set as it will.
        await app.ExecuteAsync("UPDATE AllocationRuns SET State = 1 WHERE Id = @runId", new { runId });

        var url = "/Costs/Edit/" + TestApp.Id(entryId);
        var fields = Entry("F-9", "Hub", "999,00");
        fields["Version"] = "1";
        var response = await finance.PostFormAsync("/Costs?contractId=" + TestApp.Id(contract), url, fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(CostEntryService.Frozen, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(10_000, await app.ScalarAsync<long>("SELECT AmountHtCents FROM CostEntries WHERE Id = @entryId", new { entryId }));
    }

    [Fact]
    public async Task Edit_SavesOnce_AStaleVersionAnswersConflict_AndDeleteLeavesThePreviewWithoutIt()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000));
        var finance = await app.LoginAsync(Finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-11", "Hub", "100,00"));
        var entryId = await app.ScalarAsync<long>("SELECT Id FROM CostEntries WHERE ContractId = @contract", new { contract });
        var url = "/Costs/Edit/" + TestApp.Id(entryId);
        var fields = Entry("F-11", "Hub", "120,00");
        fields["Version"] = "1";

        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(url, url, fields)).StatusCode);
        fields["AmountHtCents"] = "130,00";
        var stale = await finance.PostFormAsync(url, url, fields);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal((12_000L, 2L), Assert.Single(await app.QueryAsync<(long, long)>("SELECT AmountHtCents, Version FROM CostEntries WHERE Id = @entryId", new { entryId })));

        var runId = await PreviewAsync(finance, s.GroupId);
        var deleted = await finance.PostFormAsync(url, "/Costs/Delete/" + TestApp.Id(entryId), new Dictionary<string, string> { ["version"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM CostEntries WHERE Id = @entryId", new { entryId }));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM RunCostLines WHERE RunId = @runId AND CostEntryId IS NOT NULL", new { runId }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'CostEntry' AND EntityId = @entryId AND Action = 'Deleted'", new { entryId }));
    }

    [Fact]
    public async Task Compare_EqualSharesAgainstPopulation_ShowsTheHandComputedDifferences()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        await CostArrangement.BaseAsync(app, s.MemberId("A"), 2026, 1_000);
        await CostArrangement.BaseAsync(app, s.MemberId("B"), 2026, 3_000);
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000));
        var finance = await app.LoginAsync(Finance);
        await NoFeeAsync(finance);
        await KeyAsync(finance, contract, new() { ["PercentEqual"] = "100" }, year: string.Empty);
        await CreateAsync(finance, contract, Entry("F-10", "Hub", "1 000,00", vat: "0"));

        var page = await finance.GetDocumentAsync(
            $"/Costs/Compare?Period.GroupId={TestApp.Id(s.GroupId)}&Period.From=01/01/2026&Period.To=31/03/2026&First.PercentEqual=100&Second.PercentPopulationMunicipale=100&Second.Year=2026&compare=true");

        // Equal: 500,00 each; population 1,000 / 3,000: 250,00 and 750,00. A pays 250,00 less (−50 %), B 250,00 more (+50 %).
        string[] Row(string member) => [.. page.QuerySelector($"[data-testid=comparison] tr[data-member-id='{TestApp.Id(s.MemberId(member))}']")!.Children.Select(c => c.TextContent.Trim())];
        Assert.Equal([s.MemberName("A"), TestApp.Money(50_000), TestApp.Money(25_000), TestApp.Money(-25_000), "-50,00 %"], Row("A"));
        Assert.Equal([s.MemberName("B"), TestApp.Money(50_000), TestApp.Money(75_000), TestApp.Money(25_000), "+50,00 %"], Row("B"));
        Assert.NotNull(page.QuerySelector("svg[data-testid=comparison-chart]"));
    }

    [Fact]
    public async Task Key_MissingABaseForAParticipant_IsRefusedNamingTheMember()
    {
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo));
        await CostArrangement.BaseAsync(app, s.MemberId("A"), 2026, 1_000);
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 1000));
        var finance = await app.LoginAsync(Finance);
        var url = "/Costs/Key?contractId=" + TestApp.Id(contract);

        var response = await finance.PostFormAsync(url, url, new Dictionary<string, string> { ["PercentPopulationMunicipale"] = "100", ["Year"] = "2026", ["Version"] = "0" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync())).QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains($"Le membre « {s.MemberName("B")} » n'a pas de base « population municipale » pour 2026", text, StringComparison.Ordinal);
        Assert.Null(await app.ScalarAsync<long?>("SELECT AllocationKeyId FROM Contracts WHERE Id = @contract", new { contract }));
    }

    private static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    private static async Task<IHtmlDocument> ImportAsync(HttpClient client, long contractId, string csv, bool expectRedirect = false)
    {
        var url = "/Costs/Import?contractId=" + TestApp.Id(contractId);
        var token = await client.AntiforgeryTokenAsync(url);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "factures.csv");
        var response = await client.PostAsync(url, content);
        Assert.Equal(expectRedirect ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
        return await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
    }
}
