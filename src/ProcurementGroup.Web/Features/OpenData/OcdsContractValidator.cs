using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// The OCDS check of one contract (stored by <see cref="OpenDataCheck"/> with the format "ocds"): the release that would
/// publish it, built by the export's own <see cref="OcdsReleaseBuilder"/>, alone in a package, against the official OCDS
/// 1.1.5 schemas. The messages are French; the schema's own findings (path and kind) follow them.
/// </summary>
public sealed class OcdsContractValidator(IOcdsRepository repository, OcdsReleaseBuilder builder, OpenDataSchemas schemas, TimeProvider clock) : IOpenDataContractValidator
{
    /// <summary>The package's uri during a check: any absolute address will do, the contract's release is what is checked.</summary>
    public const string CheckUri = "https://localhost" + OcdsExport.Path;

    public string Format => OpenDataFormats.Ocds;

    public async Task<IReadOnlyList<string>> ValidateAsync(long contractId, CancellationToken ct)
    {
        var package = builder.Prepare(await repository.ReadForContractAsync(contractId, ct));
        if (package.ReleaseOf(contractId) is not { } release)
        {
            return ["OCDS : le marché est introuvable ou sa consultation n'a pas été publiée."];
        }

        var json = builder.PackageJson(package, new OcdsPackageHeader(CheckUri, clock.GetUtcNow().UtcDateTime), [release]);
        return schemas.ValidateOcdsReleasePackage(json)
            .Select(error => $"OCDS : la publication serait refusée par le schéma officiel ({error}).")
            .ToList();
    }
}
