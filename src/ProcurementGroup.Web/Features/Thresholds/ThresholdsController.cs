using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Thresholds;

/// <summary>The dated thresholds of the Code de la commande publique, edited by administrators when a decree changes them.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ThresholdsController(IThresholdRepository thresholds, ThresholdService service, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new ThresholdsIndexViewModel(await thresholds.ListAsync(cancellationToken), await thresholds.CitedIdsAsync(cancellationToken)));

    public IActionResult Create() => View("Edit", new ThresholdForm());

    [HttpPost]
    public async Task<IActionResult> Create(ThresholdForm form, CancellationToken cancellationToken)
    {
        form.Id = 0;
        return await SaveAsync(form, cancellationToken);
    }

    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        if (await thresholds.GetAsync(id, cancellationToken) is not { } row)
        {
            return NotFound();
        }

        var form = ThresholdForm.From(row);
        form.IsCited = (await thresholds.CitedIdsAsync(cancellationToken)).Contains(id);
        return View(form);
    }

    [HttpPost]
    public async Task<IActionResult> Edit(long id, ThresholdForm form, CancellationToken cancellationToken)
    {
        form.Id = id;
        return await SaveAsync(form, cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Le seuil a été supprimé."].Value;
                break;
            default:
                TempData["Error"] = t[result.Errors![0].Message].Value;
                break;
        }

        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> SaveAsync(ThresholdForm form, CancellationToken cancellationToken)
    {
        var result = await service.SaveAsync(form, cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Le seuil a été enregistré."].Value;
                return RedirectToAction(nameof(Index));
            default:
                foreach (var (field, message) in result.Errors ?? [])
                {
                    ModelState.AddModelError(field, t[message].Value);
                }

                if (result.Status == SaveStatus.Conflict)
                {
                    // The stale page is shown again with what was typed; the stored row is untouched.
                    ModelState.AddModelError(string.Empty, t[SaveResult.ConflictMessage].Value);
                    Response.StatusCode = StatusCodes.Status409Conflict;
                }

                form.IsCited = form.Id != 0 && (await thresholds.CitedIdsAsync(cancellationToken)).Contains(form.Id);
                return View("Edit", form);
        }
    }
}
