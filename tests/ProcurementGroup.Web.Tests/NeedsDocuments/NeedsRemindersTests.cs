using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Web.Tests.Platform;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

/// <summary>The reminders job, run by hand at chosen instants, sending through a real SMTP server on loopback.</summary>
public sealed class NeedsRemindersTests(SmtpTestApp app) : IClassFixture<SmtpTestApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reminders_SevenAndTwoDaysBefore_OnlyUnsubmittedMembersBuyers_Once_ThenClosingNoticeToOfficers()
    {
        // A campaign closing far from the demo campaigns' dates, with Amiens (draft) and Vimeu (submitted).
        var closes = new DateTime(2031, 3, 14, 17, 0, 0, DateTimeKind.Utc);
        var campaign = await app.EntCampaign(closes.AddDays(-30), closes, [NeedsDocumentsScenarios.Amiens, NeedsDocumentsScenarios.Vimeu])
            .Opened()
            .Form(NeedsDocumentsScenarios.Vimeu, f => f.Submitted(closes.AddDays(-12)))
            .BuildAsync();
        bool Ours(MimeMessage m) => m.Subject?.Contains(campaign.CampaignTitle, StringComparison.Ordinal) == true;

        // Eight days before: nothing due yet.
        Assert.Equal(0, await RunAsync(closes.AddDays(-8)));

        // J-7: Amiens's buyer only.
        Assert.Equal(1, await RunAsync(closes.AddDays(-7).AddHours(1)));
        var j7 = await app.Listener.WaitForAsync(m => Ours(m) && m.Subject?.StartsWith("Rappel", StringComparison.Ordinal) == true, Patience);
        Assert.True(j7 is not null, "No J-7 reminder received");
        Assert.Equal("acheteur.amiens@demo.local", Assert.Single(j7.To.Mailboxes).Address);
        Assert.Contains(NeedsDocumentsScenarios.Amiens, j7.TextBody, StringComparison.Ordinal);
        Assert.Contains("14/03/2031 18:00", j7.TextBody, StringComparison.Ordinal);

        // The same hour again, and the next hour: nothing new.
        Assert.Equal(0, await RunAsync(closes.AddDays(-7).AddHours(1)));
        Assert.Equal(0, await RunAsync(closes.AddDays(-7).AddHours(2)));

        // J-2: the last reminder, once.
        Assert.Equal(1, await RunAsync(closes.AddDays(-2).AddHours(1)));
        Assert.Equal(0, await RunAsync(closes.AddDays(-2).AddHours(3)));
        var j2 = await app.Listener.WaitForAsync(m => Ours(m) && m.Subject?.StartsWith("Dernier rappel", StringComparison.Ordinal) == true, Patience);
        Assert.True(j2 is not null, "No J-2 reminder received");
        Assert.Equal("acheteur.amiens@demo.local", Assert.Single(j2.To.Mailboxes).Address);

        // Closing: the officers get the counts, once.
        Assert.Equal(1, await RunAsync(closes.AddHours(1)));
        Assert.Equal(0, await RunAsync(closes.AddHours(2)));
        var closing = await app.Listener.WaitForAsync(m => Ours(m) && m.Subject?.StartsWith("Campagne", StringComparison.Ordinal) == true, Patience);
        Assert.True(closing is not null, "No closing notice received");
        Assert.Equal("marches@demo.local", Assert.Single(closing.To.Mailboxes).Address);
        Assert.Contains("1 transmis, 0 validés, 1 manquants", closing.Subject, StringComparison.Ordinal);
        Assert.Contains("  - " + NeedsDocumentsScenarios.Amiens, closing.TextBody, StringComparison.Ordinal);

        // Exactly three messages for this campaign reached the server: none for Vimeu's buyer.
        await Task.Delay(1500);
        var ours = app.Listener.Received.Where(Ours).ToList();
        Assert.Equal(3, ours.Count);
        Assert.DoesNotContain(ours, m => m.To.Mailboxes.Any(a => a.Address == "acheteur.vimeu@demo.local"));
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT COUNT(*) FROM NeedsReminders WHERE CampaignId = @Id", new { Id = campaign.CampaignId }));
    }

    private async Task<int> RunAsync(DateTime nowUtc)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NeedsRemindersJob>().RunAsync(nowUtc, CancellationToken.None);
    }
}
