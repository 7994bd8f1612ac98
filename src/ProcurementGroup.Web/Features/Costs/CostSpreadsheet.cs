using System.Globalization;
using MiniExcelLibs;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>One import line read and checked: its row number, the entry, and the member it is assigned to when the line names one.</summary>
public sealed record CostImportLine(int RowNumber, CostEntry Entry, long? MemberId);

/// <summary>
/// What an import is checked against: the contract's participants by SIREN (a member-specific line must name one), and
/// the (invoice number, label) pairs the contract already holds (a line recorded twice is refused).
/// </summary>
public sealed record CostImportContext(IReadOnlyDictionary<string, long> ParticipantsBySiren, IReadOnlySet<(string InvoiceNumber, string Label)> Existing)
{
    public static (string, string) KeyOf(string invoiceNumber, string label) => (SearchText.Fold(invoiceNumber.Trim()), SearchText.Fold(label.Trim()));
}

/// <summary>The lines of a valid file, or why the whole file is refused (file error, or one "Ligne n, colonne X : …" per row error).</summary>
public sealed record CostImportResult(IReadOnlyList<CostImportLine>? Lines, IReadOnlyList<string> Errors)
{
    public bool IsValid => Lines is not null;

    public static CostImportResult Refused(params string[] errors) => new(null, errors);
}

/// <summary>
/// The supplier invoices spreadsheet of a contract: one row per invoice line (invoice number and date, the period covered,
/// label, amount HT in euros, VAT rate in percent, and the SIREN of the member when the line is that member's own). The
/// template is downloaded from the contract's costs page; the file comes back as XLSX or CSV (<c>;</c>, with or without BOM)
/// through the bounded <see cref="SpreadsheetReader"/>. All or nothing: any row in error refuses the whole file, and the
/// rows are checked by <see cref="CostEntryRules"/> as the form is.
/// </summary>
public static class CostSpreadsheet
{
    public const string SheetName = "Factures";
    public const string InvoiceNumberColumn = "N° de facture";
    public const string InvoiceDateColumn = "Date de facture";
    public const string PeriodFromColumn = "Début de période";
    public const string PeriodToColumn = "Fin de période";
    public const string LabelColumn = "Libellé";
    public const string AmountColumn = "Montant HT (€)";
    public const string VatColumn = "Taux de TVA (%)";
    public const string MemberColumn = "SIREN du membre (coût propre à un membre)";

    public const string RequiredMessage = "Choisissez le fichier des factures (XLSX ou CSV) à importer.";
    public const string FormatMessage = "Le fichier doit être un classeur XLSX ou un fichier CSV (séparateur « ; ») aux colonnes du modèle.";
    public const string UnreadableMessage = "Le classeur n'a pas pu être lu. Vérifiez qu'il s'agit du modèle des factures enregistré au format XLSX ou CSV.";
    public const string EmptyMessage = "Le fichier ne contient aucune ligne de facture sous l'en-tête.";
    public const string NothingSavedMessage = "Aucune facture n'a été enregistrée : corrigez les lignes suivantes puis importez à nouveau le fichier.";
    public const int MaxLines = 5_000;
    public const int MaxReportedErrors = 200;
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<string> Headers = [InvoiceNumberColumn, InvoiceDateColumn, PeriodFromColumn, PeriodToColumn, LabelColumn, AmountColumn, VatColumn, MemberColumn];

    private static readonly string[] RequiredHeaders = [InvoiceNumberColumn, InvoiceDateColumn, PeriodFromColumn, PeriodToColumn, LabelColumn, AmountColumn, VatColumn];

    /// <summary>A header row, up to 10 lines above it (a title an operator adds), the lines; twice the columns for notes of one's own.</summary>
    public static readonly SheetLimits Limits = new(MaxLines + 11, Headers.Count * 2) { UnreadableMessage = UnreadableMessage };

    /// <summary>The field each column feeds, for the messages.</summary>
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        [nameof(CostEntry.InvoiceNumber)] = InvoiceNumberColumn,
        [nameof(CostEntry.InvoiceDate)] = InvoiceDateColumn,
        [nameof(CostEntry.PeriodFrom)] = PeriodFromColumn,
        [nameof(CostEntry.PeriodTo)] = PeriodToColumn,
        [nameof(CostEntry.Label)] = LabelColumn,
        [nameof(CostEntry.AmountHtCents)] = AmountColumn,
        [nameof(CostEntry.VatRateBasisPoints)] = VatColumn,
    };

    /// <summary>The template: the header and one example line (to be replaced), in the sheet « Factures ».</summary>
    public static async Task<byte[]> TemplateAsync(CancellationToken cancellationToken = default)
    {
        var example = new object?[] { "F-2026-0001", new DateTime(2026, 4, 15), new DateTime(2026, 1, 1), new DateTime(2026, 3, 31), "Abonnement trimestriel", 1234.56m, 20m, null };
        var sheet = SpreadsheetWriter.Sheet(Headers, [example]);
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: SheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    /// <summary>Reads an uploaded file (XLSX or CSV by its extension) and checks every line. Never throws on bad content.</summary>
    public static async Task<CostImportResult> ReadAsync(IFormFile? file, CostImportContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var extension = Path.GetExtension(file?.FileName ?? string.Empty).ToLowerInvariant();
        if (file is { Length: > 0 and <= UploadLimits.FileBytes } && extension is not (".xlsx" or ".csv"))
        {
            return CostImportResult.Refused(FormatMessage);
        }

        var (buffer, error) = await XlsxUpload.BufferAsync(file, RequiredMessage, cancellationToken);
        if (buffer is null)
        {
            return CostImportResult.Refused(error!);
        }

        using (buffer)
        {
            var read = extension == ".csv" ? SpreadsheetReader.ReadCsv(buffer.ToArray(), Limits, FormatMessage) : SpreadsheetReader.ReadXlsx(buffer, Limits);
            return read.Rows is { } rows ? Parse(rows, context) : CostImportResult.Refused(read.Error!);
        }
    }

    /// <summary>Finds the header row, then reads and checks every line below it; any error refuses the whole file.</summary>
    public static CostImportResult Parse(IReadOnlyList<SheetRow> rows, CostImportContext context)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(context);
        var folded = Headers.ToDictionary(h => h, h => SearchText.Fold(h));
        var headerIndex = -1;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count && r <= 10 && headerIndex < 0; r++)
        {
            var cells = rows[r].Cells.Select(c => SearchText.Fold(XlsxUpload.CellText(c)?.Trim())).ToArray();
            if (RequiredHeaders.All(h => cells.Contains(folded[h])))
            {
                headerIndex = r;
                for (var c = 0; c < cells.Length; c++)
                {
                    if (folded.FirstOrDefault(h => h.Value == cells[c]).Key is { } known)
                    {
                        columns.TryAdd(known, c);
                    }
                }
            }
        }

        if (headerIndex < 0)
        {
            return CostImportResult.Refused(string.Format(
                CultureInfo.InvariantCulture, "Ligne d'en-tête introuvable : les colonnes attendues sont {0}.", string.Join(" | ", Headers)));
        }

        var errors = new List<string>();
        var extra = 0;
        void Error(int row, string column, string message)
        {
            if (errors.Count < MaxReportedErrors)
            {
                errors.Add(string.Format(CultureInfo.InvariantCulture, "Ligne {0}, colonne {1} : {2}", row, column, LowerFirst(message)));
            }
            else
            {
                extra++;
            }
        }

        var lines = new List<CostImportLine>();
        var seen = new Dictionary<(string, string), int>();
        for (var r = headerIndex + 1; r < rows.Count; r++)
        {
            var row = rows[r];
            string? Cell(string header) => columns.TryGetValue(header, out var c) && c < row.Cells.Length ? XlsxUpload.CellText(row.Cells[c])?.Trim() : null;
            var text = new CostEntryText(Cell(InvoiceNumberColumn), Cell(InvoiceDateColumn), Cell(PeriodFromColumn), Cell(PeriodToColumn), Cell(LabelColumn), Cell(AmountColumn), Cell(VatColumn));
            var entry = new CostEntry();
            var lineErrors = CostEntryRules.Read(text, entry);
            foreach (var (field, message) in lineErrors)
            {
                var shown = message == FrenchNumber.AmbiguousMessage || field != nameof(CostEntry.AmountHtCents) && field != nameof(CostEntry.VatRateBasisPoints)
                    ? message
                    : string.Format(CultureInfo.InvariantCulture, "« {0} » : {1}", field == nameof(CostEntry.AmountHtCents) ? text.AmountHt : text.VatRate, LowerFirst(message));
                Error(row.Number, ColumnOfField[field], shown);
            }

            long? memberId = null;
            if (Cell(MemberColumn) is { Length: > 0 } sirenText)
            {
                var siren = Siren.Compact(sirenText);
                if (!Siren.IsValid(siren))
                {
                    Error(row.Number, MemberColumn, string.Format(CultureInfo.InvariantCulture, "« {0} » n'est pas un SIREN valide (9 chiffres et une clé de contrôle).", sirenText));
                }
                else if (!context.ParticipantsBySiren.TryGetValue(siren, out var id))
                {
                    Error(row.Number, MemberColumn, string.Format(CultureInfo.InvariantCulture, "le membre de SIREN {0} ne participe pas à ce marché : une dépense propre à un membre ne peut être imputée qu'à un membre participant.", siren));
                }
                else
                {
                    memberId = id;
                }
            }

            if (lineErrors.Count == 0)
            {
                var key = CostImportContext.KeyOf(entry.InvoiceNumber, entry.Label);
                if (seen.TryGetValue(key, out var first))
                {
                    Error(row.Number, InvoiceNumberColumn, string.Format(CultureInfo.InvariantCulture, "la facture {0}, libellé « {1} », figure déjà à la ligne {2} du fichier.", entry.InvoiceNumber, entry.Label, first));
                    continue;
                }

                seen[key] = row.Number;
                if (context.Existing.Contains(key))
                {
                    Error(row.Number, InvoiceNumberColumn, string.Format(CultureInfo.InvariantCulture, "la facture {0}, libellé « {1} », est déjà enregistrée pour ce marché.", entry.InvoiceNumber, entry.Label));
                    continue;
                }

                entry.MemberId = memberId;
                lines.Add(new CostImportLine(row.Number, entry, memberId));
            }
        }

        if (extra > 0)
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, "… et {0} autre(s) erreur(s).", extra));
        }

        if (errors.Count > 0)
        {
            return new CostImportResult(null, [NothingSavedMessage, .. errors]);
        }

        return lines.Count == 0 ? CostImportResult.Refused(EmptyMessage) : new CostImportResult(lines, []);
    }

    private static string LowerFirst(string message) =>
        message.Length == 0 || (message.Length > 1 && char.IsUpper(message[1])) ? message : char.ToLower(message[0], CultureInfo.GetCultureInfo("fr-FR")) + message[1..];
}
