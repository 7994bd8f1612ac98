using System.Globalization;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Campaigns;

public sealed record CatalogueImportOutcome(string? FileError, IReadOnlyList<string> Report, bool Saved, int Lots, int Items)
{
    public static CatalogueImportOutcome Refused(string message) => new(message, [], false, 0, 0);
}

/// <summary>
/// The catalogue as an XLSX sheet, one row per item with its lot. An import replaces the whole catalogue of a draft
/// campaign: every row is checked first and reported by row and column; nothing is saved unless the whole file is valid.
/// </summary>
public sealed class CatalogueSpreadsheet(IDbConnectionFactory factory, ICampaignRepository campaigns, ICatalogueRepository catalogue, IAuditTrail audit)
{
    public const string LotNumber = "N° de lot";
    public const string LotTitle = "Intitulé du lot";
    public const string LotMax = "Maximum du lot HT";
    public const string Code = "Code";
    public const string Label = "Libellé";
    public const string Unit = "Unité";
    public const string Whole = "Unités entières";
    public const string Price = "Prix unitaire HT";
    public const string Period = "Périodicité";
    public const string Basis = "Quantité (ponctuel)";
    public const string Vat = "TVA %";
    public const string Max = "Maximum par membre";

    public const string RequiredMessage = "Choisissez un classeur XLSX à importer.";
    public const string FormatMessage = "Le catalogue s'importe depuis un classeur XLSX (.xlsx).";
    public const string EmptyMessage = "Le classeur ne contient aucun article sous la ligne d'en-tête.";
    public const string SheetName = "Catalogue";
    public const int MaxItems = 5_000;

    /// <summary>
    /// The columns written by the export; « Quantité (ponctuel) » is optional on import (absent or empty: sur la durée), and
    /// so is « Maximum du lot HT » (the lot's maximum in euros, required for an accord-cadre, repeated on each row of the lot).
    /// </summary>
    public static readonly IReadOnlyList<string> Headers = [LotNumber, LotTitle, Code, Label, Unit, Whole, Price, Period, Vat, Max, Basis, LotMax];

    private static readonly string[] RequiredHeaders = [LotNumber, LotTitle, Code, Label, Unit, Whole, Price, Period, Vat];

    private static readonly Dictionary<string, string> ItemFieldColumns = new()
    {
        [nameof(CatalogueItem.Code)] = Code,
        [nameof(CatalogueItem.Label)] = Label,
        [nameof(CatalogueItem.Unit)] = Unit,
        [nameof(CatalogueItem.UnitPriceCents)] = Price,
        [nameof(CatalogueItem.PricePeriod)] = Period,
        [nameof(CatalogueItem.QuantityBasis)] = Basis,
        [nameof(CatalogueItem.VatRateBasisPoints)] = Vat,
        [nameof(CatalogueItem.MaxPerMemberMilli)] = Max,
    };

    /// <summary>Numbers stay numbers (French Excel shows 12,5), flags and periods in words, as the import reads them back; text neutralised.</summary>
    public async Task<byte[]> ExportAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        var lots = (await catalogue.LotsAsync(campaignId, cancellationToken)).ToDictionary(l => l.Id);
        var items = (await catalogue.ItemsAsync(campaignId, cancellationToken)).Select(i => new object?[]
        {
            (long)lots[i.LotId].LotNumber,
            lots[i.LotId].Title,
            i.Code,
            i.Label,
            i.Unit,
            CatalogueText.YesNo(i.WholeNumbersOnly),
            i.UnitPriceCents / 100m,
            CatalogueText.PeriodLabel(i.PricePeriod),
            i.VatRateBasisPoints / 100m,
            i.MaxPerMemberMilli is { } max ? max / (decimal)EstimatedValue.QuantityScale : null,
            CatalogueText.BasisLabel(i.QuantityBasis),
            lots[i.LotId].MaximumCents is { } lotMax ? lotMax / 100m : null,
        }).ToList();

        // An empty catalogue still exports its header row: the template to fill.
        var rows = SpreadsheetWriter.Sheet(Headers, items.Count == 0 ? [new object?[Headers.Count]] : items);

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: SheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    public async Task<CatalogueImportOutcome> ImportAsync(long campaignId, IFormFile? file, CancellationToken cancellationToken = default)
    {
        if (file is { Length: > 0 and <= Infrastructure.UploadLimits.FileBytes } && !Path.GetExtension(file.FileName ?? string.Empty).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return CatalogueImportOutcome.Refused(FormatMessage);
        }

        var (buffer, error) = await XlsxUpload.BufferAsync(file, RequiredMessage, cancellationToken);
        if (buffer is null)
        {
            return CatalogueImportOutcome.Refused(error!);
        }

        SheetReadResult read;
        using (buffer)
        {
            read = SpreadsheetReader.ReadXlsx(buffer, Limits);
        }

        return read.Rows is { } rows ? await ImportRowsAsync(campaignId, rows, cancellationToken) : CatalogueImportOutcome.Refused(read.Error!);
    }

    /// <summary>
    /// A valid catalogue file: the header row, then at most <see cref="MaxItems"/> items; its <see cref="Headers"/> columns in
    /// any order, with room for as many columns of its own that the import ignores.
    /// </summary>
    public static readonly SheetLimits Limits = new(MaxItems + 1, Headers.Count * 2);

    /// <summary>Checks every row and saves the whole catalogue in one transaction, or nothing.</summary>
    public async Task<CatalogueImportOutcome> ImportRowsAsync(long campaignId, IReadOnlyList<SheetRow> sheet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        if (sheet.Count == 0)
        {
            return CatalogueImportOutcome.Refused(EmptyMessage);
        }

        if (sheet.Count > MaxItems + 1)
        {
            return CatalogueImportOutcome.Refused($"Le classeur dépasse {MaxItems} articles.");
        }

        var rows = sheet.Select(r => r.Texts()).ToList();
        var columns = new Dictionary<string, int>();
        for (var i = 0; i < rows[0].Length; i++)
        {
            var folded = SearchText.Fold(rows[0][i]?.Trim());
            if (Headers.FirstOrDefault(h => SearchText.Fold(h) == folded) is { } known)
            {
                columns.TryAdd(known, i);
            }
        }

        var missing = RequiredHeaders.Where(h => !columns.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            return CatalogueImportOutcome.Refused(
                $"Ligne {sheet[0].Number} : la ligne d'en-tête doit contenir les colonnes {string.Join(", ", missing.Select(m => "« " + m + " »"))} (colonnes attendues : {string.Join(" ; ", Headers)}).");
        }

        var contractForm = (await campaigns.GetCampaignAsync(campaignId, cancellationToken))?.ContractForm ?? ContractForm.Ordinary;
        var report = new List<string>();
        var lots = new SortedDictionary<int, (CampaignLot Lot, int Line, List<CatalogueItem> Items)>();
        var maximumLines = new Dictionary<int, int>();
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var line = sheet[r].Number;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Length ? row[i]?.Trim() : null;
            void Error(string column, string message) => report.Add($"Ligne {line}, colonne {column} : {message}");
            var errorsBefore = report.Count;

            var item = new CatalogueItem
            {
                Code = Cell(Code) ?? string.Empty,
                Label = Cell(Label) ?? string.Empty,
                Unit = Cell(Unit) ?? string.Empty,
                SortOrder = r,
            };

            int? lotNumber = null;
            if (FrenchNumber.TryParseInteger(Cell(LotNumber), out var number) && number is >= 1 and <= 999)
            {
                lotNumber = (int)number;
            }
            else
            {
                Error(LotNumber, LowerFirst(FrenchNumber.Message(Cell(LotNumber), $"« {Cell(LotNumber)} » n'est pas un numéro de lot (un entier entre 1 et 999).")));
            }

            var lotTitle = Cell(LotTitle) ?? string.Empty;
            if (lotTitle.Length == 0)
            {
                Error(LotTitle, "l'intitulé du lot est obligatoire.");
            }
            else if (lotTitle.Length > CampaignValidator.MaxTitleLength)
            {
                Error(LotTitle, $"l'intitulé du lot ne peut pas dépasser {CampaignValidator.MaxTitleLength} caractères.");
            }

            long? lotMaximum = null;
            if (!string.IsNullOrEmpty(Cell(LotMax)))
            {
                if (CatalogueText.TryPriceCents(Cell(LotMax), out var maximum) && maximum > 0)
                {
                    lotMaximum = maximum;
                }
                else
                {
                    Error(LotMax, LowerFirst(CatalogueMessages.LotMaximum(Cell(LotMax))));
                }
            }

            if (CatalogueText.TryYesNo(Cell(Whole), out var whole))
            {
                item.WholeNumbersOnly = whole;
            }
            else
            {
                Error(Whole, LowerFirst(CatalogueMessages.YesNo(Cell(Whole))));
            }

            var priceOk = CatalogueText.TryPriceCents(Cell(Price), out var cents);
            item.UnitPriceCents = cents;
            if (!priceOk)
            {
                Error(Price, LowerFirst(CatalogueMessages.Price(Cell(Price))));
            }

            if (CatalogueText.TryPeriod(Cell(Period), out var period))
            {
                item.PricePeriod = period;
            }
            else
            {
                Error(Period, LowerFirst(CatalogueMessages.Period(Cell(Period))));
            }

            if (CatalogueText.TryBasis(Cell(Basis), out var basis))
            {
                item.QuantityBasis = basis;
            }
            else
            {
                Error(Basis, LowerFirst(CatalogueMessages.Basis(Cell(Basis))));
            }

            if (CatalogueText.TryVatBasisPoints(Cell(Vat), out var vat))
            {
                item.VatRateBasisPoints = vat;
            }
            else
            {
                Error(Vat, LowerFirst(CatalogueMessages.Vat(Cell(Vat))));
            }

            if (CatalogueText.TryOptionalQuantityMilli(Cell(Max), out var max))
            {
                item.MaxPerMemberMilli = max;
            }
            else
            {
                Error(Max, LowerFirst(CatalogueMessages.Max(Cell(Max))));
            }

            foreach (var (field, message) in CampaignValidator.ValidateItem(item))
            {
                var column = ItemFieldColumns.GetValueOrDefault(field, field);
                // A price, period, VAT or maximum that did not parse is reported once, above.
                if (!report.Skip(errorsBefore).Any(e => e.StartsWith($"Ligne {line}, colonne {column} :", StringComparison.Ordinal)))
                {
                    Error(column, LowerFirst(message));
                }
            }

            if (item.Code.Length > 0)
            {
                if (codes.TryGetValue(item.Code, out var other))
                {
                    Error(Code, $"le code {item.Code} figure déjà à la ligne {other}.");
                }
                else
                {
                    codes[item.Code] = line;
                }
            }

            if (lotNumber is { } n && lotTitle.Length > 0)
            {
                if (lots.TryGetValue(n, out var existing))
                {
                    if (!string.Equals(existing.Lot.Title, lotTitle, StringComparison.Ordinal))
                    {
                        Error(LotTitle, $"le lot {n} s'intitule « {existing.Lot.Title} » à la ligne {existing.Line}.");
                    }
                }
                else
                {
                    lots[n] = (new CampaignLot { LotNumber = n, Title = lotTitle }, line, []);
                }

                // The lot's maximum may be repeated on each of its rows or given once; two different amounts are refused.
                var lot = lots[n].Lot;
                if (lotMaximum is { } m && lot.MaximumCents is { } known && m != known)
                {
                    Error(LotMax, $"le lot {n} a pour maximum {CatalogueText.Euros(known)} € HT à la ligne {maximumLines[n]}.");
                }
                else if (lotMaximum is not null && lot.MaximumCents is null)
                {
                    lot.MaximumCents = lotMaximum;
                    maximumLines[n] = line;
                }
            }

            if (report.Count == errorsBefore && lotNumber is { } ok)
            {
                lots[ok].Items.Add(item);
            }
        }

        foreach (var (number, (lot, line, _)) in lots)
        {
            if (ContractRules.IsFramework(contractForm) && lot.MaximumCents is null)
            {
                report.Add($"Ligne {line}, colonne {LotMax} : le lot {number} n'a pas de maximum ; {LowerFirst(ContractRules.MaximumRequiredMessage)}");
            }
        }

        if (report.Count > 0)
        {
            report.Insert(0, "Aucune modification n'a été enregistrée : corrigez les lignes suivantes puis importez à nouveau le classeur.");
            return new CatalogueImportOutcome(null, report, false, 0, 0);
        }

        var imported = lots.Values.Where(l => l.Items.Count > 0).Select(l => (l.Lot, (IReadOnlyList<CatalogueItem>)l.Items)).ToList();
        if (imported.Count == 0)
        {
            return CatalogueImportOutcome.Refused(EmptyMessage);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var campaign = await campaigns.GetAsync(connection, tx, campaignId);
        if (campaign is null)
        {
            return CatalogueImportOutcome.Refused("Cette campagne n'existe pas.");
        }

        if (CampaignValidator.CatalogueChangeRefusal(campaign.Status, correctingAnItem: false) is { } refused)
        {
            return CatalogueImportOutcome.Refused(refused);
        }

        var lotsBefore = await catalogue.LotsAsync(connection, tx, campaignId);
        await catalogue.ReplaceCatalogueAsync(connection, tx, campaignId, imported);
        var itemCount = imported.Sum(c => c.Item2.Count);
        await audit.WriteAsync(connection, tx, CampaignService.EntityType, campaignId, "CatalogueImported", new { Lots = lotsBefore.Count }, new { Lots = imported.Count, Items = itemCount });
        await tx.CommitAsync(cancellationToken);
        return new CatalogueImportOutcome(
            null,
            [string.Format(CultureInfo.GetCultureInfo("fr-FR"), "Catalogue importé : {0} lot(s), {1} article(s).", imported.Count, itemCount)],
            true,
            imported.Count,
            itemCount);
    }

    private static string LowerFirst(string message) =>
        message.Length == 0 || message[0] == '«' ? message : char.ToLower(message[0], CultureInfo.GetCultureInfo("fr-FR")) + message[1..];
}
