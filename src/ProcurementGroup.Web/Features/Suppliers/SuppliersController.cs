using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Suppliers;

/// <summary>
/// The register of suppliers that answer tenders: procurement officers and administrators keep it, finance reads it
/// (contracts and invoices name suppliers); member buyers have no access.
/// </summary>
[Authorize(Policy = Policies.SupplierReader)]
public sealed class SuppliersController(ISupplierRepository suppliers, SupplierService service, IStringLocalizer<SharedResource> t) : Controller
{
    private const int PageSize = 50;

    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        q = q is { Length: > 200 } ? q[..200] : q;
        var (rows, total) = await suppliers.SearchAsync(new SupplierQuery(q, (page - 1) * PageSize, PageSize), cancellationToken);
        return View(new SupplierIndexViewModel
        {
            Q = q,
            Page = page,
            PageCount = Math.Max(1, (total + PageSize - 1) / PageSize),
            Total = total,
            Rows = rows,
        });
    }

    public async Task<IActionResult> Details(long id, CancellationToken cancellationToken) =>
        await suppliers.GetAsync(id, cancellationToken) is { } supplier ? View(supplier) : NotFound();

    [Authorize(Policy = Policies.SupplierWriter)]
    public IActionResult Create() => View(new SupplierForm());

    [HttpPost]
    [Authorize(Policy = Policies.SupplierWriter)]
    public async Task<IActionResult> Create(SupplierForm form, CancellationToken cancellationToken)
    {
        form.Id = 0;
        var result = await service.CreateAsync(form.ToSupplier(), cancellationToken);
        if (result.Status != SaveStatus.Saved)
        {
            this.ShowErrors(result);
            return View(form);
        }

        TempData["Success"] = t["Le fournisseur a été créé."].Value;
        return RedirectToAction(nameof(Details), new { id = result.Id });
    }

    [Authorize(Policy = Policies.SupplierWriter)]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken) =>
        await suppliers.GetAsync(id, cancellationToken) is { } supplier ? View(SupplierForm.From(supplier)) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.SupplierWriter)]
    public async Task<IActionResult> Edit(long id, SupplierForm form, CancellationToken cancellationToken)
    {
        form.Id = id;
        var result = await service.UpdateAsync(form.ToSupplier(), cancellationToken);
        switch (result.Status)
        {
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Saved:
                TempData["Success"] = t["Le fournisseur a été enregistré."].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                // A conflict answers 409 with the stale page and what was typed; the stored supplier is untouched.
                this.ShowErrors(result);
                return View(form);
        }
    }
}
