using System.Text;
using Microsoft.AspNetCore.Http;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>Uploads built in memory: a real form file, an oversized one, and an XLSX-named zip bomb.</summary>
internal static class MemberTestFiles
{
    public static IFormFile FormFile(byte[] bytes, string fileName) =>
        new FormFile(new MemoryStream(bytes), 0, bytes.Length, "File", fileName);

    /// <summary>A real workbook whose sheet inflates to 60 MB (a few dozen KB compressed): the shared crafted file.</summary>
    public static byte[] ZipBomb() => ProcurementGroup.Testing.CraftedFiles.ZipBomb("Membres");

    /// <summary>Just over the 5 MB upload limit, under the request limit, so the action (not the server) must answer.</summary>
    public static byte[] OverFiveMegabytes() => Enumerable.Repeat((byte)'a', (5 * 1024 * 1024) + 1024).ToArray();

    public static string Csv(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
}
