namespace ProcurementGroup.Documents.Statements;

/// <summary>
/// The texts of the statement PDF, templates/statements/statement.txt (see templates/statements/README.txt), read and
/// checked once at start-up: a missing file or section stops the application rather than an issued run's batch.
/// </summary>
public sealed class StatementTemplates
{
    public const string Statement = "statement";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredSections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Statement] = ["Titre", "TitreAvoir", "Introduction", "IntroductionAvoir", "Rectifie", "Frais", "Paiement", "Avoir", "Pied"],
    };

    private StatementTemplates(DocumentTemplates texts) => Texts = texts;

    public DocumentTemplates Texts { get; }

    /// <inheritdoc cref="DocumentTemplates.Load"/>
    public static StatementTemplates Load(string contentRoot) => new(DocumentTemplates.Load(contentRoot, "statements", RequiredSections));

    public static StatementTemplates FromDirectory(string directory) => new(DocumentTemplates.FromDirectory(directory, "statements", RequiredSections));
}
