using System.Data.Common;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Testing;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Tests.Infrastructure;
using static ProcurementGroup.Web.Tests.NeedsForms.NeedsFormScenarios;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>
/// The app with a connection factory that counts the connections each request path opens (background jobs, which have
/// no request, are not counted).
/// </summary>
public sealed class ConnectionCountingApp : TestApp
{
    private readonly Dictionary<string, int> _opened = new(StringComparer.Ordinal);

    public int OpenedFor(string path)
    {
        lock (_opened)
        {
            return _opened.GetValueOrDefault(path);
        }
    }

    public void Reset()
    {
        lock (_opened)
        {
            _opened.Clear();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IDbConnectionFactory>();
            services.AddSingleton<IDbConnectionFactory>(sp => new Counting(sp.GetRequiredService<DbConnectionFactory>(), sp.GetRequiredService<IHttpContextAccessor>(), this));
        });
    }

    private sealed class Counting(IDbConnectionFactory inner, IHttpContextAccessor accessor, ConnectionCountingApp app) : IDbConnectionFactory
    {
        public ISqlDialect Dialect => inner.Dialect;

        public DatabaseProvider Provider => inner.Provider;

        public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
        {
            if (accessor.HttpContext?.Request.Path.Value is { } path)
            {
                lock (app._opened)
                {
                    app._opened[path] = app._opened.GetValueOrDefault(path) + 1;
                }
            }

            return inner.OpenAsync(cancellationToken);
        }
    }
}

/// <summary>
/// The needs-form page reads its data in one batch (NeedsFormRepository.PageAsync): fewer round trips, the same page.
/// </summary>
public sealed class NeedsFormPageReadTests(ConnectionCountingApp app) : IClassFixture<ConnectionCountingApp>
{
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";

    [Fact]
    public async Task FormPage_OpensTwoConnections_TheMemberCheckAndTheFormBatch()
    {
        var campaign = await CreateAsync(app, members: [Vimeu]);
        var page = $"/NeedsForms/Edit/{campaign.FormId(Vimeu)}";
        var client = await app.LoginAsync(VimeuBuyer);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);

        app.Reset();
        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Before the batch: the form twice, the campaign, the lines, the member's name, lots, items, sites, the
        // member's deadline and the previous campaign, each on its own connection, plus the member check (11).
        Assert.Equal(2, app.OpenedFor(page));
    }

    [Fact]
    public async Task FormPage_ShowsEveryPartOfTheBatch_DeadlineExtensionSitesAndPreviousCampaign()
    {
        var group = "Matériel informatique";
        var older = await CreateAsync(app, status: CampaignStatus.Closed, opensAtUtc: DateTime.UtcNow.AddDays(-800), members: [Vimeu], group: group);
        var previous = await app.TelecomCampaign(members: [Vimeu], opensAtUtc: DateTime.UtcNow.AddDays(-400), group: group)
            .Form(Vimeu, f => f.Line("MOB-VOIX", 7))
            .Closed()
            .BuildAsync();
        var campaign = await app.TelecomCampaign(members: [Vimeu], group: group).Site(Vimeu, "Collège de Friville").Opened().BuildAsync();
        var memberId = campaign.MemberId(Vimeu);
        var extended = new DateTime(2031, 3, 14, 16, 30, 0, DateTimeKind.Utc);
        await using (var c = await app.ConnectionFactory.OpenAsync())
        {
            await app.Services.GetRequiredService<ICampaignRepository>().UpsertMemberDeadlineAsync(c, null, campaign.CampaignId, memberId, extended);
        }

        var client = await app.LoginAsync(VimeuBuyer);
        var doc = await client.GetDocumentAsync($"/NeedsForms/Edit/{campaign.FormId(Vimeu)}");

        Assert.Equal("État des besoins – " + Vimeu, doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(Fr.Instant(extended) + " (heure de Paris)", doc.QuerySelector("[data-testid=deadline]")!.TextContent.Trim());
        Assert.Equal(DefaultItemCount, doc.QuerySelectorAll("tr[data-item]").Length);
        Assert.Contains(doc.QuerySelectorAll("option"), o => o.TextContent.Trim() == "Collège de Friville");
        var offer = doc.QuerySelector("button[name=command][value=previous]");
        Assert.NotNull(offer);
        Assert.Contains(await TitleAsync(previous.CampaignId), offer.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(await TitleAsync(older.CampaignId), offer.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_OffersNoCopy_WhenTheLatestPreviousFormIsEmpty()
    {
        // An older telecom campaign whose form has lines, then a later one (after the demo's telecom campaign) left empty.
        await app.TelecomCampaign(members: [Vimeu], opensAtUtc: DateTime.UtcNow.AddDays(-900))
            .Form(Vimeu, f => f.Line("MOB-VOIX", 7))
            .Closed()
            .BuildAsync();
        await CreateAsync(app, status: CampaignStatus.Closed, opensAtUtc: DateTime.UtcNow.AddDays(-20), members: [Vimeu]);
        var campaign = await CreateAsync(app, members: [Vimeu]);

        var client = await app.LoginAsync(VimeuBuyer);
        var doc = await client.GetDocumentAsync($"/NeedsForms/Edit/{campaign.FormId(Vimeu)}");

        Assert.Equal(DefaultItemCount, doc.QuerySelectorAll("tr[data-item]").Length);
        Assert.NotNull(doc.QuerySelector("button[name=command][value=save]"));
        Assert.Null(doc.QuerySelector("button[name=command][value=previous]"));
    }

    [Fact]
    public async Task FormPage_OfAnotherMember_AnswersNotFound_AndAMissingFormToo()
    {
        var campaign = await CreateAsync(app, members: [Amiens]);
        var client = await app.LoginAsync(VimeuBuyer);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/NeedsForms/Edit/{campaign.FormId(Amiens)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/NeedsForms/Edit/987654")).StatusCode);
    }

    private async Task<string> TitleAsync(long campaignId)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.ExecuteScalarAsync<string>("SELECT Title FROM NeedsCampaigns WHERE Id = @campaignId", new { campaignId }) ?? string.Empty;
    }
}
