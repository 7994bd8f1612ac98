using System.Data.Common;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Suppliers;

/// <summary>Supplier writes: checked by <see cref="SupplierValidator"/>, then saved and audited in one transaction.</summary>
public sealed class SupplierService(IDbConnectionFactory factory, ISupplierRepository suppliers, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "Supplier";

    public async Task<SaveResult> CreateAsync(Supplier supplier, CancellationToken cancellationToken = default)
    {
        SupplierValidator.Normalize(supplier);
        var errors = SupplierValidator.Validate(supplier);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await SiretTakenAsync(connection, tx, supplier) is { } taken)
        {
            return taken;
        }

        supplier.CreatedAtUtc = supplier.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            supplier.Id = await suppliers.InsertAsync(connection, tx, supplier);
        }
        catch (DbException)
        {
            await tx.RollbackAsync(cancellationToken);
            if (await SiretTakenMeanwhileAsync(supplier, cancellationToken) is { } meanwhile)
            {
                return meanwhile;
            }

            throw;
        }

        await audit.WriteAsync(connection, tx, EntityType, supplier.Id, "Created", null, supplier);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(supplier.Id);
    }

    /// <summary>Saves <paramref name="supplier"/> if its Version is still the stored one; otherwise nothing changes (conflict).</summary>
    public async Task<SaveResult> UpdateAsync(Supplier supplier, CancellationToken cancellationToken = default)
    {
        SupplierValidator.Normalize(supplier);
        var errors = SupplierValidator.Validate(supplier);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await suppliers.GetAsync(connection, tx, supplier.Id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (await SiretTakenAsync(connection, tx, supplier) is { } taken)
        {
            return taken;
        }

        supplier.CreatedAtUtc = before.CreatedAtUtc;
        supplier.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        bool saved;
        try
        {
            saved = await suppliers.UpdateAsync(connection, tx, supplier);
        }
        catch (DbException)
        {
            await tx.RollbackAsync(cancellationToken);
            if (await SiretTakenMeanwhileAsync(supplier, cancellationToken) is { } meanwhile)
            {
                return meanwhile;
            }

            throw;
        }

        if (!saved)
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, supplier.Id, "Updated", before, supplier);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(supplier.Id);
    }

    /// <summary>
    /// Another save took the SIRET between the check and the write, and the unique index refused ours: the same French
    /// message as the check. Null when the failure was something else (the caller rethrows).
    /// </summary>
    private async Task<SaveResult?> SiretTakenMeanwhileAsync(Supplier supplier, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await SiretTakenAsync(connection, null, supplier);
    }

    private async Task<SaveResult?> SiretTakenAsync(DbConnection connection, DbTransaction? tx, Supplier supplier)
    {
        var other = await suppliers.GetBySiretAsync(connection, tx, supplier.Siret);
        return other is not null && other.Id != supplier.Id
            ? SaveResult.Invalid(nameof(Supplier.Siret), $"Ce SIRET est déjà celui du fournisseur « {other.Name} ».")
            : null;
    }
}
