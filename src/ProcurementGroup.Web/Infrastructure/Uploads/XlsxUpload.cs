using System.IO.Compression;

namespace ProcurementGroup.Web.Infrastructure.Uploads;

/// <summary>
/// Checks that an uploaded file is a real XLSX before a spreadsheet reader touches it: at most 5 MB, a zip holding
/// [Content_Types].xml, and at most 50 MB once unpacked (declared sizes first, then by actually inflating with a cap,
/// since declared sizes can lie: zip bombs). Shared by every XLSX upload (members, catalogue, needs forms).
/// </summary>
public static class XlsxUpload
{
    public const string TooLargeMessage = "Le fichier dépasse la taille maximale autorisée (5 Mo).";
    public const string NotXlsxMessage = "Ce fichier n'est pas un classeur XLSX valide.";
    public const string ZipBombMessage = "Ce classeur est refusé : une fois décompressé, il dépasserait 50 Mo.";

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
}
