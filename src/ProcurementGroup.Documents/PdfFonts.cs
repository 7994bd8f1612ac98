using System.Reflection;
using PdfSharp.Fonts;

namespace ProcurementGroup.Documents;

/// <summary>
/// Serves Liberation Sans (regular and bold, SIL OFL 1.1: see Fonts/LICENSE.txt), embedded in this assembly (ProcurementGroup.Documents), to PDFsharp:
/// PDFs look the same on every server and nothing is installed at run time. Liberation 2.x has the narrow no-break space
/// (U+202F) that fr-FR number formatting writes.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name documents ask for.</summary>
    public const string Family = "Liberation Sans";

    private const string RegularFace = "LiberationSans-Regular";
    private const string BoldFace = "LiberationSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Faces = new(StringComparer.Ordinal)
    {
        [RegularFace] = Load("LiberationSans-Regular.ttf"),
        [BoldFace] = Load("LiberationSans-Bold.ttf"),
    };

    /// <summary>
    /// Installs the resolver once per process. GlobalFontSettings is static and refuses a second resolver once fonts
    /// were used, and several hosts may start in one process (tests), hence the lock and the check.
    /// </summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not PdfFonts)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Every family maps to Liberation Sans (metric-compatible with Arial); italic is simulated by PDFsharp.
        new(bold ? BoldFace : RegularFace, false, italic);

    public byte[]? GetFont(string faceName) => Faces.GetValueOrDefault(faceName);

    private static byte[] Load(string file)
    {
        var assembly = typeof(PdfFonts).Assembly;
        using var stream = assembly.GetManifestResourceStream("Fonts." + file)
            ?? throw new InvalidOperationException($"Embedded font {file} is missing from {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
