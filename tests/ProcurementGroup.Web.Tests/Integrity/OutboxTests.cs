using System.Globalization;
using System.Net;
using System.Security.Claims;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Testing;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Features.Campaigns;
using ProcurementGroup.Web.Features.NeedsForms;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsForms;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>
/// E-mails survive a crash (issue 6, defect 7): each is written to the outbox in the transaction of the change that
/// causes it, and the recurring sender delivers every committed row exactly once.
/// </summary>
public sealed class OutboxTests(IntegrityTestApp app) : IClassFixture<IntegrityTestApp>
{
    private const string VimeuBuyer = "acheteur.vimeu@demo.local";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private static ClaimsPrincipal OfficerPrincipal() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "0"), new Claim(ClaimTypes.Role, Roles.ProcurementOfficer), new Claim(ClaimTypes.Email, "marches@demo.local")],
        "test"));

    /// <summary>A campaign with Vimeu's form submitted by its buyer (through the page), ready to be returned.</summary>
    private async Task<(ScenarioResult Campaign, long FormId, string Title)> SubmittedFormAsync()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app, members: [NeedsFormScenarios.Vimeu]);
        var formId = campaign.FormId(NeedsFormScenarios.Vimeu);
        var buyer = await app.LoginAsync(VimeuBuyer);
        var page = $"/NeedsForms/Edit/{formId}";
        var submitted = await buyer.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["Input.Version"] = "1",
            ["command"] = "submit",
            ["Input.Lines[0].ItemId"] = campaign.ItemId("MOB-VOIX").ToString(CultureInfo.InvariantCulture),
            ["Input.Lines[0].Quantity"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var title = await ScalarAsync<string>("SELECT Title FROM NeedsCampaigns WHERE Id = @Id", new { Id = campaign.CampaignId });
        return (campaign, formId, title);
    }

    private Task<long> OutboxRowsAsync(string to, string subjectPart) =>
        ScalarAsync<long>("SELECT COUNT(*) FROM OutboxMessages WHERE ToAddress = @to AND instr(TextBody || Subject, @subjectPart) > 0", new { to, subjectPart });

    private async Task<FormResult> ReturnAsync(long formId)
    {
        using var scope = app.Services.CreateScope();
        var context = (await scope.ServiceProvider.GetRequiredService<NeedsFormQueries>().LoadAsync(formId))!;
        return await scope.ServiceProvider.GetRequiredService<NeedsFormWorkflow>().ReturnAsync(OfficerPrincipal(), context, context.Form.Version, "Quantités à revoir");
    }

    [Fact]
    public async Task Return_WhenTheOutboxWriteFails_TheFormStaysSubmitted()
    {
        var (_, formId, title) = await SubmittedFormAsync();

        app.Faults.OutboxWriteFails = true;
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => ReturnAsync(formId));
        }
        finally
        {
            app.Faults.OutboxWriteFails = false;
        }

        // Without its e-mail the return did not happen: the buyers are never left untold.
        Assert.Equal((int)NeedsFormStatus.Submitted, await ScalarAsync<int>("SELECT Status FROM NeedsForms WHERE Id = @formId", new { formId }));
        Assert.Equal(0, await OutboxRowsAsync(VimeuBuyer, title));
    }

    [Fact]
    public async Task Return_WhenTheChangeFailsAfterTheOutboxInsert_NoOutboxRowRemains()
    {
        var (_, formId, title) = await SubmittedFormAsync();

        app.Faults.AuditFailsOn = "Returned";
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => ReturnAsync(formId));
        }
        finally
        {
            app.Faults.AuditFailsOn = null;
        }

        Assert.Equal((int)NeedsFormStatus.Submitted, await ScalarAsync<int>("SELECT Status FROM NeedsForms WHERE Id = @formId", new { formId }));
        Assert.Equal(0, await OutboxRowsAsync(VimeuBuyer, title));
    }

    [Fact]
    public async Task Return_Committed_OneOutboxRowForTheBuyer_DeliveredOnce()
    {
        var (_, formId, title) = await SubmittedFormAsync();

        var result = await ReturnAsync(formId);

        Assert.Equal(FormOutcome.Done, result.Outcome);
        Assert.Equal((int)NeedsFormStatus.Returned, await ScalarAsync<int>("SELECT Status FROM NeedsForms WHERE Id = @formId", new { formId }));
        Assert.Equal(1, await OutboxRowsAsync(VimeuBuyer, title));

        // Sent right after the commit; the recurring sender run afterwards finds nothing left to send.
        var mail = await app.Listener.WaitForAsync(m => m.TextBody?.Contains(title, StringComparison.Ordinal) == true, Patience);
        Assert.NotNull(mail);
        Assert.Contains("Quantités à revoir", mail.TextBody, StringComparison.Ordinal);
        await WaitUntilSentAsync(title);
        await RunSenderAsync();
        await Task.Delay(500);
        Assert.Single(app.Listener.Received, m => m.TextBody?.Contains(title, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CampaignOpening_WhenTheOutboxWriteFails_TheCampaignStaysADraftWithoutForms()
    {
        var campaign = await NeedsFormScenarios.CreateAsync(app, CampaignStatus.Draft, members: []);

        app.Faults.OutboxWriteFails = true;
        try
        {
            using var scope = app.Services.CreateScope();
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                scope.ServiceProvider.GetRequiredService<CampaignScheduler>().OpenAsync(campaign.CampaignId, openNow: true, CancellationToken.None));
        }
        finally
        {
            app.Faults.OutboxWriteFails = false;
        }

        Assert.Equal((int)CampaignStatus.Draft, await ScalarAsync<int>("SELECT Status FROM NeedsCampaigns WHERE Id = @Id", new { Id = campaign.CampaignId }));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM NeedsForms WHERE CampaignId = @Id", new { Id = campaign.CampaignId }));

        // Once the outbox works again, the opening and its e-mails go through together.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CampaignScheduler>().OpenAsync(campaign.CampaignId, openNow: true, CancellationToken.None);
        }

        var title = await ScalarAsync<string>("SELECT Title FROM NeedsCampaigns WHERE Id = @Id", new { Id = campaign.CampaignId });
        Assert.Equal((int)CampaignStatus.Open, await ScalarAsync<int>("SELECT Status FROM NeedsCampaigns WHERE Id = @Id", new { Id = campaign.CampaignId }));
        Assert.Equal(1, await OutboxRowsAsync(VimeuBuyer, title));
    }

    [Fact]
    public async Task SenderJob_RunTwiceInParallel_SendsEachPendingRowOnce()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var subjects = Enumerable.Range(1, 6).Select(i => $"Lot d'envoi {batch} n° {i}").ToList();

        // Written in one transaction, as a change would, and not sent by anyone yet (no SendSoon).
        await using (var connection = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            using var scope = app.Services.CreateScope();
            var mailer = scope.ServiceProvider.GetRequiredService<IMailer>();
            foreach (var subject in subjects)
            {
                await mailer.QueueAsync(connection, tx, new EmailMessage("finances@demo.local", subject, "Corps du message " + subject));
            }

            await tx.CommitAsync();
        }

        await Task.WhenAll(RunSenderAsync(), RunSenderAsync());

        foreach (var subject in subjects)
        {
            Assert.NotNull(await app.Listener.WaitForAsync(m => m.Subject == subject, Patience));
        }

        await Task.Delay(500);
        foreach (var subject in subjects)
        {
            Assert.Single(app.Listener.Received, m => m.Subject == subject);
        }

        // One attempt each: of the two runs, only the claimer of a row tried to send it.
        Assert.Equal((long)subjects.Count, await ScalarAsync<long>(
            "SELECT COUNT(*) FROM OutboxMessages WHERE instr(Subject, @batch) > 0 AND Status = 1 AND Attempts = 1 AND ClaimedAtUtc IS NULL", new { batch }));
    }

    [Fact]
    public async Task Claim_IsTakenOnce_AndACrashedSendersClaimIsTakenAgainAfterTheTimeout()
    {
        var outbox = app.Services.GetRequiredService<IOutboxRepository>();
        var id = await outbox.InsertAsync(new OutboxMessage
        {
            CreatedAtUtc = DateTime.UtcNow,
            ToAddress = "admin@demo.local",
            Subject = "Réservation " + Guid.NewGuid().ToString("N")[..8],
            TextBody = "Texte",
        });
        var claimedAt = DateTime.UtcNow;

        Assert.True(await outbox.ClaimAsync(id, claimedAt, claimedAt.AddMinutes(-10)));
        Assert.False(await outbox.ClaimAsync(id, claimedAt.AddSeconds(1), claimedAt.AddSeconds(1).AddMinutes(-10)));
        Assert.DoesNotContain(id, await outbox.DueAsync(claimedAt.AddMinutes(-10), 5, 1000));

        // Eleven minutes later the sender that claimed it is taken for dead (timeout 10 minutes).
        var later = claimedAt.AddMinutes(11);
        Assert.Contains(id, await outbox.DueAsync(later.AddMinutes(-10), 5, 1000));
        Assert.True(await outbox.ClaimAsync(id, later, later.AddMinutes(-10)));

        await outbox.MarkSentAsync(id, later);
        Assert.False(await outbox.ClaimAsync(id, later.AddHours(1), later.AddHours(1)));
    }

    [Fact]
    public async Task Retention_RemovesBodiesOlderThanTheConfiguredDays_KeepsRecipientSubjectAndDate()
    {
        var outbox = app.Services.GetRequiredService<IOutboxRepository>();
        var now = DateTime.UtcNow;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var old = await outbox.InsertAsync(new OutboxMessage { CreatedAtUtc = now.AddDays(-91), ToAddress = "admin@demo.local", Subject = "Ancien " + tag, TextBody = "Lien secret " + tag, HtmlBody = "<p>" + tag + "</p>" });
        var recent = await outbox.InsertAsync(new OutboxMessage { CreatedAtUtc = now.AddDays(-89), ToAddress = "admin@demo.local", Subject = "Récent " + tag, TextBody = "Texte récent " + tag });

        using (var scope = app.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OutboxRetentionJob>().RunAsync(CancellationToken.None) >= 1);
        }

        var purged = (await outbox.GetAsync(old))!;
        Assert.Equal(string.Empty, purged.TextBody);
        Assert.Null(purged.HtmlBody);
        Assert.NotNull(purged.BodyPurgedAtUtc);
        Assert.Equal("Ancien " + tag, purged.Subject);
        Assert.Equal("admin@demo.local", purged.ToAddress);
        Assert.Equal(now.AddDays(-91), purged.CreatedAtUtc, TimeSpan.FromSeconds(1));

        var kept = (await outbox.GetAsync(recent))!;
        Assert.Equal("Texte récent " + tag, kept.TextBody);
        Assert.Null(kept.BodyPurgedAtUtc);

        // A purged row is never sent (its body is gone).
        Assert.DoesNotContain(old, await outbox.DueAsync(now, 5, 100_000));
    }

    private async Task<int> RunSenderAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSenderJob>().RunAsync(CancellationToken.None);
    }

    private async Task WaitUntilSentAsync(string bodyPart)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline
            && await ScalarAsync<long>("SELECT COUNT(*) FROM OutboxMessages WHERE instr(TextBody, @bodyPart) > 0 AND Status <> 1", new { bodyPart }) > 0)
        {
            await Task.Delay(100);
        }
    }
}
