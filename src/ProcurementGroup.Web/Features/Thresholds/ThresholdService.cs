using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Procedures;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Thresholds;

/// <summary>Administrators' changes to the threshold table, each audited in the same transaction.</summary>
public sealed class ThresholdService(IDbConnectionFactory factory, IThresholdRepository thresholds, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "ProcurementThreshold";

    public async Task<SaveResult> SaveAsync(ThresholdForm form, CancellationToken cancellationToken = default)
    {
        var (row, errors) = form.Parse();
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // Two rows of the same kind in force on the same day would make the advice ambiguous.
        var all = await thresholds.ListAsync(cancellationToken);
        var overlap = all.FirstOrDefault(o => o.Id != row.Id && o.Kind == row.Kind
            && o.ValidFrom <= (row.ValidUntil ?? DateOnly.MaxValue) && row.ValidFrom <= (o.ValidUntil ?? DateOnly.MaxValue));
        if (overlap is not null)
        {
            return SaveResult.Invalid(nameof(ThresholdForm.ValidFrom),
                $"Cette période chevauche celle d'un autre seuil du même type (en vigueur du {overlap.ValidFrom.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}" +
                (overlap.ValidUntil is { } until ? $" au {until.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}" : " sans date de fin") +
                ") : fixez d'abord la date de fin de celui-ci.");
        }

        if (row.Id == 0)
        {
            row.Id = await thresholds.InsertAsync(connection, tx, row);
            await audit.WriteAsync(connection, tx, EntityType, row.Id, "Created", null, row);
        }
        else
        {
            var before = await thresholds.GetAsync(connection, tx, row.Id);
            if (before is null)
            {
                return SaveResult.Missing;
            }

            var latestLaunch = await thresholds.LatestCitingLaunchDateAsync(connection, tx, before.Id);
            if (ThresholdHistory.CheckEdit(before.ToThreshold(), row.ToThreshold(), latestLaunch) is { } cited)
            {
                return SaveResult.Invalid(cited.Field, cited.Message);
            }

            if (!await thresholds.UpdateAsync(connection, tx, row))
            {
                return SaveResult.Conflicted;
            }

            row.Version++;
            await audit.WriteAsync(connection, tx, EntityType, row.Id, "Updated", before, row);
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(row.Id);
    }

    public async Task<SaveResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await thresholds.GetAsync(connection, tx, id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (await thresholds.CountAdvicesUsingAsync(connection, tx, id) > 0)
        {
            return SaveResult.Invalid(string.Empty, ThresholdHistory.CitedDeleteMessage);
        }

        await thresholds.DeleteAsync(connection, tx, id);
        await audit.WriteAsync(connection, tx, EntityType, id, "Deleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }
}
