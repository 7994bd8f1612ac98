using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Runs;

/// <summary>
/// « Répartitions »: the allocation runs (previews, issued and rectifying runs), a run's totals, detail and statements,
/// the « Émettre » action and the accounting export. An issued run is frozen: issuing it again answers 409 and changes nothing.
/// </summary>
[Authorize(Policy = Policies.Finance)]
public sealed class RunsController(IAllocationRunRepository runs, IStatementRepository statementFiles, RunService service, RunExport export, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new RunIndexViewModel { Runs = await runs.ListAsync(cancellationToken) });

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await DetailsModelAsync(id, cancellationToken) is { } model ? View(model) : NotFound();

    /// <summary>
    /// « Émettre », after the user ticked the confirmation: freezes the previewed run and numbers its statements. A run
    /// already issued (or changed since the page was read) answers 409 with the page and a French message; nothing changes.
    /// </summary>
    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Issue(long id, int version, bool confirm, CancellationToken cancellationToken)
    {
        if (await DetailsModelAsync(id, cancellationToken) is not { } model)
        {
            return NotFound();
        }

        if (model.IsIssued)
        {
            return Conflicted(model);
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirm", t[ConfirmMessage].Value);
            return View(nameof(Details), model);
        }

        var outcome = await service.IssueAsync(id, version, MemberAccess.UserId(User), cancellationToken);
        switch (outcome.Status)
        {
            case IssueStatus.NotFound:
                return NotFound();
            case IssueStatus.Conflict:
                return Conflicted(await DetailsModelAsync(id, cancellationToken) ?? model);
            default:
                TempData["Success"] = string.Format(Fr.Culture, t["La répartition a été émise : {0} état(s) numéroté(s)."].Value, outcome.Statements.Count);
                if (!outcome.BatchStarted && outcome.Statements.Count > 0)
                {
                    TempData["Error"] = t[StatementBatchStarter.NotStartedMessage].Value;
                }

                return RedirectToAction(nameof(Details), new { id });
        }
    }

    /// <summary>Deletes a preview (to compute it again); an issued run is frozen and answers 409 with the page.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Delete(long id, int version, CancellationToken cancellationToken)
    {
        switch (await service.DeletePreviewAsync(id, version, cancellationToken))
        {
            case PreviewDeletion.NotFound:
                return NotFound();
            case PreviewDeletion.Conflict:
                return await DetailsModelAsync(id, cancellationToken) is { } model ? Conflicted(model) : NotFound();
            default:
                TempData["Success"] = t["La prévisualisation a été supprimée."].Value;
                return RedirectToAction(nameof(Index));
        }
    }

    public const string ConfirmRectifyMessage = "Cochez la case pour confirmer la rectification : les différences seront émises (avoirs compris) et ne pourront plus être modifiées.";

    /// <summary>
    /// « Rectifier », after the user ticked the confirmation: the issued run's period is computed again with the keys
    /// stored now, the differences are issued as a rectifying run (credit statements for negative ones) and its batch
    /// starts. A run that is not an issued original answers 409 with the page; a key no longer valid, or no difference,
    /// redisplays the page with the French reason; nothing is written then.
    /// </summary>
    [HttpPost]
    [Authorize(Policy = Policies.FinanceWriter)]
    public async Task<IActionResult> Rectify(long id, bool confirm, CancellationToken cancellationToken)
    {
        if (await DetailsModelAsync(id, cancellationToken) is not { } model)
        {
            return NotFound();
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirmRectify", t[ConfirmRectifyMessage].Value);
            return View(nameof(Details), model);
        }

        var outcome = await service.RectifyWithCurrentKeysAsync(id, MemberAccess.UserId(User), cancellationToken);
        if (outcome.Status == RectifyStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome is { Status: RectifyStatus.Issued, RectifyingRunId: { } rectifying })
        {
            TempData["Success"] = string.Format(Fr.Culture, t["La répartition rectificative a été émise : {0} état(s) numéroté(s)."].Value, outcome.Statements);
            if (!outcome.BatchStarted && outcome.Statements > 0)
            {
                TempData["Error"] = t[StatementBatchStarter.NotStartedMessage].Value;
            }

            return RedirectToAction(nameof(Details), new { id = rectifying });
        }

        foreach (var error in outcome.Errors)
        {
            ModelState.AddModelError("confirmRectify", t[error].Value);
        }

        if (outcome.Status == RectifyStatus.Conflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return View(nameof(Details), await DetailsModelAsync(id, cancellationToken) ?? model);
    }

    public const string ConfirmMessage = "Cochez la case pour confirmer l'émission : une répartition émise ne peut plus être modifiée.";

    /// <summary>The accounting export of an issued run: statements (one line per member) or detail (one line per member and cost line), CSV or XLSX.</summary>
    public async Task<IActionResult> Export(long id, string? format, bool detail = false, CancellationToken cancellationToken = default)
    {
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        return await export.ExportAsync(id, kind, detail, cancellationToken) is { } file ? File(file.Bytes, file.ContentType, file.FileName) : NotFound();
    }

    private ViewResult Conflicted(RunDetailsViewModel model)
    {
        ModelState.AddModelError(string.Empty, t[model.IsIssued ? RunService.AlreadyIssuedMessage : SaveResult.ConflictMessage].Value);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View(nameof(Details), model);
    }

    private async Task<RunDetailsViewModel?> DetailsModelAsync(long id, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is not { } run)
        {
            return null;
        }

        var shares = await runs.SharesAsync(id, cancellationToken);
        var statements = await runs.StatementsAsync(id, cancellationToken);
        var byMember = statements.ToDictionary(s => s.MemberId);
        var batch = run.State == RunState.Issued && await statementFiles.GetRunAsync(id, cancellationToken) is { } info
            ? new RunStatementsViewModel(info, await statementFiles.ListForRunAsync(id, cancellationToken))
            : null;
        var all = await runs.ListAsync(cancellationToken);
        var originalId = run.RectifiesRunId ?? run.Id;
        var chain = all.Where(r => r.Id == originalId || r.RectifiesRunId == originalId).OrderBy(r => r.Id).ToList();
        return new RunDetailsViewModel
        {
            Batch = batch,
            Chain = chain.Count > 1 ? chain : [],
            Rectifications = [.. all.Where(r => r.RectifiesRunId == id).OrderBy(r => r.Id)],
            Run = run,
            Rectifies = run.RectifiesRunId is { } original ? await runs.GetAsync(original, cancellationToken) : null,
            Lines = await runs.LinesAsync(id, cancellationToken),
            Shares = shares,
            Statements = statements,
            Members = shares.GroupBy(s => (s.MemberId, s.MemberName))
                .Select(g => new RunMemberTotal(g.Key.MemberId, g.Key.MemberName, g.Sum(s => s.HtCents), g.Sum(s => s.VatCents), byMember.GetValueOrDefault(g.Key.MemberId)))
                .OrderBy(m => m.Name, StringComparer.Create(Fr.Culture, ignoreCase: true))
                .ToList(),
        };
    }
}
