using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>An endpoint of the app as the matrix names it: method (ANY when the action takes every method) and route ("/Members/Details", "/Aggregation/{campaignId:long}/Export").</summary>
public sealed record EndpointKey(string Method, string Route)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>The app's own endpoint list (EndpointDataSource), without the static files (wwwroot, anonymous by design).</summary>
public static class AppEndpoints
{
    public static IReadOnlyList<(EndpointKey Key, Endpoint Endpoint)> List(IServiceProvider services)
    {
        var result = new List<(EndpointKey, Endpoint)>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            // Endpoints kept for link generation only (the conventional route itself) are never matched.
            if (endpoint is not RouteEndpoint route || IsStaticFile(route) || endpoint.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching == true)
            {
                continue;
            }

            // An action without [HttpGet]/[HttpPost] answers every method: ANY (the antiforgery filter still covers POST).
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods)
            {
                result.Add((new EndpointKey(method, RouteOf(route)), endpoint));
            }
        }

        return result;
    }

    /// <summary>Conventional routes are named /Controller/Action; attribute and minimal routes by their template.</summary>
    private static string RouteOf(RouteEndpoint endpoint)
    {
        var action = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>();
        if (action is not null && action.AttributeRouteInfo is null)
        {
            return $"/{action.ControllerName}/{action.ActionName}";
        }

        return "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
    }

    /// <summary>wwwroot's files, and in Development the static files' fallback ({**path:file}) for files added since the build.</summary>
    private static bool IsStaticFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is null
        && (endpoint.Metadata.Any(m => m.GetType().FullName?.StartsWith("Microsoft.AspNetCore.StaticAssets.", StringComparison.Ordinal) == true)
            || (endpoint.DisplayName?.StartsWith("Fallback ", StringComparison.Ordinal) == true && endpoint.RoutePattern.RawText == "{**path:file}"));

    /// <summary>The app's own rule (<see cref="Web.Infrastructure.Authorization.EndpointAccess"/>).</summary>
    public static string? MissingDeclaration(Endpoint endpoint) => Web.Infrastructure.Authorization.EndpointAccess.MissingDeclaration(endpoint);
}
