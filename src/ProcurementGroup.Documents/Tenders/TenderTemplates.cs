namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// The coordinator-editable texts of the tender documents, templates/tenders/*.txt (see its README.txt): one file per
/// document, a line <c>## Name</c> starting each section, {Placeholders} filled when the document is written. The files
/// are copied beside the app by the build (the Web project's templates content) and read from there or from the content
/// root, as the e-mail templates are. <see cref="Load"/> reads and checks every file and section at once, so that a
/// missing one stops the application at start-up (register the loaded instance as a singleton) rather than failing a
/// download later.
/// </summary>
public sealed class TenderTemplates
{
    public const string AnalysisReport = "analysis-report";
    public const string RejectionLetter = "rejection-letter";
    public const string PresentationReport = "presentation-report";

    /// <summary>The sections each document needs.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredSections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [AnalysisReport] = ["Titre", "Preambule", "Criteres", "Classement", "Details", "Exclues", "AnormalementBasses", "Egalites", "Attributaire", "SansAttributaire", "AttributaireRetenu", "Signature"],
        [RejectionLetter] = ["Objet", "Introduction", "Motifs", "Attributaire", "AttributaireMotif", "Notes", "Suspension", "SansSuspension", "Recours", "Formule", "Signature"],
        [PresentationReport] = ["Titre", "Preambule", "Objet", "Procedure", "Historique", "Offres", "Attributaires", "Rejets", "Signature"],
    };

    private readonly Dictionary<string, Dictionary<string, string>> _documents;

    private TenderTemplates(Dictionary<string, Dictionary<string, string>> documents) => _documents = documents;

    /// <summary>
    /// Reads templates/tenders beside the app (copied by the build), else under <paramref name="contentRoot"/>, else
    /// under the repository's root when run from source (contentRoot/../..).
    /// </summary>
    /// <exception cref="FileNotFoundException">No templates/tenders folder, or one of its files is missing.</exception>
    /// <exception cref="InvalidDataException">A file lacks a section.</exception>
    public static TenderTemplates Load(string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(contentRoot);
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "templates", "tenders"),
            Path.Combine(contentRoot, "templates", "tenders"),
            Path.Combine(contentRoot, "..", "..", "templates", "tenders"),
        ];
        var folder = candidates.FirstOrDefault(Directory.Exists)
            ?? throw new FileNotFoundException($"The tender document templates folder templates/tenders was not found (looked in {string.Join(", ", candidates)}).", candidates[0]);
        return FromDirectory(folder);
    }

    /// <summary>Reads and checks the files of one folder (the templates/tenders folder itself).</summary>
    public static TenderTemplates FromDirectory(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var documents = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (name, sections) in RequiredSections)
        {
            var file = Path.Combine(folder, name + ".txt");
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Tender document template templates/tenders/{name}.txt is missing: restore it (see templates/tenders/README.txt).", file);
            }

            var parsed = Parse(File.ReadAllText(file));
            var missing = sections.Where(s => !parsed.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"Tender document template templates/tenders/{name}.txt lacks the section(s) {string.Join(", ", missing.Select(s => "## " + s))} (see templates/tenders/README.txt).");
            }

            documents[name] = parsed;
        }

        return new TenderTemplates(documents);
    }

    /// <summary>A section's text with its placeholders filled, trimmed; paragraphs are separated by blank lines.</summary>
    public string Text(string document, string section, IReadOnlyDictionary<string, string>? values = null)
    {
        var text = _documents[document][section];
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
