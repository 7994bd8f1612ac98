using System.Data.Common;
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

    /// <summary>When a sender took the row; a claim older than the timeout is a crashed sender's and is taken again.</summary>
    public DateTime? ClaimedAtUtc { get; set; }

    /// <summary>When retention removed the body (the recipient, subject and dates stay).</summary>
    public DateTime? BodyPurgedAtUtc { get; set; }
}

public interface IOutboxRepository
{
    /// <summary>
    /// The one outbox insert: writes a Pending row in the caller's transaction, so the e-mail is committed with the change
    /// that causes it or not at all. The recurring sender delivers it once committed.
    /// </summary>
    Task<long> AddAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message);

    /// <summary>An e-mail that no other change goes with (a password reset): <see cref="AddAsync"/> on its own connection.</summary>
    Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<(IReadOnlyList<OutboxMessage> Rows, int Total)> ListAsync(OutboxStatus? status, int skip, int take, CancellationToken cancellationToken = default);

    Task MarkSentAsync(long id, DateTime sentAtUtc, CancellationToken cancellationToken = default);

    Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken = default);

    Task MarkPendingAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The rows a sender should try now: Pending or Failed with attempts left, not claimed or claimed before
    /// <paramref name="staleClaimBeforeUtc"/>, oldest first.
    /// </summary>
    Task<IReadOnlyList<long>> DueAsync(DateTime staleClaimBeforeUtc, int maxAttempts, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the row for sending, atomically: true for exactly one caller while the row is unsent and not claimed since
    /// <paramref name="staleClaimBeforeUtc"/>. Only the claimer sends.
    /// </summary>
    Task<bool> ClaimAsync(long id, DateTime nowUtc, DateTime staleClaimBeforeUtc, CancellationToken cancellationToken = default);

    /// <summary>Retention: removes the bodies of the rows created before <paramref name="createdBeforeUtc"/>; returns how many.</summary>
    Task<int> PurgeBodiesAsync(DateTime createdBeforeUtc, DateTime nowUtc, CancellationToken cancellationToken = default);
}

public sealed class OutboxRepository(IDbConnectionFactory factory) : IOutboxRepository
{
    private const string Columns = "Id, CreatedAtUtc, ToAddress, Subject, TextBody, HtmlBody, Status, Attempts, LastError, SentAtUtc, ClaimedAtUtc, BodyPurgedAtUtc";

    private const string DueSql = """
        SELECT Id FROM OutboxMessages
        WHERE Status IN (0, 2) AND Attempts < @maxAttempts AND BodyPurgedAtUtc IS NULL AND (ClaimedAtUtc IS NULL OR ClaimedAtUtc < @staleClaimBeforeUtc)
        ORDER BY CreatedAtUtc, Id
        """;

    // Status and the claim are in the WHERE clause: of two senders running this at once, one changes the row, the
    // other changes nothing and does not send.
    private const string ClaimSql = """
        UPDATE OutboxMessages SET ClaimedAtUtc = @nowUtc
        WHERE Id = @id AND Status IN (0, 2) AND BodyPurgedAtUtc IS NULL AND (ClaimedAtUtc IS NULL OR ClaimedAtUtc < @staleClaimBeforeUtc)
        """;

    private const string PurgeBodiesSql = """
        UPDATE OutboxMessages SET TextBody = '', HtmlBody = NULL, BodyPurgedAtUtc = @nowUtc
        WHERE CreatedAtUtc < @createdBeforeUtc AND BodyPurgedAtUtc IS NULL
        """;

    public Task<long> AddAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "OutboxMessages",
                "CreatedAtUtc, ToAddress, Subject, TextBody, HtmlBody, Status, Attempts",
                "@CreatedAtUtc, @ToAddress, @Subject, @TextBody, @HtmlBody, 0, 0"),
            new { message.CreatedAtUtc, message.ToAddress, message.Subject, message.TextBody, message.HtmlBody },
            transaction);
    }

    public async Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await AddAsync(connection, null, message);
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
            "UPDATE OutboxMessages SET Status = @Status, SentAtUtc = @sentAtUtc, Attempts = Attempts + 1, LastError = NULL, ClaimedAtUtc = NULL WHERE Id = @id",
            new { id, sentAtUtc, Status = (int)OutboxStatus.Sent });
    }

    public async Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE OutboxMessages SET Status = @Status, Attempts = Attempts + 1, LastError = @error, ClaimedAtUtc = NULL WHERE Id = @id",
            new { id, error = error.Length > 2000 ? error[..2000] : error, Status = (int)OutboxStatus.Failed });
    }

    public async Task MarkPendingAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE OutboxMessages SET Status = @Status, ClaimedAtUtc = NULL WHERE Id = @id", new { id, Status = (int)OutboxStatus.Pending });
    }

    public async Task<IReadOnlyList<long>> DueAsync(DateTime staleClaimBeforeUtc, int maxAttempts, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(factory.Dialect.Top(DueSql), new { staleClaimBeforeUtc, maxAttempts, Take = take });
        return rows.ToList();
    }

    public async Task<bool> ClaimAsync(long id, DateTime nowUtc, DateTime staleClaimBeforeUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(ClaimSql, new { id, nowUtc, staleClaimBeforeUtc }) == 1;
    }

    public async Task<int> PurgeBodiesAsync(DateTime createdBeforeUtc, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(PurgeBodiesSql, new { createdBeforeUtc, nowUtc });
    }
}
