using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Opening and closing by the recurring job, extensions, and item corrections after opening.</summary>
public sealed class CampaignJobTests(TestApp app) : IClassFixture<TestApp>
{
    private Task<int> StatusAsync(long id) => app.ScalarAsync<int>("SELECT Status FROM NeedsCampaigns WHERE Id = @id", new { id });

    [Fact]
    public async Task Job_OpensADueDraftOnce_OneFormPerParticipant_LateMemberNone_EmailsQueued()
    {
        var groupId = await app.GroupIdAsync("Matériel informatique");
        // Who takes part is decided at the launch (DraftCampaignAsync plans it on 1 June 2027): a member joining after
        // the launch day does not take part; one whose adhesion starts after the opening but by the launch does.
        var late = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name NOT IN ('CA Amiens Métropole', 'CC du Vimeu') ORDER BY Id LIMIT 1");
        var between = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name NOT IN ('CA Amiens Métropole', 'CC du Vimeu') ORDER BY Id LIMIT 1 OFFSET 1");
        await app.ExecuteAsync(
            "UPDATE Adhesions SET JoinedOn = @joined WHERE PurchasingGroupId = @groupId AND MemberId = @late",
            new { groupId, late, joined = new DateOnly(2027, 6, 2) });
        await app.ExecuteAsync(
            "UPDATE Adhesions SET JoinedOn = @joined WHERE PurchasingGroupId = @groupId AND MemberId = @between",
            new { groupId, between, joined = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)) });

        var officer = await app.LoginAsync(Officer);
        const string title = "Ordinateurs portables 2028";
        var id = await app.DraftCampaignAsync("Matériel informatique", title, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(20));
        var participants = await app.ScalarAsync<int>("SELECT COUNT(*) FROM Adhesions WHERE PurchasingGroupId = @groupId AND JoinedOn <= '2027-06-01'", new { groupId });
        Assert.Equal(15, participants);

        await app.RunJobAsync();
        await app.RunJobAsync();

        Assert.Equal((int)CampaignStatus.Open, await StatusAsync(id));
        Assert.Equal(15, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @id AND Status = 0", new { id }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @id AND MemberId = @late", new { id, late }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @id AND MemberId = @between", new { id, between }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsCampaign' AND EntityId = @id AND Action = 'Opened'", new { id }));

        // The two demo buyers act for members taking part: one e-mail each, not two.
        var subject = $"%{title}%";
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject LIKE @subject", new { subject }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject LIKE @subject AND ToAddress = 'acheteur.vimeu@demo.local'", new { subject }));
        var body = await app.ScalarAsync<string>("SELECT TextBody FROM OutboxMessages WHERE Subject LIKE @subject AND ToAddress = 'acheteur.vimeu@demo.local'", new { subject });
        Assert.Contains($"/NeedsForms/Campaign/{id}", body, StringComparison.Ordinal);
        Assert.Contains("CC du Vimeu", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_Closing_WaitsForAMembersLaterDeadline()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("ENT – Espace numérique de travail", "ENT lycées 2028", DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(20));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Open/{id}", new Dictionary<string, string>())).StatusCode);
        Assert.Equal((int)CampaignStatus.Open, await StatusAsync(id));

        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CC du Vimeu'");
        var response = await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Extend/{id}", new Dictionary<string, string>
        {
            ["Extension.MemberId"] = vimeu.ToString(CultureInfo.InvariantCulture),
            ["Extension.ClosesAt"] = ParisInput(DateTime.UtcNow.AddDays(30)),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'NeedsCampaign' AND EntityId = @id AND Action = 'MemberDeadlineExtended'", new { id }));

        // The campaign's own closing passes: Vimeu still has until its own deadline, so the campaign stays open.
        await app.ExecuteAsync("UPDATE NeedsCampaigns SET ClosesAtUtc = @past WHERE Id = @id", new { id, past = DateTime.UtcNow.AddMinutes(-5) });
        await app.RunJobAsync();
        Assert.Equal((int)CampaignStatus.Open, await StatusAsync(id));

        // Vimeu's deadline passes too: the job closes it.
        await app.ExecuteAsync("UPDATE CampaignMemberDeadlines SET ClosesAtUtc = @past WHERE CampaignId = @id", new { id, past = DateTime.UtcNow.AddMinutes(-1) });
        await app.RunJobAsync();
        Assert.Equal((int)CampaignStatus.Closed, await StatusAsync(id));
    }

    [Fact]
    public async Task ExtendForAll_ReopensAClosedCampaign_AndRefusesAnEarlierDate()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Télécommunications", "Téléphonie fixe complémentaire", DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(5));
        await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Open/{id}", new Dictionary<string, string>());
        await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Close/{id}", new Dictionary<string, string>());
        Assert.Equal((int)CampaignStatus.Closed, await StatusAsync(id));

        var refused = await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Extend/{id}", new Dictionary<string, string>
        {
            ["Extension.MemberId"] = string.Empty,
            ["Extension.ClosesAt"] = ParisInput(DateTime.UtcNow.AddDays(2)),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await refused.Content.ReadAsStringAsync());
        Assert.Contains("postérieure à la clôture actuelle", doc.QuerySelector("[data-valmsg-for='Extension.ClosesAt']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((int)CampaignStatus.Closed, await StatusAsync(id));

        var ok = await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Extend/{id}", new Dictionary<string, string>
        {
            ["Extension.MemberId"] = string.Empty,
            ["Extension.ClosesAt"] = ParisInput(DateTime.UtcNow.AddDays(12)),
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal((int)CampaignStatus.Open, await StatusAsync(id));
    }

    [Fact]
    public async Task ItemCorrection_AfterOpening_IsAudited_AndEmailsOnlyBuyersOfMembersWithThatItem()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Télécommunications", "Standard téléphonique 2028", DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(20));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Lot/{id}", $"/Campaigns/Lot/{id}", new Dictionary<string, string>
        {
            ["Form.LotNumber"] = "1",
            ["Form.Title"] = "Standards",
        })).StatusCode);
        var lotId = await app.ScalarAsync<long>("SELECT Id FROM CampaignLots WHERE CampaignId = @id", new { id });
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Item/{id}", $"/Campaigns/Item/{id}", new Dictionary<string, string>
        {
            ["Form.LotId"] = lotId.ToString(CultureInfo.InvariantCulture),
            ["Form.Code"] = "STD-IP",
            ["Form.Label"] = "Standard IP 50 postes",
            ["Form.Unit"] = "standard",
            ["Form.WholeNumbersOnly"] = "true",
            ["Form.UnitPrice"] = "1 200,00",
            ["Form.PricePeriod"] = "OneOff",
            ["Form.VatRate"] = "20",
        })).StatusCode);
        await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Open/{id}", new Dictionary<string, string>());
        var itemId = await app.ScalarAsync<long>("SELECT Id FROM CatalogueItems WHERE CampaignId = @id", new { id });

        // Only Vimeu has entered the item.
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CC du Vimeu'");
        var formId = await app.ScalarAsync<long>("SELECT Id FROM NeedsForms WHERE CampaignId = @id AND MemberId = @vimeu", new { id, vimeu });
        await using (var c = await app.ConnectionFactory.OpenAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            // Vimeu's buyer saves 2 of it: the form's lines replaced through the app's store, version 1 → 2.
            Assert.Equal(2, await app.Services.GetRequiredService<INeedLinesStore>().ReplaceLinesAsync(
                c, tx, formId, 1, submittedEditable: false, [new NeedLine { CatalogueItemId = itemId, QuantityMilli = 2000 }], null, DateTime.UtcNow));
            await tx.CommitAsync();
        }

        var page = $"/Campaigns/Item/{id}?itemId={itemId}";
        var form = await officer.GetDocumentAsync(page);
        var version = form.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        var response = await officer.PostFormAsync(page, $"/Campaigns/Item/{id}", new Dictionary<string, string>
        {
            ["Form.Id"] = itemId.ToString(CultureInfo.InvariantCulture),
            ["Form.Version"] = version,
            ["Form.LotId"] = lotId.ToString(CultureInfo.InvariantCulture),
            ["Form.Code"] = "STD-IP",
            ["Form.Label"] = "Standard IP 50 postes",
            ["Form.Unit"] = "standard",
            ["Form.WholeNumbersOnly"] = "true",
            ["Form.UnitPrice"] = "1 350,00",
            ["Form.PricePeriod"] = "OneOff",
            ["Form.VatRate"] = "20",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(135000, await app.ScalarAsync<long>("SELECT UnitPriceCents FROM CatalogueItems WHERE Id = @itemId", new { itemId }));
        var audit = await app.ScalarAsync<string>("SELECT BeforeJson || ' => ' || AfterJson FROM AuditLog WHERE EntityType = 'CatalogueItem' AND EntityId = @itemId AND Action = 'Corrected'", new { itemId });
        Assert.Contains("\"UnitPriceCents\":120000", audit, StringComparison.Ordinal);
        Assert.Contains("\"UnitPriceCents\":135000", audit, StringComparison.Ordinal);

        var subject = "%STD-IP%";
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject LIKE @subject", new { subject }));
        Assert.Equal("acheteur.vimeu@demo.local", await app.ScalarAsync<string>("SELECT ToAddress FROM OutboxMessages WHERE Subject LIKE @subject", new { subject }));
        var body = await app.ScalarAsync<string>("SELECT TextBody FROM OutboxMessages WHERE Subject LIKE @subject", new { subject });
        Assert.Contains("1 200,00", body.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.Contains("1 350,00", body.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);

        // After opening, deleting the item is refused: the catalogue is frozen.
        await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/DeleteItem/{id}", new Dictionary<string, string> { ["itemId"] = itemId.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM CatalogueItems WHERE Id = @itemId", new { itemId }));
    }
}
