using Hangfire;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Infrastructure.Platform;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// Reminders of a needs campaign, run every hour: the buyers of members whose form is not submitted (no form, draft or
/// returned) 7 days and 2 days before that member's deadline, and the procurement officers once at closing with the
/// counts. Each reminder is a row in NeedsReminders written in the same transaction as its outbox messages, so the job
/// is safe to run twice (retries, several nodes): a reminder already recorded is skipped.
/// </summary>
public sealed class NeedsRemindersJob(
    IDbConnectionFactory factory,
    INeedsRemindersRepository reminders,
    INeedsDocumentsRepository people,
    ICampaignRepository campaigns,
    IPurchasingGroupRepository groups,
    EmailTemplates templates,
    IMailer mailer,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<NeedsRemindersJob> logger)
{
    public const string JobId = "needs-reminders";
    public const string SevenDays = ReminderSchedule.SevenDays;
    public const string TwoDays = ReminderSchedule.TwoDays;
    public const string Closing = "Closing";

    /// <summary>A closing notice is still sent when the job was down at closing time, but not for campaigns closed long ago.</summary>
    public static readonly TimeSpan ClosingNoticeWindow = TimeSpan.FromDays(7);

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);

    /// <summary>Sends what is due at <paramref name="nowUtc"/>; returns the number of e-mails queued.</summary>
    public async Task<int> RunAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var queued = new List<long>();
        foreach (var campaign in await reminders.CampaignsToRemindAsync(nowUtc - ClosingNoticeWindow, cancellationToken))
        {
            var group = await groups.GetAsync(campaign.PurchasingGroupId, cancellationToken);
            var participants = await campaigns.ParticipantMemberIdsAsync(campaign.Id, cancellationToken);
            if (campaign.Status == CampaignStatus.Open)
            {
                foreach (var member in await reminders.PendingMembersAsync(campaign.Id, participants, cancellationToken))
                {
                    var deadline = CampaignRules.DeadlineUtc(campaign, member.ExtendedDeadlineUtc);
                    if (ReminderSchedule.KindDue(deadline, nowUtc) is { } kind)
                    {
                        queued.AddRange(await RemindMemberAsync(campaign, group?.Name ?? string.Empty, member, kind, deadline, nowUtc, cancellationToken));
                    }
                }
            }

            if (nowUtc >= campaign.ClosesAtUtc && nowUtc - campaign.ClosesAtUtc < ClosingNoticeWindow)
            {
                queued.AddRange(await NotifyOfficersAsync(campaign, group?.Name ?? string.Empty, participants, nowUtc, cancellationToken));
            }
        }

        // Committed with their reminder rows: sent now, or by the recurring outbox sender should this request be lost.
        mailer.SendSoon(queued);
        return queued.Count;
    }

    private async Task<IReadOnlyList<long>> RemindMemberAsync(NeedsCampaign campaign, string group, PendingMember member, string kind, DateTime deadlineUtc, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await reminders.TryRecordAsync(connection, tx, campaign.Id, member.MemberId, kind, nowUtc))
        {
            return [];
        }

        var ids = new List<long>();
        foreach (var email in await people.BuyerEmailsAsync(connection, tx, member.MemberId))
        {
            var message = await templates.RenderAsync(kind == SevenDays ? "needs-reminder-7" : "needs-reminder-2", email, new Dictionary<string, string>
            {
                ["Member"] = member.MemberName,
                ["Campaign"] = campaign.Title,
                ["Group"] = group,
                ["Deadline"] = Fr.Instant(deadlineUtc),
                ["Link"] = Link("/"),
            });
            ids.Add(await mailer.QueueAsync(connection, tx, message, cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Rappel {Kind} de la campagne {CampaignId} au membre {MemberId} : {Count} courriel(s).", kind, campaign.Id, member.MemberId, ids.Count);
        return ids;
    }

    private async Task<IReadOnlyList<long>> NotifyOfficersAsync(NeedsCampaign campaign, string group, IReadOnlyList<long> participants, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var counts = await reminders.CountsAsync(campaign.Id, cancellationToken);
        var pending = await reminders.PendingMembersAsync(campaign.Id, participants, cancellationToken);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // MemberId 0 stands for the officers.
        if (!await reminders.TryRecordAsync(connection, tx, campaign.Id, 0, Closing, nowUtc))
        {
            return [];
        }

        var ids = new List<long>();
        var missingList = pending.Count == 0
            ? string.Empty
            : string.Join("\n", pending.Select(p => "  - " + p.MemberName)) + "\n";
        foreach (var email in await people.OfficerEmailsAsync(connection, tx))
        {
            var message = await templates.RenderAsync("needs-campaign-closed", email, new Dictionary<string, string>
            {
                ["Campaign"] = campaign.Title,
                ["Group"] = group,
                ["ClosedAt"] = Fr.Instant(campaign.ClosesAtUtc),
                ["Participants"] = participants.Count.ToString(Fr.Culture),
                ["Submitted"] = counts.Submitted.ToString(Fr.Culture),
                ["Validated"] = counts.Validated.ToString(Fr.Culture),
                ["Missing"] = pending.Count.ToString(Fr.Culture),
                ["MissingList"] = missingList,
                ["Link"] = Link("/"),
            });
            ids.Add(await mailer.QueueAsync(connection, tx, message, cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return ids;
    }

    private string Link(string path)
    {
        var configured = configuration["App:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured) ? "l'application ProcurementGroup, rubrique des campagnes" : configured.TrimEnd('/') + path;
    }
}

/// <summary>Registers the hourly reminders job.</summary>
public sealed class NeedsRemindersJobSetup : IRecurringJobSetup
{
    public void Register(IRecurringJobManager manager) =>
        manager.AddOrUpdate<NeedsRemindersJob>(NeedsRemindersJob.JobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
}
