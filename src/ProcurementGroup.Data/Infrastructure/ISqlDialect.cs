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
}
