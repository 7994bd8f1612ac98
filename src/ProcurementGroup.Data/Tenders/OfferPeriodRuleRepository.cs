using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Tenders;

/// <summary>
/// The minimum offer periods (R2161-2 ff.) as dated rows an administrator edits when the law changes, like the
/// thresholds. Writes take the caller's transaction so the audit entry commits with them.
/// </summary>
public interface IOfferPeriodRuleRepository
{
    Task<IReadOnlyList<OfferPeriodRuleRow>> ListAsync(CancellationToken cancellationToken = default);

    Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, OfferPeriodRuleRow row);

    /// <summary>Saves the row if its Version is still <see cref="OfferPeriodRuleRow.Version"/>; false when someone saved first.</summary>
    Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, OfferPeriodRuleRow row);
}

public sealed class OfferPeriodRuleRepository(IDbConnectionFactory factory) : IOfferPeriodRuleRepository
{
    public const string ListSql =
        "SELECT Id, ProcedureType, ElectronicOffers, ValidFrom, ValidUntil, MinimumDays, Article, Version, UpdatedAtUtc FROM OfferPeriodRules ORDER BY ProcedureType, ElectronicOffers, ValidFrom, Id";

    public const string UpdateSql =
        """
        UPDATE OfferPeriodRules SET ProcedureType = @ProcedureType, ElectronicOffers = @ElectronicOffers, ValidFrom = @ValidFrom, ValidUntil = @ValidUntil,
            MinimumDays = @MinimumDays, Article = @Article, Version = Version + 1, UpdatedAtUtc = @UpdatedAtUtc
        WHERE Id = @Id AND Version = @Version
        """;

    public async Task<IReadOnlyList<OfferPeriodRuleRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OfferPeriodRuleRow>(ListSql)).ToList();
    }

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, OfferPeriodRuleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "OfferPeriodRules",
                "ProcedureType, ElectronicOffers, ValidFrom, ValidUntil, MinimumDays, Article, Version, UpdatedAtUtc",
                "@ProcedureType, @ElectronicOffers, @ValidFrom, @ValidUntil, @MinimumDays, @Article, 1, @UpdatedAtUtc"),
            new { ProcedureType = (int)row.ProcedureType, row.ElectronicOffers, row.ValidFrom, row.ValidUntil, row.MinimumDays, row.Article, row.UpdatedAtUtc },
            transaction);
    }

    public async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, OfferPeriodRuleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return await connection.ExecuteAsync(
            UpdateSql,
            new { row.Id, row.Version, ProcedureType = (int)row.ProcedureType, row.ElectronicOffers, row.ValidFrom, row.ValidUntil, row.MinimumDays, row.Article, row.UpdatedAtUtc },
            transaction) == 1;
    }
}
