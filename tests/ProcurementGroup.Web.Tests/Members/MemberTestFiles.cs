using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ProcurementGroup.Web.Tests.Members;

/// <summary>Uploads built in memory: a real form file, an oversized one, and an XLSX-named zip bomb.</summary>
internal static class MemberTestFiles
{
    public static IFormFile FormFile(byte[] bytes, string fileName) =>
        new FormFile(new MemoryStream(bytes), 0, bytes.Length, "File", fileName);

    /// <summary>A valid zip with [Content_Types].xml whose second entry inflates to 60 MB of spaces (a few dozen KB compressed).</summary>
    public static byte[] ZipBomb()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            using var big = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 60; i++)
            {
                big.Write(chunk);
            }
        }

        return ms.ToArray();
    }

    /// <summary>Just over the 5 MB upload limit, under the request limit, so the action (not the server) must answer.</summary>
    public static byte[] OverFiveMegabytes() => Enumerable.Repeat((byte)'a', (5 * 1024 * 1024) + 1024).ToArray();

    public static string Csv(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
}
