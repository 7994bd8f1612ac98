using Microsoft.Data.Sqlite;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>
/// <c>-- backup --out FILE</c>: a consistent copy of the SQLite database through SQLite's online backup API, safe while
/// the application runs (readers and the writer keep working; the copy is a single point in time).
/// </summary>
public sealed class SqliteBackup(DbConnectionFactory factory)
{
    public async Task BackupAsync(string destination, CancellationToken cancellationToken = default)
    {
        if (factory.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("La sauvegarde intégrée ne concerne que SQLite.");
        }

        var target = Path.GetFullPath(destination);
        var directory = Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write to a temporary file first so that a failed backup never leaves a half-written FILE behind.
        var temporary = target + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var source = (SqliteConnection)await factory.OpenAsync(cancellationToken))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                await copy.OpenAsync(cancellationToken);
                source.BackupDatabase(copy);

                // The copy is a standalone file: no WAL beside it.
                await using var command = copy.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
