using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// Checks that the tables and columns a statement names exist in the SQL Server schema. Pragmatic scoping: aliases
/// are resolved per statement; a qualified column must exist in its table; an unqualified one in one of the
/// statement's tables (or be an alias the statement defines). Parameters and derived tables are ignored.
/// </summary>
public static class StatementNames
{
    public static IReadOnlyList<string> Problems(TSqlFragment fragment, IReadOnlyDictionary<string, HashSet<string>> schema)
    {
        var collector = new Collector();
        fragment.Accept(collector);
        var problems = new List<string>();

        var aliases = new Dictionary<string, string>(SqlSchemas.Names);
        foreach (var (table, alias) in collector.Tables)
        {
            if (!schema.ContainsKey(table))
            {
                if (!collector.DerivedNames.Contains(table))
                {
                    problems.Add($"unknown table {table}");
                }

                continue;
            }

            aliases[table] = table;
            if (alias is not null)
            {
                aliases[alias] = table;
            }
        }

        foreach (var (alias, table) in collector.TargetAliases)
        {
            aliases[alias] = table;
        }

        foreach (var target in collector.DmlTargets)
        {
            aliases["INSERTED"] = target;
            aliases["DELETED"] = target;
        }

        foreach (var column in collector.Columns)
        {
            var identifiers = column.MultiPartIdentifier?.Identifiers;
            if (identifiers is null || identifiers.Count == 0 || column.ColumnType != ColumnType.Regular)
            {
                continue;
            }

            var name = identifiers[^1].Value;
            if (identifiers.Count >= 2)
            {
                var qualifier = identifiers[^2].Value;
                if (collector.DerivedNames.Contains(qualifier))
                {
                    continue;
                }

                if (!aliases.TryGetValue(qualifier, out var table))
                {
                    problems.Add($"unknown qualifier {qualifier} in {qualifier}.{name}");
                }
                else if (!schema[table].Contains(name))
                {
                    problems.Add($"unknown column {table}.{name}");
                }

                continue;
            }

            var known = aliases.Values.Distinct(SqlSchemas.Names).Any(t => schema[t].Contains(name)) || collector.DefinedAliases.Contains(name);
            if (!known)
            {
                problems.Add($"unknown column {name} (tables: {string.Join(", ", aliases.Values.Distinct(SqlSchemas.Names))})");
            }
        }

        return problems;
    }

    private sealed class Collector : TSqlFragmentVisitor
    {
        public List<(string Table, string? Alias)> Tables { get; } = [];

        public List<ColumnReferenceExpression> Columns { get; } = [];

        public HashSet<string> DerivedNames { get; } = new(SqlSchemas.Names);

        public HashSet<string> DefinedAliases { get; } = new(SqlSchemas.Names);

        public List<string> DmlTargets { get; } = [];

        public List<(string Alias, string Table)> TargetAliases { get; } = [];

        public override void Visit(NamedTableReference node) =>
            Tables.Add((node.SchemaObject.BaseIdentifier.Value, node.Alias?.Value));

        public override void Visit(ColumnReferenceExpression node) => Columns.Add(node);

        public override void Visit(QueryDerivedTable node)
        {
            if (node.Alias is not null)
            {
                DerivedNames.Add(node.Alias.Value);
            }
        }

        public override void Visit(CommonTableExpression node) => DerivedNames.Add(node.ExpressionName.Value);

        public override void Visit(SelectScalarExpression node)
        {
            if (node.ColumnName?.Value is { } alias)
            {
                DefinedAliases.Add(alias);
            }
        }

        public override void Visit(InsertSpecification node) => AddTarget(node.Target);

        public override void Visit(UpdateSpecification node) => AddTarget(node.Target);

        public override void Visit(DeleteSpecification node) => AddTarget(node.Target);

        public override void Visit(MergeSpecification node)
        {
            AddTarget(node.Target);
            if (node.TableAlias is not null && node.Target is NamedTableReference named)
            {
                TargetAliases.Add((node.TableAlias.Value, named.SchemaObject.BaseIdentifier.Value));
            }
        }

        private void AddTarget(TableReference target)
        {
            if (target is NamedTableReference named)
            {
                DmlTargets.Add(named.SchemaObject.BaseIdentifier.Value);
            }
        }
    }
}
