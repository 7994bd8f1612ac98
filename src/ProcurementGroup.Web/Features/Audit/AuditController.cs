using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Features.Audit;

public sealed class AuditIndexViewModel
{
    public string? EntityType { get; init; }

    public long? EntityId { get; init; }

    public string? UserEmail { get; init; }

    public int Page { get; init; }

    public int PageCount { get; init; }

    public int Total { get; init; }

    public IReadOnlyList<AuditEntry> Rows { get; init; } = [];

    public static readonly IReadOnlyList<(string Value, string Label)> EntityTypes =
    [
        ("Member", "Membre"),
        ("MemberAllocationBase", "Bases de répartition"),
        ("PurchasingGroup", "Groupement"),
        ("Adhesion", "Adhésion"),
        ("CoordinatorSettings", "Coordonnateur"),
        ("User", "Utilisateur"),
        ("Supplier", "Fournisseur"),
    ];
}

public sealed record AuditDetailsViewModel(AuditEntry Entry, string Before, string After);

/// <summary>The audit log, read-only, for administrators.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AuditController(IAuditLogRepository repository) : Controller
{
    private const int PageSize = 50;

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<IActionResult> Index(string? entityType, long? entityId, string? user, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        entityType = string.IsNullOrWhiteSpace(entityType) ? null : entityType.Trim();
        user = string.IsNullOrWhiteSpace(user) ? null : user.Trim();
        var (rows, total) = await repository.SearchAsync(new AuditQuery(entityType, entityId, user, (page - 1) * PageSize, PageSize), cancellationToken);
        return View(new AuditIndexViewModel
        {
            EntityType = entityType,
            EntityId = entityId,
            UserEmail = user,
            Page = page,
            PageCount = Math.Max(1, (total + PageSize - 1) / PageSize),
            Total = total,
            Rows = rows,
        });
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await repository.GetAsync(id, cancellationToken) is { } entry
            ? View(new AuditDetailsViewModel(entry, Indent(entry.BeforeJson), Indent(entry.AfterJson)))
            : NotFound();

    private static string Indent(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return string.Empty;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Pretty);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
