using System.Data.Common;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Campaigns;

/// <summary>
/// Campaign and catalogue writes. Each opens one connection and one transaction, checks the rule, writes, audits inside the
/// same transaction and commits; e-mails are queued after the commit. Every campaign change is audited as "NeedsCampaign",
/// every item change as "CatalogueItem" (before and after).
/// </summary>
public sealed class CampaignService(
    IDbConnectionFactory factory,
    ICampaignRepository campaigns,
    ICatalogueRepository catalogue,
    IPurchasingGroupRepository groups,
    IAuditTrail audit,
    CampaignScheduler scheduler,
    CampaignEmails emails,
    TimeProvider clock)
{
    public const string EntityType = "NeedsCampaign";
    public const string ItemEntityType = "CatalogueItem";

    public const string FrozenMessage = CampaignValidator.FrozenMessage;

    public const string ArchivedMessage = CampaignValidator.ArchivedMessage;

    public async Task<SaveResult> CreateAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default)
    {
        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await groups.GetAsync(connection, tx, campaign.PurchasingGroupId) is null)
        {
            return SaveResult.Invalid("PurchasingGroupId", "Choisissez un groupement.");
        }

        campaign.Status = CampaignStatus.Draft;
        campaign.CreatedAtUtc = campaign.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        campaign.Id = await campaigns.InsertAsync(connection, tx, campaign);
        campaign.Version = 1;
        await audit.WriteAsync(connection, tx, EntityType, campaign.Id, "Created", null, campaign);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(campaign.Id);
    }

    /// <summary>
    /// Saves the title, description, planned launch and duration; the dates too while a draft. Once opened, the closing moves
    /// only through an extension (which tells who gets more time), so the stored dates are kept.
    /// </summary>
    public async Task<SaveResult> UpdateAsync(NeedsCampaign campaign, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await campaigns.GetAsync(connection, tx, campaign.Id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (before.Status == CampaignStatus.Archived)
        {
            return SaveResult.Invalid(string.Empty, ArchivedMessage);
        }

        campaign.PurchasingGroupId = before.PurchasingGroupId;
        campaign.Status = before.Status;
        if (before.Status != CampaignStatus.Draft)
        {
            campaign.OpensAtUtc = before.OpensAtUtc;
            campaign.ClosesAtUtc = before.ClosesAtUtc;
        }

        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        campaign.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        if (!await campaigns.UpdateAsync(connection, tx, campaign))
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, campaign.Id, "Updated", before, await campaigns.GetAsync(connection, tx, campaign.Id));
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(campaign.Id);
    }

    public Task<SaveResult> OpenNowAsync(long id, CancellationToken cancellationToken = default) => scheduler.OpenAsync(id, openNow: true, cancellationToken);

    public Task<SaveResult> CloseNowAsync(long id, CancellationToken cancellationToken = default) => scheduler.CloseAsync(id, onlyWhenDue: false, cancellationToken);

    public Task<SaveResult> CreateLateFormAsync(long id, long memberId, CancellationToken cancellationToken = default) => scheduler.CreateLateFormAsync(id, memberId, cancellationToken);

    public async Task<SaveResult> ArchiveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await campaigns.GetAsync(connection, tx, id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (CampaignValidator.CheckArchive(before) is { } refused)
        {
            return SaveResult.Invalid(string.Empty, refused);
        }

        if (await campaigns.ArchiveAsync(connection, tx, id, clock.GetUtcNow().UtcDateTime))
        {
            await audit.WriteAsync(connection, tx, EntityType, id, "Archived", before, await campaigns.GetAsync(connection, tx, id));
            await tx.CommitAsync(cancellationToken);
        }

        return SaveResult.Ok(id);
    }

    /// <summary>
    /// Extends the deadline for all (<paramref name="memberId"/> null: the campaign's closing moves; a closed campaign
    /// reopens) or for one member (its own deadline; a closed campaign reopens for it, the others' deadline having passed).
    /// </summary>
    public async Task<SaveResult> ExtendAsync(long id, long? memberId, DateTime newClosesAtUtc, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await campaigns.GetAsync(connection, tx, id);
        if (before is null)
        {
            return SaveResult.Missing;
        }

        if (memberId is null)
        {
            if (CampaignValidator.CheckExtension(before, newClosesAtUtc, now) is { } refused)
            {
                return SaveResult.Invalid("Extension.ClosesAt", refused);
            }

            await campaigns.ExtendAsync(connection, tx, id, newClosesAtUtc, now);
            await audit.WriteAsync(connection, tx, EntityType, id, "DeadlineExtended", before, await campaigns.GetAsync(connection, tx, id));
        }
        else
        {
            if (CampaignValidator.CheckMemberExtension(before, newClosesAtUtc, now) is { } refused)
            {
                return SaveResult.Invalid("Extension.ClosesAt", refused);
            }

            if (!(await campaigns.FormMembersAsync(id, cancellationToken)).Any(m => m.Id == memberId))
            {
                return SaveResult.Invalid("Extension.MemberId", "Ce membre ne participe pas à la campagne.");
            }

            var previous = await campaigns.GetMemberDeadlineAsync(connection, tx, id, memberId.Value);
            await campaigns.UpsertMemberDeadlineAsync(connection, tx, id, memberId.Value, newClosesAtUtc);
            await campaigns.ReopenAsync(connection, tx, id, now);
            await audit.WriteAsync(
                connection,
                tx,
                EntityType,
                id,
                "MemberDeadlineExtended",
                new { MemberId = memberId, ClosesAtUtc = previous, before.Status },
                new { MemberId = memberId, ClosesAtUtc = newClosesAtUtc, Status = CampaignStatus.Open });
        }

        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(id);
    }

    // ---------------------------------------------------------------- lots

    public async Task<SaveResult> SaveLotAsync(CampaignLot lot, CancellationToken cancellationToken = default)
    {
        var errors = CampaignValidator.ValidateLot(lot);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await EditableCampaignAsync(connection, tx, lot.CampaignId) is { } refused && !await OnlyMaximumChangesAsync(connection, tx, lot))
        {
            return refused;
        }

        CampaignLot? before = null;
        if (lot.Id != 0)
        {
            before = await catalogue.GetLotAsync(connection, tx, lot.Id);
            if (before is null || before.CampaignId != lot.CampaignId)
            {
                return SaveResult.Missing;
            }
        }

        if (await catalogue.LotNumberTakenAsync(connection, tx, lot.CampaignId, lot.LotNumber, lot.Id))
        {
            return SaveResult.Invalid(nameof(CampaignLot.LotNumber), $"Le lot n° {lot.LotNumber} existe déjà dans cette campagne.");
        }

        if (before is null)
        {
            lot.Id = await catalogue.InsertLotAsync(connection, tx, lot);
        }
        else
        {
            if (!await catalogue.UpdateLotAsync(connection, tx, lot))
            {
                return SaveResult.Conflicted;
            }

            lot.Version++;
        }

        await audit.WriteAsync(connection, tx, EntityType, lot.CampaignId, before is null ? "LotAdded" : "LotUpdated", before, lot);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(lot.Id);
    }

    public async Task<SaveResult> DeleteLotAsync(long campaignId, long lotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await EditableCampaignAsync(connection, tx, campaignId) is { } refused)
        {
            return refused;
        }

        var before = await catalogue.GetLotAsync(connection, tx, lotId);
        if (before is null || before.CampaignId != campaignId)
        {
            return SaveResult.Missing;
        }

        await catalogue.DeleteLotAsync(connection, tx, lotId);
        await audit.WriteAsync(connection, tx, EntityType, campaignId, "LotDeleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(campaignId);
    }

    // ---------------------------------------------------------------- items

    /// <summary>
    /// Adds an item (draft only) or saves one: while a draft, any change; once open or closed, a correction of its label,
    /// unit, price, VAT or maximum (not its code, lot or unit rule, which forms rely on), audited, and e-mailed to the buyers of
    /// the members whose forms already hold it.
    /// </summary>
    public async Task<SaveResult> SaveItemAsync(CatalogueItem item, CancellationToken cancellationToken = default)
    {
        var errors = CampaignValidator.ValidateItem(item);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        NeedsCampaign campaign;
        CatalogueItem? before = null;
        IReadOnlyList<long> notify = [];
        IReadOnlyList<long> queued = [];
        await using (var connection = await factory.OpenAsync(cancellationToken))
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            var found = await campaigns.GetAsync(connection, tx, item.CampaignId);
            if (found is null)
            {
                return SaveResult.Missing;
            }

            campaign = found;
            if (CampaignValidator.CatalogueChangeRefusal(campaign.Status, correctingAnItem: item.Id != 0) is { } refused)
            {
                return SaveResult.Invalid(string.Empty, refused);
            }

            if (item.Id != 0)
            {
                before = await catalogue.GetItemAsync(connection, tx, item.Id);
                if (before is null || before.CampaignId != item.CampaignId)
                {
                    return SaveResult.Missing;
                }

                if (campaign.Status != CampaignStatus.Draft
                    && (before.Code != item.Code || before.LotId != item.LotId || before.WholeNumbersOnly != item.WholeNumbersOnly || before.PricePeriod != item.PricePeriod || before.QuantityBasis != item.QuantityBasis))
                {
                    return SaveResult.Invalid(
                        string.Empty,
                        "Après l'ouverture, seuls le libellé, l'unité, le prix, la TVA et le maximum d'un article peuvent être corrigés : son code, son lot, sa périodicité, ce que couvre sa quantité et la règle des unités entières restent ceux des formulaires déjà saisis.");
                }

                item.SortOrder = before.SortOrder;
            }

            if (await catalogue.GetLotAsync(connection, tx, item.LotId) is not { } lot || lot.CampaignId != item.CampaignId)
            {
                return SaveResult.Invalid(nameof(CatalogueItem.LotId), "Choisissez un lot de cette campagne.");
            }

            if (await catalogue.ItemCodeTakenAsync(connection, tx, item.CampaignId, item.Code, item.Id))
            {
                return SaveResult.Invalid(nameof(CatalogueItem.Code), $"Le code {item.Code} est déjà celui d'un autre article de cette campagne.");
            }

            if (before is null)
            {
                item.Id = await catalogue.InsertItemAsync(connection, tx, item);
                await audit.WriteAsync(connection, tx, ItemEntityType, item.Id, "Created", null, item);
            }
            else
            {
                if (!await catalogue.UpdateItemAsync(connection, tx, item))
                {
                    return SaveResult.Conflicted;
                }

                var after = await catalogue.GetItemAsync(connection, tx, item.Id);
                var corrected = campaign.Status != CampaignStatus.Draft;
                await audit.WriteAsync(connection, tx, ItemEntityType, item.Id, corrected ? "Corrected" : "Updated", before, after);
                if (corrected)
                {
                    notify = await catalogue.MembersWithItemAsync(connection, tx, item.Id);
                    if (notify.Count > 0)
                    {
                        queued = await emails.SendItemCorrectedAsync(connection, tx, campaign, before, item, notify, cancellationToken);
                    }
                }
            }

            await tx.CommitAsync(cancellationToken);
        }

        emails.SendSoon(queued);

        return SaveResult.Ok(item.Id);
    }

    public async Task<SaveResult> DeleteItemAsync(long campaignId, long itemId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await EditableCampaignAsync(connection, tx, campaignId) is { } refused)
        {
            return refused;
        }

        var before = await catalogue.GetItemAsync(connection, tx, itemId);
        if (before is null || before.CampaignId != campaignId)
        {
            return SaveResult.Missing;
        }

        await catalogue.DeleteItemAsync(connection, tx, itemId);
        await audit.WriteAsync(connection, tx, ItemEntityType, itemId, "Deleted", before, null);
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(campaignId);
    }

    /// <summary>Replaces the draft's catalogue by a copy of an earlier campaign's of the same groupement, in one transaction.</summary>
    public async Task<SaveResult> CopyCatalogueAsync(long campaignId, long sourceCampaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await EditableCampaignAsync(connection, tx, campaignId) is { } refused)
        {
            return refused;
        }

        var target = (await campaigns.GetAsync(connection, tx, campaignId))!;
        var source = await campaigns.GetAsync(connection, tx, sourceCampaignId);
        if (source is null || source.Id == campaignId || source.PurchasingGroupId != target.PurchasingGroupId)
        {
            return SaveResult.Invalid("SourceCampaignId", "Choisissez une autre campagne du même groupement.");
        }

        var lotsBefore = await catalogue.LotsAsync(connection, tx, campaignId);
        await catalogue.CopyCatalogueAsync(connection, tx, campaignId, sourceCampaignId);
        await audit.WriteAsync(
            connection,
            tx,
            EntityType,
            campaignId,
            "CatalogueCopied",
            new { Lots = lotsBefore.Count },
            new { FromCampaignId = sourceCampaignId, FromTitle = source.Title, Lots = (await catalogue.LotsAsync(connection, tx, campaignId)).Count });
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(campaignId);
    }

    /// <summary>Null when the campaign exists and its catalogue may still change shape (draft); otherwise why not.</summary>
    /// <summary>
    /// An accord-cadre's lot maximum is not part of the catalogue the members answer: it may still be set once the
    /// catalogue is frozen (not once archived), provided the lot keeps its number and title.
    /// </summary>
    private async Task<bool> OnlyMaximumChangesAsync(DbConnection connection, DbTransaction tx, CampaignLot lot) =>
        lot.Id != 0
        && await campaigns.GetAsync(connection, tx, lot.CampaignId) is { Status: not CampaignStatus.Archived }
        && await catalogue.GetLotAsync(connection, tx, lot.Id) is { } current
        && current.CampaignId == lot.CampaignId && current.LotNumber == lot.LotNumber && current.Title == lot.Title;

    internal async Task<SaveResult?> EditableCampaignAsync(DbConnection connection, DbTransaction tx, long campaignId)
    {
        var campaign = await campaigns.GetAsync(connection, tx, campaignId);
        if (campaign is null)
        {
            return SaveResult.Missing;
        }

        return CampaignValidator.CatalogueChangeRefusal(campaign.Status, correctingAnItem: false) is { } refused
            ? SaveResult.Invalid(string.Empty, refused)
            : null;
    }
}
