using Microsoft.AspNetCore.Identity;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>
/// Absolute links for e-mails: from App:PublicBaseUrl, never from the request's Host header (a forged Host would send
/// the victim a link to another site). Only Development, where the setting may be empty, falls back to the request.
/// </summary>
public sealed class AccountLinks(IConfiguration configuration, IHttpContextAccessor httpContextAccessor, IHostEnvironment environment)
{
    public string BaseUrl()
    {
        var configured = configuration[Infrastructure.Security.PublicBaseUrl.Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().TrimEnd('/');
        }

        if (!environment.IsDevelopment())
        {
            // The start-up check refuses to run without it; this guards any other host that skipped that check.
            throw new InvalidOperationException("App:PublicBaseUrl must be set outside Development.");
        }

        var request = httpContextAccessor.HttpContext?.Request
            ?? throw new InvalidOperationException("App:PublicBaseUrl must be set to build links outside a request.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    public string SetPassword(string email, string token) => Build("/Account/SetPassword", email, token);

    public string ResetPassword(string email, string token) => Build("/Account/ResetPassword", email, token);

    private string Build(string path, string email, string token) =>
        $"{BaseUrl()}{path}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
}

/// <summary>Writes and queues the invitation and password-reset e-mails.</summary>
public sealed class AccountEmails(
    UserManager<AppUser> userManager,
    EmailTemplates templates,
    AccountLinks links,
    IMailer mailer,
    Microsoft.Extensions.Options.IOptions<InvitationTokenProviderOptions> invitationOptions,
    Microsoft.Extensions.Options.IOptions<DataProtectionTokenProviderOptions> resetOptions,
    TimeProvider clock)
{
    public async Task<long> SendInvitationAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var token = await userManager.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        return await SendAsync("invitation", user, links.SetPassword(user.Email, token), invitationOptions.Value.TokenLifespan, cancellationToken);
    }

    public async Task<long> SendPasswordResetAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        return await SendAsync("password-reset", user, links.ResetPassword(user.Email, token), resetOptions.Value.TokenLifespan, cancellationToken);
    }

    private Task<long> SendAsync(string template, AppUser user, string link, TimeSpan lifespan, CancellationToken cancellationToken)
    {
        var (subject, body) = templates.Render(template, new Dictionary<string, string>
        {
            ["DisplayName"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName,
            ["Email"] = user.Email,
            ["Link"] = link,
            ["Expires"] = Fr.Instant(clock.GetUtcNow().UtcDateTime + lifespan),
        });
        return mailer.QueueAsync(new EmailMessage(user.Email, subject, body), cancellationToken);
    }
}
