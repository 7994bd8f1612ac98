using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// The open-data publication (issue 10): the public DECP export, streamed with an ETag and Last-Modified (304 to a
/// client whose copy is current, a dated attachment with <c>?download=1</c> for data.gouv.fr), and the checks page of
/// the contracts left out.
/// </summary>
[Route("opendata")]
public sealed class OpenDataController(DecpExport decp, OpenDataStamp stamp, OpenDataChecksQuery checks, TimeProvider clock) : Controller
{
    [AllowAnonymous]
    [HttpGet("decp.json")]
    public async Task<IActionResult> Decp(CancellationToken cancellationToken)
    {
        // The publication log is written first: the version stamp then covers the dates this answer publishes.
        var export = await decp.PrepareAsync(cancellationToken);
        var version = await stamp.CurrentAsync(cancellationToken);
        var today = ParisTime.Day(clock.GetUtcNow().UtcDateTime);
        if (OpenDataHttp.WriteHeaders(HttpContext, version, OpenDataFormats.Decp, "decp", today))
        {
            return new EmptyResult();
        }

        Response.ContentType = "application/json; charset=utf-8";
        await DecpDocument.WriteAsync(Response.Body, export.Marches, cancellationToken);
        return new EmptyResult();
    }

    // Administrators and procurement officers (the ProcurementOfficer policy admits both).
    [Authorize(Policy = Policies.ProcurementOfficer)]
    [HttpGet("checks")]
    public async Task<IActionResult> Checks(CancellationToken cancellationToken) => View(await checks.LoadAsync(cancellationToken));
}
