using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Platform;

public sealed class DataProtectionTests
{
    [Fact]
    public async Task TwoNodes_OverTheSameDatabase_ShareDataProtectionKeys()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pg-tests", "dp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "shared.db");

        using var first = new SharedDatabaseTestApp(database);
        var protectedByFirst = first.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("ProcurementGroup.Tests").Protect("jeton de connexion");

        using var second = new SharedDatabaseTestApp(database);
        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("ProcurementGroup.Tests").Unprotect(protectedByFirst);

        Assert.Equal("jeton de connexion", unprotected);

        // The key ring lives in the database table, not in a folder of either node.
        await using var connection = new SqliteConnection(DbConnectionFactory.SqliteConnectionString(database));
        var keys = (await connection.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys")).ToList();
        Assert.Single(keys);
        Assert.Contains("<key ", keys[0], StringComparison.Ordinal);
    }
}
