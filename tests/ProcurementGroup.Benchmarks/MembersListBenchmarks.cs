using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Benchmarks;

/// <summary>
/// The members list on a realistic database: a department-wide groupement such as the Somme's (771 communes plus
/// intercommunalités) holds about 800 members. The database is a temporary SQLite file migrated by the app's own
/// MigrationRunner, so the schema and indexes measured are the ones shipped.
/// </summary>
/// <remarks>
/// The query below is the members list's first page and a name search, written here while the members feature's
/// repository is built on another branch. Once it is merged, the integrator replaces the two SQL statements with
/// calls to MemberRepository's list method, so that this benchmark measures the code users run.
/// </remarks>
[MemoryDiagnoser]
public class MembersListBenchmarks
{
    public const int MemberCount = 800;

    private const string FirstPageSql = "SELECT Id, Name, Kind, Siren FROM Members ORDER BY NameSearch";
    private const string SearchSql = "SELECT Id, Name, Kind, Siren FROM Members WHERE {0} ORDER BY NameSearch";

    private static readonly string[] Prefixes = ["", "", "", "Saint-", "Le ", "La ", "Les ", "Notre-Dame-de-", "Mont-", "Villers-"];
    private static readonly string[] Roots = ["Abbe", "Ailly", "Albert", "Amien", "Bray", "Corbie", "Doullen", "Éple", "Ham", "Long", "Moreuil", "Nesle", "Péronne", "Poix", "Roye", "Rue", "Vimeu", "Quevau", "Flixe", "Hornoy"];
    private static readonly string[] Suffixes = ["ville", "court", "mont", "val", "y", "ecourt", "ières", "sur-Somme", "en-Santerre", "-le-Haut"];

    private string _directory = string.Empty;
    private DbConnectionFactory _factory = null!;
    private string _firstPage = string.Empty;
    private string _search = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(_factory, NullLogger<MigrationRunner>.Instance).Run();
        _firstPage = _factory.Dialect.Page(FirstPageSql);
        _search = _factory.Dialect.Page(string.Format(CultureInfo.InvariantCulture, SearchSql, _factory.Dialect.Contains("NameSearch", "Query")));

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
        await using var connection = await _factory.OpenAsync();
        var page = await connection.QueryAsync<MemberRow>(_firstPage, new { Skip = 0, Take = 50 });
        return page.AsList().Count;
    }

    /// <summary>Types "saint" in the search box: a contains-search on the folded name, no accent or case issue.</summary>
    [Benchmark]
    public async Task<int> SearchPage()
    {
        await using var connection = await _factory.OpenAsync();
        var page = await connection.QueryAsync<MemberRow>(_search, new { Query = SearchText.Fold("saint"), Skip = 0, Take = 50 });
        return page.AsList().Count;
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

    public sealed record MemberRow(long Id, string Name, long Kind, string? Siren);
}
