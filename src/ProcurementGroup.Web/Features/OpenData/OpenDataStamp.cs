using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>The version of the published data: a strong ETag per format and the instant of the latest change.</summary>
public sealed record OpenDataVersion(string Hash, DateTimeOffset LastModified)
{
    /// <summary>The ETag of one export (quoted, as HTTP sends it): <c>"decp-…"</c>.</summary>
    public string ETagFor(string format) => $"\"{format}-{Hash}\"";
}

/// <summary>
/// The version stamp of the published data, derived from the row counts and latest changes of every table the exports
/// publish or depend on (contracts, amendments, participants, suppliers, the coordinator's settings, members, tenders,
/// awards, campaigns, thresholds, the publication log and the stored checks): any insert, update or delete there gives
/// another ETag; Last-Modified is the latest of those changes.
/// </summary>
public sealed class OpenDataStamp(IOpenDataRepository repository)
{
    /// <summary>Before any change is recorded (an empty database): a fixed instant rather than none.</summary>
    private static readonly DateTimeOffset Origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<OpenDataVersion> CurrentAsync(CancellationToken ct = default)
    {
        var s = await repository.StampAsync(ct);
        DateTime?[] instants =
        [
            s.ContractsChangedAtUtc, s.AmendmentsChangedAtUtc, s.SuppliersChangedAtUtc, s.CoordinatorChangedAtUtc, s.MembersChangedAtUtc,
            s.TendersChangedAtUtc, s.AwardsChangedAtUtc, s.CampaignsChangedAtUtc, s.ThresholdsChangedAtUtc, s.PublicationsChangedAtUtc, s.ChecksChangedAtUtc,
        ];
        long[] counts = [s.Contracts, s.Amendments, s.ContractMembers, s.Suppliers, s.Members, s.Tenders, s.Thresholds, s.Publications, s.Checks];
        var canonical = string.Join(
            '|',
            counts.Select(c => c.ToString(CultureInfo.InvariantCulture))
                .Concat(instants.Select(i => i?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-")));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16));
        var latest = instants.Where(i => i is not null).Select(i => i!.Value).DefaultIfEmpty(Origin.UtcDateTime).Max();
        // HTTP dates have whole seconds.
        var lastModified = new DateTimeOffset(DateTime.SpecifyKind(latest, DateTimeKind.Utc)).ToUniversalTime();
        lastModified = lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond));
        return new OpenDataVersion(hash, lastModified);
    }
}
