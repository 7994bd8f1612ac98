using PdfSharp.Drawing;

namespace ProcurementGroup.Documents;

/// <summary>
/// A table written row by row at the writer's cursor: a row that does not fit above the footer goes to a new page,
/// where the header is drawn again. Wrapping columns grow the row's height; the others are cut with an ellipsis.
/// </summary>
public sealed class PdfTable
{
    private static readonly XColor HeaderFill = XColor.FromArgb(0xD9, 0xE1, 0xF2);

    private readonly PdfWriter _writer;
    private readonly IReadOnlyList<PdfColumn> _columns;
    private readonly XFont _font;
    private readonly XFont _headerFont;

    internal PdfTable(PdfWriter writer, IReadOnlyList<PdfColumn> columns, XFont font, XFont headerFont)
    {
        _writer = writer;
        _columns = columns;
        _font = font;
        _headerFont = headerFont;
    }

    internal double HeaderHeight => _headerFont.Size + 8;

    private double Width => _columns.Sum(c => c.Width);

    /// <summary>Writes one row; <paramref name="cells"/> has one text per column.</summary>
    public void Row(params IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != _columns.Count)
        {
            throw new ArgumentException($"A row of this table has {_columns.Count} cells, not {cells.Count}.", nameof(cells));
        }

        var lineHeight = _font.Size + 2;
        var wrapped = _columns
            .Select((c, i) => c.Wraps ? _writer.Wrap(cells[i], _font, c.Width - 4) : [_writer.Fit(cells[i], _font, c.Width - 4)])
            .ToList();
        var height = (wrapped.Max(w => w.Count) * lineHeight) + 4;
        if (_writer.Y + height > _writer.Bottom)
        {
            _writer.BreakPage();
            DrawHeader();
        }

        var g = _writer.Graphics;
        var x = PdfWriter.Margin;
        for (var i = 0; i < _columns.Count; i++)
        {
            for (var l = 0; l < wrapped[i].Count; l++)
            {
                var rect = new XRect(x + 2, _writer.Y + 2 + (l * lineHeight), _columns[i].Width - 4, lineHeight);
                g.DrawString(wrapped[i][l], _font, XBrushes.Black, rect, Format(_columns[i]));
            }

            x += _columns[i].Width;
        }

        _writer.Y += height;
        g.DrawLine(XPens.LightGray, PdfWriter.Margin, _writer.Y, PdfWriter.Margin + Width, _writer.Y);
    }

    internal void DrawHeader()
    {
        var g = _writer.Graphics;
        g.DrawRectangle(new XSolidBrush(HeaderFill), PdfWriter.Margin, _writer.Y, Width, HeaderHeight);
        var x = PdfWriter.Margin;
        foreach (var column in _columns)
        {
            g.DrawString(column.Header, _headerFont, XBrushes.Black, new XRect(x + 2, _writer.Y + 3, column.Width - 4, HeaderHeight - 3), Format(column));
            x += column.Width;
        }

        _writer.Y += HeaderHeight;
    }

    private static XStringFormat Format(PdfColumn column) => column.Align == TextAlign.Right ? XStringFormats.TopRight : XStringFormats.TopLeft;
}
