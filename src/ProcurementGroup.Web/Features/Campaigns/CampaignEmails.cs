using System.Data.Common;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.Campaigns;

/// <summary>
/// The campaign e-mails to member buyers (texts in templates/emails): the campaign is open, an item they entered was
/// corrected. Written to the outbox in the transaction of the change that causes them: both are committed, or neither.
/// </summary>
public sealed class CampaignEmails(
    EmailTemplates templates,
    IMailer mailer,
    ICampaignRepository campaigns,
    IConfiguration configuration,
    IHttpContextAccessor httpContextAccessor)
{
    public const string OpenedTemplate = "campaign-opened";
    public const string ItemCorrectedTemplate = "catalogue-item-corrected";

    /// <summary>After the commit: the e-mails written by the calls above go now (the recurring sender covers a lost request).</summary>
    public void SendSoon(IEnumerable<long> outboxIds) => mailer.SendSoon(outboxIds);

    /// <summary>Writes the e-mails in the transaction; returns their outbox ids, for <see cref="IMailer.SendSoon"/> after the commit.</summary>
    public async Task<IReadOnlyList<long>> SendOpenedAsync(DbConnection connection, DbTransaction transaction, NeedsCampaign campaign, string groupName, IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var sent = new List<long>();
        foreach (var buyer in await campaigns.BuyersOfMembersAsync(connection, transaction, memberIds))
        {
            var (subject, body) = templates.Render(OpenedTemplate, new Dictionary<string, string>
            {
                ["DisplayName"] = Name(buyer),
                ["MemberName"] = buyer.MemberName,
                ["CampaignTitle"] = campaign.Title,
                ["GroupName"] = groupName,
                ["ClosesAt"] = Fr.Instant(campaign.ClosesAtUtc),
                ["Link"] = Link($"/NeedsForms/Campaign/{campaign.Id}"),
            });
            sent.Add(await mailer.QueueAsync(connection, transaction, new EmailMessage(buyer.Email, subject, body), cancellationToken));
        }

        return sent;
    }

    /// <summary>Writes the e-mails in the transaction; returns their outbox ids, for <see cref="IMailer.SendSoon"/> after the commit.</summary>
    public async Task<IReadOnlyList<long>> SendItemCorrectedAsync(DbConnection connection, DbTransaction transaction, NeedsCampaign campaign, CatalogueItem before, CatalogueItem after, IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var sent = new List<long>();
        foreach (var buyer in await campaigns.BuyersOfMembersAsync(connection, transaction, memberIds))
        {
            var (subject, body) = templates.Render(ItemCorrectedTemplate, new Dictionary<string, string>
            {
                ["DisplayName"] = Name(buyer),
                ["MemberName"] = buyer.MemberName,
                ["CampaignTitle"] = campaign.Title,
                ["ItemCode"] = after.Code,
                ["Before"] = Describe(before),
                ["After"] = Describe(after),
                ["Link"] = Link($"/NeedsForms/Campaign/{campaign.Id}"),
            });
            sent.Add(await mailer.QueueAsync(connection, transaction, new EmailMessage(buyer.Email, subject, body), cancellationToken));
        }

        return sent;
    }

    /// <summary>
    /// One line a buyer can compare: label, unit, price HT and its period, for a one-off price what the quantity covers
    /// (par an or sur la durée), VAT, maximum.
    /// </summary>
    public static string Describe(CatalogueItem item) =>
        $"{item.Label} – {item.Unit} – {Fr.Money(item.UnitPriceCents)} HT ({CatalogueText.PeriodLabel(item.PricePeriod)}"
        + (CatalogueText.QuantityNote(item) is { } basis ? $", quantité {basis}" : string.Empty)
        + $") – TVA {CatalogueText.VatPercent(item.VatRateBasisPoints)} %"
        + (item.MaxPerMemberMilli is { } max ? $" – maximum {CatalogueText.Quantity(max)} par membre" : string.Empty);

    private static string Name(BuyerContact buyer) => string.IsNullOrWhiteSpace(buyer.DisplayName) ? buyer.Email : buyer.DisplayName;

    /// <summary>Absolute from App:PublicBaseUrl or the current request; a job outside any request without the setting gets the path.</summary>
    private string Link(string path)
    {
        var configured = configuration["App:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/') + path;
        }

        var request = httpContextAccessor.HttpContext?.Request;
        return request is null ? path : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }
}
