using System.Globalization;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace ProcurementGroup.EndToEnd.Infrastructure;

/// <summary>
/// What the needs tests do as a person would: reach the ENT demo campaign's pages through the navigation, read French
/// figures off the page, and edit the downloaded spreadsheet cell by cell.
/// </summary>
public static class NeedsPages
{
    public const string EntCampaign = "ENT collèges et écoles 2027-2029";
    public const string Vimeu = "CC du Vimeu";
    public const string VimeuBuyer = "acheteur.vimeu@demo.local";
    public const string AmiensBuyer = "acheteur.amiens@demo.local";
    public const string Officer = "marches@demo.local";
    public const string XlsxMime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>As the Vimeu buyer: nav "Besoins", then the ENT campaign's form of CC du Vimeu. Returns the form id.</summary>
    public static async Task<long> OpenVimeuEntFormAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Besoins", Exact = true }).ClickAsync();
        var row = page.GetByTestId("forms").Locator("tbody tr").Filter(new() { HasText = EntCampaign }).Filter(new() { HasText = Vimeu });
        await row.GetByRole(AriaRole.Link, new() { Name = EntCampaign, Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/NeedsForms/Edit/*");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"État des besoins – {Vimeu}");
        return LastSegment(page.Url);
    }

    /// <summary>As an officer: nav "Besoins" (the campaigns' progress), then the ENT campaign's forms. Returns the campaign id.</summary>
    public static async Task<long> OpenEntCampaignFormsAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Besoins", Exact = true }).ClickAsync();
        await page.GetByTestId("campaigns").GetByRole(AriaRole.Link, new() { Name = EntCampaign, Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/NeedsForms/Officer/*");
        return LastSegment(page.Url);
    }

    /// <summary>The quantity input of an item's first row on the needs form page.</summary>
    public static ILocator QuantityInput(IPage page, string code) =>
        page.Locator($"tr[data-item='{code}'] input[name$='.Quantity']").First;

    /// <summary>The quantity typed in an item's first row, or null when empty.</summary>
    public static async Task<decimal?> QuantityAsync(IPage page, string code)
    {
        var text = await QuantityInput(page, code).InputValueAsync();
        return string.IsNullOrWhiteSpace(text) ? null : Figure(text);
    }

    /// <summary>
    /// A French figure as the page writes it ("15 750,00 €", "1 250"; fr-FR groups thousands with U+202F or U+00A0):
    /// the number, so tests compare values rather than spaces.
    /// </summary>
    public static decimal Figure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kept = new string(text.Where(c => char.IsAsciiDigit(c) || c is ',' or '-').ToArray());
        if (kept.Length == 0 || !decimal.TryParse(kept.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"« {text} » is not a French figure.");
        }

        return value;
    }

    public static async Task<decimal> FigureAsync(ILocator locator) => Figure(await locator.InnerTextAsync());

    /// <summary>The Besoins sheet as rows of cells (index = spreadsheet row − 1), as the upload reads it.</summary>
    public static List<object?[]> Rows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: false, sheetName: "Besoins").Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
    }

    /// <summary>Saves rows as a workbook with a Besoins sheet, cell for cell (what "edit and save" in a spreadsheet produces, styling aside).</summary>
    public static byte[] Write(IEnumerable<object?[]> rows)
    {
        var list = rows.ToList();
        var width = list.Max(r => r.Length);
        var sheet = list.Select(r =>
        {
            var cells = new Dictionary<string, object?>();
            for (var i = 0; i < width; i++)
            {
                cells[((char)('A' + i)).ToString()] = i < r.Length ? r[i] : null;
            }

            return cells;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false, sheetName: "Besoins");
        return stream.ToArray();
    }

    /// <summary>A copy of the rows with the "Quantité" cell of the given items' rows replaced (columns found by their headers, as the upload does).</summary>
    public static List<object?[]> WithQuantities(List<object?[]> rows, params (string Code, object? Quantity)[] changes)
    {
        var copy = rows.Select(r => (object?[])r.Clone()).ToList();
        var quantity = Column(copy, "Quantité");
        foreach (var (code, value) in changes)
        {
            copy[RowIndex(copy, code)][quantity] = value;
        }

        return copy;
    }

    /// <summary>The 0-based index of an item's row (the spreadsheet row number is this + 1).</summary>
    public static int RowIndex(List<object?[]> rows, string code)
    {
        var column = Column(rows, "Code");
        var index = rows.FindIndex(r => string.Equals(Cell(r, column), code, StringComparison.Ordinal));
        return index >= 0 ? index : throw new InvalidOperationException($"No row for {code} in the downloaded spreadsheet.");
    }

    /// <summary>The quantity of an item's row in the workbook, or null when empty.</summary>
    public static decimal? QuantityIn(List<object?[]> rows, string code)
    {
        var text = Cell(rows[RowIndex(rows, code)], Column(rows, "Quantité"));
        return string.IsNullOrWhiteSpace(text) ? null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The index of a column in the header row (the first row naming both Code and Quantité).</summary>
    public static int Column(List<object?[]> rows, string header)
    {
        var headerRow = rows.FirstOrDefault(r => r.Any(c => Text(c) == "Code") && r.Any(c => Text(c) == "Quantité"))
            ?? throw new InvalidOperationException("No header row (Code, Quantité) in the downloaded spreadsheet.");
        var index = Array.FindIndex(headerRow, c => Text(c) == header);
        return index >= 0 ? index : throw new InvalidOperationException($"No column {header} in the downloaded spreadsheet.");
    }

    private static string? Cell(object?[] row, int column) => column < row.Length ? Text(row[column]) : null;

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim(),
    };

    private static long LastSegment(string url) =>
        long.Parse(new Uri(url).AbsolutePath.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture);
}
