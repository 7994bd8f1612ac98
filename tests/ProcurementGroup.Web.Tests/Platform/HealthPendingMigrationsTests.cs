using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

public sealed class HealthPendingMigrationsTests
{
    [Fact]
    public async Task Health_WhenAMigrationIsPending_Answers503()
    {
        using var app = new TestApp();
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // Forget the last applied script, as if a newer version of the app had not migrated this database yet.
        await using (var connection = new SqliteConnection(DbConnectionFactory.SqliteConnectionString(app.DatabasePath)))
        {
            await connection.ExecuteAsync("DELETE FROM SchemaVersions WHERE SchemaVersionID = (SELECT MAX(SchemaVersionID) FROM SchemaVersions)");
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("migrations pending", await response.Content.ReadAsStringAsync());
    }
}
