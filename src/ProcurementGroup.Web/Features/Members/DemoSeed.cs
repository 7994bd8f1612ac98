using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Seeding;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>
/// Demo step 20: the 16 members of SeedData/members.csv (DGCL epcicom 2025: populations légales 2022) with their 2025 bases,
/// and three groupements (telecom, ENT, equipment) to which all of them adhere.
/// </summary>
public sealed class MembersDemoSeed(IDbConnectionFactory factory, IMemberRepository members, IPurchasingGroupRepository groups, TimeProvider clock) : IDemoSeedStep
{
    public const string ResourceName = "SeedData.members.csv";
    public const int BaseYear = 2025;
    public const int InseeYear = 2022;

    public int Order => 20;

    public static IReadOnlyList<(Member Member, MemberAllocationBase Base)> ReadMembers()
    {
        using var stream = typeof(MembersDemoSeed).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var read = SpreadsheetReader.ReadCsv(ms.ToArray(), new SheetLimits(1_000, 64), MemberSpreadsheet.FormatMessage);
        if (read.Rows is null)
        {
            throw new InvalidOperationException(read.Error);
        }

        var rows = read.Rows.Select(r => r.Texts()).ToList();

        var header = rows[0].Select(h => h?.Trim()).ToList();
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InvalidOperationException($"Column {name} missing in {ResourceName}.");
        var (kind, name, siren, totale, municipale) = (Col("kind"), Col("name"), Col("siren"), Col("population_totale"), Col("population_municipale"));
        return rows.Skip(1).Where(r => r.Length > municipale && !string.IsNullOrWhiteSpace(r[name])).Select(r => (
            new Member
            {
                Name = r[name]!.Trim(),
                Kind = r[kind]?.Trim() switch
                {
                    "Departement" => MemberKind.Departement,
                    "CA" => MemberKind.CommunauteAgglomeration,
                    "CC" => MemberKind.CommunauteCommunes,
                    _ => MemberKind.Other,
                },
                Siren = string.IsNullOrWhiteSpace(r[siren]) ? null : r[siren]!.Trim(),
            },
            new MemberAllocationBase
            {
                Year = BaseYear,
                PopulationInseeYear = InseeYear,
                PopulationTotale = long.Parse(r[totale]!, System.Globalization.CultureInfo.InvariantCulture),
                PopulationMunicipale = long.Parse(r[municipale]!, System.Globalization.CultureInfo.InvariantCulture),
            })).ToList();
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        foreach (var (member, allocationBase) in ReadMembers())
        {
            member.CreatedAtUtc = member.UpdatedAtUtc = now;
            member.Id = await members.InsertAsync(connection, tx, member);
            allocationBase.MemberId = member.Id;
            await members.UpsertBaseAsync(connection, tx, allocationBase);
            ids.Add(member.Id);
        }

        (string Name, GroupDomain Domain, DateOnly Convention, DateOnly Start)[] demoGroups =
        [
            ("Télécommunications", GroupDomain.Telecom, new DateOnly(2023, 3, 15), new DateOnly(2023, 7, 1)),
            ("ENT – Espace numérique de travail", GroupDomain.Ent, new DateOnly(2023, 6, 20), new DateOnly(2023, 9, 1)),
            ("Matériel informatique", GroupDomain.Equipment, new DateOnly(2024, 1, 18), new DateOnly(2024, 3, 1)),
        ];
        foreach (var (name, domain, convention, start) in demoGroups)
        {
            var groupId = await groups.InsertAsync(connection, tx, new PurchasingGroup
            {
                Name = name,
                Domain = domain,
                ConventionDate = convention,
                StartDate = start,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            });
            foreach (var memberId in ids)
            {
                await groups.AddAdhesionAsync(connection, tx, new Adhesion { PurchasingGroupId = groupId, MemberId = memberId, JoinedOn = start });
            }
        }

        await tx.CommitAsync(cancellationToken);
    }
}
