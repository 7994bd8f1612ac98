using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Tests.Platform;

public sealed class MailThroughSmtpTests(SmtpTestApp app) : IClassFixture<SmtpTestApp>
{
    [Fact]
    public async Task QueueAsync_WithSmtpConfigured_DeliversToServerAndMarksSent()
    {
        var subject = "Invitation " + Guid.NewGuid().ToString("N")[..8];
        long id;
        using (var scope = app.Services.CreateScope())
        {
            var mailer = scope.ServiceProvider.GetRequiredService<IMailer>();
            id = await mailer.QueueAsync(new EmailMessage(
                "acheteur.amiens@demo.local",
                subject,
                "Bonjour,\nVotre compte est prêt : définissez votre mot de passe.",
                "<p>Bonjour,</p><p>Votre compte est prêt.</p>"));
        }

        var received = await app.Listener.WaitForAsync(m => m.Subject == subject, TimeSpan.FromSeconds(20));

        Assert.True(received is not null, $"Nothing received within 20 s; outbox row: {await DescribeAsync(id)}");
        Assert.Equal("acheteur.amiens@demo.local", Assert.Single(received.To.Mailboxes).Address);
        Assert.Equal("no-reply@somme-numerique.test", Assert.Single(received.From.Mailboxes).Address);
        Assert.Contains("définissez votre mot de passe", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>Votre compte est prêt.</p>", received.HtmlBody, StringComparison.Ordinal);

        var row = await WaitForStatusAsync(id, OutboxStatus.Sent, TimeSpan.FromSeconds(10));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAtUtc);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task SendJob_RunTwice_SendsOnce()
    {
        var subject = "Relance " + Guid.NewGuid().ToString("N")[..8];
        long id;
        using (var scope = app.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<IMailer>().QueueAsync(new EmailMessage("finances@demo.local", subject, "Texte"));
        }

        Assert.True(await app.Listener.WaitForAsync(m => m.Subject == subject, TimeSpan.FromSeconds(20)) is not null, $"Nothing received; outbox row: {await DescribeAsync(id)}");
        await WaitForStatusAsync(id, OutboxStatus.Sent, TimeSpan.FromSeconds(10));

        // Hangfire may run a job twice (a node stopping mid-job): the second run must not send again.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SendEmailJob>().SendAsync(id, CancellationToken.None);
        }

        Assert.Single(app.Listener.Received, m => m.Subject == subject);
    }

    private async Task<string> DescribeAsync(long id)
    {
        var row = await app.Services.GetRequiredService<IOutboxRepository>().GetAsync(id);
        return row is null ? "missing" : $"{row.Status}, {row.Attempts} attempt(s), {row.LastError}";
    }

    private async Task<OutboxMessage> WaitForStatusAsync(long id, OutboxStatus status, TimeSpan timeout)
    {
        var outbox = app.Services.GetRequiredService<IOutboxRepository>();
        var deadline = DateTime.UtcNow + timeout;
        OutboxMessage? row;
        do
        {
            row = await outbox.GetAsync(id);
            if (row?.Status == status)
            {
                return row;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return row ?? throw new InvalidOperationException($"Outbox row {id} not found.");
    }
}

public sealed class MailWithoutSmtpTests(FastJobsTestApp app) : IClassFixture<FastJobsTestApp>
{
    [Fact]
    public async Task QueueAsync_WithoutSmtp_LeavesMessagePendingInOutbox()
    {
        long id;
        using (var scope = app.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<IMailer>().QueueAsync(new EmailMessage("admin@demo.local", "Sans SMTP", "Reste dans la boîte d'envoi"));
        }

        // The job ran (and found no SMTP server to use)...
        Assert.True(await app.WaitForSucceededJobsAsync(1, TimeSpan.FromSeconds(20)), "The send job did not run within 20 s.");

        // ...and left the message where an administrator can read it.
        var row = await app.Services.GetRequiredService<IOutboxRepository>().GetAsync(id);
        Assert.NotNull(row);
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal("Sans SMTP", row.Subject);
        Assert.Equal("admin@demo.local", row.ToAddress);
    }
}
