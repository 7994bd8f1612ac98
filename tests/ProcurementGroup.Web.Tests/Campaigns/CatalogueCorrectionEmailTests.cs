using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.Campaigns.CampaignPages;

namespace ProcurementGroup.Web.Tests.Campaigns;

/// <summary>Issue 7, item 3: the catalogue-correction e-mail says what the quantity of a one-off item covers.</summary>
public sealed class CatalogueCorrectionEmailTests(TestApp app) : IClassFixture<TestApp>
{
    private static CatalogueItem Item(PricePeriod period, QuantityBasis basis) => new()
    {
        Code = "PC",
        Label = "Ordinateur portable",
        Unit = "poste",
        UnitPriceCents = 80_000,
        PricePeriod = period,
        QuantityBasis = basis,
        VatRateBasisPoints = 2_000,
    };

    private static string Spaces(string s) => s.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Theory]
    [InlineData(PricePeriod.OneOff, QuantityBasis.PerYear, "Ordinateur portable – poste – 800,00 € HT (ponctuel, quantité par an) – TVA 20 %")]
    [InlineData(PricePeriod.OneOff, QuantityBasis.WholeDuration, "Ordinateur portable – poste – 800,00 € HT (ponctuel, quantité sur la durée) – TVA 20 %")]
    [InlineData(PricePeriod.Monthly, QuantityBasis.WholeDuration, "Ordinateur portable – poste – 800,00 € HT (mensuel) – TVA 20 %")]
    [InlineData(PricePeriod.Annual, QuantityBasis.WholeDuration, "Ordinateur portable – poste – 800,00 € HT (annuel) – TVA 20 %")]
    public void Describe_SaysTheQuantityBasisOfAOneOffItemOnly(PricePeriod period, QuantityBasis basis, string expected) =>
        Assert.Equal(expected, Spaces(CampaignEmails.Describe(Item(period, basis))));

    [Fact]
    public async Task CorrectingAPerYearItemAfterOpening_EmailSaysTheQuantityIsPerYear()
    {
        var officer = await app.LoginAsync(Officer);
        var id = await app.DraftCampaignAsync("Matériel informatique", "Base corrigée 2028", DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(20));
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Lot/{id}", $"/Campaigns/Lot/{id}", new Dictionary<string, string>
        {
            ["Form.LotNumber"] = "1",
            ["Form.Title"] = "Postes",
        })).StatusCode);
        var lotId = await app.ScalarAsync<long>("SELECT Id FROM CampaignLots WHERE CampaignId = @id", new { id });
        Dictionary<string, string> Fields(string price) => new()
        {
            ["Form.LotId"] = lotId.ToString(CultureInfo.InvariantCulture),
            ["Form.Code"] = "PC-BASE",
            ["Form.Label"] = "Ordinateur portable",
            ["Form.Unit"] = "poste",
            ["Form.WholeNumbersOnly"] = "true",
            ["Form.UnitPrice"] = price,
            ["Form.PricePeriod"] = "OneOff",
            ["Form.QuantityBasis"] = "PerYear",
            ["Form.VatRate"] = "20",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync($"/Campaigns/Item/{id}", $"/Campaigns/Item/{id}", Fields("800"))).StatusCode);
        await officer.PostFormAsync($"/Campaigns/Details/{id}", $"/Campaigns/Open/{id}", new Dictionary<string, string>());
        var itemId = await app.ScalarAsync<long>("SELECT Id FROM CatalogueItems WHERE CampaignId = @id", new { id });
        var vimeu = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CC du Vimeu'");
        var formId = await app.ScalarAsync<long>("SELECT Id FROM NeedsForms WHERE CampaignId = @id AND MemberId = @vimeu", new { id, vimeu });
        await app.ExecuteAsync(
            "INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli) VALUES (@formId, @id, @vimeu, @itemId, NULL, 0, 30000)",
            new { formId, id, vimeu, itemId });

        var page = $"/Campaigns/Item/{id}?itemId={itemId}";
        var version = (await officer.GetDocumentAsync(page)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        // The basis itself cannot change after opening; the price can, and the buyer is told what the quantity covers.
        var fields = Fields("750");
        fields["Form.Id"] = itemId.ToString(CultureInfo.InvariantCulture);
        fields["Form.Version"] = version;
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync(page, $"/Campaigns/Item/{id}", fields)).StatusCode);

        var subject = "%PC-BASE%";
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject LIKE @subject", new { subject }));
        var body = Spaces(await app.ScalarAsync<string>("SELECT TextBody FROM OutboxMessages WHERE Subject LIKE @subject", new { subject }));
        Assert.Contains("Avant : Ordinateur portable – poste – 800,00 € HT (ponctuel, quantité par an) – TVA 20 %", body, StringComparison.Ordinal);
        Assert.Contains("Après : Ordinateur portable – poste – 750,00 € HT (ponctuel, quantité par an) – TVA 20 %", body, StringComparison.Ordinal);
    }
}
