using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Infrastructure.Seeding;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Accounts;

/// <summary>
/// The app for the accounts tests. They create their own users and members, so they do not depend on the demo data:
/// the demo accounts step is left out here (it is tested on its own), and the security stamp is checked on every
/// request so that "a disabled user's session ends" is observable without waiting a minute.
/// </summary>
public partial class AccountsTestApp : TestApp
{
    public const string Password = "correct horse battery";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var step = services.Single(d => d.ServiceType == typeof(IDemoSeedStep) && d.ImplementationType == typeof(DemoAccountsSeedStep));
            services.Remove(step);
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        });
    }

    public static string NewEmail(string prefix) => $"{prefix}.{Guid.NewGuid():N}@test.local".ToLowerInvariant();

    /// <summary>Creates a user through Identity's UserManager, as the brief asks, and returns its id.</summary>
    public async Task<long> CreateUserAsync(string email, string displayName, string[] roles, string? password = Password, long[]? memberIds = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { Email = email, DisplayName = displayName, EmailConfirmed = true, CreatedAtUtc = DateTime.UtcNow };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            var added = await users.AddToRoleAsync(user, role);
            Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        if (memberIds is { Length: > 0 })
        {
            await using var connection = await Factory.OpenAsync();
            await connection.ExecuteAsync(
                "INSERT INTO UserMembers (UserId, MemberId) VALUES (@UserId, @MemberId)",
                memberIds.Select(m => new { UserId = user.Id, MemberId = m }));
        }

        return user.Id;
    }

    public async Task<HttpClient> NewAdminAsync()
    {
        var email = NewEmail("admin");
        await CreateUserAsync(email, "Admin de test", [Roles.Administrator]);
        return await LoginAsync(email, Password);
    }

    public IDbConnectionFactory Factory => Services.GetRequiredService<IDbConnectionFactory>();

    /// <summary>A member row written directly (the members feature is another helper's); returns the existing one by name if any.</summary>
    public async Task<long> EnsureMemberAsync(string name)
    {
        await using var connection = await Factory.OpenAsync();
        var existing = await connection.QueryFirstOrDefaultAsync<long?>("SELECT MIN(Id) FROM Members WHERE Name = @name", new { name });
        if (existing is not null)
        {
            return existing.Value;
        }

        return await connection.ExecuteScalarAsync<long>(
            Factory.Dialect.InsertReturningId(
                "Members", "Name, NameSearch, Kind, CreatedAtUtc, UpdatedAtUtc", "@Name, @NameSearch, 2, @Now, @Now"),
            new { Name = name, NameSearch = SearchText.Fold(name), Now = DateTime.UtcNow });
    }

    public async Task<IReadOnlyList<(string Subject, string TextBody)>> OutboxForAsync(string email)
    {
        await using var connection = await Factory.OpenAsync();
        var rows = await connection.QueryAsync<(string Subject, string TextBody)>(
            "SELECT Subject, TextBody FROM OutboxMessages WHERE ToAddress = @email ORDER BY Id", new { email });
        return rows.ToList();
    }

    /// <summary>The link an e-mail holds to <paramref name="path"/>, as path and query (the test client's base is its own).</summary>
    public static string LinkIn(string body, string path)
    {
        var match = LinkPattern().Matches(body).FirstOrDefault(m => m.Value.Contains(path, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No link to {path} in the e-mail:\n{body}");
        var uri = new Uri(match.Value);
        Assert.True(uri.IsAbsoluteUri);
        return uri.PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}

public static class FormPosting
{
    /// <summary>Like PostFormAsync, for forms whose fields repeat (checkboxes, multiple selects).</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(this HttpClient client, string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync(formPage);
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
