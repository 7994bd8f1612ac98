using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;

namespace ProcurementGroup.Documents;

/// <summary>
/// Makes PDFsharp 6.2's output a function of the document's content alone, for documents whose stored bytes and
/// SHA-256 must come out the same when generated again (statements). PDFsharp writes four things that change at every
/// save: the creation and modification dates (<see cref="Prepare"/> pins them to a given instant, in UTC so that the
/// server's time zone does not show), the trailer's /ID pair (a new Guid), the XMP packet's xmpMM:DocumentID and
/// InstanceID (two new Guids) and the six-letter tag of each embedded font subset ("ABCDEF+LiberationSans", from a new
/// Guid), with no option to set the last three. <see cref="Finish"/> therefore rewrites them in the saved bytes: every
/// random part is first replaced by a fixed placeholder of the same length (offsets, hence the xref table, stay valid;
/// the writer's streams are uncompressed so these texts are plain bytes), the SHA-256 of that normalised file is taken,
/// and the identifiers are then derived from it: same content, same bytes; different content, different identifiers.
/// </summary>
internal static class ReproduciblePdf
{
    // The trailer's /ID is written as a hex literal of its 16 characters: 16 NULs give 32 zeros, easy to find again.
    private static readonly string IdPlaceholder = new('\0', 16);
    private static readonly byte[] IdPlaceholderHex = Encoding.ASCII.GetBytes("<" + new string('0', 32) + ">");
    private static readonly byte[] Uuid = Encoding.ASCII.GetBytes("uuid:");
    private static readonly byte[] SubsetFamily = Encoding.ASCII.GetBytes("+Liberation");
    private const int UuidLength = 36;
    private const int TagLength = 6;

    public static void Prepare(PdfDocument document, DateTime instantUtc)
    {
        var utc = DateTime.SpecifyKind(instantUtc, DateTimeKind.Utc);
        document.Info.CreationDate = utc;
        document.Info.ModificationDate = utc;
        document.Internals.FirstDocumentID = IdPlaceholder;
        document.Internals.SecondDocumentID = IdPlaceholder;
    }

    public static byte[] Finish(byte[] pdf)
    {
        var uuids = Find(pdf, Uuid).Select(i => i + Uuid.Length).Where(i => i + UuidLength <= pdf.Length).ToList();
        foreach (var at in uuids)
        {
            Encoding.ASCII.GetBytes(Guid.Empty.ToString("D")).CopyTo(pdf, at);
        }

        // Each subset's tag, in the order they first appear (the same order for the same content), becomes AAAAAA, AAAAAB…
        var tags = new List<string>();
        var tagPositions = new List<(int At, int Index)>();
        foreach (var plus in Find(pdf, SubsetFamily))
        {
            var at = plus - TagLength;
            if (at < 1 || pdf[at - 1] != (byte)'/' || !pdf.AsSpan(at, TagLength).ToArray().All(b => b is >= (byte)'A' and <= (byte)'Z'))
            {
                continue;
            }

            var tag = Encoding.ASCII.GetString(pdf, at, TagLength);
            var index = tags.IndexOf(tag);
            if (index < 0)
            {
                index = tags.Count;
                tags.Add(tag);
            }

            tagPositions.Add((at, index));
        }

        foreach (var (at, index) in tagPositions)
        {
            Encoding.ASCII.GetBytes(Tag(index)).CopyTo(pdf, at);
        }

        var ids = Find(pdf, IdPlaceholderHex).ToList();
        var hash = SHA256.HashData(pdf);
        var id = Convert.ToHexString(hash, 0, 16);
        foreach (var at in ids)
        {
            Encoding.ASCII.GetBytes(id).CopyTo(pdf, at + 1);
        }

        var documentId = new Guid(hash.AsSpan(16, 16)).ToString("D");
        foreach (var at in uuids)
        {
            Encoding.ASCII.GetBytes(documentId).CopyTo(pdf, at);
        }

        return pdf;
    }

    private static string Tag(int index)
    {
        var letters = new char[TagLength];
        for (var i = TagLength - 1; i >= 0; i--)
        {
            letters[i] = (char)('A' + (index % 26));
            index /= 26;
        }

        return new string(letters);
    }

    private static IEnumerable<int> Find(byte[] haystack, byte[] needle)
    {
        var from = 0;
        while (from < haystack.Length)
        {
            var found = haystack.AsSpan(from).IndexOf(needle);
            if (found < 0)
            {
                yield break;
            }

            yield return from + found;
            from += found + needle.Length;
        }
    }
}
