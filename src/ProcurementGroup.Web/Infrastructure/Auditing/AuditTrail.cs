using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>What stands in the log for a secret's value.</summary>
    public const string Redacted = "[masqué]";

    /// <summary>
    /// Property names whose values never reach the log, whatever object a feature hands over: the audit log keeps who
    /// and what, never a password, a hash, a token, a stamp or a two-factor secret (retention rule of issue 6).
    /// </summary>
    private static readonly string[] SecretNameParts = ["password", "token", "stamp", "secret", "recoverycode", "authenticatorkey"];

    public static bool IsSecretName(string name) =>
        SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static string? ToJson(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(value, value.GetType(), Json);
        Redact(node);
        return node?.ToJsonString(Json);
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    // HasPassword-style flags say whether a secret exists, not what it is: they stay.
                    if (IsSecretName(name) && obj[name] is JsonValue v && v.GetValueKind() != JsonValueKind.True && v.GetValueKind() != JsonValueKind.False)
                    {
                        obj[name] = Redacted;
                    }
                    else if (IsSecretName(name) && obj[name] is JsonObject or JsonArray)
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        Redact(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }

                break;
        }
    }

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
