using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Uploads;
using static ProcurementGroup.Web.Features.Members.MemberSpreadsheet;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>Reading an uploaded members file, XLSX or CSV, through the shared bounded reader. Never throws on bad content.</summary>
public static class MemberSpreadsheetReader
{
    /// <summary>
    /// A valid members file: the header row, then at most <see cref="MaxLines"/> members; its <see cref="Headers"/> columns in
    /// any order, with room for as many columns of its own that the import ignores.
    /// </summary>
    public static readonly SheetLimits Limits = new(MaxLines + 1, Headers.Count * 2);

    /// <summary>Reads the uploaded file through the shared bounded reader, or returns the French reason it is refused. Never throws on bad content.</summary>
    public static async Task<SheetReadResult> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 and <= UploadLimits.FileBytes } && Path.GetExtension(file.FileName ?? string.Empty).ToLowerInvariant() is not (".xlsx" or ".csv"))
        {
            return SheetReadResult.Refused(FormatMessage);
        }

        var (buffer, error) = await XlsxUpload.BufferAsync(file, RequiredMessage, cancellationToken);
        if (buffer is null)
        {
            return SheetReadResult.Refused(error!);
        }

        using (buffer)
        {
            return Path.GetExtension(file!.FileName ?? string.Empty).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? SpreadsheetReader.ReadXlsx(buffer, Limits)
                : ReadCsv(buffer.ToArray());
        }
    }

    /// <summary>CSV as French Excel writes it (see <see cref="SpreadsheetReader.ReadCsv"/>).</summary>
    public static SheetReadResult ReadCsv(byte[] bytes) => SpreadsheetReader.ReadCsv(bytes, Limits, FormatMessage);
}
