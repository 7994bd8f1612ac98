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
