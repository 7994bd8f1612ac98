using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Auditing;

public sealed record AuditQuery(string? EntityType, long? EntityId, string? UserEmail, int Skip, int Take);

public interface IAuditLogRepository
{
    /// <summary>Writes an entry inside the caller's transaction, so the change and its trace commit together.</summary>
    Task InsertAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry);

    Task<(IReadOnlyList<AuditEntry> Rows, int Total)> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default);

    Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken = default);
}

public sealed class AuditLogRepository(IDbConnectionFactory factory) : IAuditLogRepository
{
    private const string InsertColumns = "AtUtc, UserId, UserEmail, EntityType, EntityId, Action, BeforeJson, AfterJson";
    private const string InsertValues = "@AtUtc, @UserId, @UserEmail, @EntityType, @EntityId, @Action, @BeforeJson, @AfterJson";

    public Task InsertAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry) =>
        connection.ExecuteAsync($"INSERT INTO AuditLog ({InsertColumns}) VALUES ({InsertValues})", entry, transaction);

    private const string Filter = """
        FROM AuditLog
        WHERE (@EntityType IS NULL OR EntityType = @EntityType)
          AND (@EntityId IS NULL OR EntityId = @EntityId)
          AND (@UserEmail IS NULL OR UserEmail = @UserEmail)
        """;

    public async Task<(IReadOnlyList<AuditEntry> Rows, int Total)> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {Filter}", query);
        var rows = await connection.QueryAsync<AuditEntry>(
            factory.Dialect.Page($"SELECT Id, {InsertColumns} {Filter} ORDER BY AtUtc DESC, Id DESC"), query);
        return (rows.ToList(), total);
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AuditEntry>($"SELECT Id, {InsertColumns} FROM AuditLog WHERE Id = @id", new { id });
    }
}
