using System.Net;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

public sealed class PasswordResetTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    private async Task<HttpResponseMessage> ForgotAsync(string email) =>
        await app.NewClient().PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });

    [Fact]
    public async Task ForgotPassword_AnswersTheSameForUnknownAndKnownAddresses_AndOnlyTheKnownOneGetsAnEmail()
    {
        var known = AccountsTestApp.NewEmail("connu");
        var unknown = AccountsTestApp.NewEmail("inconnu");
        await app.CreateUserAsync(known, "Connu", [Roles.Finance]);

        var forKnown = await ForgotAsync(known);
        var forUnknown = await ForgotAsync(unknown);

        Assert.Equal(HttpStatusCode.OK, forKnown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forUnknown.StatusCode);
        var knownAnswer = (await HttpClientForms.ParseAsync(await forKnown.Content.ReadAsStringAsync())).QuerySelector("[data-testid=forgot-answer]")!.TextContent;
        var unknownAnswer = (await HttpClientForms.ParseAsync(await forUnknown.Content.ReadAsStringAsync())).QuerySelector("[data-testid=forgot-answer]")!.TextContent;
        Assert.Equal(AccountController.ForgotPasswordAnswer, knownAnswer);
        Assert.Equal(knownAnswer, unknownAnswer);
        var mail = Assert.Single(await app.OutboxForAsync(known));
        Assert.Contains("/Account/ResetPassword?email=", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(await app.OutboxForAsync(unknown));
    }

    [Fact]
    public async Task ResetPassword_ThroughTheLink_SetsTheNewPassword_AndLiftsALockout()
    {
        var email = AccountsTestApp.NewEmail("oubli");
        await app.CreateUserAsync(email, "Oubli", [Roles.Finance]);
        for (var i = 0; i < 5; i++)
        {
            await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "toujours pas le bon" });
        }

        Assert.NotNull(await app.ScalarAsync<string?>("SELECT LockoutEnd FROM Users WHERE Email = @email", new { email }));
        await ForgotAsync(email);
        var link = AccountsTestApp.LinkIn(Assert.Single(await app.OutboxForAsync(email)).TextBody, "/Account/ResetPassword");
        var client = app.NewClient();
        var page = await client.GetDocumentAsync(link);

        var response = await client.PostFormAsync(link, "/Account/ResetPassword", new Dictionary<string, string>
        {
            ["Email"] = page.QuerySelector("input[name=Email]")!.GetAttribute("value")!,
            ["Token"] = page.QuerySelector("input[name=Token]")!.GetAttribute("value")!,
            ["NewPassword"] = "nouvelle phrase secrète",
            ["ConfirmPassword"] = "nouvelle phrase secrète",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.LoginAsync(email, "nouvelle phrase secrète");
    }

    [Fact]
    public async Task ResetPassword_WithAForgedToken_IsRefusedInFrench()
    {
        var email = AccountsTestApp.NewEmail("forge");
        await app.CreateUserAsync(email, "Forge", [Roles.Finance]);
        var link = $"/Account/ResetPassword?email={Uri.EscapeDataString(email)}&token=invente";

        var response = await app.NewClient().PostFormAsync(link, "/Account/ResetPassword", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Token"] = "invente",
            ["NewPassword"] = "nouvelle phrase secrète",
            ["ConfirmPassword"] = "nouvelle phrase secrète",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ce lien n'est plus valide", await response.BodyAsync(), StringComparison.Ordinal);
        await app.LoginAsync(email, AccountsTestApp.Password);
    }
}
