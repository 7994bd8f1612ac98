using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>The public OCDS 1.1.5 release package (issue 10), streamed as it is written.</summary>
public sealed class OcdsController(OcdsExport export, OcdsReleaseBuilder builder, TimeProvider clock) : Controller
{
    /// <summary>Open data: no login. <c>?download=1</c> offers a dated copy to upload to data.gouv.fr.</summary>
    [AllowAnonymous]
    [HttpGet(OcdsExport.Path)]
    public async Task<IActionResult> Ocds(string? download, CancellationToken cancellationToken)
    {
        var package = await export.PrepareAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var header = new OcdsPackageHeader(export.PackageUri(Request), now);
        Response.ContentType = "application/json; charset=utf-8";
        if (download == "1")
        {
            Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"ocds-{now:yyyy-MM-dd}.json\"");
        }

        await using var writer = new Utf8JsonWriter(Response.Body);
        await builder.WriteAsync(writer, package, header, cancellationToken);
        return new EmptyResult();
    }
}
