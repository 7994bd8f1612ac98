using System.Globalization;
using System.Text.RegularExpressions;
using ProcurementGroup.Documents;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>The Documents project's A4 writer, read back with PdfPig as a reader of the PDF would see it.</summary>
public sealed partial class PdfWriterTests
{
    private const double PageWidth = 595.28;

    private static readonly PdfColumn[] Columns =
    [
        new("Désignation", 300, Wraps: true),
        new("Quantité", 100, TextAlign.Right),
        new("Montant HT", 115, TextAlign.Right),
    ];

    [Fact]
    public void Table_LongerThanAPage_BreaksPagesRepeatsItsHeaderAndNumbersThem()
    {
        using var writer = new PdfWriter("Essai", "Tests");
        writer.Text("Tableau long", writer.Heading, 16);
        var table = writer.Table(Columns);
        for (var i = 1; i <= 150; i++)
        {
            table.Row($"Ligne {i.ToString("000", CultureInfo.InvariantCulture)}", "1", "10,00 €");
        }

        writer.Text("Fin du tableau", writer.Bold, 14);
        using var pdf = PdfDocument.Open(writer.Save("Pied de page"));

        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} page(s)");
        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            var text = pdf.GetPage(n).Text;
            Assert.Single(Regex.Matches(text, "Désignation"));
            Assert.Contains($"Page {n} / {pdf.NumberOfPages}", text, StringComparison.Ordinal);
            Assert.Contains("Pied de page", text, StringComparison.Ordinal);
        }

        var all = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Equal(150, LineNumber().Matches(all).Count);
        Assert.Equal(Enumerable.Range(1, 150), LineNumber().Matches(all).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.Contains("Fin du tableau", pdf.GetPage(pdf.NumberOfPages).Text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(all, "Tableau long"));
    }

    [Fact]
    public void Table_TextBreakingThePageAfterTheTable_DoesNotRepeatItsHeader()
    {
        using var writer = new PdfWriter("Essai", "Tests");
        var table = writer.Table(Columns);
        table.Row("Seule ligne", "1", "10,00 €");
        for (var i = 0; i < 80; i++)
        {
            writer.Text($"Texte {i.ToString(CultureInfo.InvariantCulture)}", writer.Regular, 12);
        }

        using var pdf = PdfDocument.Open(writer.Save(string.Empty));

        Assert.Equal(2, pdf.NumberOfPages);
        Assert.Contains("Désignation", pdf.GetPage(1).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Désignation", pdf.GetPage(2).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraph_WrapsBetweenTheMarginsAndKeepsEveryWord()
    {
        var words = Enumerable.Range(1, 120).Select(i => "mot" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        using var writer = new PdfWriter("Essai", "Tests");
        writer.Paragraph(string.Join(' ', words), writer.Regular);
        using var pdf = PdfDocument.Open(writer.Save(string.Empty));

        var page = pdf.GetPage(1);
        var body = page.GetWords().Where(w => w.Text.StartsWith("mot", StringComparison.Ordinal)).ToList();
        Assert.Equal(words, body.Select(w => w.Text));
        Assert.All(body, w => Assert.InRange(w.BoundingBox.Left, PdfWriter.Margin - 0.5, PageWidth - PdfWriter.Margin));
        Assert.All(body, w => Assert.InRange(w.BoundingBox.Right, PdfWriter.Margin, PageWidth - PdfWriter.Margin + 0.5));
        Assert.True(body.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() >= 3, "the paragraph should take several lines");
    }

    [Fact]
    public void Table_RightAlignedColumn_EndsAtItsRightEdge_WrappingColumnGrowsTheRow()
    {
        using var writer = new PdfWriter("Essai", "Tests");
        var table = writer.Table(Columns);
        table.Row(string.Join(' ', Enumerable.Repeat("désignation très longue", 12)), "12", "1\u202F234,56 €");
        table.Row("Suivante", "3", "7,00 €");
        using var pdf = PdfDocument.Open(writer.Save(string.Empty));

        var page = pdf.GetPage(1);
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var euro = letters.Where(l => l.Value == "€").OrderBy(l => l.BoundingBox.Top).First();
        var tableRight = PdfWriter.Margin + Columns.Sum(c => c.Width);
        Assert.InRange(euro.BoundingBox.Right, tableRight - 6, tableRight);

        // The long designation wraps onto several lines of its column, and the next row starts below them all.
        var designation = page.GetWords().Where(w => w.Text == "désignation").ToList();
        Assert.Equal(12, designation.Count);
        Assert.All(designation, w => Assert.True(w.BoundingBox.Right <= PdfWriter.Margin + 300, $"{w.BoundingBox.Right}"));
        var next = page.GetWords().Single(w => w.Text == "Suivante");
        Assert.True(next.BoundingBox.Top < designation.Min(w => w.BoundingBox.Bottom), "the next row is below the wrapped cell");
    }

    [Fact]
    public void Fonts_EmbedLiberationSansWithTheNarrowNoBreakSpace()
    {
        using var writer = new PdfWriter("Essai", "Tests");
        writer.Text("Total : 12\u202F345,00 €", writer.Bold, 14);
        using var pdf = PdfDocument.Open(writer.Save(string.Empty));

        var page = pdf.GetPage(1);
        Assert.Contains("12\u202F345,00 €", page.Text, StringComparison.Ordinal);
        Assert.All(page.Letters, l => Assert.Contains("Liberation Sans", l.FontName, StringComparison.Ordinal));
        Assert.Equal("Essai", pdf.Information.Title);
    }

    [Fact]
    public void Table_WiderThanThePage_IsRefused()
    {
        using var writer = new PdfWriter("Essai", "Tests");

        Assert.Throws<ArgumentException>(() => writer.Table([new PdfColumn("A", 300), new PdfColumn("B", 216)]));
        var fits = writer.Table([new PdfColumn("A", 300), new PdfColumn("B", 215)]);
        Assert.Throws<ArgumentException>(() => fits.Row("une seule cellule"));
    }

    [GeneratedRegex("Ligne ([0-9]{3})")]
    private static partial Regex LineNumber();
}
