using System.Globalization;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Features.NeedsForms;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Localization;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

public sealed record SpreadsheetUploadOutcome(string? FileError, IReadOnlyList<string> Report, int SavedLines, bool Saved)
{
    public static SpreadsheetUploadOutcome Refused(string message) => new(message, [], 0, false);
}

/// <summary>The lines read from an uploaded file, or the problems found, each naming its row and column.</summary>
public sealed record ParsedNeedsFile(IReadOnlyList<NeedLine> Lines, IReadOnlyList<string> Errors, string? FileError);

/// <summary>
/// The needs form as a spreadsheet: downloaded from the operator-editable template templates/needs-form.xlsx (catalogue,
/// the member's current lines, the form's id and Version), filled offline, uploaded back. The uploaded file is the whole
/// form: every line is checked, and the lines are replaced in one transaction only when the whole file is valid and the
/// form has not changed since the download (same Version). Every text written into the template goes through
/// <see cref="SpreadsheetText.Neutralise"/>: the template engine turns a value starting with <c>$=</c> into a live formula.
/// </summary>
public sealed class NeedsSpreadsheet(
    IDbConnectionFactory factory,
    ICatalogueRepository catalogue,
    INeedLinesStore store,
    INeedsDocumentsRepository documents,
    IAuditTrail audit,
    TimeProvider clock)
{
    public const string EntityType = "NeedsForm";
    public const string SheetName = "Besoins";
    public const string TemplateFile = "needs-form.xlsx";

    public const string LotColumn = "Lot";
    public const string CodeColumn = "Code";
    public const string ArticleColumn = "Article";
    public const string UnitColumn = "Unité";
    public const string PriceColumn = "Prix unitaire HT";
    public const string SiteColumn = "Site";
    public const string QuantityColumn = "Quantité";
    public const string CommentColumn = "Commentaire";

    public const string RequiredMessage = "Choisissez le fichier XLSX du formulaire à importer.";
    public const string WrongSheetMessage = "Le classeur ne contient pas d'onglet « Besoins » : utilisez le fichier téléchargé depuis ce formulaire.";
    public const string UnreadableMessage = "Le classeur n'a pas pu être lu. Vérifiez qu'il s'agit du fichier téléchargé depuis ce formulaire, enregistré au format XLSX.";
    public const string StaleMessage = "Le formulaire a changé depuis le téléchargement de ce fichier : téléchargez-le à nouveau et reportez-y vos saisies. Rien n'a été enregistré.";
    public const string NothingSavedMessage = "Aucune ligne n'a été enregistrée : corrigez les lignes suivantes puis importez à nouveau le fichier.";
    public const int MaxRows = 20_000;
    public const int MaxPreambleRows = 50;
    public const int MaxColumns = 16;
    public const int MaxReportedErrors = 200;

    public static readonly IReadOnlyList<string> Headers = [LotColumn, CodeColumn, ArticleColumn, UnitColumn, PriceColumn, SiteColumn, QuantityColumn, CommentColumn];

    private static readonly string[] ReadColumns = [CodeColumn, SiteColumn, QuantityColumn, CommentColumn];

    // ---------------------------------------------------------------- download

    public async Task<byte[]> DownloadAsync(NeedsFormContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lots = (await catalogue.LotsAsync(context.Campaign.Id, cancellationToken)).ToDictionary(l => l.Id);
        var items = await catalogue.ItemsAsync(context.Campaign.Id, cancellationToken);
        var sites = await documents.SitesAsync(context.Member.Id, cancellationToken);
        var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
        var lines = (await store.ListAsync(context.Form.Id, cancellationToken)).ToLookup(l => l.CatalogueItemId);

        var rows = new List<Dictionary<string, object?>>(items.Count);
        foreach (var item in items)
        {
            var lot = lots.TryGetValue(item.LotId, out var l) ? $"{l.LotNumber} – {l.Title}" : string.Empty;
            var itemLines = lines[item.Id]
                .Select(line => (Line: (NeedLine?)line, Site: line.SiteId is { } id ? siteNames.GetValueOrDefault(id, string.Empty) : string.Empty))
                .OrderBy(x => x.Site.Length == 0 ? 0 : 1).ThenBy(x => x.Site, StringComparer.CurrentCulture)
                .ToList();
            if (itemLines.Count == 0)
            {
                itemLines.Add((null, string.Empty));
            }

            foreach (var (line, site) in itemLines)
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["Lot"] = SpreadsheetText.Neutralise(lot),
                    ["Code"] = SpreadsheetText.Neutralise(item.Code),
                    ["Article"] = SpreadsheetText.Neutralise(item.Label),
                    ["Unit"] = SpreadsheetText.Neutralise(UnitText(item)),
                    ["Price"] = item.UnitPriceCents / 100m,
                    ["Site"] = SpreadsheetText.Neutralise(site),
                    ["Quantity"] = line is null ? null : line.QuantityMilli / (decimal)EstimatedValue.QuantityScale,
                    ["Comment"] = SpreadsheetText.NeutraliseOptional(line?.Comment),
                });
            }
        }

        var values = new Dictionary<string, object?>
        {
            ["Member"] = SpreadsheetText.Neutralise(context.Member.Name),
            ["Campaign"] = SpreadsheetText.Neutralise(context.Campaign.Title),
            ["Group"] = SpreadsheetText.Neutralise(context.Group?.Name ?? string.Empty),
            ["Deadline"] = Fr.Instant(context.DeadlineUtc) + " (heure de Paris)",
            ["FormId"] = context.Form.Id,
            ["Version"] = context.Form.Version,
            ["Lines"] = rows,
            ["Sites"] = sites.Where(s => !s.IsArchived).Select(s => new Dictionary<string, object?>
            {
                ["Name"] = SpreadsheetText.Neutralise(s.Name),
                ["Address"] = SpreadsheetText.NeutraliseOptional(s.Address),
            }).ToList(),
        };

        var template = await File.ReadAllBytesAsync(TemplatePath(), cancellationToken);
        using var output = new MemoryStream();
        await output.SaveAsByTemplateAsync(template, values, cancellationToken: cancellationToken);
        return output.ToArray();
    }

    /// <summary>The unit as the spreadsheet and the PDF recap show it beside the quantity: what the price or the quantity covers.</summary>
    public static string UnitText(CatalogueItem item) => item.PricePeriod switch
    {
        PricePeriod.Monthly => $"{item.Unit} (prix mensuel)",
        PricePeriod.Annual => $"{item.Unit} (prix annuel)",
        _ => $"{item.Unit} (quantité {CatalogueText.BasisLabel(item.QuantityBasis)})",
    };

    /// <summary>The template beside the app (copied by the build), or in the repository's templates/ when run from source.</summary>
    public static string TemplatePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "templates", TemplateFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Spreadsheet template templates/{TemplateFile} not found.", TemplateFile);
    }

    // ---------------------------------------------------------------- upload

    /// <summary>Checks, parses and validates the file, then replaces the form's lines, audited, in one transaction — or saves nothing.</summary>
    public async Task<SpreadsheetUploadOutcome> UploadAsync(NeedsFormContext context, Stream file, long length, long? userId, OfficerChangeNotice? change = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (length > Infrastructure.UploadLimits.FileBytes)
        {
            return SpreadsheetUploadOutcome.Refused(XlsxUpload.TooLargeMessage);
        }

        var items = await catalogue.ItemsAsync(context.Campaign.Id, cancellationToken);
        var sites = await documents.SitesAsync(context.Member.Id, cancellationToken);
        var read = ReadRows(file, Limits(items.Count, sites.Count));
        if (read.Rows is not { } rows)
        {
            return SpreadsheetUploadOutcome.Refused(read.Error!);
        }

        var sitesOnForm = (await store.ListAsync(context.Form.Id, cancellationToken)).Where(l => l.SiteId is not null).Select(l => l.SiteId!.Value).ToHashSet();
        var parsed = Parse(rows, context.Form, items, sites, sitesOnForm);
        if (parsed.FileError is not null)
        {
            return SpreadsheetUploadOutcome.Refused(parsed.FileError);
        }

        if (parsed.Errors.Count > 0)
        {
            return new SpreadsheetUploadOutcome(null, [NothingSavedMessage, .. parsed.Errors], 0, false);
        }

        return await SaveAsync(context.Form, parsed.Lines, items, sites, userId, change, cancellationToken);
    }

    /// <summary>
    /// Replaces the lines under the Version read from the file, with the audit row, in one transaction; an officer's
    /// change to a submitted form (<paramref name="change"/>) also queues the buyers' e-mails there and audits the reason.
    /// </summary>
    public async Task<SpreadsheetUploadOutcome> SaveAsync(NeedsForm form, IReadOnlyList<NeedLine> lines, IReadOnlyList<CatalogueItem> items, IReadOnlyList<MemberSite> sites, long? userId, OfficerChangeNotice? change = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var codes = items.ToDictionary(i => i.Id, i => i.Code);
        var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // A submitted form was only let through by MayUpload for an officer: it stays editable for this upload only.
        var version = await store.ReplaceLinesAsync(connection, tx, form.Id, form.Version, submittedEditable: form.Status == NeedsFormStatus.Submitted, lines, userId, now);
        if (version is null)
        {
            return SpreadsheetUploadOutcome.Refused(StaleMessage);
        }

        if (change is not null)
        {
            await change.QueueAsync(connection, tx, cancellationToken);
        }

        await audit.WriteAsync(
            connection,
            tx,
            EntityType,
            form.Id,
            change is null ? "Uploaded" : "UploadedByOfficer",
            new { form.Version },
            new
            {
                Version = version,
                change?.Reason,
                LineCount = lines.Count,
                Lines = lines.Select(l => new
                {
                    Code = codes.GetValueOrDefault(l.CatalogueItemId),
                    Site = l.SiteId is { } s ? siteNames.GetValueOrDefault(s) : null,
                    Quantity = l.QuantityMilli / (decimal)EstimatedValue.QuantityScale,
                    l.Comment,
                }),
            });
        await tx.CommitAsync(cancellationToken);
        change?.SendSoon();
        return new SpreadsheetUploadOutcome(null, [$"{lines.Count} ligne(s) enregistrée(s)."], lines.Count, true);
    }

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
