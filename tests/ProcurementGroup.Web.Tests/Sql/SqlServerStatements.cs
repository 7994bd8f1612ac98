using System.Data.Common;
using System.Reflection;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>Every SQL statement the Data assembly can send to SQL Server, gathered three ways.</summary>
public static class SqlServerStatements
{
    private static readonly string[] Verbs = ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH"];

    public static Assembly DataAssembly => typeof(MigrationRunner).Assembly;

    /// <summary>What <see cref="SqlServerDialect"/> produces, applied to real tables.</summary>
    public static IEnumerable<(string Source, string Sql)> DialectOutputs()
    {
        var d = new SqlServerDialect();
        yield return ("InsertReturningId", d.InsertReturningId("OutboxMessages", "CreatedAtUtc, ToAddress, Subject, TextBody, Status", "@CreatedAtUtc, @ToAddress, @Subject, @TextBody, @Status"));
        yield return ("InsertSelectReturning", d.InsertSelectReturning("UserMembers", "UserId, MemberId", "SELECT @UserId, m.Id FROM Members m WHERE m.Kind = @Kind", "MemberId"));
        yield return ("Page", d.Page("SELECT Id, Name FROM Members WHERE NameSearch LIKE @Search ORDER BY Name, Id"));
        yield return ("Top", d.Top("SELECT Id, AtUtc FROM AuditLog ORDER BY AtUtc DESC"));
        yield return ("Upsert", d.Upsert("MemberAllocationBases", ["MemberId", "Year"], ["PopulationMunicipale", "PopulationTotale", "Pupils"]));
        yield return ("Upsert keys only", d.Upsert("UserMembers", ["UserId", "MemberId"], []));
        yield return ("Contains", $"SELECT Id FROM PurchasingGroups WHERE {d.Contains("NameSearch", "Search")}");
        yield return ("TakeFromCounter", d.TakeFromCounter("StatementCounters", "Year", "LastValue"));
    }

    /// <summary>Constant SQL statements declared in the Data assembly (const fields whose value starts with a verb).</summary>
    public static IEnumerable<(string Source, string Sql)> Constants()
    {
        foreach (var type in LoadableTypes())
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral && field.FieldType == typeof(string) && field.GetRawConstantValue() is string value && StartsWithVerb(value))
                {
                    yield return ($"{type.Name}.{field.Name}", value);
                }
            }
        }
    }

    /// <summary>
    /// Runs every public method of every repository (a class whose constructor takes <see cref="IDbConnectionFactory"/>)
    /// against a <see cref="RecordingDatabase"/> and returns the statements they sent, dialect included.
    /// </summary>
    public static async Task<IReadOnlyList<(string Source, string Sql)>> RecordedAsync()
    {
        var found = new List<(string, string)>();
        foreach (var type in LoadableTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var constructor in type.GetConstructors())
            {
                var parameters = constructor.GetParameters();
                if (!parameters.Any(p => p.ParameterType == typeof(IDbConnectionFactory)))
                {
                    continue;
                }

                var database = new RecordingDatabase();
                if (!TryBuild(parameters, database, out var args))
                {
                    continue;
                }

                var repository = constructor.Invoke(args);
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName && !m.ContainsGenericParameters))
                {
                    if (!TryBuild(method.GetParameters(), database, out var methodArgs))
                    {
                        continue;
                    }

                    var before = database.Statements.Count;
                    try
                    {
                        var result = method.Invoke(repository, methodArgs);
                        if (result is Task task)
                        {
                            await task.WaitAsync(TimeSpan.FromSeconds(10));
                        }
                    }
                    catch (Exception)
                    {
                        // The recording database answers with no rows; a method that needs one stops there,
                        // after its statement has been recorded.
                    }

                    foreach (var sql in database.Statements.Skip(before).ToList())
                    {
                        found.Add(($"{type.Name}.{method.Name}", sql));
                    }
                }
            }
        }

        return found;
    }

    public static IEnumerable<Type> LoadableTypes()
    {
        try
        {
            return DataAssembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    private static bool StartsWithVerb(string sql)
    {
        var trimmed = sql.TrimStart();
        return Verbs.Any(v => trimmed.StartsWith(v + " ", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith(v + "\n", StringComparison.OrdinalIgnoreCase));
    }

    private static bool TryBuild(ParameterInfo[] parameters, RecordingDatabase database, out object?[] args)
    {
        args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!TrySample(parameters[i].ParameterType, database, depth: 0, out args[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A plausible argument: a connection from the recording database, "x" for text, 1 for numbers, …</summary>
    private static bool TrySample(Type type, RecordingDatabase database, int depth, out object? value)
    {
        value = null;
        if (depth > 3)
        {
            return false;
        }

        if (type == typeof(IDbConnectionFactory))
        {
            value = database;
        }
        else if (typeof(DbConnection).IsAssignableFrom(type))
        {
            value = database.Connect();
        }
        else if (typeof(DbTransaction).IsAssignableFrom(type) || type == typeof(CancellationToken))
        {
            value = type.IsValueType ? Activator.CreateInstance(type) : null;
        }
        else if (type == typeof(TimeProvider))
        {
            value = TimeProvider.System;
        }
        else if (type == typeof(Core.Allocation.AllocationRun))
        {
            // Built only by Compute: one cost line shared by one member, so that a run's every statement is sent.
            value = Core.Allocation.AllocationRun.Compute([new Core.Allocation.CostLine(1, "x", new Core.Money.Money(1), 2000, Core.Allocation.AllocationWeights.Single(1, "x"))], new Core.Allocation.CoordinationFee(Core.Allocation.CoordinationFeeKind.Flat, 1, 2000));
        }
        else if (type == typeof(System.Xml.Linq.XElement))
        {
            value = new System.Xml.Linq.XElement("key");
        }
        else if (type == typeof(string))
        {
            value = "x";
        }
        else if (Nullable.GetUnderlyingType(type) is not null)
        {
            value = null;
        }
        else if (type.IsEnum)
        {
            value = Enum.GetValues(type).GetValue(0);
        }
        else if (type.IsPrimitive || type == typeof(decimal))
        {
            value = Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (type.IsValueType)
        {
            value = Activator.CreateInstance(type);
        }
        else if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 1);
            if (!TrySample(element, database, depth + 1, out var item))
            {
                return false;
            }

            array.SetValue(item, 0);
            value = array;
        }
        else if (type.IsGenericType && type.GetGenericArguments().Length == 1 && type.IsInterface
                 && type.GetGenericTypeDefinition() is var definition
                 && (definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)))
        {
            return TrySample(type.GetGenericArguments()[0].MakeArrayType(), database, depth + 1, out value);
        }
        else if (type.IsClass && !type.IsAbstract)
        {
            var constructor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault();
            if (constructor is null)
            {
                return false;
            }

            var parameters = constructor.GetParameters();
            var args = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                if (!TrySample(parameters[i].ParameterType, database, depth + 1, out args[i]))
                {
                    return false;
                }
            }

            value = constructor.Invoke(args);
        }
        else
        {
            return false;
        }

        return true;
    }
}
