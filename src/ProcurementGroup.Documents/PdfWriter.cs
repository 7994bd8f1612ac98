using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Documents;

/// <summary>
/// Writes an A4 PDF from top to bottom: a cursor (<see cref="Y"/>) moves down as text, paragraphs and table rows are
/// written, and a new page starts whenever the next block does not fit above the footer. <see cref="Save"/> then draws
/// the footer of every page ("Page 1 / 3", known only once the document is complete). Used by the needs recap and the
/// procedure advice (Needs folder), and meant for the analysis report, letters and statements.
/// </summary>
public sealed class PdfWriter : IDisposable
{
    /// <summary>Left, right, top and bottom margins, in points.</summary>
    public const double Margin = 40;

    /// <summary>Height kept at the bottom of every page for the footer.</summary>
    public const double FooterHeight = 30;

    private readonly PdfDocument _document;
    private readonly bool _reproducible;
    private XGraphics? _graphics;
    private double _bottom;

    // The fonts hold no state of a document: created once per thread (a batch renders many documents on one thread), not
    // shared between threads.
    [ThreadStatic]
    private static Fonts? t_fonts;

    [ThreadStatic]
    private static Fonts? t_regularFonts;

    // The buffer PDFsharp saves into, kept per thread: a statement is about 50 KB, and a new stream grew by doublings.
    [ThreadStatic]
    private static MemoryStream? t_output;

    /// <param name="title">The document's title (its properties).</param>
    /// <param name="author">The document's author (its properties).</param>
    /// <param name="reproducibleAtUtc">
    /// When given, the document is dated at this instant and its identifiers are derived from its content, so that the
    /// same content always gives the same bytes (see <see cref="ReproduciblePdf"/>); otherwise PDFsharp dates it now.
    /// </param>
    /// <param name="regularFaceOnly">
    /// When true, the bold texts, headings, titles and table headers use the regular face (set apart by their size), so
    /// that the PDF embeds one font subset instead of two: each subset is about 35 KB (written uncompressed), and
    /// building it is a sixth of the document's time. Statements use it: a run writes one per member.
    /// </param>
    public PdfWriter(string title, string author, DateTime? reproducibleAtUtc = null, bool regularFaceOnly = false)
    {
        PdfFonts.EnsureRegistered();
        _document = new PdfDocument();
        _document.Info.Title = title;
        _document.Info.Author = author;
        if (reproducibleAtUtc is { } instant)
        {
            ReproduciblePdf.Prepare(_document, instant);
            _reproducible = true;
        }

        // PDFsharp 6.2's Flate streams end without the zlib Adler-32 trailer, which qpdf --check reports as a damaged
        // stream: documents go to procurement files and archives, so they are written uncompressed and check clean.
        _document.Options.NoCompression = true;
        _document.Options.CompressContentStreams = false;
        var fonts = regularFaceOnly ? (t_regularFonts ??= Fonts.Create(XFontStyleEx.Regular)) : (t_fonts ??= Fonts.Create(XFontStyleEx.Bold));
        (Regular, Bold, Small, Heading, Title) = (fonts.Regular, fonts.Bold, fonts.Small, fonts.Heading, fonts.Title);
        NewPage();
    }

    public XFont Regular { get; }

    public XFont Bold { get; }

    public XFont Small { get; }

    public XFont Heading { get; }

    public XFont Title { get; }

    /// <summary>The width between the margins (515 points on A4).</summary>
    public double ContentWidth => PageSize.Width - (2 * Margin);

    /// <summary>The current page's drawing surface, for what the writer does not cover (a logo, a caption at a given place).</summary>
    public XGraphics Graphics => _graphics ?? throw new ObjectDisposedException(nameof(PdfWriter));

    /// <summary>Where the next block starts, in points from the top of the current page.</summary>
    public double Y { get; set; }

    public int PageCount => _document.PageCount;

    private static XSize PageSize => new(595.28, 841.89);

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit above the footer.</summary>
    public void EnsureRoom(double height)
    {
        if (Y + height > _bottom)
        {
            NewPage();
        }
    }

    /// <summary>One line of text (cut with an ellipsis if too long), then the cursor moves down by <paramref name="advance"/>.</summary>
    public void Text(string text, XFont font, double advance, TextAlign align = TextAlign.Left)
    {
        ArgumentNullException.ThrowIfNull(font);
        EnsureRoom(advance);
        var line = Fit(text, font, ContentWidth);
        if (align == TextAlign.Right)
        {
            Graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, Y, ContentWidth, advance), XStringFormats.TopRight);
        }
        else
        {
            Graphics.DrawString(line, font, XBrushes.Black, Margin, Y + font.Size);
        }

        Y += advance;
    }

    /// <summary>A text wrapped at word boundaries to the content width, breaking pages between its lines.</summary>
    public void Paragraph(string text, XFont font)
    {
        ArgumentNullException.ThrowIfNull(font);
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            Text(line, font, font.Size + 3);
        }
    }

    /// <summary>Draws a text at a place on the current page, without moving the cursor.</summary>
    public void TextAt(string text, XFont font, double x, double y, XBrush? brush = null) =>
        Graphics.DrawString(text, font, brush ?? XBrushes.Black, x, y);

    /// <summary>
    /// Draws an image (a logo) scaled to fit the box at the cursor and returns its height, or 0 when the bytes are not an
    /// image PDFsharp reads (the document is then made without it rather than failing).
    /// </summary>
    public double Image(byte[] bytes, double maxWidth, double maxHeight)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        XImage image;
        try
        {
            image = XImage.FromStream(new MemoryStream(bytes));
        }
#pragma warning disable CA1031 // An unreadable image is left out rather than failing the document.
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }

        using (image)
        {
            var scale = Math.Min(maxWidth / image.PointWidth, maxHeight / image.PointHeight);
            EnsureRoom(image.PointHeight * scale);
            Graphics.DrawImage(image, Margin, Y, image.PointWidth * scale, image.PointHeight * scale);
            return image.PointHeight * scale;
        }
    }

    /// <summary>Starts a table at the cursor: draws its header now and again at the top of every page its rows reach.</summary>
    public PdfTable Table(IReadOnlyList<PdfColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 || columns.Sum(c => c.Width) > ContentWidth + 0.01)
        {
            throw new ArgumentException($"A table needs columns whose widths add up to at most {ContentWidth.ToString("0.##", CultureInfo.InvariantCulture)} points.", nameof(columns));
        }

        var table = new PdfTable(this, columns, Regular, Bold);
        EnsureRoom(table.HeaderHeight + Regular.Size + 6);
        table.DrawHeader();
        return table;
    }

    /// <summary>Ends the document: the footer of every page (<paramref name="footerText"/> on the left, "Page n / N" on the right), then the bytes.</summary>
    public byte[] Save(string footerText)
    {
        _graphics?.Dispose();
        _graphics = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var top = page.Height.Point - FooterHeight;
            g.DrawString(Fit(g, footerText, Small, ContentWidth - 80), Small, XBrushes.Gray, new XRect(Margin, top, ContentWidth - 80, 12), XStringFormats.TopLeft);
            g.DrawString(
                $"Page {(i + 1).ToString(FrenchFormat.Culture)} / {count.ToString(FrenchFormat.Culture)}",
                Small,
                XBrushes.Gray,
                new XRect(Margin, top, ContentWidth, 12),
                XStringFormats.TopRight);
        }

        var output = t_output ??= new MemoryStream(128 * 1024);
        output.SetLength(0);
        _document.Save(output, closeStream: false);
        var bytes = output.ToArray();
        if (output.Capacity > 1024 * 1024)
        {
            // A long report: its buffer is not kept for the next document.
            t_output = null;
        }

        return _reproducible ? ReproduciblePdf.Finish(bytes) : bytes;
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _graphics = null;
        _document.Dispose();
    }

    /// <summary>Splits a text at spaces into lines no wider than <paramref name="width"/>; a word longer than a line is cut with an ellipsis.</summary>
    public IReadOnlyList<string> Wrap(string? text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length == 0 || Graphics.MeasureString(candidate, font).Width <= width)
            {
                current = candidate;
            }
            else
            {
                lines.Add(current);
                current = word;
            }
        }

        lines.Add(current);
        return lines.Select(l => Fit(l, font, width)).ToList();
    }

    /// <summary>The text, or its longest beginning that fits in <paramref name="width"/> followed by an ellipsis.</summary>
    public string Fit(string? text, XFont font, double width) => Fit(Graphics, text, font, width);

    internal double Bottom => _bottom;

    internal void BreakPage() => NewPage();

    private static string Fit(XGraphics graphics, string? text, XFont font, double width)
    {
        text ??= string.Empty;
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && graphics.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private sealed record Fonts(XFont Regular, XFont Bold, XFont Small, XFont Heading, XFont Title)
    {
        /// <summary>The writer's five fonts; <paramref name="strong"/>: the style of the bold texts, headings and titles.</summary>
        public static Fonts Create(XFontStyleEx strong)
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            return new Fonts(
                new XFont(PdfFonts.Family, 9, XFontStyleEx.Regular, options),
                new XFont(PdfFonts.Family, 9, strong, options),
                new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular, options),
                new XFont(PdfFonts.Family, 11, strong, options),
                new XFont(PdfFonts.Family, 15, strong, options));
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        Y = Margin;
        _bottom = page.Height.Point - Margin - FooterHeight;
    }
}
