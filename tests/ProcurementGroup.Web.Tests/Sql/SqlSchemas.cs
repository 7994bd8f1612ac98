using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>The tables and columns each script folder defines, read the way each engine sees them.</summary>
public static class SqlSchemas
{
    public static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static TSqlFragment Parse(string sql, out IList<ParseError> errors)
    {
        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        return parser.Parse(reader, out errors);
    }

    /// <summary>SQL Server: CREATE TABLE and ALTER TABLE ADD statements of the embedded scripts, parsed by ScriptDom.</summary>
    public static Dictionary<string, HashSet<string>> SqlServer()
    {
        var tables = new Dictionary<string, HashSet<string>>(Names);
        foreach (var name in MigrationRunner.ScriptNames(DatabaseProvider.SqlServer))
        {
            var fragment = Parse(MigrationRunner.ReadScript(name), out var errors);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"{name}: {errors[0].Message}");
            }

            var visitor = new SchemaVisitor(tables);
            fragment.Accept(visitor);
        }

        return tables;
    }

    /// <summary>SQLite: the embedded scripts run on an in-memory database, then pragma table_info.</summary>
    public static Dictionary<string, HashSet<string>> Sqlite()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var name in MigrationRunner.ScriptNames(DatabaseProvider.Sqlite))
        {
            connection.Execute(MigrationRunner.ReadScript(name));
        }

        var tables = new Dictionary<string, HashSet<string>>(Names);
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToList())
        {
            tables[table] = new HashSet<string>(connection.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }), Names);
        }

        return tables;
    }

    private sealed class SchemaVisitor(Dictionary<string, HashSet<string>> tables) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(CreateTableStatement node)
        {
            var columns = Table(node.SchemaObjectName);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns.Add(column.ColumnIdentifier.Value);
            }
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            var columns = Table(node.SchemaObjectName);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns.Add(column.ColumnIdentifier.Value);
            }
        }

        public override void ExplicitVisit(DropTableStatement node)
        {
            foreach (var name in node.Objects)
            {
                tables.Remove(name.BaseIdentifier.Value);
            }
        }

        private HashSet<string> Table(SchemaObjectName name)
        {
            if (!tables.TryGetValue(name.BaseIdentifier.Value, out var columns))
            {
                columns = new HashSet<string>(Names);
                tables[name.BaseIdentifier.Value] = columns;
            }

            return columns;
        }
    }
}
