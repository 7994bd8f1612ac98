using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>
/// A needs form's lines. Saving replaces the whole set of lines (the web form and the uploaded spreadsheet are both the
/// whole form) and bumps the form's Version in the same transaction: a save made from an older version changes nothing.
/// </summary>
public interface INeedLinesStore
{
    Task<IReadOnlyList<NeedLine>> ListAsync(long formId, CancellationToken cancellationToken = default);

    Task<NeedsForm?> GetFormAsync(long formId, CancellationToken cancellationToken = default);

    Task<NeedsForm?> GetFormAsync(long campaignId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the lines of the form if its Version is still <paramref name="expectedVersion"/> and it is still in an
    /// editable state (draft or returned; submitted too when <paramref name="submittedEditable"/>, an officer's
    /// correction); returns the new Version, or null when someone else saved or submitted first (nothing is changed then).
    /// </summary>
    Task<int?> ReplaceLinesAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, bool submittedEditable, IReadOnlyList<NeedLine> lines, long? userId, DateTime nowUtc);
}

public sealed class NeedLinesStore(IDbConnectionFactory factory) : INeedLinesStore
{
    /// <summary>The one column list of NeedsForms read into a <see cref="NeedsForm"/>, for every query that reads a whole form.</summary>
    public const string FormColumns =
        "Id, CampaignId, MemberId, Status, ReturnReason, SubmittedAtUtc, SubmittedByUserId, ValidatedAtUtc, ValidatedByUserId, ReturnedAtUtc, ReopenedAtUtc, Version, UpdatedAtUtc, UpdatedByUserId";

    private const string LineColumns = "Id, FormId, CampaignId, MemberId, CatalogueItemId, SiteId, QuantityMilli, Comment";

    // Version and status in one WHERE clause: a save racing a submit (or a validation) changes nothing once the other
    // has committed, whatever the page believed. 0 = draft, 2 = returned, 1 = submitted (officers only).
    private const string BumpVersionSql = """
        UPDATE NeedsForms SET Version = Version + 1, UpdatedAtUtc = @nowUtc, UpdatedByUserId = @userId
        WHERE Id = @formId AND Version = @expectedVersion AND (Status IN (0, 2) OR (Status = 1 AND @submittedEditable = 1))
        """;

    public async Task<IReadOnlyList<NeedLine>> ListAsync(long formId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NeedLine>($"SELECT {LineColumns} FROM NeedLines WHERE FormId = @formId ORDER BY Id", new { formId });
        return rows.ToList();
    }

    public async Task<NeedsForm?> GetFormAsync(long formId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<NeedsForm>($"SELECT {FormColumns} FROM NeedsForms WHERE Id = @formId", new { formId });
    }

    public async Task<NeedsForm?> GetFormAsync(long campaignId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<NeedsForm>(
            $"SELECT {FormColumns} FROM NeedsForms WHERE CampaignId = @campaignId AND MemberId = @memberId", new { campaignId, memberId });
    }

    public async Task<int?> ReplaceLinesAsync(DbConnection connection, DbTransaction transaction, long formId, int expectedVersion, bool submittedEditable, IReadOnlyList<NeedLine> lines, long? userId, DateTime nowUtc)
    {
        var changed = await connection.ExecuteAsync(
            BumpVersionSql,
            new { formId, expectedVersion, submittedEditable = submittedEditable ? 1 : 0, nowUtc, userId },
            transaction);
        if (changed == 0)
        {
            return null;
        }

        var form = await connection.QuerySingleAsync<(long CampaignId, long MemberId)>(
            "SELECT CampaignId, MemberId FROM NeedsForms WHERE Id = @formId", new { formId }, transaction);
        await connection.ExecuteAsync("DELETE FROM NeedLines WHERE FormId = @formId", new { formId }, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli, Comment)
            VALUES (@FormId, @CampaignId, @MemberId, @CatalogueItemId, @SiteId, @SiteKey, @QuantityMilli, @Comment)
            """,
            lines.Select(l => new
            {
                FormId = formId,
                form.CampaignId,
                form.MemberId,
                l.CatalogueItemId,
                l.SiteId,
                l.SiteKey,
                l.QuantityMilli,
                l.Comment,
            }),
            transaction);
        return expectedVersion + 1;
    }
}
