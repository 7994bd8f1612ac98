using Microsoft.AspNetCore.Authorization;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>Jobs, e-mail, health and data-protection keys.</summary>
public static class PlatformServices
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database)
    {
        return services;
    }

    public static void MapPlatformEndpoints(this WebApplication app)
    {
        app.MapGet("/health", [AllowAnonymous] async (MigrationRunner migrations, IDbConnectionFactory factory) =>
        {
            try
            {
                await using var connection = await factory.OpenAsync();
                return migrations.IsUpToDate() ? Results.Text("ok") : Results.Text("migrations pending", statusCode: 503);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                return Results.Text("database unreachable", statusCode: 503);
            }
        });
    }
}
