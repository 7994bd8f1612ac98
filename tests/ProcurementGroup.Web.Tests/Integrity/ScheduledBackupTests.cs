using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Platform;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>The app with scheduled backups into a folder of its temporary directory, keeping the last two.</summary>
public sealed class BackupScheduleTestApp : TestApp
{
    public string BackupFolder => Path.Combine(Directory, "sauvegardes");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Backup:Folder"] = BackupFolder,
        ["Backup:Keep"] = "2",
        ["Backup:Cron"] = "30 2 * * *",
    };
}

public sealed class ScheduledBackupTests(BackupScheduleTestApp app) : IClassFixture<BackupScheduleTestApp>
{
    [Fact]
    public void ConfiguredFolder_RegistersTheRecurringBackupWithItsCron()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == ScheduledBackupJob.JobId);
        Assert.Equal("30 2 * * *", job.Cron);
    }

    [Fact]
    public async Task ScheduledBackup_RunFourTimes_WritesReadableCopies_KeepsTheNewestTwo()
    {
        var subject = "Sauvegarde planifiée " + Guid.NewGuid().ToString("N")[..8];
        await app.Services.GetRequiredService<IOutboxRepository>().InsertAsync(new OutboxMessage
        {
            CreatedAtUtc = DateTime.UtcNow,
            ToAddress = "admin@demo.local",
            Subject = subject,
            TextBody = "Ligne à retrouver dans la copie",
        });
        var start = new DateTime(2031, 1, 5, 2, 30, 0, DateTimeKind.Utc);

        var written = new List<string>();
        for (var day = 0; day < 4; day++)
        {
            using var scope = app.Services.CreateScope();
            written.Add((await scope.ServiceProvider.GetRequiredService<ScheduledBackupJob>().RunAsync(start.AddDays(day), CancellationToken.None))!);
        }

        var kept = ScheduledBackupJob.Copies(app.BackupFolder);
        Assert.Equal(["procurement-20310108-023000.db", "procurement-20310107-023000.db"], kept.Select(Path.GetFileName));
        Assert.Equal(written.TakeLast(2).Reverse().Select(Path.GetFullPath), kept.Select(Path.GetFullPath));
        Assert.Equal(2, Directory.GetFiles(app.BackupFolder).Length);

        foreach (var copy in kept)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM OutboxMessages WHERE Subject = @subject", new { subject }));
        }
    }
}
