namespace ProcurementGroup.Web.Features.Statements;

/// <summary>Section <c>Statements</c>: where the generated PDFs are kept, and a test-only slowdown of the batch.</summary>
public sealed class StatementsOptions
{
    public const string SectionName = "Statements";

    /// <summary>
    /// Empty (default): each PDF's bytes are stored in the Statements row. Otherwise a folder shared by every node (a
    /// network share), absolute or relative to the app; each file is written to a temporary name and renamed into place,
    /// and the row stores its path relative to this folder with its SHA-256.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>A pause before each statement of a batch, in milliseconds (0 by default): the crash-resume test slows the batch so as to kill it mid-way.</summary>
    public int DelayPerStatementMilliseconds { get; set; }
}
