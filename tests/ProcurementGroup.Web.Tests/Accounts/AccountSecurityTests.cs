using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Features.Outbox;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

/// <summary>
/// The accounts app with small rate limits (logins: 40 per 2 s; password pages: 3 per minute) and a password hasher
/// that counts its verifications, so that "every refusal costs one hash" is observable.
/// </summary>
public sealed class AccountSecurityTestApp : AccountsTestApp
{
    public const int LoginPermits = 40;

    public CountingPasswordHasher Hasher { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Login:PermitLimit"] = LoginPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Login:WindowSeconds"] = "2",
        ["RateLimits:Password:PermitLimit"] = "3",
        ["RateLimits:Password:WindowSeconds"] = "60",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<AppUser>>(Hasher));
    }
}

/// <summary>Identity's hasher, counting how many times a password was checked against a hash.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public void Reset() => Interlocked.Exchange(ref _verifications, 0);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Issue 6, defects 4 and 5: lockout that holds in parallel, rate limits, and no account oracle.</summary>
public sealed class AccountSecurityTests(AccountSecurityTestApp app) : IClassFixture<AccountSecurityTestApp>
{
    private static Dictionary<string, string> Credentials(string email, string password) => new()
    {
        ["Email"] = email,
        ["Password"] = password,
    };

    [Fact]
    public async Task Login_100ParallelWrongPasswords_LockTheAccount_AndTheStoredCountEqualsTheCheckedAttempts()
    {
        var email = AccountsTestApp.NewEmail("parallele");
        await app.CreateUserAsync(email, "Parallèle", [Roles.Finance]);
        var client = app.NewClient();
        var token = await client.AntiforgeryTokenAsync("/Account/Login");

        var attempts = Enumerable.Range(0, 100).Select(i => client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = $"mauvais mot de passe {i}",
            ["__RequestVerificationToken"] = token,
        })));
        var responses = await Task.WhenAll(attempts);

        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(100, refused + limited);
        Assert.True(refused >= 5, $"only {refused} attempts reached the password check");
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            Assert.Contains(AccountController.BadCredentials, await response.BodyAsync(), StringComparison.Ordinal);
        }

        // The login window is 2 s: after it, the right password reaches the check and is refused (locked).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var right = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", Credentials(email, AccountsTestApp.Password));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(AccountController.BadCredentials, await right.BodyAsync(), StringComparison.Ordinal);

        Assert.Equal(refused, await app.ScalarAsync<int>("SELECT AccessFailedCount FROM Users WHERE Email = @email", new { email }));
        Assert.NotNull(await app.ScalarAsync<string?>("SELECT LockoutEnd FROM Users WHERE Email = @email", new { email }));
        // Every refusal is in the audit log under the address typed (the right password on a locked account too).
        Assert.Equal(refused + 1, await app.ScalarAsync<int>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'User' AND Action = 'LoginFailed' AND UserEmail = @email", new { email }));
        Assert.Equal(0, await app.ScalarAsync<int>(
            "SELECT COUNT(*) FROM AuditLog WHERE AfterJson LIKE '%mauvais mot de passe%' OR BeforeJson LIKE '%mauvais mot de passe%'"));
    }

    [Fact]
    public async Task ForgotPassword_BeyondTheLimit_Answers429InFrench_WhileAnotherAccountFromTheSameAddressGoesOn()
    {
        var email = AccountsTestApp.NewEmail("limite");
        var other = AccountsTestApp.NewEmail("voisin");
        var client = app.NewClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var fourth = await client.PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });
        var neighbour = await client.PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = other });

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains("Trop de tentatives", await fourth.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_CountsAsAFailure_AndTheFifthEndsTheSession()
    {
        var email = AccountsTestApp.NewEmail("actuel");
        await app.CreateUserAsync(email, "Actuel", [Roles.ProcurementOfficer]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);
        var token = await client.AntiforgeryTokenAsync("/Account/ChangePassword");
        Task<HttpResponseMessage> PostAsync() => client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = "pas le mot de passe actuel",
            ["NewPassword"] = "une phrase de passe neuve",
            ["ConfirmPassword"] = "une phrase de passe neuve",
            ["__RequestVerificationToken"] = token,
        }));

        var first = await PostAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Le mot de passe actuel est incorrect.", await first.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT AccessFailedCount FROM Users WHERE Email = @email", new { email }));
        for (var i = 2; i <= 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync()).StatusCode);
        }

        var fifth = await PostAsync();
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.StartsWith("/Account/Login", fifth.Headers.Location!.PathAndQueryOrSelf(), StringComparison.Ordinal);
        Assert.Equal(5, await app.ScalarAsync<int>("SELECT AccessFailedCount FROM Users WHERE Email = @email", new { email }));
        Assert.NotNull(await app.ScalarAsync<string?>("SELECT LockoutEnd FROM Users WHERE Email = @email", new { email }));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_EveryKindOfRefusal_CostsOneHash_AndShowsTheSameMessage()
    {
        var admin = await app.NewAdminAsync();
        var disabled = AccountsTestApp.NewEmail("eteint");
        var disabledId = await app.CreateUserAsync(disabled, "Éteint", [Roles.Finance]);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Users/Edit/{disabledId}", $"/Users/Disable/{disabledId}", new Dictionary<string, string>())).StatusCode);
        var locked = AccountsTestApp.NewEmail("ferme");
        await app.CreateUserAsync(locked, "Fermé", [Roles.Finance]);
        for (var i = 0; i < 5; i++)
        {
            await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", Credentials(locked, "toujours faux ici"));
        }

        var invited = AccountsTestApp.NewEmail("sansmotdepasse");
        await app.CreateUserAsync(invited, "Sans mot de passe", [Roles.Finance], password: null);
        var wrong = AccountsTestApp.NewEmail("ordinaire");
        await app.CreateUserAsync(wrong, "Ordinaire", [Roles.Finance]);

        (string Email, string Password)[] cases =
        [
            (AccountsTestApp.NewEmail("inconnu"), AccountsTestApp.Password),
            (disabled, AccountsTestApp.Password),
            (locked, AccountsTestApp.Password),
            (invited, AccountsTestApp.Password),
            (wrong, "pas le bon mot de passe"),
        ];
        var messages = new List<string>();
        foreach (var (email, password) in cases)
        {
            var client = app.NewClient();
            var token = await client.AntiforgeryTokenAsync("/Account/Login");
            app.Hasher.Reset();

            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = password,
                ["__RequestVerificationToken"] = token,
            }));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, app.Hasher.Verifications);
            var page = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
            messages.Add(page.QuerySelector("[data-testid=login-errors]")!.TextContent.Trim());
        }

        Assert.All(messages, m => Assert.Equal(AccountController.BadCredentials, m));
    }

    [Fact]
    public async Task ResendInvitation_VoidsTheEarlierLink_AndTheNewOneWorks()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("relance");
        await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", [new("Email", email), new("DisplayName", "Relancé"), new("Roles", Roles.Finance)]);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });

        var resend = await admin.PostFormAsync($"/Users/Edit/{id}", $"/Users/ResendInvitation/{id}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        var mails = await app.OutboxForAsync(email);
        Assert.Equal(2, mails.Count);
        var first = await SetPasswordAsync(AccountsTestApp.LinkIn(mails[0].TextBody, "/Account/SetPassword"), "première phrase choisie");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Ce lien d'invitation n'est plus valide", await first.BodyAsync(), StringComparison.Ordinal);
        var second = await SetPasswordAsync(AccountsTestApp.LinkIn(mails[1].TextBody, "/Account/SetPassword"), "seconde phrase choisie");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        await app.LoginAsync(email, "seconde phrase choisie");
    }

    [Fact]
    public async Task OutboxDetails_MasksTheLinkToken_AndTheStoredMessageKeepsIt()
    {
        var email = AccountsTestApp.NewEmail("boite");
        await app.CreateUserAsync(email, "Boîte", [Roles.Finance]);
        await app.NewClient().PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });
        var stored = Assert.Single(await app.OutboxForAsync(email)).TextBody;
        var link = AccountsTestApp.LinkIn(stored, "/Account/ResetPassword");
        var token = System.Web.HttpUtility.ParseQueryString(new Uri("http://localhost" + link).Query)["token"]!;
        Assert.True(token.Length > 20);
        var id = await app.ScalarAsync<long>("SELECT Id FROM OutboxMessages WHERE ToAddress = @email", new { email });
        var admin = await app.NewAdminAsync();

        var page = await admin.GetDocumentAsync($"/Outbox/Details/{id}");

        var body = page.QuerySelector("[data-testid=body]")!.TextContent;
        Assert.Contains("/Account/ResetPassword?email=", body, StringComparison.Ordinal);
        Assert.Contains("token=" + OutboxDisplay.Mask, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(token), page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SetPasswordAsync(string link, string password)
    {
        var visitor = app.NewClient();
        var page = await visitor.GetDocumentAsync(link);
        return await visitor.PostFormAsync(link, "/Account/SetPassword", new Dictionary<string, string>
        {
            ["Email"] = page.QuerySelector("input[name=Email]")!.GetAttribute("value")!,
            ["Token"] = page.QuerySelector("input[name=Token]")!.GetAttribute("value")!,
            ["NewPassword"] = password,
            ["ConfirmPassword"] = password,
        });
    }
}
