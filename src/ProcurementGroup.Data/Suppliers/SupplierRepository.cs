using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Suppliers;

/// <summary>A page of the supplier list: <paramref name="Search"/> matches a part of the name (accents and case ignored) or of the SIRET.</summary>
public sealed record SupplierQuery(string? Search, int Skip, int Take);

/// <summary>A supplier as the list shows it.</summary>
public sealed class SupplierListRow
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Siret { get; set; } = string.Empty;

    public string PostalCode { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;

    public string ContactEmail { get; set; } = string.Empty;
}

public interface ISupplierRepository
{
    Task<(IReadOnlyList<SupplierListRow> Rows, int Total)> SearchAsync(SupplierQuery query, CancellationToken cancellationToken = default);

    Task<Supplier?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<Supplier?> GetAsync(DbConnection connection, DbTransaction? transaction, long id);

    /// <summary>The supplier that holds <paramref name="siret"/> (compact, 14 digits), if any.</summary>
    Task<Supplier?> GetBySiretAsync(DbConnection connection, DbTransaction? transaction, string siret);

    /// <summary>Inserts with Version 1 and returns the new id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier);

    /// <summary>Saves when <see cref="Supplier.Version"/> is still the stored one (then increments it); false when someone else saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}

public sealed class SupplierRepository(IDbConnectionFactory factory) : ISupplierRepository
{
    private const string Columns =
        "Id, Name, Siret, AddressLine1, AddressLine2, PostalCode, City, ContactEmail, Version, CreatedAtUtc, UpdatedAtUtc";

    private const string ListColumns = "s.Id, s.Name, s.Siret, s.PostalCode, s.City, s.ContactEmail";

    public async Task<(IReadOnlyList<SupplierListRow> Rows, int Total)> SearchAsync(SupplierQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = " WHERE (@Search IS NULL OR " + factory.Dialect.Contains("s.NameSearch", "Search") + " OR " + factory.Dialect.Contains("s.Siret", "SiretSearch") + ")";
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : SearchText.Fold(query.Search.Trim());

        // A SIRET is typed with spaces between its groups; it is stored without them.
        var siretSearch = search is null ? null : new string(search.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var args = new { Search = search, SiretSearch = siretSearch, query.Skip, query.Take };

        await using var connection = await factory.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Suppliers s" + where, args);
        var rows = await connection.QueryAsync<SupplierListRow>(
            factory.Dialect.Page($"SELECT {ListColumns} FROM Suppliers s{where} ORDER BY s.NameSearch, s.Id"), args);
        return (rows.ToList(), total);
    }

    public async Task<Supplier?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public Task<Supplier?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<Supplier>($"SELECT {Columns} FROM Suppliers WHERE Id = @id", new { id }, transaction);

    public Task<Supplier?> GetBySiretAsync(DbConnection connection, DbTransaction? transaction, string siret) =>
        connection.QuerySingleOrDefaultAsync<Supplier>($"SELECT {Columns} FROM Suppliers WHERE Siret = @siret", new { siret }, transaction);

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        const string InsertColumns =
            "Name, NameSearch, Siret, AddressLine1, AddressLine2, PostalCode, City, ContactEmail, Version, CreatedAtUtc, UpdatedAtUtc";
        const string InsertValues =
            "@Name, @NameSearch, @Siret, @AddressLine1, @AddressLine2, @PostalCode, @City, @ContactEmail, 1, @CreatedAtUtc, @UpdatedAtUtc";
        supplier.Version = 1;
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Suppliers", InsertColumns, InsertValues), Parameters(supplier), transaction);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        const string Sql = """
            UPDATE Suppliers SET Name = @Name, NameSearch = @NameSearch, Siret = @Siret, AddressLine1 = @AddressLine1,
                AddressLine2 = @AddressLine2, PostalCode = @PostalCode, City = @City, ContactEmail = @ContactEmail,
                Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
            WHERE Id = @Id AND Version = @Version
            """;
        var changed = await connection.ExecuteAsync(Sql, Parameters(supplier), transaction);
        if (changed == 1)
        {
            supplier.Version++;
        }

        return changed == 1;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Suppliers");
    }

    private static object Parameters(Supplier s) => new
    {
        s.Id,
        s.Name,
        NameSearch = SearchText.Fold(s.Name),
        s.Siret,
        s.AddressLine1,
        s.AddressLine2,
        s.PostalCode,
        s.City,
        s.ContactEmail,
        s.Version,
        s.CreatedAtUtc,
        s.UpdatedAtUtc,
    };
}
