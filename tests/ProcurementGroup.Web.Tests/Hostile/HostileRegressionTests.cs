using System.Net;
using Dapper;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>Defects the hostile corpus found, each pinned by a direct test.</summary>
public sealed class HostileRegressionTests(TestApp app) : IClassFixture<TestApp>
{
    // The noncharacter U+FFFE made Identity's lookup normaliser (string.Normalize) throw: a 500 instead of a refusal.
    [Fact]
    public async Task Login_EmailWithNoncharacter_IsRefusedInFrench_Not500()
    {
        var client = app.NewClient();
        var response = await client.PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>
        {
            ["Email"] = "admin\uFFFE@demo.local",
            ["Password"] = "Demo!2026-procurement",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var summary = document.QuerySelector(".validation-summary-errors")?.TextContent ?? string.Empty;
        Assert.Contains("incorrect", summary, StringComparison.Ordinal);
        Assert.Empty(HostileHarness.EnglishIn(summary));
    }

    [Fact]
    public async Task ForgotPassword_EmailWithNoncharacter_Not500()
    {
        var client = app.NewClient();
        var response = await client.PostFormAsync("/Account/ForgotPassword", "/Account/ForgotPassword", new Dictionary<string, string>
        {
            ["Email"] = "\uFFFE\uFFFF",
        });

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
    }

    // The users' folded search text (SearchText.Fold) threw on the same character.
    [Fact]
    public async Task Invite_DisplayNameWithNoncharacter_CreatesTheAccount_Not500()
    {
        var admin = await app.LoginAsync("admin@demo.local");
        var response = await admin.PostFormAsync("/Users/Invite", "/Users/Invite", new Dictionary<string, string>
        {
            ["Email"] = "noncaractere@example.org",
            ["DisplayName"] = "Élu \uFFFE test",
            ["Roles"] = "Finance",
        });

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        await using var connection = await app.ConnectionFactory.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Users WHERE Email = 'noncaractere@example.org'"));
    }
}
