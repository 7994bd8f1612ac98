using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.TwoFactor;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

/// <summary>The accounts app with two-factor authentication required for Finance (as production requires it for Administrator and Finance).</summary>
public sealed class TwoFactorTestApp : AccountsTestApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:RequireTwoFactorForRoles", Roles.Finance);
    }
}

/// <summary>RFC 6238 (TOTP: HMAC-SHA1, 30-second steps, 6 digits) over an RFC 4648 base32 key, as an authenticator app computes it.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var counter = at.ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xFF);
            counter >>= 8;
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((buffer >> (bits - 8)) & 0xFF));
                bits -= 8;
            }
        }

        return bytes.ToArray();
    }
}

/// <summary>Two-factor authentication (issue 6): enabling with a TOTP code, logging in with a code or a recovery code, the required roles.</summary>
public sealed class TwoFactorTests(TwoFactorTestApp app) : IClassFixture<TwoFactorTestApp>
{
    private static Dictionary<string, string> Credentials(string email) => new()
    {
        ["Email"] = email,
        ["Password"] = AccountsTestApp.Password,
    };

    [Fact]
    public async Task RequiredRole_WithoutTwoFactor_IsSentToEnableItBeforeAnythingElse_OtherRolesAreNot()
    {
        var finance = AccountsTestApp.NewEmail("finances");
        await app.CreateUserAsync(finance, "Finances", [Roles.Finance]);
        var officer = AccountsTestApp.NewEmail("marches");
        await app.CreateUserAsync(officer, "Marchés", [Roles.ProcurementOfficer]);
        var financeClient = await app.LoginAsync(finance, AccountsTestApp.Password);
        var officerClient = await app.LoginAsync(officer, AccountsTestApp.Password);

        var home = await financeClient.GetAsync("/");
        var password = await financeClient.GetAsync("/Account/ChangePassword");
        var enable = await financeClient.GetAsync("/TwoFactor/Enable");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/TwoFactor/Enable", home.Headers.Location!.PathAndQueryOrSelf());
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Contains("Votre rôle exige la double authentification", await enable.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await officerClient.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Enable_WithATotpCode_ThenLoginAsksForTheCode_AndTheRequiredRoleReachesTheApp()
    {
        var email = AccountsTestApp.NewEmail("totp");
        var id = await app.CreateUserAsync(email, "Totp", [Roles.Finance]);
        var (client, key, codes) = await EnableAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(TwoFactorController.RecoveryCodeCount, codes.Count);
        Assert.True(await app.ScalarAsync<bool>("SELECT TwoFactorEnabled FROM Users WHERE Id = @id", new { id }));
        Assert.Equal(TwoFactorController.RecoveryCodeCount, await app.ScalarAsync<int>("SELECT COUNT(*) FROM UserRecoveryCodes WHERE UserId = @id", new { id }));
        // Stored hashed: no code appears as such.
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM UserRecoveryCodes WHERE CodeHash IN @codes", new { codes }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'User' AND EntityId = @id AND Action = 'TwoFactorEnabled'", new { id }));

        var visitor = app.NewClient();
        var password = await visitor.PostFormAsync("/Account/Login", "/Account/Login", Credentials(email));
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/Account/LoginWithTwoFactor", password.Headers.Location!.PathAndQueryOrSelf(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync("/")).StatusCode);

        var wrong = await visitor.PostFormAsync("/Account/LoginWithTwoFactor", "/Account/LoginWithTwoFactor", new Dictionary<string, string> { ["Code"] = WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Le code est incorrect ou a expiré", await wrong.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND Action = 'TwoFactorLoginFailed'", new { id }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND (AfterJson LIKE @key OR AfterJson LIKE '%AuthenticatorKey%')", new { id, key = "%" + key + "%" }));

        var right = await visitor.PostFormAsync("/Account/LoginWithTwoFactor", "/Account/LoginWithTwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task RecoveryCode_LogsInOnce_AndNotTwice()
    {
        var email = AccountsTestApp.NewEmail("secours");
        var id = await app.CreateUserAsync(email, "Secours", [Roles.ProcurementOfficer]);
        var (_, _, codes) = await EnableAsync(email);

        var first = await LoginWithRecoveryCodeAsync(email, codes[3].ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/")).StatusCode);
        Assert.Equal(TwoFactorController.RecoveryCodeCount - 1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM UserRecoveryCodes WHERE UserId = @id", new { id }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND Action = 'RecoveryCodeUsed' AND UserEmail = @email", new { id, email }));

        var second = await LoginWithRecoveryCodeAsync(email, codes[3]);
        Assert.Equal(HttpStatusCode.OK, second.Response.StatusCode);
        Assert.Contains("Ce code de récupération est incorrect ou a déjà servi.", await second.Response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.Client.GetAsync("/")).StatusCode);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND Action = 'RecoveryCodeLoginFailed'", new { id }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE AfterJson LIKE @code OR BeforeJson LIKE @code", new { code = "%" + codes[3] + "%" }));
    }

    [Fact]
    public async Task RegeneratedRecoveryCodes_ReplaceTheOldOnes()
    {
        var email = AccountsTestApp.NewEmail("renouvelle");
        var id = await app.CreateUserAsync(email, "Renouvelle", [Roles.ProcurementOfficer]);
        var (client, _, oldCodes) = await EnableAsync(email);

        var regenerated = await client.PostFormAsync("/TwoFactor", "/TwoFactor/RecoveryCodes", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        var newCodes = await CodesInAsync(regenerated);
        Assert.Equal(TwoFactorController.RecoveryCodeCount, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND Action = 'RecoveryCodesRegenerated'", new { id }));
        Assert.Equal(HttpStatusCode.OK, (await LoginWithRecoveryCodeAsync(email, oldCodes[0])).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginWithRecoveryCodeAsync(email, newCodes[0])).Response.StatusCode);
    }

    [Fact]
    public async Task Disable_WithACode_WorksForAnOptionalRole_AndIsRefusedForARequiredOne()
    {
        var officer = AccountsTestApp.NewEmail("optionnel");
        var officerId = await app.CreateUserAsync(officer, "Optionnel", [Roles.ProcurementOfficer]);
        var (officerClient, officerKey, _) = await EnableAsync(officer);
        var finance = AccountsTestApp.NewEmail("oblige");
        var financeId = await app.CreateUserAsync(finance, "Obligé", [Roles.Finance]);
        var (financeClient, financeKey, _) = await EnableAsync(finance);

        var disabled = await officerClient.PostFormAsync("/TwoFactor", "/TwoFactor/Disable", new Dictionary<string, string> { ["Code"] = Totp.Code(officerKey, DateTimeOffset.UtcNow) });
        var kept = await financeClient.PostFormAsync("/TwoFactor", "/TwoFactor/Disable", new Dictionary<string, string> { ["Code"] = Totp.Code(financeKey, DateTimeOffset.UtcNow) });

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False(await app.ScalarAsync<bool>("SELECT TwoFactorEnabled FROM Users WHERE Id = @officerId", new { officerId }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT COUNT(*) FROM UserRecoveryCodes WHERE UserId = @officerId", new { officerId }));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @officerId AND Action = 'TwoFactorDisabled'", new { officerId }));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.True(await app.ScalarAsync<bool>("SELECT TwoFactorEnabled FROM Users WHERE Id = @financeId", new { financeId }));
        Assert.Contains("ne peut pas être désactivée", await (await financeClient.GetAsync("/TwoFactor")).BodyAsync(), StringComparison.Ordinal);
    }

    /// <summary>Logs in, reads the shared key on the enable page, answers it with a computed code; returns the session, the key and the codes shown.</summary>
    private async Task<(HttpClient Client, string Key, IReadOnlyList<string> Codes)> EnableAsync(string email)
    {
        var client = await app.LoginAsync(email, AccountsTestApp.Password);
        var page = await client.GetDocumentAsync("/TwoFactor/Enable");
        var key = page.QuerySelector("[data-testid=shared-key]")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var uri = page.QuerySelector("[data-testid=authenticator-uri]")!.TextContent;
        Assert.StartsWith("otpauth://totp/ProcurementGroup:", uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + key, uri, StringComparison.Ordinal);

        var wrong = await client.PostFormAsync("/TwoFactor/Enable", "/TwoFactor/Enable", new Dictionary<string, string> { ["Code"] = WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Le code est incorrect ou a expiré", await wrong.BodyAsync(), StringComparison.Ordinal);

        var enabled = await client.PostFormAsync("/TwoFactor/Enable", "/TwoFactor/Enable", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        return (client, key, await CodesInAsync(enabled));
    }

    private async Task<(HttpClient Client, HttpResponseMessage Response)> LoginWithRecoveryCodeAsync(string email, string code)
    {
        var client = app.NewClient();
        var password = await client.PostFormAsync("/Account/Login", "/Account/Login", Credentials(email));
        Assert.StartsWith("/Account/LoginWithTwoFactor", password.Headers.Location!.PathAndQueryOrSelf(), StringComparison.Ordinal);
        var response = await client.PostFormAsync("/Account/LoginWithRecoveryCode", "/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["RecoveryCode"] = code });
        return (client, response);
    }

    private static async Task<IReadOnlyList<string>> CodesInAsync(HttpResponseMessage response)
    {
        var page = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        return page.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
    }

    /// <summary>A code that is not valid in the window the server accepts (two steps either side).</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}
