using System.Net;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

public sealed class LoginTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    private static Dictionary<string, string> Credentials(string email, string password) => new()
    {
        ["Email"] = email,
        ["Password"] = password,
    };

    [Fact]
    public async Task Login_WithRightPassword_RedirectsHomeWhichShowsTheUser()
    {
        var email = AccountsTestApp.NewEmail("jeanne");
        await app.CreateUserAsync(email, "Jeanne Lefèvre", [Roles.Finance]);
        var client = app.NewClient();

        var response = await client.PostFormAsync("/Account/Login", "/Account/Login", Credentials(email, AccountsTestApp.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var body = await home.BodyAsync();
        Assert.Contains("Bonjour Jeanne Lefèvre", body, StringComparison.Ordinal);
        Assert.Contains("Service financier", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithLocalReturnUrl_GoesThere_AndIgnoresAnExternalOne()
    {
        var email = AccountsTestApp.NewEmail("retour");
        await app.CreateUserAsync(email, "Retour", [Roles.Finance]);

        var local = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>(Credentials(email, AccountsTestApp.Password))
        {
            ["ReturnUrl"] = "/Account/ChangePassword",
        });
        var external = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>(Credentials(email, AccountsTestApp.Password))
        {
            ["ReturnUrl"] = "https://evil.example/steal",
        });

        Assert.Equal("/Account/ChangePassword", local.Headers.Location!.OriginalString);
        Assert.Equal("/", external.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Answers200WithFrenchMessage()
    {
        var email = AccountsTestApp.NewEmail("faux");
        await app.CreateUserAsync(email, "Faux", [Roles.Finance]);

        var response = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", Credentials(email, "pas le bon mot de passe"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Adresse électronique ou mot de passe incorrect.", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownEmail_GetsTheSameMessage()
    {
        var response = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", Credentials(AccountsTestApp.NewEmail("inconnu"), "peu importe ici"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Adresse électronique ou mot de passe incorrect.", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AfterFiveFailures_IsLockedEvenWithTheRightPassword()
    {
        var email = AccountsTestApp.NewEmail("verrou");
        await app.CreateUserAsync(email, "Verrou", [Roles.Finance]);
        var client = app.NewClient();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostFormAsync("/Account/Login", "/Account/Login", Credentials(email, "mauvais mot de passe"));
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var sixth = await client.PostFormAsync("/Account/Login", "/Account/Login", Credentials(email, AccountsTestApp.Password));

        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        // Issue 6, defect 5: a locked account answers like any wrong attempt (only real accounts can be locked).
        var body = await sixth.BodyAsync();
        Assert.Contains("Adresse électronique ou mot de passe incorrect.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("verrouillé", body, StringComparison.Ordinal);
        var lockoutEnd = await app.ScalarAsync<string?>("SELECT LockoutEnd FROM Users WHERE Email = @email", new { email });
        Assert.NotNull(lockoutEnd);
        var end = DateTimeOffset.Parse(lockoutEnd, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(end - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));
    }

    [Fact]
    public async Task LoginPost_WithoutAntiforgeryToken_Answers400()
    {
        var email = AccountsTestApp.NewEmail("csrf");
        await app.CreateUserAsync(email, "Csrf", [Roles.Finance]);

        var response = await app.NewClient().PostAsync("/Account/Login", new FormUrlEncodedContent(Credentials(email, AccountsTestApp.Password)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Home_Anonymous_RedirectsToLogin()
    {
        var response = await app.NewClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQueryOrSelf(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_HasLabelledFieldsWithAutocomplete()
    {
        var document = await app.NewClient().GetDocumentAsync("/Account/Login");

        var email = document.QuerySelector("input[name=Email]")!;
        var password = document.QuerySelector("input[name=Password]")!;
        Assert.Equal("username", email.GetAttribute("autocomplete"));
        Assert.Equal("current-password", password.GetAttribute("autocomplete"));
        Assert.Equal("password", password.GetAttribute("type"));
        Assert.NotNull(document.QuerySelector($"label[for={email.Id}]"));
        Assert.NotNull(document.QuerySelector($"label[for={password.Id}]"));
    }

    [Fact]
    public async Task ChangePassword_ShorterThan12_IsRefusedInFrench_AndTheOldPasswordStillWorks()
    {
        var email = AccountsTestApp.NewEmail("court");
        await app.CreateUserAsync(email, "Court", [Roles.Finance]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);

        var response = await client.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountsTestApp.Password,
            ["NewPassword"] = "court-123",
            ["ConfirmPassword"] = "court-123",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Le mot de passe doit contenir au moins 12 caractères.", await response.BodyAsync(), StringComparison.Ordinal);
        await app.LoginAsync(email, AccountsTestApp.Password);
    }

    [Fact]
    public async Task ChangePassword_TwelveSameCharacters_IsRefusedByIdentityInFrench()
    {
        var email = AccountsTestApp.NewEmail("repet");
        await app.CreateUserAsync(email, "Répétition", [Roles.Finance]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);

        var response = await client.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountsTestApp.Password,
            ["NewPassword"] = "aaaaaaaaaaaa",
            ["ConfirmPassword"] = "aaaaaaaaaaaa",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("au moins 4 caractères différents", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_Valid_NewPasswordLogsIn_OldOneNoLonger()
    {
        var email = AccountsTestApp.NewEmail("change");
        await app.CreateUserAsync(email, "Change", [Roles.Finance]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);
        const string NewPassword = "une phrase de passe neuve";

        var response = await client.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountsTestApp.Password,
            ["NewPassword"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await app.LoginAsync(email, NewPassword);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.LoginAsync(email, AccountsTestApp.Password));
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var email = AccountsTestApp.NewEmail("sortie");
        await app.CreateUserAsync(email, "Sortie", [Roles.Finance]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);

        var response = await client.PostFormAsync("/", "/Account/Logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

internal static class UriExtensions
{
    public static string PathAndQueryOrSelf(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
