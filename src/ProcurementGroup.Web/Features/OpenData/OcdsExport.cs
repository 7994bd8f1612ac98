using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>Reads the published data and plans the OCDS package; the address it gives itself.</summary>
public sealed class OcdsExport(IOcdsRepository repository, OcdsReleaseBuilder builder, IConfiguration configuration)
{
    public const string Path = "/opendata/ocds.json";

    public async Task<OcdsPackage> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var data = await repository.ReadAsync(cancellationToken);
        return builder.Prepare(data);
    }

    /// <summary>
    /// The package's uri: from App:PublicBaseUrl (required outside Development, see PublicBaseUrl); in Development,
    /// where it may be empty, from the request, which only names the document and sends nobody anywhere.
    /// </summary>
    public string PackageUri(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = configuration[Infrastructure.Security.PublicBaseUrl.Key];
        var baseUrl = !string.IsNullOrWhiteSpace(configured) ? configured.Trim().TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return baseUrl + Path;
    }
}
