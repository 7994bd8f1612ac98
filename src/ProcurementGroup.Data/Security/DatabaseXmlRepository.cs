using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Security;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the application database (table DataProtectionKeys), so that
/// every node behind a load balancer reads the same keys: a login cookie or antiforgery token issued by one node is
/// accepted by the others, and keys survive a redeployment.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; the key manager calls it rarely (start-up, key rotation every 90 days),
/// so blocking on the async connection open is acceptable here.
/// </remarks>
public sealed class DatabaseXmlRepository(IDbConnectionFactory factory, TimeProvider clock) : IXmlRepository
{
    private const string SelectAll = "SELECT Xml FROM DataProtectionKeys ORDER BY Id";

    private const string Insert = "INSERT INTO DataProtectionKeys (FriendlyName, Xml, CreatedAtUtc) VALUES (@FriendlyName, @Xml, @CreatedAtUtc)";

    private const string CountByName = "SELECT COUNT(*) FROM DataProtectionKeys WHERE FriendlyName = @FriendlyName";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = factory.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>(SelectAll).Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var name = string.IsNullOrWhiteSpace(friendlyName) ? "key-" + Guid.NewGuid().ToString("N") : friendlyName;
        using var connection = factory.OpenAsync().GetAwaiter().GetResult();

        // Key names are "key-{guid}": a second node never writes the same name, but a retried call might.
        if (connection.ExecuteScalar<long>(CountByName, new { FriendlyName = name }) > 0)
        {
            return;
        }

        connection.Execute(Insert, new
        {
            FriendlyName = name,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        });
    }
}
