using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;

namespace ProcurementGroup.Web.Infrastructure.Security;

/// <summary>
/// Transport: forwarded headers from the reverse proxies named in configuration, HTTPS redirection, HSTS and Secure
/// cookies outside Development, and the security headers on every response.
/// </summary>
public static class TransportSecurity
{
    public const string ReverseProxySection = "ReverseProxy";

    /// <summary>
    /// Only the app's own files: no inline script anywhere (scripts live under wwwroot/js), no inline style either (the
    /// server-side SVG charts use classes and presentation attributes, which CSP does not restrict). Bootstrap's CSS
    /// draws its icons (select arrow, check box, menu button) as data: images, hence img-src data:.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "same-origin";

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the proxies the operator names are believed (loopback by default): a client cannot forge its address
            // (used by rate limits and the audit log) or make a plain-HTTP request look like HTTPS.
            // Not X-Forwarded-Host: the proxy passes the Host through, and links in e-mails come from App:PublicBaseUrl.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var section = configuration.GetSection(ReverseProxySection);
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            if (section.GetValue<int?>("ForwardLimit") is { } limit)
            {
                o.ForwardLimit = limit;
            }
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = configuration.GetValue("Security:HstsIncludeSubDomains", false);
        });

        // One rule for every cookie the app writes (login, antiforgery, culture, TempData): Secure outside Development,
        // where the app is only reached over HTTPS; Development runs on plain http://localhost.
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.HttpOnly = HttpOnlyPolicy.None;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        return services;
    }

    /// <summary>First in the pipeline: headers are set when the response starts, so errors, 404s and static files get them too.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            // The path is read now: sub-pipelines (the dashboard) move it into PathBase before the response starts.
            var policy = PolicyFor(context.Request.Path);
            context.Response.OnStarting(static state =>
            {
                var (http, policy) = ((HttpContext, string))state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = ReferrerPolicy;
                return Task.CompletedTask;
            }, (context, policy));
            return next(context);
        });

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseCookiePolicy();
        return app;
    }

    /// <summary>
    /// The Hangfire dashboard (administrators only) writes inline style attributes in its pages (progress bars, job
    /// state colours), so /hangfire alone allows inline styles; its scripts are files, so script-src stays 'self'.
    /// </summary>
    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments(Platform.PlatformServices.DashboardPath, StringComparison.OrdinalIgnoreCase)
            ? ContentSecurityPolicy.Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
            : ContentSecurityPolicy;
}
