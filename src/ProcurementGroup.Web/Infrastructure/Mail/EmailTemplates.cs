using System.Collections.Concurrent;

namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// The e-mail texts of templates/emails (editable by an operator without recompiling): first line the subject, then the
/// body, with {Placeholders} replaced by the given values. Files are read from beside the app (copied by the build) and
/// cached with their modification time, so an edited file applies without a restart.
/// </summary>
public sealed class EmailTemplates
{
    private readonly ConcurrentDictionary<string, (DateTime Stamp, string Text)> _cache = new(StringComparer.Ordinal);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "templates", "emails");

    public async Task<EmailMessage> RenderAsync(string templateName, string to, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (templateName.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException("A template name is a bare file name without extension.", nameof(templateName));
        }

        var path = Path.Combine(Folder, templateName + ".txt");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"E-mail template {templateName}.txt not found in {Folder}.", path);
        }

        var stamp = File.GetLastWriteTimeUtc(path);
        if (!_cache.TryGetValue(templateName, out var cached) || cached.Stamp != stamp)
        {
            cached = (stamp, (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"));
            _cache[templateName] = cached;
        }

        var text = cached.Text;
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0
            ? new EmailMessage(to, text.Trim(), string.Empty)
            : new EmailMessage(to, text[..newline].Trim(), text[(newline + 1)..]);
    }
}
