using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Members;

/// <summary>The coordinator's identity: a single row with Id = 1.</summary>
public interface ICoordinatorRepository
{
    Task<CoordinatorSettings?> GetAsync(CancellationToken cancellationToken = default);

    Task<CoordinatorSettings?> GetAsync(DbConnection connection, DbTransaction? transaction);

    /// <summary>
    /// Inserts the row when there is none, otherwise saves when <see cref="CoordinatorSettings.Version"/> is still the stored one.
    /// Returns false when someone else saved first. The logo is saved as given (pass the current one to keep it).
    /// </summary>
    Task<bool> SaveAsync(DbConnection connection, DbTransaction? transaction, CoordinatorSettings settings);

    Task<(byte[] Bytes, string ContentType)?> LogoAsync(CancellationToken cancellationToken = default);
}

public sealed class CoordinatorRepository(IDbConnectionFactory factory) : ICoordinatorRepository
{
    private const string Columns =
        "Name, Siret, AddressLine1, AddressLine2, PostalCode, City, Email, Phone, PublicAccountant, PaymentIban, PaymentBic, PaymentDetails, PaymentTermDays, BudgetAccount, OcdsPrefix, Logo, LogoContentType, Version, UpdatedAtUtc";

    public async Task<CoordinatorSettings?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await GetAsync(connection, null);
    }

    public Task<CoordinatorSettings?> GetAsync(DbConnection connection, DbTransaction? transaction) =>
        connection.QuerySingleOrDefaultAsync<CoordinatorSettings>($"SELECT {Columns} FROM CoordinatorSettings WHERE Id = 1", transaction: transaction);

    public async Task<bool> SaveAsync(DbConnection connection, DbTransaction? transaction, CoordinatorSettings settings)
    {
        const string Update = """
            UPDATE CoordinatorSettings SET Name = @Name, Siret = @Siret, AddressLine1 = @AddressLine1, AddressLine2 = @AddressLine2,
                PostalCode = @PostalCode, City = @City, Email = @Email, Phone = @Phone, PublicAccountant = @PublicAccountant,
                PaymentIban = @PaymentIban, PaymentBic = @PaymentBic, PaymentDetails = @PaymentDetails, PaymentTermDays = @PaymentTermDays,
                BudgetAccount = @BudgetAccount, OcdsPrefix = @OcdsPrefix, Logo = @Logo,
                LogoContentType = @LogoContentType, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
            WHERE Id = 1 AND Version = @Version
            """;
        const string Insert = $"""
            INSERT INTO CoordinatorSettings (Id, {Columns})
            VALUES (1, @Name, @Siret, @AddressLine1, @AddressLine2, @PostalCode, @City, @Email, @Phone, @PublicAccountant, @PaymentIban,
                @PaymentBic, @PaymentDetails, @PaymentTermDays, @BudgetAccount, @OcdsPrefix, @Logo, @LogoContentType, 1, @UpdatedAtUtc)
            """;
        var exists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM CoordinatorSettings WHERE Id = 1", transaction: transaction) > 0;
        if (!exists)
        {
            await connection.ExecuteAsync(Insert, Parameters(settings), transaction);
            settings.Version = 1;
            return true;
        }

        var changed = await connection.ExecuteAsync(Update, Parameters(settings), transaction);
        if (changed == 1)
        {
            settings.Version++;
        }

        return changed == 1;
    }

    public async Task<(byte[] Bytes, string ContentType)?> LogoAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? Logo, string? LogoContentType)>(
            "SELECT Logo, LogoContentType FROM CoordinatorSettings WHERE Id = 1");
        return row.Logo is { Length: > 0 } && row.LogoContentType is not null ? (row.Logo, row.LogoContentType) : null;
    }

    private static DynamicParameters Parameters(CoordinatorSettings s)
    {
        var p = new DynamicParameters(new
        {
            s.Name,
            s.Siret,
            s.AddressLine1,
            s.AddressLine2,
            s.PostalCode,
            s.City,
            s.Email,
            s.Phone,
            s.PublicAccountant,
            s.PaymentIban,
            s.PaymentBic,
            s.PaymentDetails,
            s.PaymentTermDays,
            s.BudgetAccount,
            s.OcdsPrefix,
            s.LogoContentType,
            s.Version,
            s.UpdatedAtUtc,
        });

        // An explicit binary type, so a null logo is a NULL varbinary on SQL Server rather than an nvarchar.
        p.Add("Logo", s.Logo, System.Data.DbType.Binary);
        return p;
    }
}
