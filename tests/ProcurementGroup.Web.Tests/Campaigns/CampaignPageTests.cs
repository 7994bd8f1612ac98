using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>The officer's pages: creating, the demo campaigns, the catalogue (import, export, copy), access.</summary>
public sealed class CampaignPageTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task DemoCampaigns_TelecomClosedAndEntOpen_WithTheirCatalogueAndOneFormPerMember()
    {
        var telecom = await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = 'Télécommunications 2027-2030'");
        var ent = await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = 'ENT collèges et écoles 2027-2029'");
        Assert.Equal((int)CampaignStatus.Closed, await app.ScalarAsync<int>("SELECT Status FROM NeedsCampaigns WHERE Id = @telecom", new { telecom }));
        Assert.Equal((int)CampaignStatus.Open, await app.ScalarAsync<int>("SELECT Status FROM NeedsCampaigns WHERE Id = @ent", new { ent }));
        Assert.Equal(16, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @telecom", new { telecom }));
        Assert.Equal(16, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @ent", new { ent }));
        Assert.Equal(9500, await app.ScalarAsync<long>("SELECT UnitPriceCents FROM CatalogueItems WHERE CampaignId = @telecom AND Code = 'FIXE-TRONC'", new { telecom }));
        Assert.Equal(5000, await app.ScalarAsync<long>("SELECT MaxPerMemberMilli FROM CatalogueItems WHERE CampaignId = @telecom AND Code = 'FIXE-TRONC'", new { telecom }));

        var officer = await app.LoginAsync(Officer);
        var list = await officer.GetDocumentAsync("/Campaigns");
        var rows = list.QuerySelectorAll("table[data-testid=campaigns] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Télécommunications 2027-2030", StringComparison.Ordinal) && r.Contains("01/09/2026 08:00", StringComparison.Ordinal) && r.Contains("Clôturée", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("ENT collèges et écoles 2027-2029", StringComparison.Ordinal) && r.Contains("18/12/2026 18:00", StringComparison.Ordinal) && r.Contains("Ouverte", StringComparison.Ordinal));

        var details = await officer.GetDocumentAsync($"/Campaigns/Details/{telecom}");
        var lot3 = details.QuerySelector("table[data-testid=lot-3]")!.TextContent;
        Assert.Contains("Trunk SIP 10 canaux", lot3, StringComparison.Ordinal);
        Assert.Contains("95,00", lot3, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ClosingBeforeOpening_FrenchMessageNextToField_InputKept_NothingSaved()
    {
        var before = await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsCampaigns");
        var officer = await app.LoginAsync(Officer);
        var groupId = await app.GroupIdAsync("Matériel informatique");
        var response = await officer.PostFormAsync("/Campaigns/Create", "/Campaigns/Create", new Dictionary<string, string>
        {
            ["PurchasingGroupId"] = groupId.ToString(CultureInfo.InvariantCulture),
            ["Title"] = "Postes de travail 2028",
            ["OpensAt"] = "2027-03-10T08:00",
            ["ClosesAt"] = "2027-03-01T18:00",
            ["PlannedLaunchDate"] = "2027-06-01",
            ["DurationMonths"] = "48",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("La clôture doit être postérieure à l'ouverture.", doc.QuerySelector("[data-valmsg-for=ClosesAt]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Postes de travail 2028", doc.QuerySelector("input[name=Title]")!.GetAttribute("value"));
        Assert.Equal("2027-03-01T18:00", doc.QuerySelector("input[name=ClosesAt]")!.GetAttribute("value"));
        Assert.Equal(before, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsCampaigns"));
    }

    [Fact]
    public async Task Create_StoresParisTimesAsUtc_AndWarnsAboveFourYears()
    {
        var officer = await app.LoginAsync(Officer);
        var groupId = await app.GroupIdAsync("Matériel informatique");
        var response = await officer.PostFormAsync("/Campaigns/Create", "/Campaigns/Create", new Dictionary<string, string>
        {
            ["PurchasingGroupId"] = groupId.ToString(CultureInfo.InvariantCulture),
            ["Title"] = "Tablettes 2028",
            ["OpensAt"] = "2027-07-01T08:00",
            ["ClosesAt"] = "2027-12-01T18:00",
            ["PlannedLaunchDate"] = "2028-01-15",
            ["DurationMonths"] = "60",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = 'Tablettes 2028'");

        // 08:00 in Paris in July is 06:00 UTC (summer time); 18:00 in December is 17:00 UTC.
        Assert.StartsWith("2027-07-01 06:00:00", await app.ScalarAsync<string>("SELECT OpensAtUtc FROM NeedsCampaigns WHERE Id = @id", new { id }), StringComparison.Ordinal);
        Assert.StartsWith("2027-12-01 17:00:00", await app.ScalarAsync<string>("SELECT ClosesAtUtc FROM NeedsCampaigns WHERE Id = @id", new { id }), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsCampaign' AND EntityId = @id AND Action = 'Created'", new { id }));

        var details = await officer.GetDocumentAsync($"/Campaigns/Details/{id}");
        Assert.Contains("4 ans au plus", details.QuerySelector("[data-testid=duration-warning]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("01/12/2027 18:00", details.QuerySelector("[data-testid=closes-at]")!.TextContent, StringComparison.Ordinal);

        // The edit form gives the Paris times back as typed.
        var edit = await officer.GetDocumentAsync($"/Campaigns/Edit/{id}");
        Assert.Equal("2027-07-01T08:00", edit.QuerySelector("input[name=OpensAt]")!.GetAttribute("value"));
        Assert.Equal("2027-12-01T18:00", edit.QuerySelector("input[name=ClosesAt]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Import_TwoBadRows_ReportNamesRowAndColumn_NothingSaved()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Import refusé 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = Workbook(
        [
            Row(1, "Postes", "PC-FIXE", "Ordinateur fixe", "poste", "oui", 650.0, "ponctuel", 20),
            Row(1, "Postes", "PC-PORT", "Ordinateur portable", "poste", "oui", "douze euros", "ponctuel", 20),
            Row(2, "Écrans", "ECRAN-24", "Écran 24 pouces", "écran", "oui", 140.5, "ponctuel", 20),
            Row(2, "Écrans", "ECRAN-27", "Écran 27 pouces", "écran", "oui", 210, "ponctuel", "vingt"),
        ]);

        var response = await officer.UploadCatalogueAsync(id, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var report = doc.QuerySelectorAll("[data-testid=import-report] li").Select(li => li.TextContent).ToList();
        Assert.Contains(report, l => l.StartsWith("Ligne 3, colonne Prix unitaire HT : « douze euros »", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("Ligne 5, colonne TVA % : « vingt »", StringComparison.Ordinal));
        Assert.Equal(3, report.Count);
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CatalogueItems WHERE CampaignId = @id", new { id }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @id", new { id }));
    }

    [Fact]
    public async Task Import_NotAWorkbook_FrenchMessage()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Import illisible 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var response = await officer.UploadCatalogueAsync(id, "ceci n'est pas un classeur"u8.ToArray());
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("n'est pas un classeur XLSX valide", doc.QuerySelector("[data-valmsg-for=File]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Valid_ThenExport_RoundTrips()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Aller-retour 2028", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));
        var bytes = Workbook(
        [
            Row(1, "Postes", "PC-FIXE", "Ordinateur fixe", "poste", "oui", "650,50", "ponctuel", "20"),
            Row(1, "Postes", "MAINT", "Maintenance par poste", "poste", "non", 12.25, "mensuel", 20, "7,5"),
            Row(2, "Logiciels", "LIC-BUR", "Licence bureautique", "licence", "oui", "30.00", "annuel", "5,5", 100),
        ]);

        var response = await officer.UploadCatalogueAsync(id, bytes);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(65050, await app.ScalarAsync<long>("SELECT UnitPriceCents FROM CatalogueItems WHERE CampaignId = @id AND Code = 'PC-FIXE'", new { id }));
        Assert.Equal(550, await app.ScalarAsync<int>("SELECT VatRateBasisPoints FROM CatalogueItems WHERE CampaignId = @id AND Code = 'LIC-BUR'", new { id }));
        Assert.Equal(7500, await app.ScalarAsync<long>("SELECT MaxPerMemberMilli FROM CatalogueItems WHERE CampaignId = @id AND Code = 'MAINT'", new { id }));
        Assert.Equal((int)PricePeriod.Monthly, await app.ScalarAsync<int>("SELECT PricePeriod FROM CatalogueItems WHERE CampaignId = @id AND Code = 'MAINT'", new { id }));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @id", new { id }));

        var export = await officer.GetAsync($"/Campaigns/Export/{id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsByteArrayAsync();
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(exported), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(new[] { "PC-FIXE", "MAINT", "LIC-BUR" }, rows.Select(r => r["Code"]?.ToString() ?? string.Empty).ToArray());
        Assert.Equal(650.5m, Convert.ToDecimal(rows[0]["Prix unitaire HT"], CultureInfo.InvariantCulture));
        Assert.Equal("mensuel", rows[1]["Périodicité"]);
        Assert.Equal("non", rows[1]["Unités entières"]);

        // The exported workbook imports back to the same catalogue.
        var before = await app.ScalarAsync<string>(
            "SELECT GROUP_CONCAT(Code || ':' || UnitPriceCents || ':' || PricePeriod || ':' || VatRateBasisPoints || ':' || IFNULL(MaxPerMemberMilli, '') || ':' || WholeNumbersOnly, '|') FROM (SELECT * FROM CatalogueItems WHERE CampaignId = @id ORDER BY Code)", new { id });
        Assert.Equal(HttpStatusCode.Redirect, (await officer.UploadCatalogueAsync(id, exported)).StatusCode);
        var after = await app.ScalarAsync<string>(
            "SELECT GROUP_CONCAT(Code || ':' || UnitPriceCents || ':' || PricePeriod || ':' || VatRateBasisPoints || ':' || IFNULL(MaxPerMemberMilli, '') || ':' || WholeNumbersOnly, '|') FROM (SELECT * FROM CatalogueItems WHERE CampaignId = @id ORDER BY Code)", new { id });
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Copy_FromEarlierCampaignOfTheGroupement_CopiesLotsAndItems()
    {
        var officer = await app.LoginAsync(Officer);
        var telecom = await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = 'Télécommunications 2027-2030'");
        var id = await app.DraftCampaignAsync("Télécommunications", "Télécommunications 2031-2034", DateTime.UtcNow.AddDays(30), DateTime.UtcNow.AddDays(60));

        var response = await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Copy/{id}", new Dictionary<string, string>
        {
            ["sourceCampaignId"] = telecom.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(3, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @id", new { id }));
        Assert.Equal(
            "FIBRE-SITE,FIXE-LIGNE,FIXE-TRONC,MOB-TERM,MOB-VOIX,SIM-DATA",
            await app.ScalarAsync<string>("SELECT GROUP_CONCAT(Code, ',') FROM (SELECT Code FROM CatalogueItems WHERE CampaignId = @id ORDER BY Code)", new { id }));
        // Each copied item sits in the new campaign's lot with the same number.
        Assert.Equal(3, await app.ScalarAsync<int>(
            "SELECT l.LotNumber FROM CatalogueItems i JOIN CampaignLots l ON l.Id = i.LotId WHERE i.CampaignId = @id AND i.Code = 'FIXE-TRONC' AND l.CampaignId = @id", new { id }));
        Assert.Equal(telecom, await app.ScalarAsync<long>("SELECT CopiedFromCampaignId FROM NeedsCampaigns WHERE Id = @id", new { id }));
        Assert.Equal(6, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CatalogueItems WHERE CampaignId = @telecom", new { telecom }));
    }

    [Fact]
    public async Task Catalogue_FrozenOnceOpen_AddingALotIsRefused()
    {
        var officer = await app.LoginAsync(Officer);
        var ent = await app.ScalarAsync<long>("SELECT Id FROM NeedsCampaigns WHERE Title = 'ENT collèges et écoles 2027-2029'");
        var response = await officer.PostFormAsync($"/Campaigns/Lot/{ent}", $"/Campaigns/Lot/{ent}", new Dictionary<string, string>
        {
            ["Form.LotNumber"] = "9",
            ["Form.Title"] = "Lot ajouté trop tard",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Le catalogue est figé", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CampaignLots WHERE CampaignId = @ent AND LotNumber = 9", new { ent }));
    }

    [Fact]
    public async Task Buyer_Campaigns_Answers403()
    {
        var buyer = await app.LoginAsync("acheteur.vimeu@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/Campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/Campaigns/Create")).StatusCode);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Answers400()
    {
        var officer = await app.LoginAsync(Officer);
        var before = await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsCampaigns");
        var response = await officer.PostAsync("/Campaigns/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Title"] = "Sans jeton",
            ["OpensAt"] = "2027-03-01T08:00",
            ["ClosesAt"] = "2027-03-10T18:00",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsCampaigns"));
    }
}
