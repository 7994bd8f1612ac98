using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>The public OCDS 1.1.5 release package (issue 10), streamed as it is written.</summary>
public sealed class OcdsController(OcdsExport export, OcdsReleaseBuilder builder, OpenDataCheck check, OpenDataStamp stamp, TimeProvider clock) : Controller
{
    /// <summary>
    /// Open data: no login. ETag and Last-Modified from the version stamp (304 when the client's copy is current);
    /// <c>?download=1</c> offers a dated copy to upload to data.gouv.fr.
    /// </summary>
    [AllowAnonymous]
    [HttpGet(OcdsExport.Path)]
    public async Task<IActionResult> Ocds(CancellationToken cancellationToken)
    {
        // Checks first: a recheck changes the stamp, and the export relies on no outdated check.
        await check.CheckStaleAsync(cancellationToken);
        var version = await stamp.CurrentAsync(cancellationToken);
        if (OpenDataHttp.WriteHeaders(HttpContext, version, OpenDataFormats.Ocds, "ocds", ParisTime.Day(clock.GetUtcNow().UtcDateTime)))
        {
            return new EmptyResult();
        }

        var package = await export.PrepareAsync(cancellationToken);
        var header = new OcdsPackageHeader(export.PackageUri(Request), version.LastModified.UtcDateTime);
        Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(Response.Body, OcdsReleaseBuilder.WriterOptions);
        await builder.WriteAsync(writer, package, header, cancellationToken);
        return new EmptyResult();
    }
}
