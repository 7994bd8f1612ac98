using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The members list on a realistic database: a department-wide groupement such as the Somme's (771 communes plus
/// intercommunalités) holds about 800 members. The database is a temporary SQLite file migrated by the app's own
/// MigrationRunner, so the schema and indexes measured are the ones shipped.
/// </summary>
/// <remarks>
/// It calls MemberRepository.SearchAsync, the query behind the Membres page (counts per kind plus one page), so the
/// figures are those of the code users run.
/// </remarks>
[MemoryDiagnoser]
public class MembersListBenchmarks
{
    public const int MemberCount = 800;

    private static readonly string[] Prefixes = ["", "", "", "Saint-", "Le ", "La ", "Les ", "Notre-Dame-de-", "Mont-", "Villers-"];
    private static readonly string[] Roots = ["Abbe", "Ailly", "Albert", "Amien", "Bray", "Corbie", "Doullen", "Éple", "Ham", "Long", "Moreuil", "Nesle", "Péronne", "Poix", "Roye", "Rue", "Vimeu", "Quevau", "Flixe", "Hornoy"];
    private static readonly string[] Suffixes = ["ville", "court", "mont", "val", "y", "ecourt", "ières", "sur-Somme", "en-Santerre", "-le-Haut"];

    private string _directory = string.Empty;
    private DbConnectionFactory _factory = null!;
    private MemberRepository _members = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(_factory, NullLogger<MigrationRunner>.Instance).Run();
        _members = new MemberRepository(_factory);

        using var connection = new SqliteConnection(_factory.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        var now = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);
        const string insert = """
            INSERT INTO Members (Name, NameSearch, Kind, Siren, PostalCode, City, CreatedAtUtc, UpdatedAtUtc)
            VALUES (@Name, @NameSearch, @Kind, @Siren, @PostalCode, @City, @Now, @Now)
            """;
        var rows = Enumerable.Range(0, MemberCount).Select(i =>
        {
            var name = MemberName(i);
            return new
            {
                Name = name,
                NameSearch = SearchText.Fold(name),
                Kind = (int)(i < 15 ? MemberKind.CommunauteCommunes : i == 15 ? MemberKind.Departement : MemberKind.Commune),
                // Distinct, Luhn-valid SIRENs (the column is unique); one in ten still unknown, as in real files.
                Siren = i % 10 == 9 ? null : IdentifierBenchmarks.WithCheckDigit((21_800_000 + i).ToString(CultureInfo.InvariantCulture)),
                PostalCode = (80_000 + (i % 99)).ToString(CultureInfo.InvariantCulture),
                City = name,
                Now = now,
            };
        });
        connection.Execute(insert, rows, tx);
        tx.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The administrator opens Membres: the first 50 by name.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> FirstPage()
    {
        var (rows, _, _) = await _members.SearchAsync(new MemberQuery(null, MemberSort.Name, false, 0, 50));
        return rows.Count;
    }

    /// <summary>Types "saint" in the search box: a contains-search on the folded name, no accent or case issue.</summary>
    [Benchmark]
    public async Task<int> SearchPage()
    {
        var (rows, _, _) = await _members.SearchAsync(new MemberQuery("saint", MemberSort.Name, false, 0, 50));
        return rows.Count;
    }

    private static string MemberName(int i)
    {
        if (i < 15)
        {
            return $"CC {Roots[i % Roots.Length]}{Suffixes[i % Suffixes.Length]}";
        }

        if (i == 15)
        {
            return "Département de la Somme";
        }

        // 10 × 20 × 10 = 2000 distinct combinations, enough for every member to have its own name.
        var prefix = Prefixes[i % Prefixes.Length];
        var root = Roots[(i / Prefixes.Length) % Roots.Length];
        var suffix = Suffixes[(i / (Prefixes.Length * Roots.Length)) % Suffixes.Length];
        return $"{prefix}{root}{suffix}";
    }
}
