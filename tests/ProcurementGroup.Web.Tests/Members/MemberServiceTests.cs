using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Features.Groups;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>Services and repositories on the seeded demo database, without HTTP login.</summary>
public sealed class MemberServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private const string AmiensSiren = "248000531";
    private const string VimeuSiren = "200070944";

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        _ = app.Server; // starts the app: migrations and demo seed
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private Task<long> ScalarAsync(string sql, object? args = null) => WithScopeAsync(async sp =>
    {
        await using var c = await sp.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    });

    private Task<Member> MemberBySirenAsync(string siren) => WithScopeAsync(async sp =>
    {
        await using var c = await sp.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await sp.GetRequiredService<IMemberRepository>().GetBySirenAsync(c, null, siren))!;
    });

    [Fact]
    public async Task DemoSeed_CreatesSixteenMembersWithTheir2025BasesAndThreeGroupsWithAllAdhering()
    {
        Assert.Equal(16, await ScalarAsync("SELECT COUNT(*) FROM Members"));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM PurchasingGroups"));
        Assert.Equal(48, await ScalarAsync("SELECT COUNT(*) FROM Adhesions WHERE LeftOn IS NULL"));
        Assert.Equal(182854, await ScalarAsync("SELECT b.PopulationMunicipale FROM MemberAllocationBases b JOIN Members m ON m.Id = b.MemberId WHERE m.Siren = @s AND b.Year = 2025", new { s = AmiensSiren }));
        Assert.Equal(2022, await ScalarAsync("SELECT b.PopulationInseeYear FROM MemberAllocationBases b JOIN Members m ON m.Id = b.MemberId WHERE m.Siren = @s", new { s = AmiensSiren }));
        Assert.Equal((long)MemberKind.Departement, await ScalarAsync("SELECT Kind FROM Members WHERE Siren IS NULL"));
        var coordinator = await WithScopeAsync(sp => sp.GetRequiredService<ICoordinatorRepository>().GetAsync());
        Assert.Equal("Somme Numérique", coordinator!.Name);
        Assert.True(Core.Identifiers.Siret.IsValid(coordinator.Siret));
    }

    [Fact]
    public async Task Search_ForBuyer_ReturnsOnlyItsMembers_AndFoldedSearchFindsAccents()
    {
        var vimeu = await MemberBySirenAsync(VimeuSiren);
        var (rows, total, _) = await WithScopeAsync(sp => sp.GetRequiredService<IMemberRepository>()
            .SearchAsync(new MemberQuery(null, MemberSort.Name, false, 0, 50, new HashSet<long> { vimeu.Id })));
        Assert.Equal(1, total);
        Assert.Equal("CC du Vimeu", Assert.Single(rows).Name);

        var (found, _, _) = await WithScopeAsync(sp => sp.GetRequiredService<IMemberRepository>()
            .SearchAsync(new MemberQuery("metropole", MemberSort.Name, false, 0, 50)));
        Assert.Equal("CA Amiens Métropole", Assert.Single(found).Name);

        var (byPopulation, _, _) = await WithScopeAsync(sp => sp.GetRequiredService<IMemberRepository>()
            .SearchAsync(new MemberQuery(null, MemberSort.Population, true, 0, 2)));
        Assert.Equal(["Département de la Somme", "CA Amiens Métropole"], byPopulation.Select(r => r.Name));
    }

    [Fact]
    public async Task Create_InvalidSiren_FrenchMessageOnSirenAndNothingSaved()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var result = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>()
            .CreateAsync(new Member { Name = "Commune d'essai", Kind = MemberKind.Commune, Siren = "123456789" }));
        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Contains(result.Errors!, e => e.Field == "Siren" && e.Message.Contains("clé de contrôle", StringComparison.Ordinal));
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Members"));
    }

    [Fact]
    public async Task Create_TenThousandCharacterName_Refused()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var result = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>()
            .CreateAsync(new Member { Name = new string('x', 10_000), Kind = MemberKind.Commune }));
        Assert.Contains(result.Errors!, e => e.Field == "Name" && e.Message.Contains("200 caractères", StringComparison.Ordinal));
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Members"));
    }

    [Fact]
    public async Task Create_SirenOfAnotherMember_Refused()
    {
        var result = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>()
            .CreateAsync(new Member { Name = "Doublon", Kind = MemberKind.Commune, Siren = AmiensSiren }));
        Assert.Contains(result.Errors!, e => e.Field == "Siren" && e.Message.Contains("CA Amiens Métropole", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_TwoEditsFromSameVersion_SecondGetsConflictAndFirstIsKept()
    {
        var original = await MemberBySirenAsync("200070928");
        Member Edit(string city) => new()
        {
            Id = original.Id, Version = original.Version, Name = original.Name, Kind = original.Kind, Siren = original.Siren, City = city,
        };

        var first = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>().UpdateAsync(Edit("Rosières-en-Santerre")));
        var second = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>().UpdateAsync(Edit("Chaulnes")));

        Assert.Equal(SaveStatus.Saved, first.Status);
        Assert.Equal(SaveStatus.Conflict, second.Status);
        var stored = await MemberBySirenAsync("200070928");
        Assert.Equal("Rosières-en-Santerre", stored.City);
        Assert.Equal(original.Version + 1, stored.Version);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Member' AND EntityId = @id AND Action = 'Updated'", new { id = original.Id }));
    }

    [Fact]
    public async Task Delete_MemberWithAdhesions_IsRefusedInFrench()
    {
        var amiens = await MemberBySirenAsync(AmiensSiren);
        var result = await WithScopeAsync(sp => sp.GetRequiredService<MemberService>().DeleteAsync(amiens.Id));
        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Contains("adhère", result.Errors![0].Message, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Members WHERE Id = @id", new { id = amiens.Id }));
    }

    [Fact]
    public async Task AddAdhesion_OverlappingTheOpenOne_IsRefused()
    {
        var amiens = await MemberBySirenAsync(AmiensSiren);
        var groupId = await ScalarAsync("SELECT MIN(Id) FROM PurchasingGroups");
        var before = await ScalarAsync("SELECT COUNT(*) FROM Adhesions");
        var result = await WithScopeAsync(sp => sp.GetRequiredService<GroupService>()
            .SaveAdhesionAsync(new Adhesion { PurchasingGroupId = groupId, MemberId = amiens.Id, JoinedOn = new DateOnly(2026, 1, 1) }));
        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Contains(result.Errors!, e => e.Message.Contains("chevauche", StringComparison.Ordinal));
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Adhesions"));
    }

    [Theory]
    [InlineData("notes.txt", "Le fichier doit être un classeur XLSX ou un fichier CSV")]
    [InlineData("membres.xlsx", "n'est pas un classeur XLSX valide")]
    public async Task Import_NotASpreadsheet_FrenchMessageAndNoChange(string fileName, string expected)
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM AuditLog");
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>()
            .ImportAsync(MemberTestFiles.FormFile("Nom;Type\nBidon;Commune\n"u8.ToArray(), fileName)));
        Assert.Contains(expected, outcome.FileError, StringComparison.Ordinal);
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [Fact]
    public async Task Import_OverFiveMegabytes_FrenchMessage()
    {
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>()
            .ImportAsync(MemberTestFiles.FormFile(MemberTestFiles.OverFiveMegabytes(), "membres.csv")));
        Assert.Equal(MemberSpreadsheet.TooLargeMessage, outcome.FileError);
    }

    [Fact]
    public async Task Import_ZipBombNamedXlsx_RefusedBeforeParsing()
    {
        var bomb = MemberTestFiles.ZipBomb();
        Assert.True(bomb.Length < 1024 * 1024, "the bomb itself must be small");
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>().ImportAsync(MemberTestFiles.FormFile(bomb, "membres.xlsx")));
        Assert.Equal(MemberSpreadsheet.ZipBombMessage, outcome.FileError);
    }

    [Fact]
    public async Task Import_InvalidLines_ReportsEachLineAndColumn_SavesNothing()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var csv = "Nom;Type;SIREN;Année;Population totale\nCommune A;Commune;;2025;1 200\nCommune B;Village;;;\nCommune C;Commune;123456789;2025;beaucoup\n";
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>()
            .ImportAsync(MemberTestFiles.FormFile(System.Text.Encoding.UTF8.GetBytes(csv), "membres.csv")));
        Assert.False(outcome.Saved);
        Assert.Contains(outcome.Report, l => l.StartsWith("Ligne 3, colonne Type :", StringComparison.Ordinal));
        Assert.Contains(outcome.Report, l => l.StartsWith("Ligne 4, colonne SIREN :", StringComparison.Ordinal));
        Assert.Contains(outcome.Report, l => l.StartsWith("Ligne 4, colonne Population totale :", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Report, l => l.StartsWith("Ligne 2", StringComparison.Ordinal));
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Members"));
    }

    [Fact]
    public async Task ExportCsv_ThenImportWithOnePopulationChanged_UpdatesItAndAudits()
    {
        var bytes = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetExport>().ExportCsvAsync());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = MemberTestFiles.Csv(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Nom;Type;SIREN;SIRET facturation;Code service Chorus;Adresse 1;Adresse 2;Code postal;Ville;Courriel facturation;Année;Population municipale;Population totale;Année INSEE;Élèves;Écoles;Sites;Lignes", lines[0]);
        Assert.Equal(17, lines.Length);

        var vimeuLine = Array.FindIndex(lines, l => l.Contains(VimeuSiren, StringComparison.Ordinal));
        Assert.Contains(";2025;22234;22701;2022;", lines[vimeuLine], StringComparison.Ordinal);
        lines[vimeuLine] = lines[vimeuLine].Replace(";22701;", ";23000;", StringComparison.Ordinal);
        var modified = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines))).ToArray();

        var membersBefore = await ScalarAsync("SELECT COUNT(*) FROM Members");
        var vimeuId = (await MemberBySirenAsync(VimeuSiren)).Id;
        const string ImportedRows = "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Member' AND EntityId = @id AND Action = 'Imported'";
        var importedBefore = await ScalarAsync(ImportedRows, new { id = vimeuId });
        const string AllImportedRows = "SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Member' AND Action = 'Imported'";
        var allImportedBefore = await ScalarAsync(AllImportedRows);
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>().ImportAsync(MemberTestFiles.FormFile(modified, "membres.csv")));

        Assert.True(outcome.Saved, string.Join("\n", outcome.Report) + outcome.FileError);
        Assert.Equal(0, outcome.Created);
        Assert.Equal(1, outcome.Updated);
        Assert.Equal(15, outcome.Unchanged);
        Assert.Equal(membersBefore, await ScalarAsync("SELECT COUNT(*) FROM Members"));
        Assert.Equal(23000, await ScalarAsync("SELECT b.PopulationTotale FROM MemberAllocationBases b JOIN Members m ON m.Id = b.MemberId WHERE m.Siren = @s AND b.Year = 2025", new { s = VimeuSiren }));
        Assert.Equal(importedBefore + 1, await ScalarAsync(ImportedRows, new { id = vimeuId }));
        Assert.Equal(allImportedBefore + 1, await ScalarAsync(AllImportedRows)); // the 15 unchanged lines are not audited
        var audited = await ScalarAsync("SELECT MAX(Id) FROM AuditLog WHERE EntityType = 'Member' AND EntityId = @id AND Action = 'Imported'", new { id = vimeuId });
        var after = await WithScopeAsync(async sp => (await sp.GetRequiredService<ProcurementGroup.Data.Auditing.IAuditLogRepository>().GetAsync(audited))!.AfterJson);
        Assert.Contains("23000", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportXlsx_ReimportsWithoutChangeOrError()
    {
        var before = await MembersAndBasesAsync();
        var auditBefore = await ScalarAsync("SELECT COUNT(*) FROM AuditLog");
        var bytes = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetExport>().ExportXlsxAsync());
        var outcome = await WithScopeAsync(sp => sp.GetRequiredService<MemberSpreadsheetImport>().ImportAsync(MemberTestFiles.FormFile(bytes, "membres.xlsx")));
        Assert.True(outcome.Saved, string.Join("\n", outcome.Report) + outcome.FileError);
        Assert.Equal(0, outcome.Updated);
        Assert.Equal(16, outcome.Unchanged);
        Assert.Equal(auditBefore, await ScalarAsync("SELECT COUNT(*) FROM AuditLog"));
        Assert.Equal(16, await ScalarAsync("SELECT COUNT(*) FROM Members WHERE Name NOT IN ('Commune d''essai', 'Doublon')"));

        // Every field of every member and of its allocation bases reads back as it was exported, the row's Version and
        // UpdatedAtUtc included: an unchanged line writes nothing.
        Assert.Equal(16, before.Count);
        var after = await MembersAndBasesAsync();
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (id, json) in before)
        {
            Assert.Equal(json, after[id]);
        }
    }

    /// <summary>Each member with its allocation bases, every property serialised, by id.</summary>
    private Task<Dictionary<long, string>> MembersAndBasesAsync() => WithScopeAsync(async sp =>
    {
        var repository = sp.GetRequiredService<IMemberRepository>();
        var snapshot = new Dictionary<long, string>();
        foreach (var member in await repository.ListAllAsync())
        {
            snapshot[member.Id] = System.Text.Json.JsonSerializer.Serialize(new { Member = member, Bases = await repository.BasesAsync(member.Id) });
        }

        return snapshot;
    });
}
