using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Members;

/// <summary>Columns a member list may be sorted by; anything else falls back to the name (whitelist, never user SQL).</summary>
public enum MemberSort
{
    Name,
    Kind,
    Siren,
    Population,
}

/// <summary>A page of the member list. <paramref name="MemberIds"/> null means every member (staff); otherwise only those.</summary>
public sealed record MemberQuery(string? Search, MemberSort Sort, bool Descending, int Skip, int Take, IReadOnlySet<long>? MemberIds = null);

/// <summary>A member with the figures of its latest allocation year, for lists.</summary>
public sealed class MemberListRow
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public MemberKind Kind { get; set; }

    public string? Siren { get; set; }

    public string? City { get; set; }

    public int? BaseYear { get; set; }

    public long? PopulationTotale { get; set; }

    public long? PopulationMunicipale { get; set; }
}

public interface IMemberRepository
{
    Task<(IReadOnlyList<MemberListRow> Rows, int Total, IReadOnlyDictionary<MemberKind, int> ByKind)> SearchAsync(MemberQuery query, CancellationToken cancellationToken = default);

    Task<Member?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Member>> ListAllAsync(CancellationToken cancellationToken = default);

    Task<Member?> GetBySirenAsync(DbConnection connection, DbTransaction? transaction, string siren);

    /// <summary>Every member, read in the caller's transaction: the import matches a whole file against them in one statement.</summary>
    Task<IReadOnlyList<Member>> ListAllAsync(DbConnection connection, DbTransaction? transaction);

    Task<Member?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    /// <summary>Inserts with Version 1 and returns the new id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Member member);

    /// <summary>Saves when <see cref="Member.Version"/> is still the stored one; returns false when someone else saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Member member);

    Task<int> DeleteAsync(DbConnection connection, DbTransaction? transaction, long id);

    Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(long memberId, CancellationToken cancellationToken = default);

    /// <summary>The latest year's bases of every member (for the export).</summary>
    Task<IReadOnlyDictionary<long, MemberAllocationBase>> LatestBasesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(DbConnection connection, DbTransaction? transaction, long memberId);

    /// <summary>Every member's allocation bases, every year (the import compares a whole file with them in one read).</summary>
    Task<IReadOnlyList<MemberAllocationBase>> AllBasesAsync(DbConnection connection, DbTransaction? transaction);

    Task UpsertBaseAsync(DbConnection connection, DbTransaction? transaction, MemberAllocationBase allocationBase);

    Task<int> DeleteBaseAsync(DbConnection connection, DbTransaction? transaction, long memberId, int year);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}

public sealed class MemberRepository(IDbConnectionFactory factory) : IMemberRepository
{
    private const string Columns =
        "Id, Name, Kind, Siren, BillingSiret, ChorusServiceCode, AddressLine1, AddressLine2, PostalCode, City, BillingEmail, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string BaseColumns = "MemberId, Year, PopulationMunicipale, PopulationTotale, PopulationInseeYear, Pupils, Schools, Sites, Lines";

    // The latest year's bases, joined once per member.
    private const string ListFrom = """
        FROM Members m
        LEFT JOIN MemberAllocationBases b
          ON b.MemberId = m.Id AND b.Year = (SELECT MAX(x.Year) FROM MemberAllocationBases x WHERE x.MemberId = m.Id)
        """;

    private const string ListColumns = "m.Id, m.Name, m.Kind, m.Siren, m.City, b.Year AS BaseYear, b.PopulationTotale, b.PopulationMunicipale";

    private const string IdFilter = " AND m.Id IN @Ids";

    private static readonly string[] BaseKeys = ["MemberId", "Year"];

    private static readonly string[] BaseValues = ["PopulationMunicipale", "PopulationTotale", "PopulationInseeYear", "Pupils", "Schools", "Sites", "Lines"];

    private static string OrderBy(MemberSort sort, bool descending)
    {
        var direction = descending ? " DESC" : " ASC";
        return sort switch
        {
            MemberSort.Kind => $" ORDER BY m.Kind{direction}, m.NameSearch ASC, m.Id ASC",
            MemberSort.Siren => $" ORDER BY m.Siren{direction}, m.NameSearch ASC, m.Id ASC",
            MemberSort.Population => $" ORDER BY b.PopulationTotale{direction}, m.NameSearch ASC, m.Id ASC",
            _ => $" ORDER BY m.NameSearch{direction}, m.Id ASC",
        };
    }

    public async Task<(IReadOnlyList<MemberListRow> Rows, int Total, IReadOnlyDictionary<MemberKind, int> ByKind)> SearchAsync(MemberQuery query, CancellationToken cancellationToken = default)
    {
        if (query.MemberIds is { Count: 0 })
        {
            return ([], 0, new Dictionary<MemberKind, int>());
        }

        var where = " WHERE (@Search IS NULL OR " + factory.Dialect.Contains("m.NameSearch", "Search") + " OR " + factory.Dialect.Contains("m.Siren", "SirenSearch") + ")";
        if (query.MemberIds is not null)
        {
            where += IdFilter;
        }

        var search = string.IsNullOrWhiteSpace(query.Search) ? null : SearchText.Fold(query.Search.Trim());
        var args = new
        {
            Search = search,
            SirenSearch = search is null ? null : new string(search.Where(c => !char.IsWhiteSpace(c)).ToArray()),
            Ids = query.MemberIds?.ToArray(),
            query.Skip,
            query.Take,
        };

        await using var connection = await factory.OpenAsync(cancellationToken);
        var byKind = (await connection.QueryAsync<(int Kind, int Count)>($"SELECT m.Kind, COUNT(*) {ListFrom}{where} GROUP BY m.Kind", args))
            .ToDictionary(r => (MemberKind)r.Kind, r => r.Count);
        var rows = await connection.QueryAsync<MemberListRow>(
            factory.Dialect.Page($"SELECT {ListColumns} {ListFrom}{where}{OrderBy(query.Sort, query.Descending)}"), args);
        return (rows.ToList(), byKind.Values.Sum(), byKind);
    }

    public async Task<Member?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public async Task<IReadOnlyList<Member>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Member>($"SELECT {Columns} FROM Members ORDER BY NameSearch, Id")).ToList();
    }

    public Task<Member?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<Member>($"SELECT {Columns} FROM Members WHERE Id = @id", new { id }, transaction);

    public Task<Member?> GetBySirenAsync(DbConnection connection, DbTransaction? transaction, string siren) =>
        connection.QuerySingleOrDefaultAsync<Member>($"SELECT {Columns} FROM Members WHERE Siren = @siren", new { siren }, transaction);

    public async Task<IReadOnlyList<Member>> ListAllAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<Member>($"SELECT {Columns} FROM Members ORDER BY Id", transaction: transaction)).ToList();

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Member member)
    {
        const string InsertColumns =
            "Name, NameSearch, Kind, Siren, BillingSiret, ChorusServiceCode, AddressLine1, AddressLine2, PostalCode, City, BillingEmail, Version, CreatedAtUtc, UpdatedAtUtc";
        const string InsertValues =
            "@Name, @NameSearch, @Kind, @Siren, @BillingSiret, @ChorusServiceCode, @AddressLine1, @AddressLine2, @PostalCode, @City, @BillingEmail, 1, @CreatedAtUtc, @UpdatedAtUtc";
        member.Version = 1;
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Members", InsertColumns, InsertValues), Parameters(member), transaction);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Member member)
    {
        const string Sql = """
            UPDATE Members SET Name = @Name, NameSearch = @NameSearch, Kind = @Kind, Siren = @Siren, BillingSiret = @BillingSiret,
                ChorusServiceCode = @ChorusServiceCode, AddressLine1 = @AddressLine1, AddressLine2 = @AddressLine2, PostalCode = @PostalCode,
                City = @City, BillingEmail = @BillingEmail, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
            WHERE Id = @Id AND Version = @Version
            """;
        var changed = await connection.ExecuteAsync(Sql, Parameters(member), transaction);
        if (changed == 1)
        {
            member.Version++;
        }

        return changed == 1;
    }

    public Task<int> DeleteAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteAsync("DELETE FROM Members WHERE Id = @id", new { id }, transaction);

    public async Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await BasesAsync(connection, null, memberId);
    }

    public async Task<IReadOnlyList<MemberAllocationBase>> BasesAsync(DbConnection connection, DbTransaction? transaction, long memberId) =>
        (await connection.QueryAsync<MemberAllocationBase>(
            $"SELECT {BaseColumns} FROM MemberAllocationBases WHERE MemberId = @memberId ORDER BY Year DESC", new { memberId }, transaction)).ToList();

    public async Task<IReadOnlyList<MemberAllocationBase>> AllBasesAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<MemberAllocationBase>($"SELECT {BaseColumns} FROM MemberAllocationBases", transaction: transaction)).ToList();

    public async Task<IReadOnlyDictionary<long, MemberAllocationBase>> LatestBasesAsync(CancellationToken cancellationToken = default)
    {
        const string Sql = $"""
            SELECT {BaseColumns} FROM MemberAllocationBases b
            WHERE b.Year = (SELECT MAX(x.Year) FROM MemberAllocationBases x WHERE x.MemberId = b.MemberId)
            """;
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MemberAllocationBase>(Sql)).ToDictionary(b => b.MemberId);
    }

    public Task UpsertBaseAsync(DbConnection connection, DbTransaction? transaction, MemberAllocationBase allocationBase) =>
        connection.ExecuteAsync(factory.Dialect.Upsert("MemberAllocationBases", BaseKeys, BaseValues), allocationBase, transaction);

    public Task<int> DeleteBaseAsync(DbConnection connection, DbTransaction? transaction, long memberId, int year) =>
        connection.ExecuteAsync("DELETE FROM MemberAllocationBases WHERE MemberId = @memberId AND Year = @year", new { memberId, year }, transaction);

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Members");
    }

    private static object Parameters(Member m) => new
    {
        m.Id,
        m.Name,
        NameSearch = SearchText.Fold(m.Name),
        Kind = (int)m.Kind,
        m.Siren,
        m.BillingSiret,
        m.ChorusServiceCode,
        m.AddressLine1,
        m.AddressLine2,
        m.PostalCode,
        m.City,
        m.BillingEmail,
        m.Version,
        m.CreatedAtUtc,
        m.UpdatedAtUtc,
    };
}
