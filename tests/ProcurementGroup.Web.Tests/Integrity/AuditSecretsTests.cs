using System.Net;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Tests.Accounts;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Integrity;

/// <summary>The audit log keeps who did what, never a password or a token (retention, issue 6).</summary>
public sealed class AuditSecretsTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    [Fact]
    public void ToJson_MasksSecretsWhateverObjectAFeatureHandsOver()
    {
        var json = AuditTrail.ToJson(new
        {
            Email = "agent@test.local",
            PasswordHash = "AQAAAAIAAYagAAAAEHash",
            NewPassword = "mon mot de passe",
            Token = "CfDJ8-jeton",
            SecurityStamp = "STAMP42",
            HasPassword = true,
            Nested = new[] { new { ResetToken = "jeton-imbriqué", RecoveryCodes = new[] { "code-1", "code-2" }, Name = "visible" } },
        })!;

        Assert.Contains("agent@test.local", json, StringComparison.Ordinal);
        Assert.Contains("visible", json, StringComparison.Ordinal);
        Assert.Contains("\"HasPassword\":true", json, StringComparison.Ordinal);
        foreach (var secret in new[] { "AQAAAAIAAYagAAAAEHash", "mon mot de passe", "CfDJ8-jeton", "STAMP42", "jeton-imbriqué", "code-1", "code-2" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InvitationAndPasswordFlows_LeaveNoPasswordNorTokenInTheAuditLog()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("secret");
        var invited = await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite",
        [
            new("Email", email),
            new("DisplayName", "Agent Discret"),
            new("Roles", Roles.Finance),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        var link = AccountsTestApp.LinkIn(Assert.Single(await app.OutboxForAsync(email)).TextBody, "/Account/SetPassword");
        var visitor = app.NewClient();
        var page = await visitor.GetDocumentAsync(link);
        var token = page.QuerySelector("input[name=Token]")!.GetAttribute("value")!;
        const string password = "un mot de passe très secret";
        var set = await visitor.PostFormAsync(link, "/Account/SetPassword", new Dictionary<string, string>
        {
            ["Email"] = page.QuerySelector("input[name=Email]")!.GetAttribute("value")!,
            ["Token"] = token,
            ["NewPassword"] = password,
            ["ConfirmPassword"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await app.LoginAsync(email, password);

        var hash = await app.ScalarAsync<string>("SELECT PasswordHash FROM Users WHERE Email = @email", new { email });
        var stamp = await app.ScalarAsync<string>("SELECT SecurityStamp FROM Users WHERE Email = @email", new { email });
        var userId = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });

        // The log tells the story (invited, then the invitation accepted) ...
        Assert.Equal(2L, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'User' AND EntityId = @userId AND Action IN ('Invited', 'InvitationAccepted')", new { userId }));

        // ... and holds none of the secrets, in any row.
        foreach (var secret in new[] { password, token, Uri.EscapeDataString(token), hash, stamp })
        {
            Assert.Equal(0L, await app.ScalarAsync<long>(
                "SELECT COUNT(*) FROM AuditLog WHERE instr(COALESCE(BeforeJson, '') || COALESCE(AfterJson, ''), @secret) > 0", new { secret }));
        }
    }
}

/// <summary>Two administrators editing the same account: the second is told, the first's change stays.</summary>
public sealed class UserConcurrencyTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    [Fact]
    public async Task UserEdit_TwoAdministratorsFromTheSamePage_SecondGets409_FirstKept()
    {
        var email = AccountsTestApp.NewEmail("partage");
        var id = await app.CreateUserAsync(email, "Camille", [Roles.Finance]);
        var page = $"/Users/Edit/{id}";
        var one = await app.NewAdminAsync();
        var two = await app.NewAdminAsync();
        string Stamp(AngleSharp.Html.Dom.IHtmlDocument doc) => doc.QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!;
        var stampOne = Stamp(await one.GetDocumentAsync(page));
        var stampTwo = Stamp(await two.GetDocumentAsync(page));
        List<KeyValuePair<string, string>> Fields(string name, string stamp) =>
            [new("DisplayName", name), new("Roles", Roles.Finance), new("ConcurrencyStamp", stamp)];

        var first = await one.PostFieldsAsync(page, page, Fields("Camille Durand", stampOne));
        var second = await two.PostFieldsAsync(page, page, Fields("Camille Dupont", stampTwo));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = await second.BodyAsync();
        Assert.Contains("Quelqu'un d'autre a modifié ce compte", body, StringComparison.Ordinal);
        Assert.Contains("value=\"Camille Dupont\"", body, StringComparison.Ordinal);
        Assert.Equal("Camille Durand", await app.ScalarAsync<string>("SELECT DisplayName FROM Users WHERE Id = @id", new { id }));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'User' AND EntityId = @id AND Action = 'Updated'", new { id }));
    }
}
