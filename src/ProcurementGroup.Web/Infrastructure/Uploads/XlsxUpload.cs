using System.Globalization;
using System.IO.Compression;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Infrastructure.Uploads;

/// <summary>
/// The defences every spreadsheet upload shares: at most 5 MB, a real zip holding [Content_Types].xml, at most 50 MB once
/// unzipped (declared sizes first, then by actually inflating with a cap, since declared sizes can lie), and whatever
/// MiniExcel throws on a malformed workbook turned into a French message. Never throws on bad content. The rows themselves
/// are read by <see cref="SpreadsheetReader"/>, the one bounded reader every import uses.
/// </summary>
public static class XlsxUpload
{
    public const string TooLargeMessage = "Le fichier dépasse la taille maximale autorisée (5 Mo).";
    public const string NotXlsxMessage = "Ce fichier n'est pas un classeur XLSX valide.";
    public const string ZipBombMessage = "Ce classeur est refusé : une fois décompressé, il dépasserait 50 Mo.";
    public const string UnreadableMessage = "Le fichier n'a pas pu être lu. Vérifiez qu'il s'agit d'un classeur XLSX ou d'un fichier CSV exporté par un tableur.";

    /// <summary>Copies the upload into memory, refusing more than 5 MB; null file or empty file → <paramref name="requiredMessage"/>.</summary>
    public static async Task<(MemoryStream? Buffer, string? Error)> BufferAsync(IFormFile? file, string requiredMessage, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, requiredMessage);
        }

        if (file.Length > UploadLimits.FileBytes)
        {
            return (null, TooLargeMessage);
        }

        var buffer = new MemoryStream();
        try
        {
            await using var input = file.OpenReadStream();
            await input.CopyToAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException)
        {
            await buffer.DisposeAsync();
            return (null, TooLargeMessage);
        }

        if (buffer.Length > UploadLimits.FileBytes)
        {
            await buffer.DisposeAsync();
            return (null, TooLargeMessage);
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>Checks that <paramref name="buffer"/> is a zip with [Content_Types].xml that unpacks to at most 50 MB.</summary>
    public static string? CheckPackage(MemoryStream buffer) => Check(buffer, buffer.Length);

    /// <summary>Returns the French reason the file is refused, or null when it may be read. Reads from the start of the (seekable) stream and leaves it at position 0.</summary>
    public static string? Check(Stream stream, long length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length > UploadLimits.FileBytes)
        {
            return TooLargeMessage;
        }

        try
        {
            stream.Position = 0;
            Span<byte> magic = stackalloc byte[4];
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4)
            {
                return NotXlsxMessage;
            }

            stream.Position = 0;
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                if (zip.GetEntry("[Content_Types].xml") is null)
                {
                    return NotXlsxMessage;
                }

                long declared = 0;
                foreach (var entry in zip.Entries)
                {
                    declared += entry.Length;
                    if (declared > UploadLimits.UnzippedBytes)
                    {
                        return ZipBombMessage;
                    }
                }

                long inflated = 0;
                var chunk = new byte[81920];
                foreach (var entry in zip.Entries)
                {
                    using var s = entry.Open();
                    int read;
                    while ((read = s.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        inflated += read;
                        if (inflated > UploadLimits.UnzippedBytes)
                        {
                            return ZipBombMessage;
                        }
                    }
                }
            }

            stream.Position = 0;
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            return NotXlsxMessage;
        }
    }

    /// <summary>A cell as text; numbers in invariant form (<c>12.5</c>), which FrenchNumber reads back.</summary>
    public static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        // A cell holding a number is written back without a thousands separator and with a decimal comma: its text can
        // never look like the ambiguous 1.000 that FrenchNumber refuses in typed text (a decimal 12.000 would).
        double d when double.IsFinite(d) && Math.Abs(d) < 1e15 => FrenchNumber.ForSpreadsheet((decimal)d),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => FrenchNumber.ForSpreadsheet(m),
        bool b => b ? "oui" : "non",
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
