using System.Globalization;
using NJsonSchema;
using NJsonSchema.References;
using NJsonSchema.Validation;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// The official open-data schemas, embedded in the app (Features/OpenData/Schemas, see its README for sources and
/// licences) and loaded once: DECP 2.0.3 (draft-07) and the OCDS 1.1.5 release package (draft-04). Nothing is ever
/// fetched: the package schema's reference to the release schema's URL is resolved to the embedded copy, and any other
/// remote reference is refused. Errors are readable strings, "path: kind" (e.g. "marches.marche[0].acheteur.id:
/// PatternMismatch").
/// </summary>
public sealed class OpenDataSchemas
{
    public const string OcdsReleaseSchemaUrl = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

    private readonly JsonSchema _decp;
    private readonly JsonSchema _ocdsReleasePackage;

    public OpenDataSchemas()
    {
        _decp = Load("OpenData.decp.schema_decp_v2.0.3.json", null);
        var release = Load("OpenData.ocds.release-schema.json", null);
        _ocdsReleasePackage = Load("OpenData.ocds.release-package-schema.json", release);
    }

    /// <summary>The errors of a whole DECP document (<c>{"marches":{"marche":[...]}}</c>); empty when it is valid.</summary>
    public IReadOnlyList<string> ValidateDecp(string json) => Validate(_decp, json);

    /// <summary>The errors of an OCDS 1.1.5 release package; empty when it is valid.</summary>
    public IReadOnlyList<string> ValidateOcdsReleasePackage(string json) => Validate(_ocdsReleasePackage, json);

    private static IReadOnlyList<string> Validate(JsonSchema schema, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ICollection<ValidationError> errors;
        try
        {
            errors = schema.Validate(json);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return [string.Create(CultureInfo.InvariantCulture, $"$: InvalidJson ({e.Message})")];
        }

        var list = new List<string>();
        Flatten(errors, list);
        return list;
    }

    /// <summary>Errors under anyOf/oneOf carry the failures of each branch as children: they are listed after their parent.</summary>
    private static void Flatten(IEnumerable<ValidationError> errors, List<string> list)
    {
        foreach (var error in errors)
        {
            var path = string.IsNullOrEmpty(error.Path) ? "$" : error.Path.TrimStart('#', '/');
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "$" : path)}: {error.Kind}"));
            if (error is ChildSchemaValidationError child)
            {
                foreach (var branch in child.Errors.Values)
                {
                    Flatten(branch, list);
                }
            }
        }
    }

    private static JsonSchema Load(string resource, JsonSchema? ocdsRelease)
    {
        using var stream = typeof(OpenDataSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded schema {resource} is missing.");
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        // Synchronous on purpose: a singleton built once at first use; the resolver never does I/O.
        return JsonSchema.FromJsonAsync(json, resource, schema => new LocalOnlyResolver(schema, ocdsRelease), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    /// <summary>Resolves the OCDS release schema's URL to the embedded copy; refuses every other file or URL.</summary>
    private sealed class LocalOnlyResolver(JsonSchema root, JsonSchema? ocdsRelease)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            ocdsRelease is not null && string.Equals(url, OcdsReleaseSchemaUrl, StringComparison.Ordinal)
                ? Task.FromResult<IJsonReference>(ocdsRelease)
                : throw new InvalidOperationException($"Open-data schemas are never fetched: no local copy of {url}.");

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Open-data schemas are never read from files: no local copy of {filePath}.");
    }
}
