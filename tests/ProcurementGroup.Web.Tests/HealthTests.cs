using Microsoft.Extensions.DependencyInjection;
using System.Net;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests;

public sealed class HealthTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Health_OnMigratedDatabase_Answers200WithoutLogin()
    {
        var response = await app.NewClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}

public sealed class UploadLimitTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Post_LargerThanTheRequestLimit_AnswersTheFrenchTooLargePage()
    {
        var client = await app.LoginAsync("admin@demo.local");
        var token = await client.AntiforgeryTokenAsync("/Members/Import");
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[7 * 1024 * 1024]), "File", "membres.xlsx" },
        };

        var response = await client.PostAsync("/Members/Import", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, body);
        Assert.Contains("Le fichier dépasse la taille autorisée (5 Mo).", body, StringComparison.Ordinal);
        await using var connection = await app.Services.GetRequiredService<ProcurementGroup.Data.Infrastructure.IDbConnectionFactory>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AuditLog WHERE Action = 'Imported'";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }
}
