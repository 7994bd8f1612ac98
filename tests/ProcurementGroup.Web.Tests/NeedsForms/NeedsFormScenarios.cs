using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>
/// The campaigns the needs-form tests share, arranged with <see cref="Scenario"/> in a demo groupement
/// ("Télécommunications" by default): opened, every member taking part gets its draft form, as in the app.
/// </summary>
public static class NeedsFormScenarios
{
    public const string Amiens = "CA Amiens Métropole";
    public const string Vimeu = "CC du Vimeu";

    /// <summary>The number of items of <see cref="DefaultCatalogue"/>.</summary>
    public const int DefaultItemCount = 6;

    /// <summary>Three lots of telecom items: monthly, one-off, fractional, with a maximum per member, annual at 5.5 % VAT.</summary>
    public static void DefaultCatalogue(ScenarioCampaign c) => c
        .Lot(1, "Lot de test 1", l => l.Item("MOB-VOIX", 1200, PricePeriod.Monthly).Item("MOB-TERM", 25000, PricePeriod.OneOff))
        .Lot(2, "Lot de test 2", l => l.Item("SIM-DATA", 950, PricePeriod.Monthly, i => i.Fractions()).Item("FIBRE-SITE", 5500, PricePeriod.Monthly))
        .Lot(3, "Lot de test 3", l => l
            .Item("FIXE-TRONC", 9500, PricePeriod.Monthly, i => i.MaxPerMember(5))
            .Item("LIV-ANNUEL", 420, PricePeriod.Annual, i => i.Fractions().Vat(550)));

    /// <summary>
    /// A campaign of <paramref name="group"/> (its demo members <paramref name="members"/>, Amiens and Vimeu by default, named
    /// in the result) opening <paramref name="opensAtUtc"/> (10 days ago by default) for 40 days, in <paramref name="status"/>.
    /// </summary>
    public static Scenario TelecomCampaign(
        this TestApp app,
        int durationMonths = 48,
        Action<ScenarioCampaign>? catalogue = null,
        string[]? members = null,
        DateTime? opensAtUtc = null,
        string group = "Télécommunications")
    {
        var scenario = app.Arrange().InGroup(group);
        foreach (var member in members ?? [Amiens, Vimeu])
        {
            scenario.Member(member, m => m.Exists());
        }

        var opens = opensAtUtc ?? DateTime.UtcNow.AddDays(-10);
        return scenario.Campaign("Campagne de test " + Guid.NewGuid().ToString("N")[..8], c => (catalogue ?? DefaultCatalogue)(c.Dates(opens, opens.AddDays(40)).Duration(durationMonths)));
    }

    /// <summary>The same, built in <paramref name="status"/> (open by default).</summary>
    public static Task<ScenarioResult> CreateAsync(
        TestApp app,
        CampaignStatus status = CampaignStatus.Open,
        int durationMonths = 48,
        Action<ScenarioCampaign>? catalogue = null,
        string[]? members = null,
        DateTime? opensAtUtc = null,
        string group = "Télécommunications")
    {
        var scenario = app.TelecomCampaign(durationMonths, catalogue, members, opensAtUtc, group);
        return (status switch
        {
            CampaignStatus.Draft => scenario,
            CampaignStatus.Open => scenario.Opened(),
            CampaignStatus.Closed => scenario.Closed(),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Archive it through the campaign page."),
        }).BuildAsync();
    }

    public static async Task<long> MemberIdAsync(TestApp app, string name)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await new MemberRepository(app.ConnectionFactory).ListAllAsync(c, null)).Where(m => string.Equals(m.Name, name, StringComparison.Ordinal)).Min(m => m.Id);
    }

    /// <summary>A site of a demo member, registered through the sites repository.</summary>
    public static async Task<long> AddSiteAsync(TestApp app, string member, string name)
    {
        var memberId = await MemberIdAsync(app, member);
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await new MemberSiteRepository(app.ConnectionFactory).InsertAsync(c, null, new MemberSite { MemberId = memberId, Name = name, CommuneInsee = "80368", CreatedAtUtc = DateTime.UtcNow });
    }
}
