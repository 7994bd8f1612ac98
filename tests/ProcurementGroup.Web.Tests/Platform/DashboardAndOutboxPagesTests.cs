using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

/// <summary>These tests log in through /Account/Login (built by the accounts feature).</summary>
public sealed class DashboardAndOutboxPagesTests(FastJobsTestApp app) : IClassFixture<FastJobsTestApp>
{
    [Fact]
    public async Task HangfireDashboard_Administrator_Answers200()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangfireDashboard_ProcurementOfficer_IsRefused()
    {
        var client = await app.LoginAsync("marches@demo.local");
        var response = await client.GetAsync("/hangfire");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }

    [Fact]
    public async Task HangfireDashboard_Anonymous_IsSentToLogin()
    {
        var response = await app.NewClient().GetAsync("/hangfire");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboxPages_Administrator_ReadsAndResendsAMessage()
    {
        var subject = "Boîte d'envoi " + Guid.NewGuid().ToString("N")[..8];
        long id;
        using (var scope = app.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<IMailer>().QueueAsync(new EmailMessage("acheteur.vimeu@demo.local", subject, "Corps du message à relire"));
        }

        var client = await app.LoginAsync("admin@demo.local");
        var list = await client.GetDocumentAsync("/Outbox?status=Pending");
        Assert.Contains(list.QuerySelectorAll("table a"), a => a.TextContent == subject);

        var details = await client.GetDocumentAsync($"/Outbox/Details/{id}");
        Assert.Equal("acheteur.vimeu@demo.local", details.QuerySelector("[data-testid=to]")?.TextContent);
        Assert.Equal("Corps du message à relire", details.QuerySelector("[data-testid=body]")?.TextContent);

        var outbox = app.Services.GetRequiredService<IOutboxRepository>();
        await outbox.MarkFailedAsync(id, "SMTP indisponible");
        var resend = await client.PostFormAsync($"/Outbox/Details/{id}", $"/Outbox/Resend/{id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        Assert.Equal(OutboxStatus.Pending, (await outbox.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task OutboxPages_Officer_IsRefused()
    {
        var client = await app.LoginAsync("marches@demo.local");
        var response = await client.GetAsync("/Outbox");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
