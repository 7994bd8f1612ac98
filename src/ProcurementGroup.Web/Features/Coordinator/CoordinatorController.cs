using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Coordinator;

// Policies per action, not on the class: the class's policy would add to the logo's and keep it for administrators only.
public sealed class CoordinatorController(ICoordinatorRepository repository, CoordinatorService service, IStringLocalizer<SharedResource> t) : Controller
{
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Edit(CancellationToken cancellationToken) =>
        View(CoordinatorForm.From(await repository.GetAsync(cancellationToken)));

    [HttpPost]
    [Authorize(Policy = Policies.Administrator)]
    public async Task<IActionResult> Edit(CoordinatorForm form, CancellationToken cancellationToken)
    {
        var result = await service.SaveAsync(form, cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            form.HasLogo = (await repository.LogoAsync(cancellationToken)) is not null;
            return View(form);
        }

        TempData["Success"] = t["Les informations du coordonnateur ont été enregistrées."].Value;
        return RedirectToAction(nameof(Edit));
    }

    /// <summary>The logo, for pages and documents; any signed-in user may see it.</summary>
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Logo(CancellationToken cancellationToken) =>
        await repository.LogoAsync(cancellationToken) is { } logo ? File(logo.Bytes, logo.ContentType) : NotFound();
}
