using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Mail;

namespace ProcurementGroup.Web.Tests.Sql;

public sealed class OutboxRepositoryRoundTrip : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new OutboxRepository(factory);
        var subject = "Aller-retour " + Guid.NewGuid().ToString("N")[..8];
        var created = new DateTime(2026, 3, 29, 0, 30, 0, DateTimeKind.Utc);
        var id = await repository.InsertAsync(new OutboxMessage
        {
            CreatedAtUtc = created,
            ToAddress = "finances@demo.local",
            Subject = subject,
            TextBody = "Texte accentué : éàç",
            HtmlBody = "<p>HTML</p>",
            Status = OutboxStatus.Pending,
        });

        var row = await repository.GetAsync(id);
        Assert.NotNull(row);
        Assert.Equal(subject, row.Subject);
        Assert.Equal("Texte accentué : éàç", row.TextBody);
        Assert.Equal(created, row.CreatedAtUtc);
        Assert.Equal(DateTimeKind.Utc, row.CreatedAtUtc.Kind);
        Assert.Equal(OutboxStatus.Pending, row.Status);

        await repository.MarkFailedAsync(id, "boîte pleine");
        var (failed, failedTotal) = await repository.ListAsync(OutboxStatus.Failed, 0, 1000);
        Assert.Contains(failed, m => m.Id == id && m.LastError == "boîte pleine" && m.Attempts == 1);
        Assert.True(failedTotal >= 1);

        var sentAt = created.AddMinutes(5);
        await repository.MarkSentAsync(id, sentAt);
        row = await repository.GetAsync(id);
        Assert.Equal(OutboxStatus.Sent, row!.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(sentAt, row.SentAtUtc);

        await repository.MarkPendingAsync(id);
        var (pending, _) = await repository.ListAsync(OutboxStatus.Pending, 0, 1000);
        Assert.Contains(pending, m => m.Id == id);

        // Paging: one row per page, newest first.
        var (page, total) = await repository.ListAsync(null, 0, 1);
        Assert.Single(page);
        Assert.True(total >= 1);
    }
}

public sealed class AuditLogRepositoryRoundTrip : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new AuditLogRepository(factory);
        var entityType = "Test" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = await factory.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 1; i <= 3; i++)
            {
                await repository.InsertAsync(connection, transaction, new AuditEntry
                {
                    AtUtc = new DateTime(2026, 1, i, 12, 0, 0, DateTimeKind.Utc),
                    UserEmail = "admin@demo.local",
                    EntityType = entityType,
                    EntityId = 42,
                    Action = "Update",
                    BeforeJson = "{\"Name\":\"Avant\"}",
                    AfterJson = "{\"Name\":\"Après\"}",
                });
            }

            await transaction.CommitAsync();
        }

        var (rows, total) = await repository.SearchAsync(new AuditQuery(entityType, 42, null, 0, 2));
        Assert.Equal(3, total);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DateTime(2026, 1, 3, 12, 0, 0, DateTimeKind.Utc), rows[0].AtUtc);

        var (second, _) = await repository.SearchAsync(new AuditQuery(entityType, 42, null, 2, 2));
        var last = Assert.Single(second);
        var read = await repository.GetAsync(last.Id);
        Assert.NotNull(read);
        Assert.Equal("{\"Name\":\"Après\"}", read.AfterJson);
        Assert.Equal(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc), read.AtUtc);
    }
}
