using System.Data.Common;
using System.Globalization;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>
/// Cost entry writes: read and checked by <see cref="CostEntryRules"/>, the member (if any) a participant of the contract,
/// the order (if any) one of the contract's, the invoice line not yet recorded; then saved and audited in one transaction.
/// An entry an issued run holds is frozen: neither edited nor deleted.
/// </summary>
public sealed class CostEntryService(IDbConnectionFactory factory, ICostEntryRepository entries, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "CostEntry";
    public const string MemberNotParticipant = "Ce membre ne participe pas au marché « {0} » : une dépense propre à un membre ne peut être imputée qu'à un membre participant.";
    public const string OrderNotOfContract = "Ce bon de commande n'appartient pas à ce marché.";
    public const string OrderOfAnotherMember = "Ce bon de commande est celui d'un autre membre.";
    public const string Duplicate = "La facture {0}, libellé « {1} », est déjà enregistrée pour ce marché.";
    public const string Frozen = "Cette dépense figure dans une répartition émise : elle ne peut plus être modifiée ni supprimée. Corrigez-la par une répartition rectificative.";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Creates an entry of <paramref name="contract"/> from the typed text.</summary>
    public async Task<SaveResult> CreateAsync(CostContract contract, CostEntryText text, long? memberId, long? orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var entry = new CostEntry { ContractId = contract.Id, PurchasingGroupId = contract.PurchasingGroupId };
        var errors = CostEntryRules.Read(text, entry).ToList();
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        errors.AddRange(await CheckLinksAsync(connection, tx, contract, entry, memberId, orderId));
        if (errors.Count == 0 && await DuplicateAsync(connection, tx, entry) is { } duplicate)
        {
            errors.Add(duplicate);
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        entry.CreatedAtUtc = entry.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            entry.Id = await entries.InsertAsync(connection, tx, entry);
        }
        catch (DbException)
        {
            // Another save recorded the same invoice line between the check and the insert: the unique index refused ours.
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Invalid(nameof(CostEntry.InvoiceNumber), DuplicateMessage(entry));
        }

        await audit.WriteAsync(connection, tx, EntityType, entry.Id, "Created", null, entry);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(entry.Id);
    }

    /// <summary>Saves the typed text over entry <paramref name="id"/> if its Version is still <paramref name="version"/> and no issued run holds it.</summary>
    public async Task<SaveResult> UpdateAsync(CostContract contract, long id, int version, CostEntryText text, long? memberId, long? orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await entries.GetAsync(connection, tx, id);
        if (before is null || before.ContractId != contract.Id)
        {
            return SaveResult.Missing;
        }

        if (await entries.IsIssuedAsync(connection, tx, id))
        {
            return new SaveResult(SaveStatus.Conflict, id, [(string.Empty, Frozen)]);
        }

        var entry = Copy(before);
        entry.Version = version;
        var errors = CostEntryRules.Read(text, entry).ToList();
        errors.AddRange(await CheckLinksAsync(connection, tx, contract, entry, memberId, orderId));
        if (errors.Count == 0 && await DuplicateAsync(connection, tx, entry, before) is { } duplicate)
        {
            errors.Add(duplicate);
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        entry.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        bool saved;
        try
        {
            saved = await entries.UpdateAsync(connection, tx, entry);
        }
        catch (DbException)
        {
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Invalid(nameof(CostEntry.InvoiceNumber), DuplicateMessage(entry));
        }

        if (!saved)
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, id, "Updated", before, entry);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    /// <summary>Deletes entry <paramref name="id"/> if its Version is still <paramref name="version"/> and no issued run holds it.</summary>
    public async Task<SaveResult> DeleteAsync(long contractId, long id, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await entries.GetAsync(connection, tx, id);
        if (before is null || before.ContractId != contractId)
        {
            return SaveResult.Missing;
        }

        if (await entries.IsIssuedAsync(connection, tx, id))
        {
            return new SaveResult(SaveStatus.Conflict, id, [(string.Empty, Frozen)]);
        }

        // A preview that counted the entry loses it at its next computation; the preview's line keeps no reference to it.
        await entries.DetachFromPreviewsAsync(connection, tx, id);
        if (!await entries.DeleteAsync(connection, tx, id, version))
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, id, "Deleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    /// <summary>Saves every line of a valid import in one transaction: all or nothing.</summary>
    public async Task<SaveResult> ImportAsync(CostContract contract, IReadOnlyList<CostImportLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(lines);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var line in lines)
            {
                var entry = line.Entry;
                entry.ContractId = contract.Id;
                entry.PurchasingGroupId = contract.PurchasingGroupId;
                entry.MemberId = line.MemberId;
                entry.CreatedAtUtc = entry.UpdatedAtUtc = now;
                entry.Id = await entries.InsertAsync(connection, tx, entry);
                await audit.WriteAsync(connection, tx, EntityType, entry.Id, "Imported", null, entry);
            }
        }
        catch (DbException)
        {
            await tx.RollbackAsync(cancellationToken);
            return SaveResult.Invalid(string.Empty, "Une autre saisie a enregistré entre-temps une des factures du fichier : aucune facture n'a été enregistrée. Importez à nouveau le fichier.");
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(lines.Count);
    }

    /// <summary>What an import is checked against: the contract's participants by SIREN and its recorded invoice lines.</summary>
    public async Task<CostImportContext> ImportContextAsync(CostContract contract, IReadOnlyList<ContractParticipantRow> participants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(participants);
        await using var connection = await factory.OpenAsync(cancellationToken);
        var existing = await entries.InvoiceLinesAsync(connection, null, contract.Id);
        return new CostImportContext(
            participants.Where(p => p.Siren is { Length: > 0 }).GroupBy(p => p.Siren!).ToDictionary(g => g.Key, g => g.First().MemberId),
            existing.Select(e => CostImportContext.KeyOf(e.InvoiceNumber, e.Label)).ToHashSet());
    }

    private async Task<IReadOnlyList<(string, string)>> CheckLinksAsync(DbConnection connection, DbTransaction tx, CostContract contract, CostEntry entry, long? memberId, long? orderId)
    {
        var errors = new List<(string, string)>();
        if (orderId is { } order)
        {
            var orderMember = await entries.OrderMemberAsync(connection, tx, order, contract.Id);
            if (orderMember is null)
            {
                errors.Add((nameof(CostEntry.OrderId), OrderNotOfContract));
            }
            else if (memberId is { } m && m != orderMember)
            {
                errors.Add((nameof(CostEntry.OrderId), OrderOfAnotherMember));
            }
            else
            {
                // An order's invoice is that member's own cost.
                memberId = orderMember;
            }
        }

        if (memberId is { } member && !(await entries.ParticipantIdsAsync(connection, tx, contract.Id)).Contains(member))
        {
            errors.Add((nameof(CostEntry.MemberId), string.Format(French, MemberNotParticipant, contract.Reference)));
        }

        entry.MemberId = memberId;
        entry.OrderId = orderId;
        return errors;
    }

    private async Task<(string, string)?> DuplicateAsync(DbConnection connection, DbTransaction tx, CostEntry entry, CostEntry? before = null)
    {
        var key = CostImportContext.KeyOf(entry.InvoiceNumber, entry.Label);
        var own = before is null ? default : CostImportContext.KeyOf(before.InvoiceNumber, before.Label);
        var existing = await entries.InvoiceLinesAsync(connection, tx, entry.ContractId);
        var taken = existing.Select(e => CostImportContext.KeyOf(e.InvoiceNumber, e.Label)).Any(k => k == key && (before is null || k != own));
        return taken ? (nameof(CostEntry.InvoiceNumber), DuplicateMessage(entry)) : null;
    }

    private static string DuplicateMessage(CostEntry entry) => string.Format(French, Duplicate, entry.InvoiceNumber, entry.Label);

    private static CostEntry Copy(CostEntry e) => new()
    {
        Id = e.Id, PurchasingGroupId = e.PurchasingGroupId, ContractId = e.ContractId, InvoiceNumber = e.InvoiceNumber, InvoiceDate = e.InvoiceDate,
        PeriodFrom = e.PeriodFrom, PeriodTo = e.PeriodTo, Label = e.Label, AmountHtCents = e.AmountHtCents, VatRateBasisPoints = e.VatRateBasisPoints,
        MemberId = e.MemberId, OrderId = e.OrderId, AllocationKeyId = e.AllocationKeyId, Version = e.Version, CreatedAtUtc = e.CreatedAtUtc, UpdatedAtUtc = e.UpdatedAtUtc,
    };
}
