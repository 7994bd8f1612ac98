using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>
/// Member writes. Each opens one connection and one transaction, calls the repository and the audit trail inside it,
/// and commits both together (the pattern for every audited write of this feature).
/// </summary>
public sealed class MemberService(
    IDbConnectionFactory factory,
    IMemberRepository members,
    IPurchasingGroupRepository groups,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "Member";
    public const string BaseEntityType = "MemberAllocationBase";

    /// <summary>Trims the text fields, stores empty ones as null and identifiers without their spaces.</summary>
    public static void Normalize(Member m)
    {
        m.Name = (m.Name ?? string.Empty).Trim();
        m.Siren = FormText.Clean(m.Siren) is { } siren ? Siren.Compact(siren) : null;
        m.BillingSiret = FormText.Clean(m.BillingSiret) is { } siret ? Siren.Compact(siret) : null;
        m.ChorusServiceCode = FormText.Clean(m.ChorusServiceCode);
        m.AddressLine1 = FormText.Clean(m.AddressLine1);
        m.AddressLine2 = FormText.Clean(m.AddressLine2);
        m.PostalCode = FormText.Clean(m.PostalCode);
        m.City = FormText.Clean(m.City);
        m.BillingEmail = FormText.Clean(m.BillingEmail);
    }

    public async Task<SaveResult> CreateAsync(Member member, CancellationToken cancellationToken = default)
    {
        Normalize(member);
        var errors = MemberValidator.Validate(member);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await SirenTakenAsync(connection, tx, member) is { } taken)
        {
            return taken;
        }

        member.CreatedAtUtc = member.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        member.Id = await members.InsertAsync(connection, tx, member);
        await audit.WriteAsync(connection, tx, EntityType, member.Id, "Created", null, member);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(member.Id);
    }

    /// <summary>Saves <paramref name="member"/> if its Version is still the stored one; otherwise nothing changes.</summary>
    public async Task<SaveResult> UpdateAsync(Member member, CancellationToken cancellationToken = default)
    {
        Normalize(member);
        var errors = MemberValidator.Validate(member);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await members.GetAsync(connection, tx, member.Id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (await SirenTakenAsync(connection, tx, member) is { } taken)
        {
            return taken;
        }

        member.CreatedAtUtc = before.CreatedAtUtc;
        member.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        if (!await members.UpdateAsync(connection, tx, member))
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, member.Id, "Updated", before, member);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(member.Id);
    }

    /// <summary>Deletes a member that adheres to no groupement; one with adhesions must be ended instead (its history matters).</summary>
    public async Task<SaveResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await members.GetAsync(connection, tx, id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (await groups.CountAdhesionsOfMemberAsync(connection, tx, id) > 0)
        {
            return SaveResult.Invalid(string.Empty, "Ce membre adhère à au moins un groupement : il ne peut pas être supprimé. Mettez fin à ses adhésions ou retirez-les d'abord.");
        }

        await members.DeleteAsync(connection, tx, id);
        await audit.WriteAsync(connection, tx, EntityType, id, "Deleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    public async Task<SaveResult> SaveBaseAsync(MemberAllocationBase allocationBase, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await members.GetAsync(connection, tx, allocationBase.MemberId) is null)
        {
            return SaveResult.Missing;
        }

        var before = (await members.BasesAsync(connection, tx, allocationBase.MemberId)).FirstOrDefault(b => b.Year == allocationBase.Year);
        await members.UpsertBaseAsync(connection, tx, allocationBase);
        await audit.WriteAsync(connection, tx, BaseEntityType, allocationBase.MemberId, before is null ? "Created" : "Updated", before, allocationBase);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(allocationBase.MemberId);
    }

    public async Task<SaveResult> DeleteBaseAsync(long memberId, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = (await members.BasesAsync(connection, tx, memberId)).FirstOrDefault(b => b.Year == year);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        await members.DeleteBaseAsync(connection, tx, memberId, year);
        await audit.WriteAsync(connection, tx, BaseEntityType, memberId, "Deleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(memberId);
    }

    private async Task<SaveResult?> SirenTakenAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, Member member)
    {
        if (member.Siren is null)
        {
            return null;
        }

        var other = await members.GetBySirenAsync(connection, tx, member.Siren);
        return other is not null && other.Id != member.Id
            ? SaveResult.Invalid(nameof(Member.Siren), $"Ce SIREN est déjà celui du membre « {other.Name} ».")
            : null;
    }
}
