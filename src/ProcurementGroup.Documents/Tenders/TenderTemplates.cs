namespace ProcurementGroup.Documents.Tenders;

/// <summary>
/// The coordinator-editable texts of the tender documents, templates/tenders/*.txt (see its README.txt): one file per
/// document, a line <c>## Name</c> starting each section, {Placeholders} filled when the document is written. The files
/// are read and checked by <see cref="DocumentTemplates"/> (the statements' texts use it too): a missing file or section
/// stops the application at start-up (register the loaded instance as a singleton) rather than failing a download later.
/// </summary>
public sealed class TenderTemplates
{
    public const string AnalysisReport = "analysis-report";
    public const string RejectionLetter = "rejection-letter";
    public const string PresentationReport = "presentation-report";

    private const string Folder = "tenders";

    /// <summary>The sections each document needs.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredSections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [AnalysisReport] = ["Titre", "Preambule", "Criteres", "Classement", "Details", "Exclues", "AnormalementBasses", "Egalites", "Attributaire", "SansAttributaire", "AttributaireRetenu", "Signature"],
        [RejectionLetter] = ["Objet", "Introduction", "Motifs", "Attributaire", "AttributaireMotif", "Notes", "Suspension", "SansSuspension", "Recours", "Formule", "Signature"],
        [PresentationReport] = ["Titre", "Preambule", "Objet", "Procedure", "Historique", "Offres", "Attributaires", "Rejets", "Signature"],
    };

    private readonly DocumentTemplates _templates;

    private TenderTemplates(DocumentTemplates templates) => _templates = templates;

    /// <summary>
    /// Reads templates/tenders beside the app (copied by the build), else under <paramref name="contentRoot"/>, else
    /// under the repository's root when run from source (contentRoot/../..).
    /// </summary>
    /// <exception cref="FileNotFoundException">No templates/tenders folder, or one of its files is missing.</exception>
    /// <exception cref="InvalidDataException">A file lacks a section.</exception>
    public static TenderTemplates Load(string contentRoot) => new(DocumentTemplates.Load(contentRoot, Folder, RequiredSections));

    /// <summary>Reads and checks the files of one folder (the templates/tenders folder itself).</summary>
    public static TenderTemplates FromDirectory(string folder) => new(DocumentTemplates.FromDirectory(folder, Folder, RequiredSections));

    /// <summary>A section's text with its placeholders filled, trimmed; paragraphs are separated by blank lines.</summary>
    public string Text(string document, string section, IReadOnlyDictionary<string, string>? values = null) => _templates.Text(document, section, values);

    /// <summary>A section's paragraphs (split at blank lines, lines of one paragraph joined by a space).</summary>
    public IReadOnlyList<string> Paragraphs(string document, string section, IReadOnlyDictionary<string, string>? values = null) =>
        _templates.Paragraphs(document, section, values);
}
