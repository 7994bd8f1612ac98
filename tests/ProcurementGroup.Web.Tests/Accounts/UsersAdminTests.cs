using System.Globalization;
using System.Net;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

public sealed class UsersAdminTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    private static List<KeyValuePair<string, string>> InviteFields(string? email, string? name, IEnumerable<string> roles, IEnumerable<long>? members = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Email", email ?? string.Empty),
            new("DisplayName", name ?? string.Empty),
        };
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        fields.AddRange((members ?? []).Select(m => new KeyValuePair<string, string>("MemberIds", m.ToString(CultureInfo.InvariantCulture))));
        return fields;
    }

    [Fact]
    public async Task Users_ForNonAdministrator_Answers403()
    {
        var email = AccountsTestApp.NewEmail("marches");
        await app.CreateUserAsync(email, "Marchés", [Roles.ProcurementOfficer, Roles.Finance]);
        var client = await app.LoginAsync(email, AccountsTestApp.Password);

        var list = await client.GetAsync("/Users");
        var invite = await client.GetAsync("/Users/Invite");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        Assert.Contains("Accès refusé", await list.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_CreatesTheAccountWithRolesAndMembers_AndQueuesAnEmailWithAnAbsoluteLink()
    {
        var admin = await app.NewAdminAsync();
        var memberId = await app.EnsureMemberAsync("CC Test Invitation");
        var email = AccountsTestApp.NewEmail("invite");

        var response = await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", InviteFields(email, "Camille Invitée", [Roles.MemberBuyer], [memberId]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });
        Assert.Null(await app.ScalarAsync<string?>("SELECT PasswordHash FROM Users WHERE Id = @id", new { id }));
        Assert.Equal(Roles.MemberBuyer, await app.ScalarAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }));
        Assert.Equal(memberId, await app.ScalarAsync<long>("SELECT MemberId FROM UserMembers WHERE UserId = @id", new { id }));

        var mail = Assert.Single(await app.OutboxForAsync(email));
        Assert.Contains("invitation", mail.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bonjour Camille Invitée", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("http://localhost/Account/SetPassword?email=", mail.TextBody, StringComparison.Ordinal);

        var audit = await app.ScalarAsync<string>(
            "SELECT AfterJson FROM AuditLog WHERE EntityType = 'User' AND EntityId = @id AND Action = 'Invited'", new { id });
        Assert.Contains(email, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvitedUser_SetsPasswordThroughTheLink_ThenLogsIn_AndTheLinkServesOnce()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("nouveau");
        await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", InviteFields(email, "Nouvel Agent", [Roles.Finance]));
        var link = AccountsTestApp.LinkIn(Assert.Single(await app.OutboxForAsync(email)).TextBody, "/Account/SetPassword");
        var visitor = app.NewClient();
        var page = await visitor.GetDocumentAsync(link);
        var fields = new Dictionary<string, string>
        {
            ["Email"] = page.QuerySelector("input[name=Email]")!.GetAttribute("value")!,
            ["Token"] = page.QuerySelector("input[name=Token]")!.GetAttribute("value")!,
            ["NewPassword"] = "mon premier mot de passe",
            ["ConfirmPassword"] = "mon premier mot de passe",
        };

        var set = await visitor.PostFormAsync(link, "/Account/SetPassword", fields);

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.StartsWith("/Account/Login", set.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(await app.ScalarAsync<bool>("SELECT EmailConfirmed FROM Users WHERE Email = @email", new { email }));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM AuditLog a JOIN Users u ON u.Id = a.EntityId WHERE a.EntityType = 'User' AND a.Action = 'InvitationAccepted' AND u.Email = @email", new { email }));
        var client = await app.LoginAsync(email, "mon premier mot de passe");
        Assert.Contains("Nouvel Agent", await (await client.GetAsync("/")).BodyAsync(), StringComparison.Ordinal);

        fields["NewPassword"] = fields["ConfirmPassword"] = "un autre mot de passe ici";
        var again = await app.NewClient().PostFormAsync(link, "/Account/SetPassword", fields);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Ce lien d'invitation n'est plus valide", await again.BodyAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pas-une-adresse", "Nom", "Finance", "L'adresse électronique n'est pas valide")]
    [InlineData("ok@test.local", "", "Finance", "Le nom est obligatoire.")]
    [InlineData("ok@test.local", "Nom", "", "Choisissez au moins un rôle.")]
    [InlineData("ok@test.local", "Nom", "MemberBuyer", "Un acheteur doit agir pour au moins un membre")]
    public async Task Invite_WithBadInput_ShowsTheFrenchMessageNextToTheField_AndSavesNothing(string email, string name, string role, string message)
    {
        var admin = await app.NewAdminAsync();
        var uniqueEmail = email.Contains('@', StringComparison.Ordinal) ? AccountsTestApp.NewEmail("bad") : email;
        var usersBefore = await app.ScalarAsync<long>("SELECT COUNT(*) FROM Users");
        var auditBefore = await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog");

        var response = await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", InviteFields(uniqueEmail, name, role.Length == 0 ? [] : [role]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var errors = document.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent).ToList();
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Equal(uniqueEmail, document.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Equal(usersBefore, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Users"));
        Assert.Equal(auditBefore, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog"));
        Assert.Empty(await app.OutboxForAsync(uniqueEmail));
    }

    [Fact]
    public async Task Invite_DuplicateEmail_IsRefusedWhateverTheCase()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("double");
        await app.CreateUserAsync(email, "Déjà là", [Roles.Finance]);

        var response = await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", InviteFields(email.ToUpperInvariant(), "Doublon", [Roles.Finance]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Un compte existe déjà pour cette adresse électronique.", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Users WHERE NormalizedEmail = @n", new { n = email.ToUpperInvariant() }));
    }

    [Fact]
    public async Task Edit_ChangesRolesAndMembers_WithAuditBeforeAndAfter()
    {
        var admin = await app.NewAdminAsync();
        var memberId = await app.EnsureMemberAsync("CC Test Édition");
        var email = AccountsTestApp.NewEmail("edition");
        var id = await app.CreateUserAsync(email, "Édith", [Roles.Finance]);

        var fields = InviteFields(null, "Édith Martin", [Roles.MemberBuyer], [memberId]);
        fields.Add(new("ConcurrencyStamp", (await admin.GetDocumentAsync($"/Users/Edit/{id}")).QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!));
        var response = await admin.PostFieldsAsync($"/Users/Edit/{id}", $"/Users/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Roles.MemberBuyer, await app.ScalarAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }));
        Assert.Equal(memberId, await app.ScalarAsync<long>("SELECT MemberId FROM UserMembers WHERE UserId = @id", new { id }));
        Assert.Equal("Édith Martin", await app.ScalarAsync<string>("SELECT DisplayName FROM Users WHERE Id = @id", new { id }));
        var before = await app.ScalarAsync<string>("SELECT BeforeJson FROM AuditLog WHERE EntityId = @id AND EntityType = 'User' AND Action = 'Updated'", new { id });
        var after = await app.ScalarAsync<string>("SELECT AfterJson FROM AuditLog WHERE EntityId = @id AND EntityType = 'User' AND Action = 'Updated'", new { id });
        Assert.Contains("Finance", before, StringComparison.Ordinal);
        Assert.Contains("MemberBuyer", after, StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SearchesNameWithoutAccents_AndSortsByName()
    {
        var admin = await app.NewAdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync(AccountsTestApp.NewEmail("b"), $"Zoé Écrivain {tag}", [Roles.Finance]);
        await app.CreateUserAsync(AccountsTestApp.NewEmail("a"), $"Amélie Écrivain {tag}", [Roles.Finance]);

        var document = await admin.GetDocumentAsync($"/Users?q=ecrivain%20{tag}&sort=Name");

        var names = document.QuerySelectorAll("[data-testid=users] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal([$"Amélie Écrivain {tag}", $"Zoé Écrivain {tag}"], names);

        var descending = await admin.GetDocumentAsync($"/Users?q=ECRIVAIN%20{tag}&sort=NameDesc");
        Assert.Equal($"Zoé Écrivain {tag}", descending.QuerySelector("[data-testid=users] tbody tr td")!.TextContent.Trim());
    }

    [Fact]
    public async Task DisabledUser_CannotLogIn_AndItsOpenSessionEnds()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("desactive");
        var id = await app.CreateUserAsync(email, "Désactivé", [Roles.Finance]);
        var session = await app.LoginAsync(email, AccountsTestApp.Password);

        var disable = await admin.PostFormAsync($"/Users/Edit/{id}", $"/Users/Disable/{id}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.True(await app.ScalarAsync<bool>("SELECT IsDisabled FROM Users WHERE Id = @id", new { id }));
        var home = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Login", home.Headers.Location!.PathAndQueryOrSelf(), StringComparison.Ordinal);
        var login = await app.NewClient().PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = AccountsTestApp.Password,
        });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        // Issue 6, defect 5: the right password on a disabled account answers like a wrong one.
        var body = await login.BodyAsync();
        Assert.Contains(AccountController.BadCredentials, body, StringComparison.Ordinal);
        Assert.DoesNotContain("désactivé", body, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityId = @id AND EntityType = 'User' AND Action = 'Disabled'", new { id }));

        await admin.PostFormAsync($"/Users/Edit/{id}", $"/Users/Enable/{id}", new Dictionary<string, string>());
        await app.LoginAsync(email, AccountsTestApp.Password);
    }

    [Fact]
    public async Task Edit_AdministratorCannotRemoveTheirOwnAdministratorRole()
    {
        var email = AccountsTestApp.NewEmail("moi");
        var id = await app.CreateUserAsync(email, "Moi", [Roles.Administrator]);
        var admin = await app.LoginAsync(email, AccountsTestApp.Password);

        var response = await admin.PostFieldsAsync($"/Users/Edit/{id}", $"/Users/Edit/{id}", InviteFields(null, "Moi", [Roles.Finance]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Vous ne pouvez pas retirer votre propre rôle d'administrateur.", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(Roles.Administrator, await app.ScalarAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }));
    }

    [Fact]
    public async Task ResendInvitation_QueuesASecondEmail()
    {
        var admin = await app.NewAdminAsync();
        var email = AccountsTestApp.NewEmail("relance");
        await admin.PostFieldsAsync("/Users/Invite", "/Users/Invite", InviteFields(email, "Relance", [Roles.Finance]));
        var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });

        var response = await admin.PostFormAsync($"/Users/Edit/{id}", $"/Users/ResendInvitation/{id}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2, (await app.OutboxForAsync(email)).Count);
    }
}
