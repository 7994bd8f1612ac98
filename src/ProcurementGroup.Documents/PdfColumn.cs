namespace ProcurementGroup.Documents;

/// <summary>Where a text sits in its box.</summary>
public enum TextAlign
{
    Left,
    Right,
}

/// <summary>
/// A table column: its header, width in points, alignment (amounts to the right) and whether long cells wrap onto
/// several lines (otherwise they are cut with an ellipsis).
/// </summary>
public sealed record PdfColumn(string Header, double Width, TextAlign Align = TextAlign.Left, bool Wraps = false);
