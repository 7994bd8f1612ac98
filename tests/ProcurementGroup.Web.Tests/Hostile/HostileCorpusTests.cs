using System.Diagnostics;
using Xunit.Abstractions;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// Issue 6, item 11: every entry of the hostile text corpus goes into all the text fields of every POST form at once,
/// as the least-privileged account that reaches the form. Expected: no 5xx; a refusal in French with the database
/// unchanged; accepted text HTML-encoded wherever a page shows it.
/// </summary>
public sealed class HostileCorpusTests(HostileApp app, ITestOutputHelper output) : IClassFixture<HostileApp>
{
    [Fact]
    public void Corpus_HoldsAtLeast200EntriesWithUniqueNames()
    {
        var names = HostileCorpus.Texts.Select(t => t.Name).Concat(HostileFiles.All.Select(f => f.Name)).ToList();
        Assert.True(names.Count >= 200, $"{names.Count} entries");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(HostileCorpus.Texts, t => t.Value.Length == HostileCorpus.LongLength);
        Assert.Contains(HostileCorpus.Texts, t => t.Value.Contains('\0', StringComparison.Ordinal));
        Assert.Contains(HostileCorpus.Texts, t => t.Value.Contains('\uD83D', StringComparison.Ordinal) && !char.IsSurrogatePair(t.Value, t.Value.IndexOf('\uD83D', StringComparison.Ordinal)));
    }

    // The harness's own checks must be able to fail.
    [Fact]
    public void Harness_EnglishFrameworkMessages_AreFlagged_FrenchOnesAreNot()
    {
        Assert.NotEmpty(HostileHarness.EnglishIn("The value 'abc' is not valid for Quantity."));
        Assert.NotEmpty(HostileHarness.EnglishIn("The Name field is required."));
        Assert.NotEmpty(HostileHarness.EnglishIn("The field Amount must be a number."));
        Assert.Empty(HostileHarness.EnglishIn("La valeur « abc » n'est pas valide pour le champ Quantité."));
        Assert.Empty(HostileHarness.EnglishIn("Le champ Nom est obligatoire."));
    }

    [Fact]
    public void Harness_DatabaseChecksum_SeesChangedRows_IgnoresTheLockoutCounterAndFailedAttemptAudit()
    {
        var path = Path.Combine(app.Directory, "checksum-probe.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Users (Id INTEGER PRIMARY KEY, Email TEXT, AccessFailedCount INTEGER); CREATE TABLE Members (Id INTEGER PRIMARY KEY, Name TEXT);"
                + "CREATE TABLE AuditLog (Id INTEGER PRIMARY KEY, Action TEXT);"
                + "INSERT INTO Users VALUES (1, 'a@example.org', 0); INSERT INTO Members VALUES (1, 'Amiens');";
            command.ExecuteNonQuery();
        }

        var before = DatabaseChecksum.Compute(path);
        Execute(path, "UPDATE Users SET AccessFailedCount = 3; INSERT INTO AuditLog (Action) VALUES ('LoginFailed');");
        Assert.Empty(DatabaseChecksum.Changed(before, DatabaseChecksum.Compute(path)));
        Execute(path, "UPDATE Members SET Name = 'Amiens Métropole'; INSERT INTO AuditLog (Action) VALUES ('Updated');");
        Assert.Equal(["AuditLog", "Members"], DatabaseChecksum.Changed(before, DatabaseChecksum.Compute(path)));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task EveryPostForm_EveryTextEntry_NoServerError_FrenchRefusal_DatabaseUnchangedWhenRefused_TextEncoded()
    {
        var clock = Stopwatch.StartNew();
        using var harness = new HostileHarness(app);
        await harness.StartAsync();
        var (forms, _) = await harness.DiscoverAsync();
        var textForms = forms.Where(f => f.HasText).ToList();
        output.WriteLine($"{forms.Count} POST forms found; {textForms.Count} with text fields:");
        foreach (var form in forms)
        {
            output.WriteLine($"  {(form.HasText ? "posted " : "no text")}{(form.IsUpload ? " upload " : " ")}{form}");
        }

        // The forms the crawl must find, at least: a missing one means the crawl, not the app, went wrong.
        foreach (var expected in new[] { "POST /Account/Login", "POST /Account/ChangePassword", "POST /Members/Create", "POST /Sites/Create", "POST /NeedsForms/Edit/{n}", "POST /Campaigns/Item/{n}", "POST /Users/Edit/{n}", "POST /Thresholds/Create", "POST /Groups/AddAdhesion/{n}", "POST /Campaigns/Lot/{n}", "POST /NeedsForms/Return/{n}", "POST /Coordinator/Edit", "POST /Suppliers/Create", "POST /Suppliers/Edit/{n}", "POST /Contracts/Create", "POST /Contracts/Amend/{n}", "POST /Contracts/Order/{n}", "POST /Costs/Preview", "POST /Costs/Fee", "POST /Statements/Payment/{n}", "POST /Contracts/Edit/{n}" }.Concat(HostileTenders.ExpectedForms))
        {
            Assert.Contains(textForms, f => f.Key.StartsWith(expected + " ", StringComparison.Ordinal));
        }

        foreach (var form in textForms)
        {
            await harness.PostTextsAsync(form, HostileCorpus.Texts, secondChance: true);
        }

        // Every page again, as every account: no entry stored earlier may come back unencoded anywhere.
        var (_, crawls) = await harness.DiscoverAsync();
        foreach (var crawl in crawls)
        {
            foreach (var (url, body) in crawl.Pages)
            {
                foreach (var entry in HostileCorpus.Texts.Where(t => t.IsMarkup))
                {
                    harness.CheckEscaped($"GET {url} after the corpus, entry « {entry.Name} »", body, entry.Value);
                }
            }
        }

        output.WriteLine($"{harness.Posts} posts ({harness.Refused} refused, {harness.Accepted} changed the database) in {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var note in harness.Notes)
        {
            output.WriteLine("note: " + note);
        }

        var failures = harness.Failures.Distinct(StringComparer.Ordinal).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(80)));
    }
}
