using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// The schema each script folder defines, read the way each engine sees it: tables and columns (with their storage
/// class and nullability) and indexes.
/// </summary>
public static class SqlSchemas
{
    public static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static TSqlFragment Parse(string sql, out IList<ParseError> errors)
    {
        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        return parser.Parse(reader, out errors);
    }

    /// <summary>SQL Server: the tables and their column names.</summary>
    public static Dictionary<string, HashSet<string>> SqlServer() => ColumnNames(SqlServerSchema());

    /// <summary>SQLite: the tables and their column names.</summary>
    public static Dictionary<string, HashSet<string>> Sqlite() => ColumnNames(SqliteSchema());

    /// <summary>
    /// The storage class both engines agree on for a declared type: SQLite's type affinity (INTEGER, TEXT, REAL, BLOB,
    /// NUMERIC) and the SQL Server types the app stores in it (dates are ISO text on SQLite, booleans 0/1 integers).
    /// </summary>
    public static string StorageClass(string declaredType)
    {
        var type = declaredType.Trim().ToUpperInvariant();
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            type = type[..paren].Trim();
        }

        return type switch
        {
            "INTEGER" or "INT" or "BIGINT" or "SMALLINT" or "TINYINT" or "BIT" => "INTEGER",
            "TEXT" or "NVARCHAR" or "VARCHAR" or "NCHAR" or "CHAR" or "NTEXT" or "DATE" or "DATETIME2" or "DATETIME"
                or "DATETIMEOFFSET" or "TIME" or "UNIQUEIDENTIFIER" => "TEXT",
            "REAL" or "FLOAT" or "DOUBLE" => "REAL",
            "BLOB" or "VARBINARY" or "BINARY" or "IMAGE" => "BLOB",
            "NUMERIC" or "DECIMAL" or "MONEY" => "NUMERIC",
            _ => "unknown type " + type,
        };
    }

    /// <summary>SQL Server: CREATE/ALTER/DROP statements of the embedded scripts, parsed by ScriptDom.</summary>
    public static Schema SqlServerSchema() =>
        SqlServerSchema(MigrationRunner.ScriptNames(DatabaseProvider.SqlServer).Select(n => (n, MigrationRunner.ReadScript(n))));

    public static Schema SqlServerSchema(IEnumerable<(string Name, string Sql)> scripts)
    {
        var schema = new Schema();
        foreach (var (name, sql) in scripts)
        {
            var fragment = Parse(sql, out var errors);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{name}: {errors[0].Message}");
            }

            fragment.Accept(new SchemaVisitor(schema));
        }

        return schema;
    }

    /// <summary>SQLite: the embedded scripts run on an in-memory database, then read back through the pragmas.</summary>
    public static Schema SqliteSchema() =>
        SqliteSchema(MigrationRunner.ScriptNames(DatabaseProvider.Sqlite).Select(MigrationRunner.ReadScript));

    public static Schema SqliteSchema(IEnumerable<string> scripts)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var sql in scripts)
        {
            connection.Execute(sql);
        }

        var schema = new Schema();
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToList())
        {
            var columns = schema.Table(table);
            foreach (var column in connection.Query<(string Name, string Type, long NotNull, long Pk)>(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table)", new { table }))
            {
                // A primary key column never holds NULL in this schema (INTEGER PRIMARY KEY is the rowid).
                columns[column.Name] = new Column(StorageClass(column.Type), Nullable: column.NotNull == 0 && column.Pk == 0);
            }

            foreach (var index in connection.Query<(string Name, long Unique, long Partial)>(
                "SELECT name, \"unique\", partial FROM pragma_index_list(@table) WHERE origin = 'c'", new { table }))
            {
                var keys = connection.Query<string>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name = index.Name });
                schema.Indexes[index.Name] = new Index(table, string.Join(", ", keys), index.Unique == 1, index.Partial == 1);
            }
        }

        return schema;
    }

    /// <summary>
    /// Where the two providers' schemas differ: a table, a column, a column's storage class or nullability, an index
    /// (table, keys in order, unique, filtered). Empty when they describe the same schema.
    /// </summary>
    public static List<string> Differences(Schema sqlite, Schema sqlServer)
    {
        var differences = new List<string>();
        foreach (var table in sqlite.Tables.Keys.Union(sqlServer.Tables.Keys, Names).Order(Names))
        {
            if (!sqlite.Tables.TryGetValue(table, out var left) || !sqlServer.Tables.TryGetValue(table, out var right))
            {
                differences.Add($"table {table}: only in {(left is null ? "SQL Server" : "SQLite")}");
                continue;
            }

            foreach (var column in left.Keys.Union(right.Keys, Names).Order(Names))
            {
                var inSqlite = left.GetValueOrDefault(column);
                var inSqlServer = right.GetValueOrDefault(column);
                if (inSqlite != inSqlServer)
                {
                    differences.Add($"{table}.{column}: SQLite [{inSqlite?.ToString() ?? "absent"}], SQL Server [{inSqlServer?.ToString() ?? "absent"}]");
                }
            }
        }

        foreach (var index in sqlite.Indexes.Keys.Union(sqlServer.Indexes.Keys, Names).Order(Names))
        {
            var inSqlite = sqlite.Indexes.GetValueOrDefault(index);
            var inSqlServer = sqlServer.Indexes.GetValueOrDefault(index);
            if (inSqlite is null || inSqlServer is null || !inSqlite.SameAs(inSqlServer))
            {
                differences.Add($"index {index}: SQLite [{inSqlite?.ToString() ?? "absent"}], SQL Server [{inSqlServer?.ToString() ?? "absent"}]");
            }
        }

        return differences;
    }

    /// <summary>The numbers missing from 1 to the highest number among script file names "0001_name.sql".</summary>
    public static List<int> MissingNumbers(IEnumerable<string> fileNames)
    {
        var numbers = fileNames.Select(f => int.Parse(f.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture)).ToHashSet();
        return numbers.Count == 0 ? [] : Enumerable.Range(1, numbers.Max()).Where(n => !numbers.Contains(n)).ToList();
    }

    private static Dictionary<string, HashSet<string>> ColumnNames(Schema schema) =>
        schema.Tables.ToDictionary(t => t.Key, t => new HashSet<string>(t.Value.Keys, Names), Names);

    /// <summary>Tables (name → column → shape) and indexes (name → definition) of one provider.</summary>
    public sealed class Schema
    {
        public Dictionary<string, Dictionary<string, Column>> Tables { get; } = new(Names);

        public Dictionary<string, Index> Indexes { get; } = new(Names);

        public Dictionary<string, Column> Table(string name)
        {
            if (!Tables.TryGetValue(name, out var columns))
            {
                columns = new Dictionary<string, Column>(Names);
                Tables[name] = columns;
            }

            return columns;
        }
    }

    public sealed record Column(string StorageClass, bool Nullable)
    {
        public override string ToString() => StorageClass + (Nullable ? " NULL" : " NOT NULL");
    }

    /// <summary>An index: its table, key columns in order (case-folded), unique, filtered (WHERE).</summary>
    public sealed record Index(string Table, string Keys, bool Unique, bool Partial)
    {
        public bool SameAs(Index other) =>
            Names.Equals(Table, other.Table) && Names.Equals(Keys, other.Keys) && Unique == other.Unique && Partial == other.Partial;

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{(Unique ? "UNIQUE " : string.Empty)}ON {Table} ({Keys}){(Partial ? " WHERE …" : string.Empty)}");
    }

    private sealed class SchemaVisitor(Schema schema) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(CreateTableStatement node)
        {
            var columns = schema.Table(node.SchemaObjectName.BaseIdentifier.Value);
            var primaryKey = node.Definition.TableConstraints
                .OfType<UniqueConstraintDefinition>()
                .Where(c => c.IsPrimaryKey)
                .SelectMany(c => c.Columns.Select(k => k.Column.MultiPartIdentifier.Identifiers[^1].Value))
                .ToHashSet(Names);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns[column.ColumnIdentifier.Value] = Shape(column, primaryKey.Contains(column.ColumnIdentifier.Value));
            }
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            var columns = schema.Table(node.SchemaObjectName.BaseIdentifier.Value);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns[column.ColumnIdentifier.Value] = Shape(column, inPrimaryKey: false);
            }
        }

        public override void ExplicitVisit(AlterTableAlterColumnStatement node)
        {
            var columns = schema.Table(node.SchemaObjectName.BaseIdentifier.Value);
            if (node.DataType is not null)
            {
                var nullable = node.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull;
                columns[node.ColumnIdentifier.Value] = new Column(StorageClass(node.DataType.Name.BaseIdentifier.Value), nullable);
            }
        }

        public override void ExplicitVisit(AlterTableDropTableElementStatement node)
        {
            var columns = schema.Table(node.SchemaObjectName.BaseIdentifier.Value);
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
            {
                columns.Remove(element.Name.Value);
            }
        }

        public override void ExplicitVisit(DropTableStatement node)
        {
            foreach (var name in node.Objects)
            {
                schema.Tables.Remove(name.BaseIdentifier.Value);
                foreach (var index in schema.Indexes.Where(i => Names.Equals(i.Value.Table, name.BaseIdentifier.Value)).ToList())
                {
                    schema.Indexes.Remove(index.Key);
                }
            }
        }

        public override void ExplicitVisit(CreateIndexStatement node)
        {
            // INCLUDE columns have no SQLite counterpart (its covering indexes list them as keys): only keys are compared.
            var keys = node.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value);
            schema.Indexes[node.Name.Value] = new Index(node.OnName.BaseIdentifier.Value, string.Join(", ", keys), node.Unique, node.FilterPredicate is not null);
        }

        public override void ExplicitVisit(DropIndexStatement node)
        {
            foreach (var clause in node.DropIndexClauses.OfType<DropIndexClause>())
            {
                schema.Indexes.Remove(clause.Index.Value);
            }
        }

        private static Column Shape(ColumnDefinition column, bool inPrimaryKey)
        {
            // SQL Server's default is NULL allowed (ANSI_NULL_DFLT_ON); a primary key column is NOT NULL.
            var nullable = column.Constraints.OfType<NullableConstraintDefinition>().FirstOrDefault()?.Nullable ?? true;
            if (inPrimaryKey || column.Constraints.OfType<UniqueConstraintDefinition>().Any(c => c.IsPrimaryKey))
            {
                nullable = false;
            }

            return new Column(StorageClass(column.DataType.Name.BaseIdentifier.Value), nullable);
        }
    }
}
