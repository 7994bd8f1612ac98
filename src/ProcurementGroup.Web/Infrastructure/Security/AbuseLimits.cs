using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ProcurementGroup.Web.Infrastructure.Security;

/// <summary>One limit: so many requests per window (a fixed window, no queue).</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>The limits, from configuration (<c>RateLimits:*</c>); the defaults leave ordinary use far below them.</summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "RateLimits";

    /// <summary>Every password or code check: login, the two-factor step, the recovery code, the current password on change.</summary>
    public RateLimitRule Login { get; set; } = new() { PermitLimit = 30 };

    /// <summary>Forgot, reset and set password (e-mails sent, links tried), per client address and account.</summary>
    public RateLimitRule Password { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Spreadsheet and logo uploads, per client address and signed-in user.</summary>
    public RateLimitRule Upload { get; set; } = new() { PermitLimit = 30 };

    /// <summary>All the limited requests of one client address together (many accounts tried from one place).</summary>
    public RateLimitRule PerAddress { get; set; } = new() { PermitLimit = 600 };
}

/// <summary>
/// Issue 6, defect 4: ASP.NET Core's rate limiter on the actions an attacker would repeat. Each is limited per client
/// address AND account (the e-mail typed, else the signed-in user), so one town hall behind one NAT address is not
/// locked out by another user; a looser limit per address caps trying many accounts. Refusals answer 429 with the
/// French status page.
/// </summary>
public static class AbuseLimits
{
    public const string Login = "login";
    public const string Password = "password";
    public const string Upload = "upload";

    private const string KeyItem = "ProcurementGroup.RateLimitKey";

    /// <summary>Every limited action, in one place: controller, action method (its POST), policy.</summary>
    public static readonly IReadOnlyList<(string Controller, string Method, string Policy)> Actions =
    [
        ("Account", "Login", Login),
        ("Account", "LoginWithTwoFactor", Login),
        ("Account", "LoginWithRecoveryCode", Login),
        ("Account", "ForgotPassword", Password),
        ("Account", "ResetPassword", Password),
        ("Account", "SetPassword", Password),
        ("Account", "ChangePassword", Login),
        ("NeedsDocuments", "UploadPost", Upload),
        ("Members", "Import", Upload),
        ("Campaigns", "ImportPost", Upload),
        ("Coordinator", "Edit", Upload),
        ("Offers", "UploadBpu", Upload),
    ];

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.SectionName));
        services.Configure<MvcOptions>(o => o.Conventions.Add(new RateLimitedActionsConvention()));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(Login, context => Partition(context, Login, s => s.Login));
            o.AddPolicy(Password, context => Partition(context, Password, s => s.Password));
            o.AddPolicy(Upload, context => Partition(context, Upload, s => s.Upload));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => Window(Settings(context).PerAddress)));
        });
        return services;
    }

    /// <summary>After authentication: finds who the request is for (reading a small form if needed), then limits.</summary>
    public static IApplicationBuilder UseAbuseLimits(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            {
                context.Items[KeyItem] = Address(context) + "|" + await AccountOfAsync(context);
            }

            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static RateLimitSettings Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, Func<RateLimitSettings, RateLimitRule> rule)
    {
        var key = context.Items[KeyItem] as string ?? Address(context) + "|";
        var settings = Settings(context);
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + key, _ => Window(rule(settings)));
    }

    private static FixedWindowRateLimiterOptions Window(RateLimitRule rule) => new()
    {
        PermitLimit = Math.Max(1, rule.PermitLimit),
        Window = TimeSpan.FromSeconds(Math.Max(1, rule.WindowSeconds)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The e-mail of a login or password form, else the signed-in user, else the user of the two-factor step.</summary>
    private static async Task<string> AccountOfAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType
            && request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true)
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                var email = form["Email"].ToString().Trim();
                if (email.Length > 0)
                {
                    return email.ToUpperInvariant();
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                // A form that cannot be read is refused by the action itself; limit it by address.
            }
        }

        if (context.User.FindFirstValue(ClaimTypes.Email) is { } signedIn)
        {
            return signedIn.ToUpperInvariant();
        }

        var twoFactor = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return twoFactor.Principal?.FindFirstValue(ClaimTypes.Name) is { } userId ? "user:" + userId : string.Empty;
    }

    /// <summary>Puts the policies on the listed POST actions; a listed action that no longer exists stops the start.</summary>
    private sealed class RateLimitedActionsConvention : IApplicationModelConvention
    {
        public void Apply(ApplicationModel application)
        {
            var unmatched = Actions.ToList();
            foreach (var controller in application.Controllers)
            {
                foreach (var action in controller.Actions)
                {
                    var entry = Actions.FirstOrDefault(a =>
                        string.Equals(a.Controller, controller.ControllerName, StringComparison.Ordinal)
                        && string.Equals(a.Method, action.ActionMethod.Name, StringComparison.Ordinal));
                    if (entry.Policy is null || !action.Attributes.OfType<HttpPostAttribute>().Any())
                    {
                        continue;
                    }

                    foreach (var selector in action.Selectors)
                    {
                        selector.EndpointMetadata.Add(new EnableRateLimitingAttribute(entry.Policy));
                    }

                    unmatched.Remove(entry);
                }
            }

            if (unmatched.Count > 0)
            {
                throw new InvalidOperationException(
                    "Rate-limited actions not found: " + string.Join(", ", unmatched.Select(a => $"{a.Controller}.{a.Method}")));
            }
        }
    }
}
