using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>
/// The demo app for the corpus, with Hangfire's server off: jobs write on their own schedule, and the corpus compares
/// the database just before and just after one request.
/// </summary>
public class HostileApp : TestApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // A host setting: the services are registered before the test's configuration sources are added.
        builder.UseSetting("Jobs:RunServer", "false");

        // The abuse limits would answer 429 after a few entries and keep the rest of the corpus from the login and
        // password forms; the limits have their own tests (RateLimitedEndpointsTests, AccountSecurityTests).
        foreach (var limit in new[] { "Login", "Password", "Upload", "PerAddress" })
        {
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "1000000");
        }
    }
}

/// <summary>
/// Sends the hostile corpus to every POST form and upload the demo accounts reach, and records every failure with the
/// form, the entry and the answer. Used by <see cref="HostileCorpusTests"/>.
/// </summary>
public sealed partial class HostileHarness(HostileApp app) : IDisposable
{
    /// <summary>A throwaway account for the change-password form: refused current passwords count towards its lockout, not a demo account's.</summary>
    public const string ThrowawayEmail = "jetable.corpus@example.org";

    /// <summary>The account the users administration forms edit, so that no demo account is changed.</summary>
    public const string TargetEmail = "cible.corpus@example.org";

    /// <summary>From least to most privileged: each form is posted as the first account that reaches it.</summary>
    public static readonly string[] Accounts =
    [
        "anonyme", ThrowawayEmail, "acheteur.vimeu@demo.local", "acheteur.amiens@demo.local", "finances@demo.local", "marches@demo.local", "admin@demo.local",
    ];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string>? _checksum;
    private DatabaseWatch? _watch;
    private long _dataVersion;
    private long _targetUserId;
    private string[] _officerStarts = [];
    private string[] _financeStarts = ["/"];

    public List<string> Failures { get; } = [];

    public List<string> Notes { get; } = [];

    public int Posts { get; private set; }

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public HttpClient Client(string account) => _clients[account];

    /// <summary>Creates the throwaway accounts and logs every account in.</summary>
    public async Task StartAsync()
    {
        _ = app.Server;
        using (var scope = app.Services.CreateScope())
        {
            var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var members = await scope.ServiceProvider.GetRequiredService<IAccountMemberDirectory>().ListIdsAndNamesAsync();
            var vimeu = members.Single(m => m.Name == "CC du Vimeu").Id;
            var throwaway = await administration.CreateWithPasswordAsync(new UserInput(ThrowawayEmail, "Compte jetable", [Roles.MemberBuyer], [vimeu]), TestApp.DemoPassword);
            var target = await administration.CreateWithPasswordAsync(new UserInput(TargetEmail, "Compte cible", [Roles.MemberBuyer], [vimeu]), TestApp.DemoPassword);
            Assert.True(throwaway.Succeeded && target.Succeeded, "throwaway accounts not created");
            _targetUserId = target.UserId;
        }

        // A draft campaign (its catalogue forms and import exist only in draft), and one needs form per form and campaign
        // state, so that the officer's validate / return / reopen forms are reached whatever the crawl's bounds.
        var draft = await NeedsForms.NeedsFormScenarios.CreateAsync(app, Core.Needs.CampaignStatus.Draft, opensAtUtc: DateTime.UtcNow.AddDays(30));
        await using (var connection = await app.ConnectionFactory.OpenAsync())
        {
            var forms = await Dapper.SqlMapper.QueryAsync<long>(connection, "SELECT MIN(f.Id) FROM NeedsForms f JOIN NeedsCampaigns c ON c.Id = f.CampaignId GROUP BY f.Status, c.Status");
            _officerStarts = [$"/Campaigns/Details/{draft.CampaignId}", .. forms.Select(id => $"/NeedsForms/Edit/{id}")];
        }

        // Tenders in every state with a form (the demo's awarded tender offers none), crawled first.
        _officerStarts = [.. await HostileTenders.ArrangeAsync(app, await app.LoginAsync("marches@demo.local")), .. _officerStarts];
        // An issued run with Amiens' statement, so that finance reaches its titre and payment form.
        var amiens = await app.ScalarAsync<long>("SELECT Id FROM Members WHERE Name = 'CA Amiens Métropole'");
        var run = await ProcurementGroup.Testing.Scenario.IssuedRunWithStatementsAsync(app.ConnectionFactory, await app.ScalarAsync<long>("SELECT MIN(Id) FROM PurchasingGroups"), [amiens]);
        _financeStarts = ["/", $"/Statements/Run/{run.RunId}"];

        // i9-limits: a contract recorded without a tender that nothing refers to yet, so that its correction form is reached.
        var recorded = await ProcurementGroup.Testing.Scenario.RecordedContractAsync(
            app.ConnectionFactory, await app.ScalarAsync<long>("SELECT MIN(Id) FROM PurchasingGroups"), await app.ScalarAsync<long>("SELECT MIN(Id) FROM Suppliers"), "CORPUS-01", [(amiens, [1_000L])]);
        _financeStarts = [.. _financeStarts, $"/Contracts/Edit/{recorded}"];

        foreach (var account in Accounts)
        {
            _clients[account] = account == "anonyme" ? app.NewClient() : await app.LoginAsync(account);
        }
    }

    /// <summary>Crawls as every account; keeps, per form, the least-privileged account that reaches it.</summary>
    public async Task<(List<FoundForm> Forms, List<FormCrawler> Crawls)> DiscoverAsync()
    {
        var byKey = new Dictionary<string, FoundForm>(StringComparer.Ordinal);
        var crawls = new List<FormCrawler>();
        foreach (var account in Accounts)
        {
            var crawler = new FormCrawler(_clients[account], account, url => PageAllowed(account, url));
            await crawler.CrawlAsync(account switch
            {
                "anonyme" => ["/Account/Login", "/Account/ForgotPassword", "/Account/ResetPassword?email=x%40example.org&token=x", "/Account/SetPassword?email=x%40example.org&token=x"],
                ThrowawayEmail => ["/Account/ChangePassword"],
                "marches@demo.local" => ["/", .. _officerStarts],
                "finances@demo.local" => _financeStarts,
                _ => ["/"],
            });
            Failures.AddRange(crawler.Errors);
            crawls.Add(crawler);
            foreach (var form in crawler.Forms.Where(f => FormAllowed(account, f)))
            {
                byKey.TryAdd(form.Key, form);
            }
        }

        return (byKey.Values.OrderBy(f => f.Key, StringComparer.Ordinal).ToList(), crawls);
    }

    private bool PageAllowed(string account, string url)
    {
        var path = url.Split('?')[0];
        if (path.StartsWith("/hangfire", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The throwaway account only serves the change-password form; the demo accounts never post it.
        if (account == ThrowawayEmail)
        {
            return path.Equals("/Account/ChangePassword", StringComparison.OrdinalIgnoreCase);
        }

        if (path.Equals("/Account/ChangePassword", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The users administration edits the target account only: no demo account's roles or name change under the crawl.
        var edit = UserEdit().Match(path);
        return !edit.Success || edit.Groups[1].Value == _targetUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool FormAllowed(string account, FoundForm form) =>
        !form.Action.StartsWith("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        && (account == ThrowawayEmail || !form.Action.StartsWith("/Account/ChangePassword", StringComparison.OrdinalIgnoreCase));

    // ---------------------------------------------------------------- text entries

    /// <summary>
    /// Posts every entry into all the text fields of the form at once, re-reading the page for fresh hidden values
    /// whenever the database changed. With <paramref name="secondChance"/>, an entry refused because of some fields is
    /// posted again with those fields as rendered, so that it reaches the database through the fields that take it.
    /// </summary>
    /// <returns>The form as last rendered, or null when the app no longer offers it.</returns>
    public async Task<FoundForm?> PostTextsAsync(FoundForm form, IReadOnlyList<HostileText> entries, bool secondChance = false)
    {
        var client = _clients[form.Account];
        var current = form;
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var outcome = await PostTextAsync(client, current, entry, []);
            // Not for the 100,000-character strings: every length-limited field refuses them again, at a megabyte a post.
            if (!outcome.Changed && secondChance && entry.Value.Length <= 10_000 && outcome.RefusedFields.Count > 0
                && current.Fields.Any(f => f.IsText && !outcome.RefusedFields.Contains(f.Name)))
            {
                outcome = await PostTextAsync(client, current, entry, outcome.RefusedFields);
            }

            if (!outcome.Changed)
            {
                continue;
            }

            // Accepted: the Version and other hidden values moved on; read the form again as a browser would.
            var refreshed = await RefreshAsync(client, current) ?? await RestoreAsync(client, current);
            if (refreshed is null)
            {
                Notes.Add($"{form.Key}: no longer offered after accepting « {entry.Name} » ({entries.Count - index - 1} entries not sent)");
                return null;
            }

            current = refreshed;
        }

        return current;
    }

    private async Task<(bool Changed, HashSet<string> RefusedFields)> PostTextAsync(HttpClient client, FoundForm form, HostileText entry, HashSet<string> asRendered)
    {
        var before = Snapshot(null);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var field in form.Fields.Where(f => !f.IsFile))
        {
            if (field.Type == "submit")
            {
                continue;
            }

            fields.Add(new(field.Name, field.IsText && !asRendered.Contains(field.Name) ? entry.Value : field.Value));
        }

        if (SubmitButton(form) is { } button)
        {
            fields.Add(new(button.Name, button.Value));
        }

        var where = $"{form.Key} as {form.Account}, entry « {entry.Name} »" + (asRendered.Count > 0 ? $" (second chance, as rendered: {string.Join(",", asRendered)})" : string.Empty);
        HttpResponseMessage response;
        try
        {
            using HttpContent content = form.IsUpload ? Multipart(fields) : new FormUrlEncodedContent(fields);
            response = await PostWithPatienceAsync(client, form.Action, content);
        }
        catch (TimeoutException)
        {
            Failures.Add($"{where}: no answer within {Patience.TotalSeconds} s");
            return (false, []);
        }

        Posts++;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var document = await CheckAnswerAsync(client, where, response, body, entry.IsMarkup ? entry.Value : null, before);
            var refused = document.QuerySelectorAll(".field-validation-error[data-valmsg-for]")
                .Select(e => e.GetAttribute("data-valmsg-for")!)
                .ToHashSet(StringComparer.Ordinal);
            return (_checksum is not null && !ReferenceEquals(_checksum, before), refused);
        }
    }

    /// <summary>The checks every answer passes: no 5xx, French refusals with the database unchanged, stored text encoded.</summary>
    private async Task<IHtmlDocument> CheckAnswerAsync(HttpClient client, string where, HttpResponseMessage response, string body, string? markup, IReadOnlyDictionary<string, string> before)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            Failures.Add($"{where}: answered {status}: {Excerpt(body)}");
        }

        CheckEscaped(where, body, markup);
        var document = await HttpClientForms.ParseAsync(body);
        var errors = ErrorTexts(document);
        // 429: the abuse limits (issue 6, item 4) refuse before anything is read; their page must be French too.
        var refused = status is 400 or 404 or 409 or 413 or 415 or 422 or 429 || (status == 200 && errors.Count > 0);
        foreach (var english in errors.Concat(status is 400 or 413 or 415 or 429 ? [document.Body?.TextContent ?? body] : []).SelectMany(EnglishIn))
        {
            Failures.Add($"{where}: English message « {english} » (answer {status}: {Excerpt(string.Join(" | ", errors))})");
        }

        var after = Snapshot(before);
        var changed = DatabaseChecksum.Changed(before, after);
        _checksum = changed.Count == 0 ? before : after;
        if (refused)
        {
            Refused++;
            if (changed.Count > 0)
            {
                Failures.Add($"{where}: refused ({status}: {Excerpt(string.Join(" | ", errors))}) but the database changed: {string.Join(", ", changed)}");
            }
        }
        else if (changed.Count > 0)
        {
            Accepted++;
        }

        if (status is 302 or 303 && response.Headers.Location is { } location && location.OriginalString.StartsWith('/'))
        {
            using var next = await client.GetAsync(location.OriginalString);
            var nextBody = await next.Content.ReadAsStringAsync();
            if ((int)next.StatusCode >= 500)
            {
                Failures.Add($"{where}: the page after the redirect ({location}) answered {(int)next.StatusCode}");
            }

            CheckEscaped(where + $" (then {location})", nextBody, markup);
            var nextDocument = await HttpClientForms.ParseAsync(nextBody);
            foreach (var english in ErrorTexts(nextDocument).SelectMany(EnglishIn))
            {
                Failures.Add($"{where} (then {location}): English message « {english} »");
            }
        }

        return document;
    }

    public void CheckEscaped(string where, string body, string? markup)
    {
        if (markup is not null && body.Contains(markup, StringComparison.Ordinal))
        {
            Failures.Add($"{where}: the raw entry is in the page unencoded near « {Excerpt(body[Math.Max(0, body.IndexOf(markup, StringComparison.Ordinal) - 80)..])} »");
        }

        if (ScriptUrl().Match(body) is { Success: true } m)
        {
            Failures.Add($"{where}: a javascript: URL in an attribute: « {m.Value} »");
        }
    }

    private async Task<FoundForm?> RefreshAsync(HttpClient client, FoundForm form)
    {
        using var response = await client.GetAsync(form.PageUrl);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var same = FormCrawler.FormsOf(form.Account, form.PageUrl, document).Where(f => f.Key == form.Key).ToList();
        return same.FirstOrDefault(f => f.Action == form.Action) ?? same.FirstOrDefault();
    }

    /// <summary>
    /// A workflow form (return a needs form) is offered again once the form is submitted again: if the page offers a
    /// "submit" button (the officer may submit on the member's behalf), post that form as rendered, then look again.
    /// </summary>
    private async Task<FoundForm?> RestoreAsync(HttpClient client, FoundForm form)
    {
        using var response = await client.GetAsync(form.PageUrl);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var document = await HttpClientForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var submit = FormCrawler.FormsOf(form.Account, form.PageUrl, document)
            .FirstOrDefault(f => f.Fields.Any(b => b.Type == "submit" && b.Value == "submit"));
        if (submit is null)
        {
            return null;
        }

        var fields = submit.Fields.Where(f => f.Type != "submit" && !f.IsFile).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        fields.Add(new("command", "submit"));
        using (await client.PostAsync(submit.Action, new FormUrlEncodedContent(fields)))
        {
        }

        Snapshot(null);
        return await RefreshAsync(client, form);
    }

    /// <summary>The button a user saving would click: "save"/"enregistrer" if there is a choice (never "submit" a needs form by default).</summary>
    private static FormField? SubmitButton(FoundForm form)
    {
        var buttons = form.Fields.Where(f => f.Type == "submit").ToList();
        return buttons.FirstOrDefault(b => b.Value.Contains("save", StringComparison.OrdinalIgnoreCase) || b.Value.Contains("enregistrer", StringComparison.OrdinalIgnoreCase))
            ?? buttons.FirstOrDefault();
    }

    // ---------------------------------------------------------------- files

    /// <summary>Uploads one hostile file through the form (its hidden fields as rendered).</summary>
    public async Task PostFileAsync(FoundForm form, HostileFile file, byte[] bytes)
    {
        var client = _clients[form.Account];
        var before = Snapshot(null);
        using var content = new MultipartFormDataContent();
        foreach (var field in form.Fields.Where(f => !f.IsFile && f.Type != "submit"))
        {
            content.Add(new StringContent(field.Value), field.Name);
        }

        foreach (var field in form.Fields.Where(f => f.IsFile))
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, field.Name, file.FileName);
        }

        var where = $"{form.Key} as {form.Account}, file « {file.Name} » ({bytes.Length:N0} bytes)";
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await PostWithPatienceAsync(client, form.Action, content);
        }
        catch (TimeoutException)
        {
            Failures.Add($"{where}: no answer within {Patience.TotalSeconds} s");
            TimedOut.Add(file.Name);
            return;
        }

        Posts++;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var document = await CheckAnswerAsync(client, where, response, body, "<script>alert(1)</script>", before);
            var status = (int)response.StatusCode;
            if (status is 200 && ErrorTexts(document).Count == 0 && !ReferenceEquals(_checksum, before))
            {
                Notes.Add($"{where}: accepted");
            }
            else if (status is 200 && ErrorTexts(document).Count == 0)
            {
                Failures.Add($"{where}: neither refused with a message nor saved: {Excerpt(document.Body?.TextContent ?? body)}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(2))
            {
                Notes.Add($"{where}: answered in {clock.Elapsed.TotalSeconds:F1} s (goal 2 s; shared, busy machine)");
            }
        }
    }

    /// <summary>Files that got no answer in time: not sent to the next uploads, so at most one request keeps a core busy.</summary>
    public HashSet<string> TimedOut { get; } = new(StringComparer.Ordinal);

    // ---------------------------------------------------------------- helpers

    /// <summary>The checksum of the database now: <paramref name="known"/> (or the last one) when nothing was committed since.</summary>
    private IReadOnlyDictionary<string, string> Snapshot(IReadOnlyDictionary<string, string>? known)
    {
        _watch ??= new DatabaseWatch(app.DatabasePath);
        var version = _watch.DataVersion();
        if (_checksum is null || version != _dataVersion)
        {
            _dataVersion = version;
            return _checksum = DatabaseChecksum.Compute(app.DatabasePath);
        }

        return known ?? _checksum;
    }

    public void Dispose() => _watch?.Dispose();

    /// <summary>
    /// The test server may run the app on the caller's thread until its first real await, so a request stuck in a CPU loop
    /// would never let a cancellation token be observed: the post runs on the pool and the wait is bounded instead.
    /// </summary>
    private static async Task<HttpResponseMessage> PostWithPatienceAsync(HttpClient client, string action, HttpContent content)
    {
        using var patience = new CancellationTokenSource(Patience);
        var post = Task.Run(() => client.PostAsync(action, content, patience.Token));
        try
        {
            return await post.WaitAsync(Patience);
        }
        catch (TaskCanceledException)
        {
            throw new TimeoutException();
        }
    }

    /// <summary>A multipart form without a file chosen, as a browser sends it.</summary>
    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    /// <summary>The texts of the validation messages and error alerts of a page.</summary>
    public static List<string> ErrorTexts(IHtmlDocument document) =>
        document.QuerySelectorAll(".field-validation-error, .validation-summary-errors, .alert-danger:not(.validation-summary-valid)")
            .Select(e => e.TextContent.Trim())
            .Where(t => t.Length > 0)
            .ToList();

    /// <summary>English framework and Identity messages (MVC model binding, DataAnnotations defaults, Identity describer).</summary>
    public static IEnumerable<string> EnglishIn(string text) => EnglishMessage().Matches(text).Select(m => m.Value);

    public static string Excerpt(string text)
    {
        var flat = Regex.Replace(text, @"\s+", " ").Trim();
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }

    [GeneratedRegex(@"\b(The value '|is not valid|is invalid|is required|The field\b|field is\b|must be a number|must be a string|A value for the|Passwords must|Incorrect password|Invalid token|is already taken|Optimistic concurrency|An error occurred|The input was not valid|Bad Request|Request Entity Too Large|Unsupported Media Type|Exception\b)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMessage();

    [GeneratedRegex(@"(href|src|action|formaction)\s*=\s*[""']?\s*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();

    [GeneratedRegex(@"^/Users/Edit/(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex UserEdit();
}
