using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Web.Infrastructure.Auditing;

namespace ProcurementGroup.Benchmarks;

/// <summary>What differs between the needs-form benchmarks: who the member is, the campaign, its lots and catalogue, the sites.</summary>
public sealed record NeedsFormBenchScenario(
    string MemberName,
    string MemberNameSearch,
    int MemberKind,
    string GroupName,
    string GroupNameSearch,
    int GroupDomain,
    string CampaignTitle,
    IReadOnlyList<string> LotTitles,
    int ItemCount,
    string Unit,
    Func<int, bool> WholeNumbersOnly,
    Func<int, long> UnitPriceCents,
    int PricePeriod,
    int SiteCount,
    Func<int, string> SiteName)
{
    /// <summary>The catalogue code of item <paramref name="i"/>: ART-000, ART-001, …</summary>
    public static string Code(int i) => "ART-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A temporary SQLite file migrated by the app's own MigrationRunner, holding one open campaign with its lots and catalogue,
/// one member with its sites and that member's draft form (Version 1), and the real upload service over it.
/// </summary>
public sealed class NeedsFormBenchDatabase : IDisposable
{
    private readonly string _directory;

    public NeedsFormBenchDatabase(NeedsFormBenchScenario scenario)
    {
        _directory = Path.Combine(Path.GetTempPath(), "pg-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Factory = new DbConnectionFactory(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_directory, "bench.db")));
        new MigrationRunner(Factory, NullLogger<MigrationRunner>.Instance).Run();

        using (var c = new SqliteConnection(Factory.ConnectionString))
        {
            c.Open();
            using var tx = c.BeginTransaction();
            var now = DateTime.UtcNow;
            MemberId = c.ExecuteScalar<long>(
                "INSERT INTO Members (Name, NameSearch, Kind, CreatedAtUtc, UpdatedAtUtc) VALUES (@name, @search, @kind, @now, @now); SELECT last_insert_rowid();",
                new { name = scenario.MemberName, search = scenario.MemberNameSearch, kind = scenario.MemberKind, now },
                tx);
            var groupId = c.ExecuteScalar<long>(
                "INSERT INTO PurchasingGroups (Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc) VALUES (@name, @search, @domain, '2024-01-01', @now, @now); SELECT last_insert_rowid();",
                new { name = scenario.GroupName, search = scenario.GroupNameSearch, domain = scenario.GroupDomain, now },
                tx);
            CampaignId = c.ExecuteScalar<long>(
                """
                INSERT INTO NeedsCampaigns (PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, CreatedAtUtc, UpdatedAtUtc)
                VALUES (@groupId, @title, @opens, @closes, '2027-01-15', 48, 1, @now, @now); SELECT last_insert_rowid();
                """,
                new { groupId, title = scenario.CampaignTitle, opens = now.AddDays(-10), closes = now.AddDays(30), now },
                tx);
            var campaignId = CampaignId;
            var lots = scenario.LotTitles.Select((title, index) => c.ExecuteScalar<long>(
                "INSERT INTO CampaignLots (CampaignId, LotNumber, Title) VALUES (@campaignId, @n, @title); SELECT last_insert_rowid();",
                new { campaignId, n = index + 1, title },
                tx)).ToList();
            for (var i = 0; i < scenario.ItemCount; i++)
            {
                c.Execute(
                    """
                    INSERT INTO CatalogueItems (CampaignId, LotId, Code, Label, Unit, WholeNumbersOnly, UnitPriceCents, PricePeriod, VatRateBasisPoints, MaxPerMemberMilli, SortOrder)
                    VALUES (@campaignId, @lot, @code, @label, @unit, @whole, @price, @period, 2000, NULL, @i)
                    """,
                    new
                    {
                        campaignId,
                        lot = lots[i % lots.Count],
                        code = NeedsFormBenchScenario.Code(i),
                        label = $"Article {i}",
                        unit = scenario.Unit,
                        whole = scenario.WholeNumbersOnly(i),
                        price = scenario.UnitPriceCents(i),
                        period = scenario.PricePeriod,
                        i,
                    },
                    tx);
            }

            for (var s = 0; s < scenario.SiteCount; s++)
            {
                c.Execute("INSERT INTO MemberSites (MemberId, Name, CreatedAtUtc) VALUES (@memberId, @name, @now)", new { memberId = MemberId, name = scenario.SiteName(s), now }, tx);
            }

            FormId = c.ExecuteScalar<long>(
                "INSERT INTO NeedsForms (CampaignId, MemberId, Status, Version, UpdatedAtUtc) VALUES (@campaignId, @memberId, 0, 1, @now); SELECT last_insert_rowid();",
                new { campaignId, memberId = MemberId, now },
                tx);
            tx.Commit();
        }

        Catalogue = new CatalogueRepository(Factory);
        var store = new NeedLinesStore(Factory);
        Documents = new NeedsDocumentsRepository(Factory);
        Spreadsheet = new NeedsSpreadsheetImport(
            Factory,
            Catalogue,
            store,
            Documents,
            new AuditTrail(new AuditLogRepository(Factory), new HttpContextAccessor(), TimeProvider.System),
            TimeProvider.System);
        var campaign = new CampaignRepository(Factory).GetCampaignAsync(CampaignId).GetAwaiter().GetResult()!;
        var form = store.GetFormAsync(FormId).GetAwaiter().GetResult()!;
        Context = new NeedsFormContext(form, campaign, null, new ProcurementGroup.Core.Members.Member { Id = MemberId, Name = scenario.MemberName }, campaign.ClosesAtUtc);
    }

    public DbConnectionFactory Factory { get; }

    public long MemberId { get; }

    public long CampaignId { get; }

    public long FormId { get; }

    public CatalogueRepository Catalogue { get; }

    public NeedsDocumentsRepository Documents { get; }

    public NeedsSpreadsheetImport Spreadsheet { get; }

    public NeedsFormContext Context { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
