namespace ProcurementGroup.Documents;

/// <summary>
/// A folder of coordinator-editable document texts under templates/ (templates/statements, …): one file per document,
/// a line <c>## Name</c> starting each section (lines before the first are comments), {Placeholders} filled when the
/// document is written. <see cref="Load"/> reads and checks every file and section at once, so that a missing one
/// stops the application at start-up (register the loaded instance as a singleton) rather than failing a document
/// later. The files are copied beside the app by the build (the Web project's templates content) and read from there,
/// from the content root, or from the repository's root when run from source.
/// </summary>
public sealed class DocumentTemplates
{
    private readonly string _folder;
    private readonly Dictionary<string, Dictionary<string, string>> _documents;

    private DocumentTemplates(string folder, Dictionary<string, Dictionary<string, string>> documents)
    {
        _folder = folder;
        _documents = documents;
    }

    /// <summary>
    /// Reads templates/<paramref name="folder"/> beside the app, else under <paramref name="contentRoot"/>, else under
    /// contentRoot/../.. (the repository's root when run from source).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such folder, or one of its files is missing.</exception>
    /// <exception cref="InvalidDataException">A file lacks a section.</exception>
    public static DocumentTemplates Load(string contentRoot, string folder, IReadOnlyDictionary<string, IReadOnlyList<string>> requiredSections)
    {
        ArgumentNullException.ThrowIfNull(contentRoot);
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "templates", folder),
            Path.Combine(contentRoot, "templates", folder),
            Path.Combine(contentRoot, "..", "..", "templates", folder),
        ];
        var directory = candidates.FirstOrDefault(Directory.Exists)
            ?? throw new FileNotFoundException($"The document templates folder templates/{folder} was not found (looked in {string.Join(", ", candidates)}).", candidates[0]);
        return FromDirectory(directory, folder, requiredSections);
    }

    /// <summary>Reads and checks the files of one folder (<paramref name="directory"/> is templates/<paramref name="folder"/> itself).</summary>
    public static DocumentTemplates FromDirectory(string directory, string folder, IReadOnlyDictionary<string, IReadOnlyList<string>> requiredSections)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(requiredSections);
        var documents = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (name, sections) in requiredSections)
        {
            var file = Path.Combine(directory, name + ".txt");
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Document template templates/{folder}/{name}.txt is missing: restore it (see templates/{folder}/README.txt).", file);
            }

            var parsed = Parse(File.ReadAllText(file));
            var missing = sections.Where(s => !parsed.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"Document template templates/{folder}/{name}.txt lacks the section(s) {string.Join(", ", missing.Select(s => "## " + s))} (see templates/{folder}/README.txt).");
            }

            documents[name] = parsed;
        }

        return new DocumentTemplates(folder, documents);
    }

    /// <summary>A section's text with its placeholders filled, trimmed; paragraphs are separated by blank lines.</summary>
    public string Text(string document, string section, IReadOnlyDictionary<string, string>? values = null)
    {
        if (!_documents.TryGetValue(document, out var sections) || !sections.TryGetValue(section, out var text))
        {
            throw new KeyNotFoundException($"No section ## {section} in templates/{_folder}/{document}.txt.");
        }

        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A section's paragraphs (split at blank lines, lines of one paragraph joined by a space).</summary>
    public IReadOnlyList<string> Paragraphs(string document, string section, IReadOnlyDictionary<string, string>? values = null) =>
        Text(document, section, values)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries)))
            .ToList();

    private static Dictionary<string, string> Parse(string content)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var lines = new List<string>();
        foreach (var line in content.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Close();
                current = line[3..].Trim();
                lines.Clear();
            }
            else if (current is not null)
            {
                lines.Add(line.TrimEnd());
            }
        }

        Close();
        return sections;

        void Close()
        {
            if (current is not null)
            {
                sections[current] = string.Join('\n', lines).Trim();
            }
        }
    }
}
