using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Documents.Needs;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>The officers' aggregation of a campaign's needs, its exports and the procedure advice.</summary>
[Authorize(Policy = Policies.ProcurementOfficer)]
[Route("Aggregation/{campaignId:long}")]
public sealed class AggregationController(AggregationService aggregation, ProcedureAdviceService advice, IStringLocalizer<SharedResource> t) : Controller
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [HttpGet("")]
    public async Task<IActionResult> Index(long campaignId, CancellationToken cancellationToken) =>
        await aggregation.BuildAsync(campaignId, cancellationToken) is { } model ? View(model) : NotFound();

    /// <summary>The per-item and per-member tables: one XLSX with two sheets, or one CSV per table (table=items|members).</summary>
    [HttpGet("Export")]
    public async Task<IActionResult> Export(long campaignId, string? format, string? table, CancellationToken cancellationToken)
    {
        if (await aggregation.BuildAsync(campaignId, cancellationToken) is not { } model)
        {
            return NotFound();
        }

        var name = $"agregation-campagne-{campaignId}";
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return File(await AggregationExport.XlsxAsync(model, cancellationToken), XlsxType, name + ".xlsx");
        }

        return string.Equals(table, "members", StringComparison.OrdinalIgnoreCase)
            ? File(AggregationExport.Csv(AggregationExport.MemberHeaders, AggregationExport.MemberRows(model)), "text/csv; charset=utf-8", name + "-membres.csv")
            : File(AggregationExport.Csv(AggregationExport.ItemHeaders, AggregationExport.ItemRows(model)), "text/csv; charset=utf-8", name + "-articles.csv");
    }

    [HttpGet("Advice")]
    public async Task<IActionResult> Advice(long campaignId, CancellationToken cancellationToken) =>
        await advice.BuildAsync(campaignId, null, cancellationToken) is { } model ? View(model) : NotFound();

    /// <summary>A stored advice as a dated PDF for the procurement file; 404 when it is not this campaign's.</summary>
    [HttpGet("Advice/{adviceId:long}/Pdf")]
    public async Task<IActionResult> AdvicePdf(long campaignId, long adviceId, CancellationToken cancellationToken) =>
        await advice.DocumentAsync(campaignId, adviceId, cancellationToken) is { } document
            ? File(AdviceDocument.Render(document), "application/pdf", AdviceDocument.FileName(document))
            : NotFound();

    /// <summary>"Enregistrer l'avis": recomputed from the database, checked (R2123-1 2°), stored with its threshold rows.</summary>
    [HttpPost("Advice")]
    public async Task<IActionResult> SaveAdvice(long campaignId, [FromForm] List<long>? selectedLotIds, CancellationToken cancellationToken)
    {
        var (model, errors, _) = await advice.SaveAsync(campaignId, selectedLotIds ?? [], MemberAccess.UserId(User), cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(string.Empty, t[error].Value);
            }

            return View(nameof(Advice), model);
        }

        TempData["Success"] = t["L'avis sur la procédure a été enregistré."].Value;
        return RedirectToAction(nameof(Advice), new { campaignId });
    }
}
