namespace ProcurementGroup.Web.Infrastructure;

/// <summary>The maintenance commands given after <c>--</c> on the command line.</summary>
public static class CommandLine
{
    public static readonly IReadOnlyList<string> Commands = ["migrate", "seed-demo", "create-admin", "backup"];

    /// <summary>Splits a leading command word from the arguments the host reads as configuration.</summary>
    public static (string? Command, string[] Remaining) Split(string[] args)
    {
        // `dotnet ProcurementGroup.Web.dll -- backup ...` passes the separator through; `dotnet run -- ...` does not.
        if (args.Length > 0 && args[0] == "--")
        {
            args = args[1..];
        }

        if (args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal))
        {
            return (args[0], args[1..]);
        }

        return (null, args);
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProcurementGroup.Commands");
        switch (command)
        {
            case "migrate":
                // Migrations already ran in PrepareDatabaseAsync.
                Console.WriteLine("Base de données à jour.");
                return 0;
            case "seed-demo":
                if (!app.Environment.IsDevelopment())
                {
                    logger.LogError("seed-demo est refusé hors de l'environnement Development : aucun compte de démonstration n'est créé.");
                    return 2;
                }

                var seeded = await app.Services.GetRequiredService<StartupTasks>().SeedDemoIfEmptyAsync();
                Console.WriteLine(seeded ? "Données de démonstration créées." : "La base contient déjà des membres : rien n'a été ajouté.");
                return 0;
            case "create-admin":
            {
                using var scope = app.Services.CreateScope();
                var createAdmin = scope.ServiceProvider.GetRequiredService<CreateAdminCommand>();
                return await createAdmin.RunAsync(Option(args, "--email"), Console.In, Console.Out, Console.Error);
            }

            case "backup":
                return await BackupAsync(app, args, logger);
            default:
                logger.LogError("Commande inconnue : {Command}", command);
                return 2;
        }
    }

    private static async Task<int> BackupAsync(WebApplication app, string[] args, ILogger logger)
    {
        var output = Option(args, "--out");
        if (string.IsNullOrWhiteSpace(output))
        {
            logger.LogError("Indiquez le fichier de sauvegarde : -- backup --out FICHIER");
            return 2;
        }

        if (app.Services.GetRequiredService<ProcurementGroup.Data.Infrastructure.DbConnectionFactory>().Provider
            == ProcurementGroup.Data.Infrastructure.DatabaseProvider.SqlServer)
        {
            logger.LogError("La base est sur SQL Server : utilisez la sauvegarde de SQL Server (BACKUP DATABASE).");
            return 2;
        }

        try
        {
            await app.Services.GetRequiredService<Platform.SqliteBackup>().BackupAsync(output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError("La sauvegarde a échoué : {Reason}", ex.Message);
            return 1;
        }

        Console.WriteLine($"Sauvegarde écrite dans {Path.GetFullPath(output)}.");
        return 0;
    }
}
