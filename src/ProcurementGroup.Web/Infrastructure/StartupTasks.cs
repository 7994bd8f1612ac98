using Microsoft.Data.SqlClient;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Documents.Tenders;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Infrastructure;

/// <summary>What runs before the app serves: reach the database, migrate it, seed the demo in Development.</summary>
public sealed class StartupTasks(
    DbConnectionFactory factory,
    DatabaseOptions options,
    MigrationRunner migrations,
    IServiceProvider services,
    IHostEnvironment environment,
    ILogger<StartupTasks> logger)
{
    public const string DemoPassword = "Demo!2026-procurement";

    public static readonly IReadOnlyList<(string Email, string Role)> DemoAccounts =
    [
        ("admin@demo.local", "Administrateur"),
        ("marches@demo.local", "Service marchés"),
        ("finances@demo.local", "Service financier"),
        ("acheteur.amiens@demo.local", "Acheteur de CA Amiens Métropole"),
        ("acheteur.vimeu@demo.local", "Acheteur de CC du Vimeu"),
    ];

    /// <summary>
    /// Returns false (after one clear log line) when the operator-editable document templates are incomplete or the
    /// database cannot be reached or migrated.
    /// </summary>
    public async Task<bool> PrepareDatabaseAsync(string? command)
    {
        if (!DocumentTemplatesComplete())
        {
            return false;
        }

        if (factory.Provider == DatabaseProvider.SqlServer && !await SqlServerReachableAsync())
        {
            return false;
        }

        try
        {
            migrations.Run();
        }
        catch (Exception ex) when (ex is InvalidOperationException or SqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            logger.LogCritical("La base de données n'a pas pu être mise à jour : {Reason}", ex.Message);
            return false;
        }

        if (command is null && environment.IsDevelopment())
        {
            await SeedDemoIfEmptyAsync();
        }

        return true;
    }

    private bool DocumentTemplatesComplete()
    {
        // Read once at start-up: a missing file or section of templates/tenders or templates/statements stops the app
        // here, not at the first letter or statement.
        try
        {
            services.GetRequiredService<TenderTemplates>();
            services.GetRequiredService<ProcurementGroup.Documents.Statements.StatementTemplates>();
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            logger.LogCritical("Les modèles de documents sont incomplets : {Reason}", ex.Message);
            return false;
        }
    }

    private async Task<bool> SqlServerReachableAsync()
    {
        // Fail fast with one line rather than a stack dump: an unreachable server is an operator's problem, not a bug.
        var builder = new SqlConnectionStringBuilder(factory.ConnectionString) { ConnectTimeout = Math.Max(1, options.StartupTimeoutSeconds) };
        builder.InitialCatalog = "master";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(options.StartupTimeoutSeconds + 5));
        try
        {
            await using var connection = new SqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SqlException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogCritical(
                "SQL Server injoignable ({DataSource}) : {Reason}. Vérifiez ConnectionStrings:Default ; l'application s'arrête.",
                builder.DataSource,
                ex.Message.Split('\n')[0].Trim());
            return false;
        }
    }

    /// <summary>Seeds the demo when the database has no member yet (a fresh Development database).</summary>
    public async Task<bool> SeedDemoIfEmptyAsync()
    {
        await using var connection = await factory.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Members";
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (count > 0)
        {
            return false;
        }

        await SeedDemoAsync();
        return true;
    }

    public async Task SeedDemoAsync()
    {
        using var scope = services.CreateScope();
        foreach (var step in scope.ServiceProvider.GetServices<IDemoSeedStep>().OrderBy(s => s.Order))
        {
            await step.SeedAsync(CancellationToken.None);
        }

        logger.LogInformation("Données de démonstration créées.");
    }

    /// <summary>Registers (or updates) every feature's recurring jobs; Hangfire keeps one definition per id.</summary>
    public void RegisterRecurringJobs()
    {
        var setups = services.GetServices<Platform.IRecurringJobSetup>().ToList();
        if (setups.Count == 0)
        {
            return;
        }

        var manager = services.GetRequiredService<Hangfire.IRecurringJobManager>();
        foreach (var setup in setups)
        {
            setup.Register(manager);
        }
    }

    public Task AnnounceAsync(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine();
            Console.WriteLine($"ProcurementGroup est prêt : {urls}");
            if (environment.IsDevelopment())
            {
                Console.WriteLine($"Comptes de démonstration (mot de passe : {DemoPassword}) :");
                foreach (var (email, role) in DemoAccounts)
                {
                    Console.WriteLine($"  {email,-30} {role}");
                }
            }

            Console.WriteLine();
        });
        return Task.CompletedTask;
    }
}
