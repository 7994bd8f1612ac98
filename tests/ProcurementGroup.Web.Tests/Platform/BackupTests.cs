using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Platform;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

public sealed class BackupTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Backup_WhileAppRuns_CopiesTheRows()
    {
        var subject = "Sauvegarde " + Guid.NewGuid().ToString("N")[..8];
        var id = await app.Services.GetRequiredService<IOutboxRepository>().InsertAsync(new OutboxMessage
        {
            CreatedAtUtc = DateTime.UtcNow,
            ToAddress = "admin@demo.local",
            Subject = subject,
            TextBody = "Ligne à retrouver dans la copie",
        });

        var copy = Path.Combine(app.Directory, "backups", "copie.db");
        await app.Services.GetRequiredService<SqliteBackup>().BackupAsync(copy);

        Assert.True(File.Exists(copy));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        Assert.Equal(subject, await connection.ExecuteScalarAsync<string>("SELECT Subject FROM OutboxMessages WHERE Id = @id", new { id }));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));

        // The copy carries the migration journal: the restored file is recognised as up to date.
        Assert.Equal(MigrationRunner.ScriptNames(DatabaseProvider.Sqlite).Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SchemaVersions"));
    }
}
