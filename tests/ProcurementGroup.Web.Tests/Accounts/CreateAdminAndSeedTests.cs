using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

public sealed class CreateAdminAndSeedTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    private async Task<(int Code, string Output, string Error)> RunCreateAdminAsync(string? email, string stdin)
    {
        using var scope = app.Services.CreateScope();
        var command = scope.ServiceProvider.GetRequiredService<CreateAdminCommand>();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await command.RunAsync(email, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task CreateAdmin_WithGoodPassword_CreatesAnAdministratorWhoLogsIn()
    {
        var email = AccountsTestApp.NewEmail("premier.admin");

        var (code, output, _) = await RunCreateAdminAsync(email, "la phrase du premier admin\n");

        Assert.Equal(0, code);
        Assert.Contains("créé", output, StringComparison.Ordinal);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });
        Assert.Equal(Roles.Administrator, await app.ScalarAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }));
        var client = await app.LoginAsync(email, "la phrase du premier admin");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Users")).StatusCode);
    }

    [Fact]
    public async Task CreateAdmin_WithShortPassword_IsRefused_AndCreatesNothing()
    {
        var email = AccountsTestApp.NewEmail("court");

        var (code, _, error) = await RunCreateAdminAsync(email, "trop-court\n");

        Assert.Equal(2, code);
        Assert.Contains("au moins 12 caractères", error, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM Users WHERE Email = @email", new { email }));
    }

    [Fact]
    public async Task CreateAdmin_ForAnExistingEmail_IsRefused()
    {
        var email = AccountsTestApp.NewEmail("existe");
        await app.CreateUserAsync(email, "Existe", [Roles.Finance]);

        var (code, _, error) = await RunCreateAdminAsync(email, "une phrase assez longue\n");

        Assert.Equal(2, code);
        Assert.Contains("Un compte existe déjà", error, StringComparison.Ordinal);
        var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT COUNT(*) FROM UserRoles WHERE UserId = @id AND Role = 'Administrator'", new { id }));
    }

    [Fact]
    public async Task CreateAdmin_WithMalformedEmail_IsRefused()
    {
        var (code, _, error) = await RunCreateAdminAsync("pas une adresse", "une phrase assez longue\n");

        Assert.Equal(2, code);
        Assert.Contains("n'est pas valide", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoAccountsStep_CreatesTheFiveAccounts_WithBuyersLinkedToTheirMembers()
    {
        var amiens = await app.EnsureMemberAsync(DemoAccountsSeedStep.AmiensMember);
        var vimeu = await app.EnsureMemberAsync(DemoAccountsSeedStep.VimeuMember);
        using (var scope = app.Services.CreateScope())
        {
            var step = ActivatorUtilities.CreateInstance<DemoAccountsSeedStep>(scope.ServiceProvider);
            Assert.Equal(30, step.Order);
            await step.SeedAsync(CancellationToken.None);
        }

        foreach (var (email, role) in new[]
        {
            ("admin@demo.local", Roles.Administrator),
            ("marches@demo.local", Roles.ProcurementOfficer),
            ("finances@demo.local", Roles.Finance),
            ("acheteur.amiens@demo.local", Roles.MemberBuyer),
            ("acheteur.vimeu@demo.local", Roles.MemberBuyer),
        })
        {
            var id = await app.ScalarAsync<long>("SELECT Id FROM Users WHERE Email = @email", new { email });
            Assert.Equal(role, await app.ScalarAsync<string>("SELECT Role FROM UserRoles WHERE UserId = @id", new { id }));
        }

        Assert.Equal(amiens, await app.ScalarAsync<long>(
            "SELECT um.MemberId FROM UserMembers um JOIN Users u ON u.Id = um.UserId WHERE u.Email = 'acheteur.amiens@demo.local'"));
        var client = await app.LoginAsync("acheteur.vimeu@demo.local", StartupTasks.DemoPassword);
        var home = await (await client.GetAsync("/")).BodyAsync();
        Assert.Contains(DemoAccountsSeedStep.VimeuMember, home, StringComparison.Ordinal);
        Assert.Equal(vimeu, await app.ScalarAsync<long>(
            "SELECT um.MemberId FROM UserMembers um JOIN Users u ON u.Id = um.UserId WHERE u.Email = 'acheteur.vimeu@demo.local'"));
    }

    [Fact]
    public async Task DemoAccountsStep_WithoutTheMembers_FailsWithAClearMessage()
    {
        // A directory without the two members: the step must stop before creating any account.
        using var scope = app.Services.CreateScope();
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var step = new DemoAccountsSeedStep(administration, new EmptyMembers());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => step.SeedAsync(CancellationToken.None));

        Assert.Contains("CA Amiens Métropole", error.Message, StringComparison.Ordinal);
    }

    private sealed class EmptyMembers : ProcurementGroup.Data.Accounts.IAccountMemberDirectory
    {
        public Task<IReadOnlyList<(long Id, string Name)>> ListIdsAndNamesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<(long Id, string Name)>>([]);
    }
}
