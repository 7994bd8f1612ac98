using System.Data.Common;
using Hangfire;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Platform;

namespace ProcurementGroup.Web.Features.Campaigns;

/// <summary>
/// Opens draft campaigns whose opening time has come and closes open ones whose deadline has passed. The recurring job
/// and the officer's "open now" / "close now" run this same code. Safe to run twice: each status change is guarded in its
/// WHERE clause and forms are inserted only where missing, so a second run changes nothing and sends no e-mail.
/// </summary>
public sealed class CampaignScheduler(
    IDbConnectionFactory factory,
    ICampaignRepository campaigns,
    IPurchasingGroupRepository groups,
    IAuditTrail audit,
    CampaignEmails emails,
    TimeProvider clock,
    ILogger<CampaignScheduler> logger)
{
    /// <summary>The recurring job: takes no entity, reads what is due now.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in await campaigns.DueToOpenAsync(now, cancellationToken))
        {
            var result = await OpenAsync(id, openNow: false, cancellationToken);
            if (result.Status == SaveStatus.Invalid)
            {
                logger.LogWarning("Campagne {CampaignId} non ouverte : {Reason}", id, result.Errors![0].Message);
            }
        }

        foreach (var id in await campaigns.DueToCloseAsync(now, cancellationToken))
        {
            await CloseAsync(id, onlyWhenDue: true, cancellationToken);
        }
    }

    /// <summary>
    /// Draft → Open, creating the Draft form of every member taking part (adhering on the launch day) and e-mailing their
    /// buyers. <paramref name="openNow"/>: the officer opens it before its planned time, which becomes now.
    /// </summary>
    public Task<SaveResult> OpenAsync(long campaignId, bool openNow, CancellationToken cancellationToken) =>
        InTransactionAsync(campaignId, cancellationToken, async (connection, tx, before, now) =>
        {
            if (CampaignValidator.CheckOpen(before, now) is { } refused)
            {
                return SaveResult.Invalid(string.Empty, refused);
            }

            var opensAt = openNow && before.OpensAtUtc > now ? now : before.OpensAtUtc;
            if (!await campaigns.OpenAsync(connection, tx, campaignId, opensAt, now))
            {
                // Opened meanwhile by another run or officer: nothing left to do.
                return SaveResult.Ok(campaignId);
            }

            // Read inside the transaction: the participants depend on the opening day just written.
            var participants = await campaigns.ParticipantMemberIdsAsync(connection, tx, campaignId);
            var created = await campaigns.InsertMissingFormsAsync(connection, tx, campaignId, participants, now);
            var opened = (await campaigns.GetAsync(connection, tx, campaignId))!;
            await audit.WriteAsync(connection, tx, CampaignService.EntityType, campaignId, openNow ? "OpenedNow" : "Opened", before, new { Campaign = opened, FormsCreated = created.Count });

            // Only the members whose form this run created are told, so a second run sends nothing.
            await CommitAndTellAsync(connection, tx, opened, created, cancellationToken);
            return SaveResult.Ok(campaignId);
        });

    public const string NotEligibleMessage =
        "Ce membre ne participe pas à la procédure (son adhésion ne couvre pas la date de lancement) ou a déjà son formulaire.";

    public const string NotStartedMessage = "La campagne n'est pas encore ouverte : les formulaires seront créés à son ouverture.";

    /// <summary>
    /// The officer creates the Draft form of a member that became eligible after the opening (joined after it, by the
    /// launch day) and its buyers are e-mailed as at the opening. Refused for a member that does not take part or already
    /// has its form, and before the opening (the opening creates them) or once archived.
    /// </summary>
    public Task<SaveResult> CreateLateFormAsync(long campaignId, long memberId, CancellationToken cancellationToken) =>
        InTransactionAsync(campaignId, cancellationToken, async (connection, tx, campaign, now) =>
        {
            if (campaign.Status is not (CampaignStatus.Open or CampaignStatus.Closed))
            {
                return SaveResult.Invalid(string.Empty, campaign.Status == CampaignStatus.Archived ? CampaignValidator.ArchivedMessage : NotStartedMessage);
            }

            var participants = await campaigns.ParticipantMemberIdsAsync(connection, tx, campaignId);
            IReadOnlyList<long> created = participants.Contains(memberId)
                ? await campaigns.InsertMissingFormsAsync(connection, tx, campaignId, [memberId], now)
                : [];
            if (created.Count == 0)
            {
                return SaveResult.Invalid(string.Empty, NotEligibleMessage);
            }

            await audit.WriteAsync(connection, tx, CampaignService.EntityType, campaignId, "FormCreatedForLateMember", null, new { MemberId = memberId, LaunchDay = CampaignRules.LaunchDay(campaign) });
            await CommitAndTellAsync(connection, tx, campaign, created, cancellationToken);
            return SaveResult.Ok(campaignId);
        });

    /// <summary>
    /// Open → Closed. <paramref name="onlyWhenDue"/> (the job): only once the campaign's closing time and every member's
    /// extended deadline have passed; the officer's "close now" closes at once.
    /// </summary>
    public Task<SaveResult> CloseAsync(long campaignId, bool onlyWhenDue, CancellationToken cancellationToken) =>
        InTransactionAsync(campaignId, cancellationToken, async (connection, tx, before, now) =>
        {
            if (CampaignValidator.CheckClose(before) is { } refused)
            {
                return onlyWhenDue ? SaveResult.Ok(campaignId) : SaveResult.Invalid(string.Empty, refused);
            }

            var closed = onlyWhenDue
                ? await campaigns.CloseIfDueAsync(connection, tx, campaignId, now)
                : await campaigns.CloseAsync(connection, tx, campaignId, now);
            if (closed)
            {
                await audit.WriteAsync(connection, tx, CampaignService.EntityType, campaignId, onlyWhenDue ? "Closed" : "ClosedNow", before, await campaigns.GetAsync(connection, tx, campaignId));
                await tx.CommitAsync(cancellationToken);
            }

            return SaveResult.Ok(campaignId);
        });

    /// <summary>
    /// Opens a connection and a transaction, reads the campaign in it (Missing if there is none) and runs
    /// <paramref name="work"/> with the campaign and the current time; <paramref name="work"/> commits what it keeps.
    /// </summary>
    private async Task<SaveResult> InTransactionAsync(
        long campaignId,
        CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, NeedsCampaign, DateTime, Task<SaveResult>> work)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var campaign = await campaigns.GetAsync(connection, tx, campaignId);
        return campaign is null ? SaveResult.Missing : await work(connection, tx, campaign, now);
    }

    /// <summary>
    /// E-mails the buyers of the members whose form was just <paramref name="created"/>, then commits. The e-mails are
    /// written in the transaction, so the forms and their e-mails are committed together or not at all.
    /// </summary>
    private async Task CommitAndTellAsync(DbConnection connection, DbTransaction tx, NeedsCampaign campaign, IReadOnlyList<long> created, CancellationToken cancellationToken)
    {
        IReadOnlyList<long> queued = [];
        if (created.Count > 0)
        {
            var group = await groups.GetAsync(connection, tx, campaign.PurchasingGroupId);
            queued = await emails.SendOpenedAsync(connection, tx, campaign, group?.Name ?? string.Empty, created, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        emails.SendSoon(queued);
    }
}

/// <summary>Registers the opening/closing job: every minute, so a campaign opens or closes within a minute of its time.</summary>
public sealed class CampaignJobsSetup : IRecurringJobSetup
{
    public const string JobId = "campaigns-open-close";

    public void Register(IRecurringJobManager manager) =>
        manager.AddOrUpdate<CampaignScheduler>(JobId, s => s.RunAsync(CancellationToken.None), Cron.Minutely());
}
