using MiniExcelLibs;

namespace ProcurementGroup.Web.Infrastructure.Spreadsheets;

/// <summary>
/// The operator-editable XLSX templates of templates/ (the needs form, the BPU), filled by MiniExcel's template feature.
/// The caller neutralises every text it passes (<see cref="Core.Text.SpreadsheetText.Neutralise"/>): the template engine
/// turns a value starting with <c>$=</c> into a live formula.
/// </summary>
public static class SpreadsheetTemplate
{
    public static async Task<byte[]> FillAsync(string templateFile, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken = default)
    {
        var template = await File.ReadAllBytesAsync(PathOf(templateFile), cancellationToken);
        using var output = new MemoryStream();
        await output.SaveAsByTemplateAsync(template, values, cancellationToken: cancellationToken);
        return output.ToArray();
    }

    /// <summary>The template beside the app (copied by the build), or in the repository's templates/ when run from source.</summary>
    public static string PathOf(string templateFile)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "templates", templateFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Spreadsheet template templates/{templateFile} not found.", templateFile);
    }
}
