using Microsoft.AspNetCore.Authorization;

namespace ProcurementGroup.Web.Infrastructure.Authorization;

/// <summary>
/// Deny by default: every endpoint names who may reach it, by a named policy or [AllowAnonymous]. A bare [Authorize]
/// (any signed-in user, said by omission) does not count: name <see cref="Policies.SignedIn"/> instead. Checked for every
/// endpoint by DenyByDefaultTests, and logged at start-up in Development.
/// </summary>
public static class EndpointAccess
{
    /// <summary>Why the endpoint does not declare who may reach it, or null when it does.</summary>
    public static string? MissingDeclaration(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return null;
        }

        var data = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (data.Count == 0)
        {
            return "neither a named policy nor [AllowAnonymous]";
        }

        return data.Any(d => string.IsNullOrEmpty(d.Policy)) ? "a bare [Authorize] (name a policy, e.g. Policies.SignedIn)" : null;
    }

    /// <summary>In Development, says loudly at start-up which endpoints declare nothing (the fallback policy still asks for a login).</summary>
    public static void ReportUndeclared(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var undeclared = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true
                && !(e.DisplayName?.StartsWith("Fallback ", StringComparison.Ordinal) == true && e.RoutePattern.RawText == "{**path:file}"))
            .Select(e => (e.DisplayName, Why: MissingDeclaration(e)))
            .Where(e => e.Why is not null)
            .Select(e => $"{e.DisplayName}: {e.Why}")
            .ToList();
        if (undeclared.Count > 0)
        {
            app.Logger.LogCritical("Deny by default: {Count} endpoint(s) declare no access rule:\n{Endpoints}", undeclared.Count, string.Join('\n', undeclared));
        }
    }
}
