namespace ProcurementGroup.Data.Infrastructure;

/// <summary>
/// The few places where SQLite and SQL Server disagree. Repositories write every other statement in the subset both accept;
/// these differences live here and nowhere else.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>An INSERT that returns the new row's Id as a scalar.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary>An INSERT … SELECT that returns one column of each row it inserted (the rows the SELECT found).</summary>
    string InsertSelectReturning(string table, string columns, string select, string returnedColumn);

    /// <summary>Appends paging to a statement that already ends with ORDER BY; uses @Skip and @Take.</summary>
    string Page(string orderedSelect);

    /// <summary>Limits a statement that already ends with ORDER BY to its first @Take rows.</summary>
    string Top(string orderedSelect);

    /// <summary>Inserts or updates one row by its key columns.</summary>
    string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns);

    /// <summary>A predicate that is true when <paramref name="column"/> contains @<paramref name="parameter"/> (already folded by the caller).</summary>
    string Contains(string column, string parameter);

    /// <summary>
    /// Adds @Count to the counter row keyed by @Key (creating it at @Count) and returns the new value, holding the row's
    /// write lock until the caller's transaction ends: two transactions taking numbers from the same counter are
    /// serialised, and a rolled-back transaction gives its numbers back, so the numbers taken stay gapless.
    /// </summary>
    string TakeFromCounter(string table, string keyColumn, string valueColumn);

    /// <summary>
    /// An INSERT of many rows sent as one JSON text, @Rows: an array with one array per row holding the values of
    /// <paramref name="rowColumns"/> in their order; <paramref name="fixedColumns"/> take the parameter of their own name
    /// (@Column) in every row. The rows are inserted in the array's order. Null when the provider has no such statement:
    /// the caller then inserts the rows one by one.
    /// </summary>
    string? InsertJsonRows(string table, IReadOnlyList<string> fixedColumns, IReadOnlyList<string> rowColumns);

    /// <summary>
    /// Run on a connection before a transaction writes many rows (<see cref="BulkWriteEnd"/> after it), or null: settings
    /// for a write whose index entries do not come in index order.
    /// </summary>
    string? BulkWriteStart { get; }

    /// <summary>Puts back what <see cref="BulkWriteStart"/> changed, on the same connection (pooled), or null.</summary>
    string? BulkWriteEnd { get; }
}

public sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING Id";

    public string InsertSelectReturning(string table, string columns, string select, string returnedColumn) =>
        $"INSERT INTO {table} ({columns}) {select} RETURNING {returnedColumn}";

    public string Page(string orderedSelect) => orderedSelect + " LIMIT @Take OFFSET @Skip";

    public string Top(string orderedSelect) => orderedSelect + " LIMIT @Take";

    public string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns)
    {
        var all = keyColumns.Concat(otherColumns).ToList();
        var set = otherColumns.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", otherColumns.Select(c => $"{c} = excluded.{c}"));
        return $"INSERT INTO {table} ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(c => "@" + c))}) " +
               $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO {set}";
    }

    public string Contains(string column, string parameter) => $"instr({column}, @{parameter}) > 0";

    // The caller's transaction is BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): it holds the database's write lock
    // from its start, so no other writer runs between this statement and the commit.
    public string TakeFromCounter(string table, string keyColumn, string valueColumn) =>
        $"INSERT INTO {table} ({keyColumn}, {valueColumn}) VALUES (@Key, @Count) " +
        $"ON CONFLICT ({keyColumn}) DO UPDATE SET {valueColumn} = {valueColumn} + excluded.{valueColumn} RETURNING {valueColumn}";

    // One statement per batch of rows instead of one per row: json_each walks the array in order, json_extract gives each
    // value its JSON type (integer, text or NULL), which the columns' affinity keeps.
    public string? InsertJsonRows(string table, IReadOnlyList<string> fixedColumns, IReadOnlyList<string> rowColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", fixedColumns.Concat(rowColumns))}) " +
        $"SELECT {string.Join(", ", fixedColumns.Select(c => "@" + c).Concat(rowColumns.Select((_, i) => $"json_extract(value, '$[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]')")))} " +
        "FROM json_each(@Rows) ORDER BY key";

    // A run of 1,000,000 shares adds about 25 MB of index entries to RunShares in an order that is not theirs: within
    // SQLite's default 2 MB page cache the pages were written to the WAL and read back again and again (seconds of I/O).
    // 64 MB for the write; the pooled connection then goes back to the default, which frees the pages above it.
    public string? BulkWriteStart => "PRAGMA cache_size = -65536";

    public string? BulkWriteEnd => "PRAGMA cache_size = -2000";
}

public sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.Id VALUES ({values})";

    public string InsertSelectReturning(string table, string columns, string select, string returnedColumn) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.{returnedColumn} {select}";

    public string Page(string orderedSelect) => orderedSelect + " OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";

    public string Top(string orderedSelect) => orderedSelect + " OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY";

    public string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns)
    {
        var all = keyColumns.Concat(otherColumns).ToList();
        var on = string.Join(" AND ", keyColumns.Select(c => $"t.{c} = s.{c}"));
        var update = otherColumns.Count == 0
            ? string.Empty
            : " WHEN MATCHED THEN UPDATE SET " + string.Join(", ", otherColumns.Select(c => $"t.{c} = s.{c}"));
        return $"MERGE {table} WITH (HOLDLOCK) AS t USING (SELECT {string.Join(", ", all.Select(c => $"@{c} AS {c}"))}) AS s ON {on}" +
               update +
               $" WHEN NOT MATCHED THEN INSERT ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(c => "s." + c))});";
    }

    public string Contains(string column, string parameter) => $"CHARINDEX(@{parameter}, {column}) > 0";

    // UPDLOCK + HOLDLOCK: the row (or, for a new key, its key range) stays locked until the transaction ends, so a second
    // transaction waits here instead of reading the same value.
    public string TakeFromCounter(string table, string keyColumn, string valueColumn) =>
        $"MERGE {table} WITH (UPDLOCK, HOLDLOCK) AS t USING (SELECT @Key AS {keyColumn}) AS s ON t.{keyColumn} = s.{keyColumn}" +
        $" WHEN MATCHED THEN UPDATE SET t.{valueColumn} = t.{valueColumn} + @Count" +
        $" WHEN NOT MATCHED THEN INSERT ({keyColumn}, {valueColumn}) VALUES (s.{keyColumn}, @Count)" +
        $" OUTPUT INSERTED.{valueColumn};";

    // Rows go one by one through a re-bound command (OPENJSON would need compatibility level 130 and is not used).
    public string? InsertJsonRows(string table, IReadOnlyList<string> fixedColumns, IReadOnlyList<string> rowColumns) => null;

    public string? BulkWriteStart => null;

    public string? BulkWriteEnd => null;
}
