using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>
/// The member import reads the existing members once for the whole file (not once per line), then writes each line in
/// the same transaction; matching by SIREN, else by exact name, gives the same members as before.
/// </summary>
public sealed class MemberImportTests(TestApp app) : IClassFixture<TestApp>
{
    private const string VimeuSiren = "200070944";

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public async Task Import_ReadsTheExistingMembersOnce_ThenTwoWritesPerLine(int lineCount)
    {
        var database = new RecordingDatabase();
        var import = new MemberSpreadsheetImport(
            database,
            new MemberRepository(database),
            new AuditTrail(new AuditLogRepository(database), new HttpContextAccessor(), TimeProvider.System),
            TimeProvider.System);

        // Half of the lines carry a SIREN (matched by SIREN), half none (matched by exact name).
        var csv = new StringBuilder("Nom;Type;SIREN\n");
        for (var i = 0; i < lineCount; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Commune {i};Commune;{(i % 2 == 0 ? SirenFor(i) : string.Empty)}\n");
        }

        var read = MemberSpreadsheetReader.ReadCsv(Encoding.UTF8.GetBytes(csv.ToString()));
        var outcome = await import.ImportRowsAsync(read.Rows!);

        Assert.True(outcome.Saved, string.Join("\n", outcome.Report));
        Assert.Equal(lineCount, outcome.Created);
        // One read of the members and one of their allocation bases, whatever the number of lines.
        var reads = database.Statements.Where(s => s.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Single(reads, r => r.Contains("FROM Members", StringComparison.Ordinal));
        Assert.Single(reads, r => r.Contains("FROM MemberAllocationBases", StringComparison.Ordinal));

        // The member's INSERT (with its new id) and the audit row; no allocation base in this file.
        Assert.Equal(2 + (2 * lineCount), database.Statements.Count);
        Assert.Equal(lineCount, database.Statements.Count(s => s.Contains("INSERT INTO Members", StringComparison.Ordinal)));
        Assert.Equal(lineCount, database.Statements.Count(s => s.Contains("INSERT INTO AuditLog", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Import_MatchesBySirenThenByExactName_UpdatesThoseAndCreatesTheRest()
    {
        _ = app.Server; // migrations and the demo members
        var newSiren = SirenFor(77);
        var before = await QueryAsync(async c => (
            Members: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Members"),
            Audit: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Member' AND Action = 'Imported'"),
            Vimeu: await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Siren = @s", new { s = VimeuSiren }),
            Somme: await c.ExecuteScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'Département de la Somme'")));

        var csv = "Nom;Type;SIREN;Ville\n"
            + $"CC du Vimeu (nouveau nom);Communauté de communes;{VimeuSiren};Friville-Escarbotin\n"
            + "Département de la Somme;Département;;Amiens\n"
            + $"Commune nouvelle;Commune;{newSiren};Nouvelleville\n"
            + "département de la somme;Département;;Ailleurs\n";
        var outcome = await ImportAsync(csv);

        Assert.True(outcome.Saved, string.Join("\n", outcome.Report) + outcome.FileError);
        Assert.Equal(2, outcome.Created);
        Assert.Equal(2, outcome.Updated);
        var after = await QueryAsync(async c => (
            Members: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Members"),
            Audit: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Member' AND Action = 'Imported'"),
            Vimeu: await c.QuerySingleAsync<(string Name, string City)>("SELECT Name, City FROM Members WHERE Id = @id", new { id = before.Vimeu }),
            Somme: await c.ExecuteScalarAsync<string>("SELECT City FROM Members WHERE Id = @id", new { id = before.Somme }),
            New: await c.ExecuteScalarAsync<string>("SELECT Name FROM Members WHERE Siren = @s", new { s = newSiren }),
            // The exact name is case-sensitive: the lower-case line is another member, without SIREN.
            LowerCase: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Members WHERE Name = 'département de la somme' AND Siren IS NULL")));
        Assert.Equal(before.Members + 2, after.Members);
        Assert.Equal(before.Audit + 4, after.Audit);
        Assert.Equal(("CC du Vimeu (nouveau nom)", "Friville-Escarbotin"), after.Vimeu);
        Assert.Equal("Amiens", after.Somme);
        Assert.Equal("Commune nouvelle", after.New);
        Assert.Equal(1, after.LowerCase);
    }

    [Fact]
    public async Task Import_SameSirenTwiceInTheFile_RefusedWithBothLines_NothingSaved()
    {
        _ = app.Server;
        var siren = SirenFor(88);
        var before = await QueryAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Members"));

        var outcome = await ImportAsync($"Nom;Type;SIREN\nCommune A;Commune;{siren}\nCommune B;Commune;{siren}\n");

        Assert.False(outcome.Saved);
        Assert.Contains("Ligne 3, colonne SIREN : ce SIREN figure déjà à la ligne 2.", outcome.Report);
        Assert.Equal(before, await QueryAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Members")));
    }

    /// <summary>A valid SIREN (Luhn) of the test range, distinct for each <paramref name="i"/>.</summary>
    private static string SirenFor(int i)
    {
        var body = (90_000_000 + i).ToString("D8", CultureInfo.InvariantCulture);
        for (var digit = 0; digit <= 9; digit++)
        {
            var candidate = body + digit.ToString(CultureInfo.InvariantCulture);
            if (Siren.IsValid(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Every SIREN body has one Luhn check digit.");
    }

    private async Task<ImportOutcome> ImportAsync(string csv)
    {
        using var scope = app.Services.CreateScope();
        var read = MemberSpreadsheetReader.ReadCsv(Encoding.UTF8.GetBytes(csv));
        Assert.Null(read.Error);
        return await scope.ServiceProvider.GetRequiredService<MemberSpreadsheetImport>().ImportRowsAsync(read.Rows!);
    }

    private async Task<T> QueryAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> query)
    {
        await using var connection = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await query(connection);
    }
}
