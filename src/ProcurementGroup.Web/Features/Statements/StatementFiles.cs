using System.Globalization;

namespace ProcurementGroup.Web.Features.Statements;

/// <summary>
/// The statements' files when <see cref="StatementsOptions.Folder"/> is set: <c>{folder}/{runId}/{number}.pdf</c>,
/// written to a <c>.partial</c> name in the same folder, flushed to disk, then renamed into place, so that a reader (or
/// a crash) never sees half a file; a batch starting again removes the partial files a killed batch left.
/// </summary>
public sealed class StatementFiles(StatementsOptions options, IWebHostEnvironment environment)
{
    private const string PartialSuffix = ".partial";

    public bool UsesFolder => !string.IsNullOrWhiteSpace(options.Folder);

    private string Root => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Folder ?? string.Empty));

    /// <summary>Writes the file and returns its path relative to the folder, as the row stores it.</summary>
    public async Task<string> WriteAsync(long runId, string number, byte[] bytes, CancellationToken cancellationToken)
    {
        var relative = Path.Combine(runId.ToString(CultureInfo.InvariantCulture), number + ".pdf");
        var final = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temporary = final + "." + Guid.NewGuid().ToString("N") + PartialSuffix;
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.WriteThrough))
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        File.Move(temporary, final, overwrite: true);
        return relative.Replace('\\', '/');
    }

    /// <summary>Removes what a killed batch of this run left half-written.</summary>
    public void RemovePartials(long runId)
    {
        var folder = Path.Combine(Root, runId.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var partial in Directory.EnumerateFiles(folder, "*" + PartialSuffix))
        {
            File.Delete(partial);
        }
    }

    /// <summary>Opens a stored file by the path its row holds; null when it is missing (or points outside the folder).</summary>
    public Stream? OpenRead(string relativePath)
    {
        var root = Root;
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }
}
