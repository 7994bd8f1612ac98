using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// What both exports answer before their body: ETag, Last-Modified and caching headers, 304 to a matching
/// If-None-Match (or, without it, to an If-Modified-Since not older than the data), and with <c>?download=1</c> a
/// dated attachment name for the upload to data.gouv.fr.
/// </summary>
public static class OpenDataHttp
{
    /// <summary>Sets the headers; true when the client's copy is current and the answer is 304 without a body.</summary>
    public static bool WriteHeaders(HttpContext context, OpenDataVersion version, string format, string fileStem, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(version);
        var request = context.Request;
        var response = context.Response;
        var etag = version.ETagFor(format);
        response.Headers.ETag = etag;
        response.Headers.LastModified = version.LastModified.ToString("R", CultureInfo.InvariantCulture);
        // Public data, but revalidated at every use: the ETag makes that cheap.
        response.Headers.CacheControl = "public, no-cache";

        var notModified = request.Headers.IfNoneMatch.Count > 0
            ? EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
              && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || string.Equals(t.Tag.ToString(), etag, StringComparison.Ordinal))
            : DateTimeOffset.TryParseExact(request.Headers.IfModifiedSince.ToString(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
              && since >= version.LastModified;
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        if (string.Equals(request.Query["download"], "1", StringComparison.Ordinal))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{fileStem}-{today:yyyy-MM-dd}.json");
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
        }

        return false;
    }
}
