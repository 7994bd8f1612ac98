using ProcurementGroup.Core.Groups;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Groups;

/// <summary>Groupement and adhesion writes: one connection, one transaction, the change and its audit entry together.</summary>
public sealed class GroupService(IDbConnectionFactory factory, IPurchasingGroupRepository groups, IMemberRepository members, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "PurchasingGroup";
    public const string AdhesionEntityType = "Adhesion";

    public const string AdhesionUsedMessage =
        "Cette adhésion est utilisée par une campagne de recensement des besoins : elle ne peut pas être supprimée, seulement terminée à une date (date de sortie).";

    public const string AdhesionConflictMessage =
        "Quelqu'un d'autre a modifié cette adhésion depuis que vous avez ouvert la page : rien n'a été enregistré. Rechargez la page pour voir ses dates actuelles, puis recommencez.";

    public static IReadOnlyList<(string Field, string Message)> Validate(PurchasingGroup g)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(g.Name))
        {
            errors.Add((nameof(g.Name), "Le nom est obligatoire."));
        }
        else if (g.Name.Length > 200)
        {
            errors.Add((nameof(g.Name), "Le nom ne doit pas dépasser 200 caractères."));
        }

        if (!Enum.IsDefined(g.Domain))
        {
            errors.Add((nameof(g.Domain), "Choisissez un domaine."));
        }

        if (g.EndDate is { } end && end < g.StartDate)
        {
            errors.Add((nameof(g.EndDate), "La date de fin doit être postérieure ou égale à la date de début."));
        }

        return errors;
    }

    public async Task<SaveResult> SaveAsync(PurchasingGroup group, CancellationToken cancellationToken = default)
    {
        group.Name = (group.Name ?? string.Empty).Trim();
        var errors = Validate(group);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (group.Id == 0)
        {
            group.CreatedAtUtc = group.UpdatedAtUtc = now;
            group.Id = await groups.InsertAsync(connection, tx, group);
            await audit.WriteAsync(connection, tx, EntityType, group.Id, "Created", null, group);
        }
        else
        {
            var before = await groups.GetAsync(connection, tx, group.Id);
            if (before is null)
            {
                return SaveResult.Missing;
            }

            group.CreatedAtUtc = before.CreatedAtUtc;
            group.UpdatedAtUtc = now;
            if (!await groups.UpdateAsync(connection, tx, group))
            {
                return SaveResult.Conflicted;
            }

            await audit.WriteAsync(connection, tx, EntityType, group.Id, "Updated", before, group);
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(group.Id);
    }

    /// <summary>Adds an adhesion, or changes its dates when <see cref="Adhesion.Id"/> is set; refuses overlapping periods.</summary>
    public async Task<SaveResult> SaveAdhesionAsync(Adhesion adhesion, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await groups.GetAsync(connection, tx, adhesion.PurchasingGroupId) is null)
        {
            return SaveResult.Missing;
        }

        if (await members.GetAsync(connection, tx, adhesion.MemberId) is null)
        {
            return SaveResult.Invalid(nameof(Adhesion.MemberId), "Choisissez un membre.");
        }

        var existing = await groups.AdhesionsOfGroupAsync(connection, tx, adhesion.PurchasingGroupId);
        AdhesionRow? before = null;
        if (adhesion.Id != 0)
        {
            before = existing.FirstOrDefault(a => a.Id == adhesion.Id);
            if (before is null)
            {
                return SaveResult.Missing;
            }
        }

        var errors = AdhesionRules.Validate(adhesion, existing.Select(a => a.ToAdhesion()));
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        if (before is null)
        {
            adhesion.Id = await groups.AddAdhesionAsync(connection, tx, adhesion);
            await audit.WriteAsync(connection, tx, AdhesionEntityType, adhesion.Id, "Created", null, adhesion);
        }
        else
        {
            if (await groups.UpdateAdhesionAsync(connection, tx, adhesion) == 0)
            {
                return SaveResult.Conflicted;
            }

            adhesion.Version++;
            await audit.WriteAsync(connection, tx, AdhesionEntityType, adhesion.Id, "Updated", before.ToAdhesion(), adhesion);
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(adhesion.Id);
    }

    public async Task<SaveResult> RemoveAdhesionAsync(long groupId, long adhesionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await groups.GetAdhesionAsync(connection, tx, adhesionId);
        if (before is null || before.PurchasingGroupId != groupId)
        {
            return SaveResult.Missing;
        }

        if (await groups.AdhesionUsedAsync(connection, tx, adhesionId))
        {
            return SaveResult.Invalid(string.Empty, AdhesionUsedMessage);
        }

        await groups.RemoveAdhesionAsync(connection, tx, adhesionId);
        await audit.WriteAsync(connection, tx, AdhesionEntityType, adhesionId, "Deleted", before.ToAdhesion(), null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(adhesionId);
    }
}
