using System.Globalization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Uploads;
using static ProcurementGroup.Web.Features.NeedsDocuments.NeedsSpreadsheet;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>The lines read from an uploaded file, or the problems found, each naming its row and column.</summary>
public sealed record ParsedNeedsFile(IReadOnlyList<NeedLine> Lines, IReadOnlyList<string> Errors, string? FileError);

/// <summary>
/// Reading an uploaded needs file, without I/O beyond the stream: the bounded read of the Besoins sheet, then every line
/// checked by the need-line rules shared with the web form. Never throws on bad content.
/// </summary>
public static class NeedsSpreadsheetReader
{
    private static readonly string[] ReadColumns = [CodeColumn, SiteColumn, QuantityColumn, CommentColumn];

    /// <summary>
    /// What a valid form file can hold: the lines above the header (the template's are 8; an operator restyling it may add
    /// some), the header, and at most one line per catalogue item and site (or without site), columns A to P.
    /// </summary>
    public static SheetLimits Limits(int itemCount, int siteCount) => new(
        (int)Math.Min(MaxRows, MaxPreambleRows + 1L + ((long)itemCount * (siteCount + 1))),
        MaxColumns)
    {
        UnreadableMessage = UnreadableMessage,
    };

    /// <summary>Reads the Besoins sheet through the shared bounded reader. Never throws on bad content.</summary>
    public static SheetReadResult ReadRows(Stream file, SheetLimits limits) =>
        SpreadsheetReader.ReadXlsx(file, limits, SheetName, WrongSheetMessage);

    /// <summary>
    /// Finds the header row and the form's id and Version above it, then checks every line: item code, duplicate item and
    /// site, and the need-line rules of <see cref="NeedLineRules"/> shared with the web form. <paramref name="sitesOnForm"/>:
    /// the sites of the form's saved lines (an archived one may stay).
    /// </summary>
    public static ParsedNeedsFile Parse(IReadOnlyList<SheetRow> rows, NeedsForm form, IReadOnlyList<CatalogueItem> items, IReadOnlyList<MemberSite> sites, IReadOnlySet<long>? sitesOnForm = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(form);
        sitesOnForm ??= new HashSet<long>();

        // The header row: the first one naming the Code and Quantité columns.
        var headerIndex = -1;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count && headerIndex < 0; r++)
        {
            var folded = rows[r].Cells.Select(c => SearchText.Fold(Text(c))).ToArray();
            if (folded.Contains("CODE") && folded.Contains("QUANTITE"))
            {
                headerIndex = r;
                for (var c = 0; c < folded.Length; c++)
                {
                    var known = Headers.FirstOrDefault(h => SearchText.Fold(h) == folded[c]);
                    if (known is not null)
                    {
                        columns.TryAdd(known, c);
                    }
                }
            }
        }

        var expected = string.Join(" | ", Headers);
        if (headerIndex < 0)
        {
            return FileError($"Ligne d'en-tête introuvable dans l'onglet « {SheetName} » : les colonnes attendues sont {expected}.");
        }

        var missing = ReadColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return FileError($"Ligne {rows[headerIndex].Number} : colonne(s) {string.Join(", ", missing.Select(m => "« " + m + " »"))} introuvable(s) ; les colonnes attendues sont {expected}.");
        }

        // The form's id and Version, in the cells right of their labels above the header.
        var formId = LabelledNumber(rows, headerIndex, "FORMULAIRE");
        var version = LabelledNumber(rows, headerIndex, "VERSION");
        if (formId is null || version is null)
        {
            return FileError("Le n° de formulaire ou la version est introuvable en tête de l'onglet « Besoins » : utilisez le fichier téléchargé depuis ce formulaire.");
        }

        if (formId != form.Id)
        {
            return FileError($"Ce fichier concerne le formulaire n° {formId.Value.ToString(CultureInfo.InvariantCulture)}, pas celui-ci (n° {form.Id.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (version != form.Version)
        {
            return FileError(StaleMessage);
        }

        var byCode = new Dictionary<string, CatalogueItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            byCode.TryAdd(item.Code.Trim(), item);
        }

        var bySite = new Dictionary<string, MemberSite>(StringComparer.Ordinal);
        foreach (var site in sites.OrderBy(s => s.IsArchived))
        {
            bySite.TryAdd(SearchText.Fold(site.Name.Trim()), site);
        }

        var lines = new List<NeedLine>();
        var errors = new List<string>();
        var extraErrors = 0;
        var seen = new Dictionary<(long Item, long Site), int>();
        void Error(string column, string message, int rowNumber)
        {
            if (errors.Count < MaxReportedErrors)
            {
                errors.Add(rowNumber > 0 ? $"Ligne {rowNumber}, colonne {column} : {message}" : $"Colonne {column} : {message}");
            }
            else
            {
                extraErrors++;
            }
        }

        for (var r = headerIndex + 1; r < rows.Count; r++)
        {
            var row = rows[r].Cells;
            var rowNumber = rows[r].Number;
            string? Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Length ? Text(row[i])?.Trim() : null;
            void RowError(string column, string message) => Error(column, message, rowNumber);

            var code = Cell(CodeColumn);
            var quantityCell = columns.TryGetValue(QuantityColumn, out var q) && q < row.Length ? row[q] : null;
            var quantityText = Text(quantityCell)?.Trim();
            var comment = NeedLineRules.NormalizeComment(Cell(CommentColumn));

            // An empty quantity is no line (the downloaded file lists the whole catalogue), unless it carries a comment.
            if (!NeedLineRules.IsLine(quantityText))
            {
                if (NeedLineRules.EmptyQuantity(comment) is { } emptyError)
                {
                    RowError(QuantityColumn, LowerFirst(emptyError));
                }

                continue;
            }

            var before = errors.Count + extraErrors;
            CatalogueItem? item = null;
            if (string.IsNullOrEmpty(code))
            {
                RowError(CodeColumn, "le code article est vide alors qu'une quantité est saisie.");
            }
            else if (!byCode.TryGetValue(code, out item))
            {
                RowError(CodeColumn, $"l'article « {code} » n'existe pas dans le catalogue de la campagne.");
            }

            MemberSite? site = null;
            var siteName = Cell(SiteColumn);
            if (!string.IsNullOrEmpty(siteName))
            {
                if (!bySite.TryGetValue(SearchText.Fold(siteName), out site))
                {
                    RowError(SiteColumn, $"le site « {siteName} » n'est pas un site du membre (voir l'onglet Sites).");
                }
                else if (NeedLineRules.Site(site, form.MemberId, sitesOnForm) is { } siteError)
                {
                    RowError(SiteColumn, LowerFirst(siteError));
                    site = null;
                    siteName = null;
                }
            }

            // A cell holding a number is read as that number; only a text cell is parsed as typed text.
            var quantityError = quantityCell is string text
                ? NeedLineRules.QuantityFromText(item, text, out var milli)
                : TryQuantity(quantityCell, out var quantity)
                    ? NeedLineRules.Quantity(item, quantity, out milli)
                    : NeedLineRules.QuantityFromText(item, quantityText, out milli);
            if (quantityError is not null)
            {
                RowError(QuantityColumn, quantityError == NeedLineRules.NotANumberMessage ? $"« {quantityText} » n'est pas un nombre." : LowerFirst(quantityError));
            }

            if (NeedLineRules.Comment(comment) is { } commentError)
            {
                RowError(CommentColumn, LowerFirst(commentError));
            }

            if (item is not null && (string.IsNullOrEmpty(siteName) || site is not null))
            {
                var key = (item.Id, site?.Id ?? 0);
                if (seen.TryGetValue(key, out var other))
                {
                    RowError(site is null ? CodeColumn : SiteColumn, site is null
                        ? $"l'article {item.Code} sans site figure déjà à la ligne {other}."
                        : $"l'article {item.Code} figure déjà pour le site « {site.Name} » à la ligne {other}.");
                }
                else
                {
                    seen[key] = rowNumber;
                }
            }

            // A zero quantity is kept like any other (with its comment, it says why there is no need).
            if (errors.Count + extraErrors == before && item is not null)
            {
                lines.Add(new NeedLine
                {
                    FormId = form.Id,
                    CampaignId = form.CampaignId,
                    MemberId = form.MemberId,
                    CatalogueItemId = item.Id,
                    SiteId = site?.Id,
                    QuantityMilli = milli,
                    Comment = comment,
                });
            }
        }

        foreach (var (_, message) in NeedLineRules.OverMaximum(items, lines))
        {
            Error(QuantityColumn, LowerFirst(message), 0);
        }

        if (extraErrors > 0)
        {
            errors.Add($"… et {extraErrors} autre(s) erreur(s).");
        }

        return new ParsedNeedsFile(lines, errors, null);
    }

    private static ParsedNeedsFile FileError(string message) => new([], [], message);

    private static long? LabelledNumber(IReadOnlyList<SheetRow> rows, int headerIndex, string label)
    {
        for (var r = 0; r < headerIndex; r++)
        {
            var row = rows[r].Cells;
            for (var c = 0; c < row.Length - 1; c++)
            {
                if (SearchText.Fold(Text(row[c])?.Trim()).StartsWith(label, StringComparison.Ordinal))
                {
                    var value = row.Skip(c + 1).FirstOrDefault(v => !string.IsNullOrWhiteSpace(Text(v)));
                    return TryQuantity(value, out var d) && d == decimal.Truncate(d) && d is >= 0 and <= long.MaxValue ? (long)d : null;
                }
            }
        }

        return null;
    }

    private static bool TryQuantity(object? value, out decimal quantity)
    {
        quantity = 0;
        switch (value)
        {
            case double d when double.IsFinite(d) && Math.Abs(d) < 1e15:
                // decimal(double) keeps 15 significant digits: 2.9999999999999996 from a formula becomes 3.
                quantity = (decimal)d;
                return true;
            case decimal m:
                quantity = m;
                return true;
            case long l:
                quantity = l;
                return true;
            case int i:
                quantity = i;
                return true;
            case string s:
                return FrenchNumber.TryParseDecimal(s, out quantity);
            default:
                return false;
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string LowerFirst(string message) =>
        message.Length == 0 ? message : char.ToLower(message[0], Fr.Culture) + message[1..];
}
