using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Mail;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (or kept here because no SMTP server is configured).</summary>
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

public sealed class OutboxMessage
{
    public long Id { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string ToAddress { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string TextBody { get; set; } = string.Empty;

    public string? HtmlBody { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAtUtc { get; set; }
}

public interface IOutboxRepository
{
    Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<(IReadOnlyList<OutboxMessage> Rows, int Total)> ListAsync(OutboxStatus? status, int skip, int take, CancellationToken cancellationToken = default);

    Task MarkSentAsync(long id, DateTime sentAtUtc, CancellationToken cancellationToken = default);

    Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken = default);

    Task MarkPendingAsync(long id, CancellationToken cancellationToken = default);
}

public sealed class OutboxRepository(IDbConnectionFactory factory) : IOutboxRepository
{
    private const string Columns = "Id, CreatedAtUtc, ToAddress, Subject, TextBody, HtmlBody, Status, Attempts, LastError, SentAtUtc";

    public async Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "OutboxMessages",
                "CreatedAtUtc, ToAddress, Subject, TextBody, HtmlBody, Status, Attempts",
                "@CreatedAtUtc, @ToAddress, @Subject, @TextBody, @HtmlBody, @Status, 0"),
            message);
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxMessage>($"SELECT {Columns} FROM OutboxMessages WHERE Id = @id", new { id });
    }

    public async Task<(IReadOnlyList<OutboxMessage> Rows, int Total)> ListAsync(OutboxStatus? status, int skip, int take, CancellationToken cancellationToken = default)
    {
        const string Filter = "FROM OutboxMessages WHERE (@Status IS NULL OR Status = @Status)";
        var args = new { Status = (int?)status, Skip = skip, Take = take };
        await using var connection = await factory.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {Filter}", args);
        var rows = await connection.QueryAsync<OutboxMessage>(factory.Dialect.Page($"SELECT {Columns} {Filter} ORDER BY CreatedAtUtc DESC, Id DESC"), args);
        return (rows.ToList(), total);
    }

    public async Task MarkSentAsync(long id, DateTime sentAtUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE OutboxMessages SET Status = @Status, SentAtUtc = @sentAtUtc, Attempts = Attempts + 1, LastError = NULL WHERE Id = @id",
            new { id, sentAtUtc, Status = (int)OutboxStatus.Sent });
    }

    public async Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE OutboxMessages SET Status = @Status, Attempts = Attempts + 1, LastError = @error WHERE Id = @id",
            new { id, error = error.Length > 2000 ? error[..2000] : error, Status = (int)OutboxStatus.Failed });
    }

    public async Task MarkPendingAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE OutboxMessages SET Status = @Status WHERE Id = @id", new { id, Status = (int)OutboxStatus.Pending });
    }
}
