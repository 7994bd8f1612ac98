using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>Plans the OCDS package of the contracts whose stored checks are clean; the address it gives itself.</summary>
public sealed class OcdsExport(IOcdsRepository repository, OcdsReleaseBuilder builder, OpenDataCheck check, IConfiguration configuration)
{
    public const string Path = "/opendata/ocds.json";

    /// <summary>A contract with errors in any format (or not checked) is left out: the export never emits an invalid document.</summary>
    public async Task<OcdsPackage> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var publishable = await check.PublishableContractIdsAsync(cancellationToken);
        var data = await repository.ReadAsync(cancellationToken);
        return builder.Prepare(data, publishable);
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
