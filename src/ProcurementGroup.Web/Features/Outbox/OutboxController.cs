using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Data.Mail;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.Outbox;

/// <summary>The e-mail outbox: what the application sent or tried to send, and a resend button.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class OutboxController(IOutboxRepository outbox, IBackgroundJobClient jobs) : Controller
{
    public const int PageSize = 25;

    public async Task<IActionResult> Index(OutboxStatus? status, int page = 1, CancellationToken cancellationToken = default)
    {
        if (status is { } s && !Enum.IsDefined(s))
        {
            status = null;
        }

        page = Math.Max(1, page);
        var (rows, total) = await outbox.ListAsync(status, (page - 1) * PageSize, PageSize, cancellationToken);
        return View(new OutboxIndexViewModel(rows, total, status, page, PageSize));
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken)
    {
        var message = await outbox.GetAsync(id, cancellationToken);
        return message is null ? NotFound() : View(message);
    }

    [HttpPost]
    public async Task<IActionResult> Resend(long id, CancellationToken cancellationToken)
    {
        var message = await outbox.GetAsync(id, cancellationToken);
        if (message is null)
        {
            return NotFound();
        }

        await outbox.MarkPendingAsync(id, cancellationToken);
        jobs.Enqueue<SendEmailJob>(job => job.SendAsync(id, CancellationToken.None));
        TempData["Message"] = "Le courriel a été remis en file d'envoi.";
        return RedirectToAction(nameof(Details), new { id });
    }
}

public sealed record OutboxIndexViewModel(IReadOnlyList<OutboxMessage> Rows, int Total, OutboxStatus? Status, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static string StatusLabel(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "En attente",
        OutboxStatus.Sent => "Envoyé",
        OutboxStatus.Failed => "Échec",
        _ => status.ToString(),
    };
}
