using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// A hash per table of every row of the application's SQLite file, to tell whether a refused request changed anything.
/// Left out, because they change by design when a request is refused or merely read:
/// <list type="bullet">
/// <item><c>DataProtectionKeys</c>: the key ring is written the first time anything (a cookie, an antiforgery token) is protected.</item>
/// <item><c>Users.AccessFailedCount</c>, <c>LockoutEnd</c>, <c>ConcurrencyStamp</c>: a refused password counts towards lockout (issue 6, item 4).</item>
/// <item><c>AuditLog</c> rows whose action records a refused attempt or a lockout (…Failed, …Locked…): audited on purpose.</item>
/// </list>
/// Hangfire's tables live in their own file and are not read.
/// </summary>
public static class DatabaseChecksum
{
    private static readonly HashSet<string> IgnoredTables = new(StringComparer.OrdinalIgnoreCase) { "DataProtectionKeys", "schemaversions" };

    private static readonly HashSet<string> IgnoredUserColumns = new(StringComparer.OrdinalIgnoreCase) { "AccessFailedCount", "LockoutEnd", "ConcurrencyStamp" };

    /// <summary>Table name → hash of its rows.</summary>
    public static IReadOnlyDictionary<string, string> Compute(string databasePath)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables.Where(t => !IgnoredTables.Contains(t)))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            var sb = new StringBuilder();
            while (reader.Read())
            {
                sb.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var column = reader.GetName(i);
                    if (table.Equals("Users", StringComparison.OrdinalIgnoreCase) && IgnoredUserColumns.Contains(column))
                    {
                        continue;
                    }

                    sb.Append(column).Append('=').Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001F');
                }

                if (table.Equals("AuditLog", StringComparison.OrdinalIgnoreCase) && IsRefusedAttemptAudit(reader))
                {
                    continue;
                }

                rows.Add(sb.ToString());
            }

            // Order-independent: the rows are sorted, so a table without a defined order still hashes the same.
            rows.Sort(StringComparer.Ordinal);
            result[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001E', rows))));
        }

        return result;
    }

    /// <summary>The tables whose hash differs (added or removed tables included).</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(t => !before.TryGetValue(t, out var b) || !after.TryGetValue(t, out var a) || b != a)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsRefusedAttemptAudit(SqliteDataReader reader)
    {
        // Whatever the accounts feature names them (LoginFailed, PasswordChangeFailed, LockedOut…): refused attempts are audited by design.
        var action = reader["Action"] as string ?? string.Empty;
        return action.Contains("Fail", StringComparison.OrdinalIgnoreCase)
            || action.Contains("Locked", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// A cheap "did anything commit?" probe: SQLite's <c>PRAGMA data_version</c> on a connection kept open changes whenever
/// another connection commits, so the full checksum is recomputed only after a commit.
/// </summary>
public sealed class DatabaseWatch : IDisposable
{
    private readonly SqliteConnection _connection;

    public DatabaseWatch(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
    }

    public long DataVersion()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _connection.Dispose();
}
