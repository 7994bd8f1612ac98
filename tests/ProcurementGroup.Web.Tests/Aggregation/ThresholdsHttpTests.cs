using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Aggregation;

public sealed class ThresholdsHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        _ = app.Server;
        await using var c = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private static Dictionary<string, string> Fields(string amount) => new()
    {
        ["Kind"] = "7",
        ["ValidFrom"] = "01/01/2024",
        ["ValidUntil"] = string.Empty,
        ["Amount"] = amount,
        ["Article"] = "R2196-1",
    };

    [Fact]
    public async Task Admin_EditsAThreshold_TypedTolerantly_AndItIsAudited()
    {
        var id = await ScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 7");
        var admin = await app.LoginAsync("admin@demo.local");
        var page = $"/Thresholds/Edit/{id}";
        var fields = Fields("45 000,50 €");
        fields["Version"] = (await admin.GetDocumentAsync(page)).QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        var response = await admin.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(4_500_050, await ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id }));
        var audit = await ScalarAsync<string>(
            "SELECT AfterJson FROM AuditLog WHERE EntityType = 'ProcurementThreshold' AND EntityId = @id AND Action = 'Updated' AND UserEmail = 'admin@demo.local'", new { id });
        Assert.Contains("4500050", audit, StringComparison.Ordinal);

        var list = await admin.GetDocumentAsync("/Thresholds");
        Assert.Contains(new Core.Money.Money(4_500_050).ToString(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")), list.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_BadAmount_FrenchMessage_InputKept_NothingChanged()
    {
        var id = await ScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 6");
        var before = await ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id });
        var admin = await app.LoginAsync("admin@demo.local");
        var page = $"/Thresholds/Edit/{id}";
        var fields = Fields("vingt mille");
        fields["Kind"] = "6";
        var response = await admin.PostFormAsync(page, page, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("Saisissez un montant en euros", doc.QuerySelector("[data-valmsg-for=Amount]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("vingt mille", doc.QuerySelector("input[name=Amount]")!.GetAttribute("value"));
        Assert.Equal(before, await ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id }));
    }

    [Fact]
    public async Task Admin_OverlappingPeriod_Refused()
    {
        var admin = await app.LoginAsync("admin@demo.local");
        var count = await ScalarAsync<long>("SELECT COUNT(*) FROM ProcurementThresholds");
        var fields = Fields("50000");
        fields["Kind"] = "1";
        fields["ValidFrom"] = "2027-01-01";
        var response = await admin.PostFormAsync("/Thresholds/Create", "/Thresholds/Create", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("chevauche", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(count, await ScalarAsync<long>("SELECT COUNT(*) FROM ProcurementThresholds"));
    }

    [Fact]
    public async Task Officer_Gets403_OnThresholds()
    {
        var id = await ScalarAsync<long>("SELECT Id FROM ProcurementThresholds WHERE Kind = 7");
        var officer = await app.LoginAsync("marches@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/Thresholds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/Thresholds/Edit/{id}")).StatusCode);
        var token = await officer.AntiforgeryTokenAsync("/Account/ChangePassword");
        var fields = Fields("1");
        fields["__RequestVerificationToken"] = token;
        var post = await officer.PostAsync($"/Thresholds/Edit/{id}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.NotEqual(100, await ScalarAsync<long>("SELECT AmountCents FROM ProcurementThresholds WHERE Id = @id", new { id }));
    }
}
