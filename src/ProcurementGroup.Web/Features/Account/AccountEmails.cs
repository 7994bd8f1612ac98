using Microsoft.AspNetCore.Identity;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>The e-mail texts of templates/emails: first line the subject, then the body, with {Placeholders}.</summary>
public sealed class EmailTemplates(IWebHostEnvironment environment)
{
    public (string Subject, string Body) Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(Find(name)).ReplaceLineEndings("\n");
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (text.Trim(), string.Empty) : (text[..newline].Trim(), text[(newline + 1)..]);
    }

    private string Find(string name)
    {
        // Copied beside the app by the build; the source folder serves when running from the repository.
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "templates", "emails", name + ".txt"),
            Path.Combine(environment.ContentRootPath, "templates", "emails", name + ".txt"),
            Path.Combine(environment.ContentRootPath, "..", "..", "templates", "emails", name + ".txt"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"E-mail template {name}.txt not found in templates/emails.", candidates[0]);
    }
}

/// <summary>Absolute links for e-mails: from App:PublicBaseUrl when set (behind a proxy), else from the current request.</summary>
public sealed class AccountLinks(IConfiguration configuration, IHttpContextAccessor httpContextAccessor)
{
    public string BaseUrl()
    {
        var configured = configuration["App:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
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
