using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Infrastructure.Auditing;

/// <summary>Writes who changed what, with the record before and after, in the same transaction as the change.</summary>
public interface IAuditTrail
{
    Task WriteAsync(DbConnection connection, DbTransaction? transaction, string entityType, long? entityId, string action, object? before, object? after);
}

public sealed class AuditTrail(IAuditLogRepository repository, IHttpContextAccessor httpContextAccessor, TimeProvider clock) : IAuditTrail
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);

    public Task WriteAsync(DbConnection connection, DbTransaction? transaction, string entityType, long? entityId, string action, object? before, object? after)
    {
        var user = httpContextAccessor.HttpContext?.User;
        var entry = new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user is null ? null : MemberAccess.UserId(user),
            UserEmail = user?.FindFirstValue(ClaimTypes.Email) ?? user?.Identity?.Name ?? "système",
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            BeforeJson = ToJson(before),
            AfterJson = ToJson(after),
        };
        return repository.InsertAsync(connection, transaction, entry);
    }
}
