using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Contracts;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;

namespace ProcurementGroup.Web.Tests.Contracts;

/// <summary>
/// « Marchés » through HTTP (issue 9 items 1 and 2): recording a contract signed before the app, amendments kept beside
/// the initial values, orders against an accord-cadre's maximum (80 % warning, refusal beyond) and member-scoped orders.
/// Each test arranges its own contract (a unique reference) on the demo's ENT groupement and members CA Amiens Métropole
/// and CC du Vimeu.
/// </summary>
public sealed class ContractPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Finance = "finances@demo.local";
    private const string Officer = "marches@demo.local";
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private const string AmiensBuyer = "acheteur.amiens@demo.local";

    private static string Id(long id) => TestApp.Id(id);

    private static string NewReference() => "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private Task<long> MemberAsync(string name) => app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = @name", new { name });

    private Task<long> GroupAsync() => app.ScalarAsync<long>("SELECT Id FROM PurchasingGroups WHERE Name = @name", new { name = ContractsDemoSeed.EntGroup });

    private Task<long> SupplierAsync() => app.ScalarAsync<long>("SELECT Id FROM Suppliers WHERE Name = @name", new { name = ContractsDemoSeed.EntSupplier });

    private Task<long> ContractCountAsync() => app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts");

    private static string MessageFor(IHtmlDocument doc, string field) => doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;

    /// <summary>The record form's fields: a 1 000 € accord-cadre, its licences at 4,20 € a year, Amiens and Vimeu taking part.</summary>
    private async Task<Dictionary<string, string>> RecordFieldsAsync(string reference)
    {
        var decp = DecpCodes.Defaults(Core.Procedures.ContractForm.FrameworkPurchaseOrders, "80");
        var fields = new Dictionary<string, string>
        {
            ["Reference"] = reference,
            ["PurchasingGroupId"] = Id(await GroupAsync()),
            ["SupplierId"] = Id(await SupplierAsync()),
            ["Title"] = "Plateforme ENT des écoles",
            ["LotLabel"] = "Lot unique",
            ["SignedOn"] = "2024-06-14",
            ["NotifiedOn"] = "2024-06-28",
            ["StartsOn"] = "2024-09-01",
            ["DurationMonths"] = "48",
            ["Amount"] = "480 000",
            ["CpvCode"] = "48190000-6",
            ["Nature"] = "2",
            ["Procedure"] = "2",
            ["ContractForm"] = "1",
            ["OffresRecues"] = "3",
            ["Ccag"] = decp.Ccag,
            ["TypeGroupementOperateurs"] = decp.TypeGroupementOperateurs,
            ["LieuExecutionCode"] = decp.LieuExecutionCode,
            ["LieuExecutionTypeCode"] = decp.LieuExecutionTypeCode,
            ["FormePrix"] = decp.FormePrix,
            ["Items[0].Label"] = "Licence élève",
            ["Items[0].Unit"] = "compte",
            ["Items[0].UnitPrice"] = "4,2",
            ["Items[0].Period"] = "3",
            ["Items[1].Label"] = "Journée de formation",
            ["Items[1].Unit"] = "jour",
            ["Items[1].UnitPrice"] = "650",
            ["Items[1].Period"] = "1",
            ["Members[0].MemberId"] = Id(await MemberAsync(NeedsFormScenarios.Vimeu)),
            ["Members[0].TakesPart"] = "true",
            ["Members[0].Quantities[0]"] = "1 250",
            ["Members[0].Quantities[1]"] = "2",
            ["Members[1].MemberId"] = Id(await MemberAsync(NeedsFormScenarios.Amiens)),
            ["Members[1].TakesPart"] = "true",
            ["Members[1].Quantities[0]"] = "14 000,5",
        };
        foreach (var (name, codes) in new[]
        {
            ("Techniques", decp.Techniques), ("ModalitesExecution", decp.ModalitesExecution), ("TypesPrix", decp.TypesPrix),
            ("ConsiderationsSociales", decp.ConsiderationsSociales), ("ConsiderationsEnvironnementales", decp.ConsiderationsEnvironnementales),
        })
        {
            for (var i = 0; i < codes.Count; i++)
            {
                fields[string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]")] = codes[i];
            }
        }

        return fields;
    }

    [Fact]
    public async Task Record_AContractSignedBeforeTheApp_SavedWithItsItemsMembersAndQuantities_Listed()
    {
        var finance = await app.LoginAsync(Finance);
        var reference = NewReference();

        var response = await finance.PostFormAsync("/Contracts/Create", "/Contracts/Create", await RecordFieldsAsync(reference));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Contracts WHERE Reference = @reference", new { reference });
        Assert.Equal(
            (48_000_000L, 1L, (long?)null, "48190000-6", "Unitaire", 48L, "80"),
            Assert.Single(await app.QueryAsync<(long, long, long?, string, string, long, string)>(
                "SELECT AmountCents, IsMaximum, TenderLotId, CpvCode, PriceForm, DurationMonths, LieuExecutionCode FROM Contracts WHERE Id = @id", new { id })));
        Assert.Equal(
            [("Licence élève", 42_000L, 3L), ("Journée de formation", 6_500_000L, 1L)],
            await app.QueryAsync<(string, long, long)>("SELECT Label, UnitPriceTenThousandths, PricePeriod FROM ContractItems WHERE ContractId = @id ORDER BY Position", new { id }));
        Assert.Equal(2, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ContractMembers WHERE ContractId = @id", new { id }));
        Assert.Equal(
            [1_250_000L, 2_000L, 14_000_500L],
            await app.QueryAsync<long>("SELECT q.QuantityMilli FROM ContractMemberQuantities q JOIN Members m ON m.Id = q.MemberId JOIN ContractItems i ON i.Id = q.ContractItemId WHERE q.ContractId = @id ORDER BY m.Name DESC, i.Position", new { id }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Contract' AND Action = 'Recorded' AND EntityId = @id", new { id }));

        var list = await finance.GetDocumentAsync("/Contracts");
        var row = list.QuerySelector($"[data-testid=contracts] tr[data-reference='{reference}']")!;
        Assert.Equal(TestApp.Money(48_000_000) + " (maximum)", row.QuerySelector("[data-field=Amount]")!.TextContent);
        Assert.Equal("48", row.QuerySelector("[data-field=Duration]")!.TextContent);
    }

    [Fact]
    public async Task Record_BadInput_FrenchMessagesByTheFields_InputKept_NothingSaved()
    {
        var officer = await app.LoginAsync(Officer);
        var fields = await RecordFieldsAsync("REFERENCE-DE-17-C");
        fields["CpvCode"] = "4819";
        fields["Amount"] = "12,345";
        fields["NotifiedOn"] = "2024-06-13";
        fields["Items[0].UnitPrice"] = "4,20001";
        fields["Members[0].Quantities[0]"] = "beaucoup";
        fields["Members[0].Quantities[2]"] = "5";
        var before = await ContractCountAsync();

        var response = await officer.PostFormAsync("/Contracts/Create", "/Contracts/Create", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(ContractReference.Message, MessageFor(doc, "Reference"));
        Assert.Equal(CpvCode.Message, MessageFor(doc, "CpvCode"));
        Assert.Equal(ContractRecordRules.AmountMessage, MessageFor(doc, "Amount"));
        Assert.Equal(ContractRecordRules.NotifiedBeforeSignedMessage, MessageFor(doc, "NotifiedOn"));
        Assert.Equal(UnitPrice.TooManyDecimalsMessage, MessageFor(doc, "Items[0].UnitPrice"));

        // The member rows are shown in name order: Vimeu (« CC du Vimeu ») after Amiens (« CA Amiens Métropole »).
        var vimeuRow = doc.QuerySelectorAll("input[name$='.MemberId']").Single(i => i.GetAttribute("value") == fields["Members[0].MemberId"]).GetAttribute("name")![..^".MemberId".Length];
        Assert.Equal(ContractService.QuantityMessage, MessageFor(doc, vimeuRow + ".Quantities[0]"));
        Assert.Equal(ContractService.QuantityWithoutItemMessage, MessageFor(doc, vimeuRow + ".Quantities[2]"));
        Assert.Equal("beaucoup", doc.QuerySelector($"input[name='{vimeuRow}.Quantities[0]']")!.GetAttribute("value"));
        Assert.Equal("REFERENCE-DE-17-C", doc.QuerySelector("input[name=Reference]")!.GetAttribute("value"));
        Assert.Equal("12,345", doc.QuerySelector("input[name=Amount]")!.GetAttribute("value"));
        Assert.Equal(before, await ContractCountAsync());
    }

    [Fact]
    public async Task Record_TheReferenceOfAnotherContract_Refused_NothingSaved()
    {
        var finance = await app.LoginAsync(Finance);
        var before = await ContractCountAsync();

        var response = await finance.PostFormAsync("/Contracts/Create", "/Contracts/Create", await RecordFieldsAsync(ContractsDemoSeed.EntReference));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContractService.ReferenceTakenMessage, MessageFor(await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync()), "Reference"));
        Assert.Equal(before, await ContractCountAsync());
    }

    private async Task<(long Id, long Vimeu, long Amiens)> AccordCadreAsync(long maximumCents, bool amiensTakesPart = true)
    {
        var vimeu = await MemberAsync(NeedsFormScenarios.Vimeu);
        var amiens = await MemberAsync(NeedsFormScenarios.Amiens);
        List<(long, long[])> members = [(vimeu, [100_000L])];
        if (amiensTakesPart)
        {
            members.Add((amiens, [300_000L]));
        }

        var id = await Scenario.ContractAsync(app.ConnectionFactory, await GroupAsync(), await SupplierAsync(), NewReference(), maximumCents, [("Licence", 1_0000)], members);
        return (id, vimeu, amiens);
    }

    private static Dictionary<string, string> Amendment(string signedOn, string? amount, string? months, string reason, int version = 1) => new()
    {
        ["Amendment.Version"] = version.ToString(CultureInfo.InvariantCulture),
        ["Amendment.SignedOn"] = signedOn,
        ["Amendment.NotifiedOn"] = string.Empty,
        ["Amendment.NewAmount"] = amount ?? string.Empty,
        ["Amendment.NewDurationMonths"] = months ?? string.Empty,
        ["Amendment.NewSupplierId"] = string.Empty,
        ["Amendment.Reason"] = reason,
    };

    [Fact]
    public async Task Amendment_StoredBesideTheInitialValues_TheContractRowUnchanged_PageShowsInitialAndCurrent()
    {
        var (id, _, _) = await AccordCadreAsync(100_000_00);
        var finance = await app.LoginAsync(Finance);
        var page = $"/Contracts/Details/{Id(id)}";

        var first = await finance.PostFormAsync(page, $"/Contracts/Amend/{Id(id)}", Amendment("2025-01-10", "120 000", "60", "Extension aux écoles maternelles."));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await finance.PostFormAsync(page, $"/Contracts/Amend/{Id(id)}", Amendment("2025-02-01", "150 000,50", null, "Nouveaux collèges.", version: 2));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        Assert.Equal((10_000_000L, 48L), Assert.Single(await app.QueryAsync<(long, long)>("SELECT AmountCents, DurationMonths FROM Contracts WHERE Id = @id", new { id })));
        Assert.Equal(
            [(1L, 12_000_000L, (long?)60), (2L, 15_000_050L, (long?)null)],
            await app.QueryAsync<(long, long, long?)>("SELECT Number, NewAmountCents, NewDurationMonths FROM ContractAmendments WHERE ContractId = @id ORDER BY Number", new { id }));
        var doc = await finance.GetDocumentAsync(page);
        Assert.Equal(TestApp.Money(10_000_000), doc.QuerySelector("[data-field=InitialAmount]")!.TextContent);
        Assert.Equal(TestApp.Money(15_000_050), doc.QuerySelector("[data-field=CurrentAmount]")!.TextContent);
        Assert.Equal("48 mois", doc.QuerySelector("[data-field=InitialDuration]")!.TextContent);
        Assert.Equal("60 mois", doc.QuerySelector("[data-field=CurrentDuration]")!.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll("[data-testid=amendments] tbody tr").Length);
    }

    [Fact]
    public async Task Amendment_ChangingNothing_OrSignedBeforeTheContract_Refused_NothingSaved()
    {
        var (id, _, _) = await AccordCadreAsync(100_000_00);
        var officer = await app.LoginAsync(Officer);
        var page = $"/Contracts/Details/{Id(id)}";

        var nothing = await officer.PostFormAsync(page, $"/Contracts/Amend/{Id(id)}", Amendment("2025-01-10", null, null, "Rien."));
        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        Assert.Equal(Amendments.NothingChangedMessage, MessageFor(await HttpClientForms.ParseAsync(await nothing.Content.ReadAsStringAsync()), "Amendment.NewAmount"));

        var early = await officer.PostFormAsync(page, $"/Contracts/Amend/{Id(id)}", Amendment("2024-06-13", null, "60", "Trop tôt."));
        var doc = await HttpClientForms.ParseAsync(await early.Content.ReadAsStringAsync());
        Assert.Equal("L'avenant ne peut être signé avant le marché (signé le 14/06/2024).", MessageFor(doc, "Amendment.SignedOn"));
        Assert.Equal("Trop tôt.", doc.QuerySelector("textarea[name='Amendment.Reason']")!.TextContent);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM ContractAmendments WHERE ContractId = @id", new { id }));
    }

    private static Dictionary<string, string> Order(long memberId, string quantity, int version) => new()
    {
        ["Version"] = version.ToString(CultureInfo.InvariantCulture),
        ["MemberId"] = Id(memberId),
        ["OrderedOn"] = "2025-03-10",
        ["Lines[0].Quantity"] = quantity,
    };

    private async Task<(HttpResponseMessage Response, IHtmlDocument? Page)> OrderAsync(HttpClient client, long contractId, long memberId, string quantity)
    {
        var url = $"/Contracts/Order/{Id(contractId)}";
        var form = await client.GetDocumentAsync(url);
        var version = int.Parse(form.QuerySelector("input[name=Version]")!.GetAttribute("value")!, CultureInfo.InvariantCulture);
        var itemId = form.QuerySelector("input[name='Lines[0].ContractItemId']")!.GetAttribute("value")!;
        var fields = Order(memberId, quantity, version);
        fields["Lines[0].ContractItemId"] = itemId;
        var response = await client.PostFormAsync(url, url, fields);
        return (response, response.StatusCode == HttpStatusCode.Redirect ? await client.GetDocumentAsync(url) : null);
    }

    [Fact]
    public async Task Orders_At79_99Percent_Accepted_At80Percent_Warned_ExactlyTheMaximum_Accepted_OneCentBeyond_Refused()
    {
        // A maximum of 1 000,00 € and a unit price of 1,00 €: the quantity ordered is the amount.
        var (id, vimeu, _) = await AccordCadreAsync(1_000_00);
        var officer = await app.LoginAsync(Officer);

        var (first, page) = await OrderAsync(officer, id, vimeu, "799,9");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("Le bon de commande a été enregistré.", page!.QuerySelector("[data-testid=success]")!.TextContent);

        var (second, warned) = await OrderAsync(officer, id, vimeu, "0,1");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("Les commandes atteignent 80 % du maximum", warned!.QuerySelector("[data-testid=success]")!.TextContent, StringComparison.Ordinal);

        var (third, full) = await OrderAsync(officer, id, vimeu, "200");
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Contains("Les commandes atteignent 100 % du maximum", full!.QuerySelector("[data-testid=success]")!.TextContent, StringComparison.Ordinal);

        var (beyond, _) = await OrderAsync(officer, id, vimeu, "0,01");
        Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await beyond.Content.ReadAsStringAsync());
        Assert.StartsWith("Cette commande porterait le total commandé à " + TestApp.Money(100_001), MessageFor(doc, "Lines"), StringComparison.Ordinal);
        Assert.Equal([79_990L, 10L, 20_000L], await app.QueryAsync<long>("SELECT TotalCents FROM Orders WHERE ContractId = @id ORDER BY Number", new { id }));
        Assert.Equal([1L, 2L, 3L], await app.QueryAsync<long>("SELECT Number FROM Orders WHERE ContractId = @id ORDER BY Number", new { id }));

        var details = await officer.GetDocumentAsync($"/Contracts/Details/{Id(id)}");
        Assert.StartsWith("Commandé : " + TestApp.Money(100_000) + " sur un maximum de " + TestApp.Money(100_000) + ".", details.QuerySelector("[data-testid=consumption]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_LinesRoundedOnceToTheCent_AtTheContractsUnitPrice()
    {
        var vimeu = await MemberAsync(NeedsFormScenarios.Vimeu);
        var id = await Scenario.ContractAsync(app.ConnectionFactory, await GroupAsync(), await SupplierAsync(), NewReference(), 1_000_00, [("Minute", 125)], [(vimeu, [0L])]);
        var officer = await app.LoginAsync(Officer);

        // 0,0125 € × 1 999 = 24,9875 € → 24,99 €.
        var (response, _) = await OrderAsync(officer, id, vimeu, "1 999");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal((1_999_000L, 125L, 2_499L), Assert.Single(await app.QueryAsync<(long, long, long)>(
            "SELECT l.QuantityMilli, l.UnitPriceTenThousandths, l.AmountCents FROM OrderLines l JOIN Orders o ON o.Id = l.OrderId WHERE o.ContractId = @id", new { id })));
    }

    [Fact]
    public async Task Order_MemberBuyer_OrdersForItsOwnMember_AnotherMembersId404_AContractWithoutItsMember404()
    {
        var (id, vimeu, amiens) = await AccordCadreAsync(100_000_00, amiensTakesPart: true);
        var (vimeuOnly, _, _) = await AccordCadreAsync(100_000_00, amiensTakesPart: false);
        var buyer = await app.LoginAsync(VimeuBuyer);

        var own = await OrderAsync(buyer, id, vimeu, "3");
        Assert.Equal(HttpStatusCode.Redirect, own.Response.StatusCode);
        Assert.Equal(vimeu, await app.ScalarAsync<long>("SELECT MemberId FROM Orders WHERE ContractId = @id", new { id }));

        // The form offers only Vimeu, and the orders listed are Vimeu's.
        var page = await buyer.GetDocumentAsync($"/Contracts/Order/{Id(id)}");
        Assert.Equal([Id(vimeu)], page.QuerySelectorAll("select[name=MemberId] option:not([value=''])").Select(o => o.GetAttribute("value")));

        var other = await OrderAsync(buyer, id, amiens, "3");
        Assert.Equal(HttpStatusCode.NotFound, other.Response.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Orders WHERE ContractId = @id", new { id }));

        var amiensBuyer = await app.LoginAsync(AmiensBuyer);
        Assert.Equal(HttpStatusCode.NotFound, (await amiensBuyer.GetAsync($"/Contracts/Order/{Id(vimeuOnly)}")).StatusCode);
        var amiensPage = await amiensBuyer.GetDocumentAsync($"/Contracts/Order/{Id(id)}");
        Assert.Empty(amiensPage.QuerySelectorAll("[data-testid=orders] tbody tr"));
    }

    [Fact]
    public async Task Mine_ListsTheMembersContractsRecordedWithoutATender_AndItsOrders()
    {
        var (id, vimeu, _) = await AccordCadreAsync(100_000_00);
        var reference = await app.ScalarAsync<string>("SELECT Reference FROM Contracts WHERE Id = @id", new { id });
        var officer = await app.LoginAsync(Officer);
        Assert.Equal(HttpStatusCode.Redirect, (await OrderAsync(officer, id, vimeu, "2")).Response.StatusCode);

        var buyer = await app.LoginAsync(VimeuBuyer);
        var mine = await buyer.GetDocumentAsync("/Awards/Mine");

        var section = mine.QuerySelector($"section[data-member='{Id(vimeu)}']")!;
        Assert.NotNull(section.QuerySelector($"[data-testid=member-contracts] tr[data-reference='{reference}']"));
        Assert.Contains(section.QuerySelectorAll("[data-testid=member-orders] tbody tr"), tr => tr.TextContent.Contains(reference, StringComparison.Ordinal) && tr.TextContent.Contains(TestApp.Money(200), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_TheEntPlatform_RecordedWithoutATender_WithTheEntCampaignsMembers_AndOneOrder_Idempotent()
    {
        var id = await app.ScalarAsync<long>("SELECT Id FROM Contracts WHERE Reference = @reference", new { reference = ContractsDemoSeed.EntReference });
        Assert.Null(await app.ScalarAsync<long?>("SELECT TenderLotId FROM Contracts WHERE Id = @id", new { id }));
        var campaignMembers = await app.QueryAsync<long>(
            "SELECT f.MemberId FROM NeedsForms f JOIN NeedsCampaigns c ON c.Id = f.CampaignId WHERE c.Title = @title ORDER BY f.MemberId", new { title = ProcurementGroup.Web.Features.Campaigns.CampaignsDemoSeed.EntTitle });
        Assert.NotEmpty(campaignMembers);
        Assert.Equal(campaignMembers, await app.QueryAsync<long>("SELECT MemberId FROM ContractMembers WHERE ContractId = @id ORDER BY MemberId", new { id }));
        Assert.Equal(campaignMembers.Count, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM ContractMemberQuantities q JOIN ContractItems i ON i.Id = q.ContractItemId WHERE q.ContractId = @id AND i.Position = 1 AND q.QuantityMilli > 0", new { id }));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetServices<ProcurementGroup.Web.Infrastructure.Seeding.IDemoSeedStep>().OfType<ContractsDemoSeed>().Single().SeedAsync(CancellationToken.None);
        }

        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Contracts WHERE Reference = @reference", new { reference = ContractsDemoSeed.EntReference }));
        Assert.Equal(130_000L, await app.ScalarAsync<long>("SELECT SUM(TotalCents) FROM Orders WHERE ContractId = @id", new { id }));
    }
}
