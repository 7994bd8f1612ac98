using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.NeedsForms;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Uploads;
using static ProcurementGroup.Web.Features.NeedsDocuments.NeedsSpreadsheet;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

public sealed record SpreadsheetUploadOutcome(string? FileError, IReadOnlyList<string> Report, int SavedLines, bool Saved)
{
    public static SpreadsheetUploadOutcome Refused(string message) => new(message, [], 0, false);
}

/// <summary>
/// The upload: the file is the whole form. Every line is checked (<see cref="NeedsSpreadsheetReader"/>), and the lines are
/// replaced in one transaction, audited, only when the whole file is valid and the form has not changed since the download
/// (same Version).
/// </summary>
public sealed class NeedsSpreadsheetImport(
    IDbConnectionFactory factory,
    ICatalogueRepository catalogue,
    INeedLinesStore store,
    INeedsDocumentsRepository documents,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "NeedsForm";

    /// <summary>Checks, parses and validates the file, then replaces the form's lines, audited, in one transaction — or saves nothing.</summary>
    public async Task<SpreadsheetUploadOutcome> UploadAsync(NeedsFormContext context, Stream file, long length, long? userId, OfficerChangeNotice? change = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (length > Infrastructure.UploadLimits.FileBytes)
        {
            return SpreadsheetUploadOutcome.Refused(XlsxUpload.TooLargeMessage);
        }

        var items = await catalogue.ItemsAsync(context.Campaign.Id, cancellationToken);
        var sites = await documents.SitesAsync(context.Member.Id, cancellationToken);
        var read = NeedsSpreadsheetReader.ReadRows(file, NeedsSpreadsheetReader.Limits(items.Count, sites.Count));
        if (read.Rows is not { } rows)
        {
            return SpreadsheetUploadOutcome.Refused(read.Error!);
        }

        var sitesOnForm = (await store.ListAsync(context.Form.Id, cancellationToken)).Where(l => l.SiteId is not null).Select(l => l.SiteId!.Value).ToHashSet();
        var parsed = NeedsSpreadsheetReader.Parse(rows, context.Form, items, sites, sitesOnForm);
        if (parsed.FileError is not null)
        {
            return SpreadsheetUploadOutcome.Refused(parsed.FileError);
        }

        if (parsed.Errors.Count > 0)
        {
            return new SpreadsheetUploadOutcome(null, [NothingSavedMessage, .. parsed.Errors], 0, false);
        }

        return await SaveAsync(context.Form, parsed.Lines, items, sites, userId, change, cancellationToken);
    }

    /// <summary>
    /// Replaces the lines under the Version read from the file, with the audit row, in one transaction; an officer's
    /// change to a submitted form (<paramref name="change"/>) also queues the buyers' e-mails there and audits the reason.
    /// </summary>
    public async Task<SpreadsheetUploadOutcome> SaveAsync(NeedsForm form, IReadOnlyList<NeedLine> lines, IReadOnlyList<CatalogueItem> items, IReadOnlyList<MemberSite> sites, long? userId, OfficerChangeNotice? change = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var codes = items.ToDictionary(i => i.Id, i => i.Code);
        var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // A submitted form was only let through by MayUpload for an officer: it stays editable for this upload only.
        var version = await store.ReplaceLinesAsync(connection, tx, form.Id, form.Version, submittedEditable: form.Status == NeedsFormStatus.Submitted, lines, userId, now);
        if (version is null)
        {
            return SpreadsheetUploadOutcome.Refused(StaleMessage);
        }

        if (change is not null)
        {
            await change.QueueAsync(connection, tx, cancellationToken);
        }

        await audit.WriteAsync(
            connection,
            tx,
            EntityType,
            form.Id,
            change is null ? "Uploaded" : "UploadedByOfficer",
            new { form.Version },
            new
            {
                Version = version,
                change?.Reason,
                LineCount = lines.Count,
                Lines = lines.Select(l => new
                {
                    Code = codes.GetValueOrDefault(l.CatalogueItemId),
                    Site = l.SiteId is { } s ? siteNames.GetValueOrDefault(s) : null,
                    Quantity = l.QuantityMilli / (decimal)EstimatedValue.QuantityScale,
                    l.Comment,
                }),
            });
        await tx.CommitAsync(cancellationToken);
        change?.SendSoon();
        return new SpreadsheetUploadOutcome(null, [$"{lines.Count} ligne(s) enregistrée(s)."], lines.Count, true);
    }
}
