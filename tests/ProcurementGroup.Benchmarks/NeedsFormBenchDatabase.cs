using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Testing;
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
/// one member with its sites and that member's draft form (Version 1, created at the opening), and the real upload service over it.
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

        // Arranged as the tests arrange theirs (tests/Shared/Scenario.cs): through the app's repositories and rules.
        var arranged = Scenario.For(Factory)
            .Group(scenario.GroupName)
            .Member(scenario.MemberName, m => m.OfKind((ProcurementGroup.Core.Members.MemberKind)scenario.MemberKind))
            .Campaign(scenario.CampaignTitle, c =>
            {
                var now = DateTime.UtcNow;
                c.Dates(now.AddDays(-10), now.AddDays(30)).Launch(new DateOnly(2027, 1, 15)).Duration(48);
                for (var lot = 0; lot < scenario.LotTitles.Count; lot++)
                {
                    var number = lot;
                    c.Lot(lot + 1, scenario.LotTitles[lot], l =>
                    {
                        for (var i = number; i < scenario.ItemCount; i += scenario.LotTitles.Count)
                        {
                            var item = i;
                            l.Item(NeedsFormBenchScenario.Code(item), scenario.UnitPriceCents(item), (PricePeriod)scenario.PricePeriod, spec =>
                            {
                                spec.Labelled($"Article {item}", scenario.Unit);
                                if (!scenario.WholeNumbersOnly(item))
                                {
                                    spec.Fractions();
                                }
                            });
                        }
                    });
                }
            });
        for (var s = 0; s < scenario.SiteCount; s++)
        {
            arranged.Site(scenario.MemberName, scenario.SiteName(s));
        }

        var result = arranged.Opened().BuildAsync().GetAwaiter().GetResult();
        MemberId = result.MemberId(scenario.MemberName);
        CampaignId = result.CampaignId;
        FormId = result.FormId(scenario.MemberName);

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
        Context = new NeedsFormContext(form, campaign, null, new ProcurementGroup.Core.Members.Member { Id = MemberId, Name = result.MemberName(scenario.MemberName) }, campaign.ClosesAtUtc);
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
