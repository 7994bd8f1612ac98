using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Hostile;

/// <summary>A field of a rendered form, as a browser would submit it.</summary>
public sealed record FormField(string Name, string Type, string Value)
{
    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text", "search", "email", "tel", "url", "number", "date", "datetime-local", "time", "month", "week", "password", "textarea",
    };

    /// <summary>A field the user types into: it receives the hostile entry.</summary>
    public bool IsText => TextTypes.Contains(Type);

    public bool IsFile => Type.Equals("file", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A POST form found on a page: where it was found, who reached it, what it posts.</summary>
public sealed record FoundForm(string Account, string PageUrl, string Action, int IndexOnPage, string Key, IReadOnlyList<FormField> Fields)
{
    public bool IsUpload => Fields.Any(f => f.IsFile);

    public bool HasText => Fields.Any(f => f.IsText);

    public override string ToString() => $"{Key} (page {PageUrl}, as {Account})";
}

/// <summary>
/// Crawls the app's GET pages from the home page as one account, following same-origin links to a bounded depth, and
/// reads every &lt;form method=post&gt; with its fields (AngleSharp). Non-HTML answers (XLSX, CSV, PDF) are kept as downloads.
/// </summary>
public sealed partial class FormCrawler(HttpClient client, string account, Func<string, bool> pageAllowed)
{
    private const int MaxDepth = 4;
    private const int MaxPerPattern = 2;
    private const int MaxPages = 160;

    public string Account => account;

    public List<FoundForm> Forms { get; } = [];

    public List<string> Downloads { get; } = [];

    public List<(string Url, string Body)> Pages { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>The URL with its ids and numeric query values replaced: pages of one pattern are visited a bounded number of times (word values such as format=csv are kept, so each export is seen).</summary>
    public static string Pattern(string url) => QueryValue().Replace(Digits().Replace(url, "/{n}"), "={v}");

    public async Task CrawlAsync(params string[] starts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var perPattern = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<(string Url, int Depth)>(starts.Select(s => (s, 0)));
        while (queue.Count > 0 && Pages.Count < MaxPages)
        {
            var (url, depth) = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }

            var pattern = Pattern(url);
            perPattern[pattern] = perPattern.GetValueOrDefault(pattern) + 1;
            if (perPattern[pattern] > MaxPerPattern && depth > 0)
            {
                continue;
            }

            using var response = await client.GetAsync(url);
            if ((int)response.StatusCode >= 500)
            {
                Errors.Add($"GET {url} as {account} answered {(int)response.StatusCode}");
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (!mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                Downloads.Add(url);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            Pages.Add((url, body));
            var document = await HttpClientForms.ParseAsync(body);
            ReadForms(url, document);
            if (depth >= MaxDepth)
            {
                continue;
            }

            foreach (var link in document.QuerySelectorAll("a[href]"))
            {
                if (Normalise(link.GetAttribute("href")!) is { } next && pageAllowed(next) && !seen.Contains(next))
                {
                    queue.Enqueue((next, depth + 1));
                }
            }
        }
    }

    /// <summary>Reads the forms of a page (also used to re-read a page for fresh tokens and versions).</summary>
    public static List<FoundForm> FormsOf(string account, string pageUrl, IHtmlDocument document)
    {
        var forms = new List<FoundForm>();
        var index = 0;
        foreach (var form in document.QuerySelectorAll("form"))
        {
            var i = index++;
            if (!string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
            var fields = Fields(form);
            var key = "POST " + Pattern(action.Split('?')[0]) + " [" + string.Join(",", fields.Where(f => f.Type != "submit").Select(f => Index().Replace(f.Name, "[n]")).Distinct().Order(StringComparer.Ordinal)) + "]";
            forms.Add(new FoundForm(account, pageUrl, action, i, key, fields));
        }

        return forms;
    }

    private void ReadForms(string url, IHtmlDocument document) => Forms.AddRange(FormsOf(account, url, document));

    private static List<FormField> Fields(IElement form)
    {
        var fields = new List<FormField>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name], button[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlTextAreaElement textArea:
                    fields.Add(new FormField(name, "textarea", textArea.Value));
                    break;
                case IHtmlSelectElement { IsMultiple: true } multiple:
                    fields.AddRange(multiple.Options.Where(o => o.IsSelected).Select(o => new FormField(name, "select", o.Value)));
                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null)
                    {
                        fields.Add(new FormField(name, "select", selected.Value));
                    }

                    break;
                case IHtmlButtonElement button:
                    fields.Add(new FormField(name, "submit", button.Value));
                    break;
                case IHtmlInputElement input:
                    var type = (input.GetAttribute("type") ?? "text").ToLowerInvariant();
                    if (type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        continue;
                    }

                    fields.Add(new FormField(name, type, input.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : string.Empty)));
                    break;
            }
        }

        return fields;
    }

    private static string? Normalise(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = href.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? href[..hash] : href;
    }

    [GeneratedRegex(@"/\d+(?=/|\?|$)")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    [GeneratedRegex(@"=([^&]*\d[^&]*|)(?=&|$)")]
    private static partial Regex QueryValue();
}
