namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>
/// The operator-editable e-mail texts of templates/emails: first line the subject, then the body, with {Placeholders}
/// replaced by the given values. Shared by every feature that writes e-mails (registered as a singleton).
/// </summary>
public sealed class EmailTemplates(IWebHostEnvironment environment)
{
    public async Task<EmailMessage> RenderAsync(string templateName, string to, IReadOnlyDictionary<string, string> values)
    {
        var (subject, body) = Fill(await File.ReadAllTextAsync(Find(templateName)), values);
        return new EmailMessage(to, subject, body);
    }

    /// <summary>The subject and body of a template with its placeholders filled.</summary>
    public (string Subject, string Body) Render(string templateName, IReadOnlyDictionary<string, string> values) =>
        Fill(File.ReadAllText(Find(templateName)), values);

    private static (string Subject, string Body) Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = template.ReplaceLineEndings("\n");
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (text.Trim(), string.Empty) : (text[..newline].Trim(), text[(newline + 1)..]);
    }

    private string Find(string name)
    {
        // Copied beside the app by the build; the source folder serves when running from the repository.
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "templates", "emails", name + ".txt"),
            Path.Combine(environment.ContentRootPath, "templates", "emails", name + ".txt"),
            Path.Combine(environment.ContentRootPath, "..", "..", "templates", "emails", name + ".txt"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"E-mail template {name}.txt not found in templates/emails.", candidates[0]);
    }
}
