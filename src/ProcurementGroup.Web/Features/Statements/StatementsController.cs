using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Statements;

/// <summary>
/// Issued statements: a member buyer's « Mes états » (its members' statements only, each download through
/// <see cref="IMemberScope"/>: another member's statement answers 404 like a missing one); finance's view of a run's
/// batch (progress, downloads one by one or as one streamed ZIP), the titre and payment of each statement and the
/// unpaid list. Downloads serve the bytes stored when the statement was generated, never a new rendering.
/// </summary>
public sealed class StatementsController(IStatementRepository statements, IMemberScope scope, StatementFiles files, StatementBatchStarter batch, TimeProvider clock) : Controller
{
    public const string PaymentConflict = SaveResult.ConflictMessage;

    [Authorize(Policy = Policies.StaffOrMemberBuyer)]
    public async Task<IActionResult> Mine(CancellationToken cancellationToken)
    {
        var visible = await scope.VisibleMemberIdsAsync(User, cancellationToken);
        return View(await statements.ListForMembersAsync(visible?.ToList(), cancellationToken));
    }

    [Authorize(Policy = Policies.StaffOrMemberBuyer)]
    public async Task<IActionResult> Download(long id, CancellationToken cancellationToken)
    {
        if (await scope.LoadAsync(User, ct => statements.GetFileAsync(id, ct), f => f.MemberId, cancellationToken) is not { PdfSha256: { } hash } file)
        {
            return NotFound();
        }

        var name = $"{(file.IsCredit ? "avoir" : "etat")}-{file.Number}.pdf";
        var tag = new EntityTagHeaderValue("\"" + hash + "\"");
        if (file.PdfBytes is { } bytes)
        {
            return File(bytes, "application/pdf", name, lastModified: null, entityTag: tag);
        }

        return file.StoragePath is { } path && files.OpenRead(path) is { } stream
            ? File(stream, "application/pdf", name, lastModified: null, entityTag: tag)
            : NotFound();
    }

    [Authorize(Policy = Policies.FinanceReader)]
    public async Task<IActionResult> Run(long id, CancellationToken cancellationToken)
    {
        if (await statements.GetRunAsync(id, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        return View(new RunStatementsViewModel(run, await statements.ListForRunAsync(id, cancellationToken)));
    }

    /// <summary>The batch's progress for the run page's bar (polled by wwwroot/js/statements-progress.js).</summary>
    [Authorize(Policy = Policies.FinanceReader)]
    public async Task<IActionResult> Progress(long id, CancellationToken cancellationToken)
    {
        if (await statements.GetRunAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var (generated, total) = await statements.CountsAsync(id, cancellationToken);
        return Json(new { generated, total });
    }

    /// <summary>
    /// « Relancer la génération »: starts the batch again for the statements still missing (the issuing starts it; this
    /// restarts it by hand, e.g. after it could not be enqueued). Idempotent: the batch skips stored statements, and
    /// statements are numbered at issue, never here. <paramref name="returnTo"/> « run »: back to the run's page.
    /// </summary>
    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Generate(long id, string? returnTo, CancellationToken cancellationToken)
    {
        if (await statements.GetRunAsync(id, cancellationToken) is not { State: 1 })
        {
            return NotFound();
        }

        if (await batch.TryStartAsync(id, cancellationToken))
        {
            TempData["Success"] = "La génération des états est lancée.";
        }
        else
        {
            TempData["Error"] = StatementBatchStarter.NotStartedMessage;
        }

        return returnTo == "run" ? RedirectToAction("Details", "Runs", new { id }) : RedirectToAction(nameof(Run), new { id });
    }

    /// <summary>The run's generated statements as one ZIP, written entry by entry to the response (one PDF in memory at a time).</summary>
    [Authorize(Policy = Policies.FinanceReader)]
    public async Task<IActionResult> Zip(long id, CancellationToken cancellationToken)
    {
        if (await statements.GetRunAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var rows = (await statements.ListForRunAsync(id, cancellationToken)).Where(r => r.IsGenerated).ToList();
        return new ZipStreamResult($"etats-repartition-{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.zip", rows, statements, files);
    }

    [Authorize(Policy = Policies.FinanceReader)]
    public async Task<IActionResult> Unpaid(CancellationToken cancellationToken) =>
        View(await statements.ListUnpaidAsync(cancellationToken));

    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Payment(long id, CancellationToken cancellationToken) =>
        await statements.GetAsync(id, cancellationToken) is { } row ? View(PaymentForm.From(row)) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Payment(long id, PaymentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await statements.GetAsync(id, cancellationToken) is not { } row)
        {
            return NotFound();
        }

        form.Statement = row;
        var today = FrenchDateToday();
        DateOnly? paidOn = null;
        if (!string.IsNullOrWhiteSpace(form.PaidOn))
        {
            if (!FrenchDate.TryParse(form.PaidOn, out var date))
            {
                ModelState.AddModelError(nameof(form.PaidOn), "Saisissez la date de paiement au format JJ/MM/AAAA.");
            }
            else if (date < row.IssuedOn || date > today)
            {
                ModelState.AddModelError(nameof(form.PaidOn), $"La date de paiement doit être comprise entre la date d'émission ({FrenchFormat.Date(row.IssuedOn)}) et aujourd'hui.");
            }
            else
            {
                paidOn = date;
            }
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var titre = string.IsNullOrWhiteSpace(form.TitreNumber) ? null : form.TitreNumber.Trim();
        if (!await statements.RecordPaymentAsync(id, form.Version, titre, paidOn, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, PaymentConflict);
            return View(form);
        }

        TempData["Success"] = $"Le titre et le paiement de l'état {row.Number} sont enregistrés.";
        return RedirectToAction(nameof(Run), new { id = row.RunId });
    }

    private DateOnly FrenchDateToday() => ParisTime.Day(clock.GetUtcNow().UtcDateTime);

    /// <summary>Streams a ZIP of stored statements: ZipArchive writes synchronously, so this response alone allows it.</summary>
    private sealed class ZipStreamResult(string fileName, IReadOnlyList<StatementRow> rows, IStatementRepository statements, StatementFiles files) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            var cancellationToken = context.HttpContext.RequestAborted;
            if (context.HttpContext.Features.Get<IHttpBodyControlFeature>() is { } body)
            {
                body.AllowSynchronousIO = true;
            }

            response.ContentType = "application/zip";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
            using var zip = new ZipArchive(response.Body, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var row in rows)
            {
                if (await statements.GetFileAsync(row.Id, cancellationToken) is not { } file)
                {
                    continue;
                }

                var entry = zip.CreateEntry($"{(file.IsCredit ? "avoir" : "etat")}-{file.Number}.pdf", CompressionLevel.Fastest);
                await using var target = entry.Open();
                if (file.PdfBytes is { } bytes)
                {
                    await target.WriteAsync(bytes, cancellationToken);
                }
                else if (file.StoragePath is { } path && files.OpenRead(path) is { } source)
                {
                    await using (source)
                    {
                        await source.CopyToAsync(target, cancellationToken);
                    }
                }
            }
        }
    }
}

public sealed record RunStatementsViewModel(StatementRunInfo Run, IReadOnlyList<StatementRow> Statements)
{
    public int Generated => Statements.Count(s => s.IsGenerated);
}

/// <summary>The titre de recettes number and payment date of one statement (both optional: recorded as they come).</summary>
public sealed class PaymentForm
{
    [Display(Name = "N° du titre de recettes")]
    [StringLength(50, ErrorMessage = "Le numéro de titre ne doit pas dépasser 50 caractères.")]
    public string? TitreNumber { get; set; }

    [Display(Name = "Payé le")]
    public string? PaidOn { get; set; }

    public int Version { get; set; }

    public StatementRow? Statement { get; set; }

    public static PaymentForm From(StatementRow row) => new()
    {
        TitreNumber = row.TitreNumber,
        PaidOn = FrenchDate.ForInput(row.PaidOn),
        Version = row.Version,
        Statement = row,
    };
}
