using System.Text;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Tests.Tenders;

/// <summary>Issue 8 item 5: the BPU of a lot, exported from templates/bpu.xlsx, filled by a supplier and read back.</summary>
public sealed class BpuSpreadsheetTests
{
    private const string Price = "Prix unitaire HT (€)";

    private static readonly BpuItem Minutes = new(11, "TEL-MIN", "Communications vers les mobiles", "minute", PricePeriod.OneOff, QuantityBasis.PerYear, 120_000_000);
    private static readonly BpuItem Lines = new(12, "TEL-LIGNE", "Abonnement ligne fixe", "ligne", PricePeriod.Monthly, QuantityBasis.WholeDuration, 40_000);
    private static readonly BpuItem Pbx = new(13, "TEL-PBX", "Autocommutateur", "équipement", PricePeriod.OneOff, QuantityBasis.WholeDuration, 2_500);

    private static readonly BpuLot Lot = new("2026-TEL-01", "Services de téléphonie", 1, "Téléphonie fixe", [Minutes, Lines, Pbx]);

    /// <summary>The exported BPU's rows (1-based, as the sheet numbers them) with the price of each code set as given.</summary>
    private static async Task<List<(int Row, object?[] Cells)>> ExportedRowsAsync(BpuLot lot)
    {
        var exported = await BpuSpreadsheetExport.CreateAsync(lot);
        var rows = new MemoryStream(exported).Query(useHeaderRow: false, sheetName: BpuSpreadsheet.SheetName)
            .Cast<IDictionary<string, object?>>()
            .Select((r, i) => (Row: i + 1, Cells: r.Values.Take(7).ToArray()))
            .ToList();
        Assert.Equal("Code", rows[8].Cells[0]);
        Assert.Equal(9, rows[8].Row);
        return rows;
    }

    private static byte[] Fill(List<(int Row, object?[] Cells)> rows, IReadOnlyDictionary<string, object?> prices, string? supplier = "Télécoms du Nord", string? siret = "73282932000074")
    {
        var filled = rows.Select(r => (r.Row, Cells: (object?[])r.Cells.Clone())).ToList();
        foreach (var (row, cells) in filled)
        {
            if (row > 9 && cells[0] is string code && prices.TryGetValue(SpreadsheetText.Restore(code), out var price))
            {
                cells[6] = price;
            }

            if (row == 5)
            {
                cells[1] = supplier;
            }

            if (row == 6)
            {
                cells[1] = siret;
            }
        }

        return CraftedFiles.Workbook(BpuSpreadsheet.SheetName, filled);
    }

    private static BpuReadResult Read(byte[] xlsx, BpuLot? lot = null) => BpuSpreadsheetReader.ReadXlsx(new MemoryStream(xlsx), lot ?? Lot);

    private static async Task<BpuReadResult> ReadFilledAsync(IReadOnlyDictionary<string, object?> prices) =>
        Read(Fill(await ExportedRowsAsync(Lot), prices));

    private static Dictionary<string, object?> ValidPrices() => new()
    {
        ["TEL-MIN"] = 0.0125d,
        ["TEL-LIGNE"] = "12,5",
        ["TEL-PBX"] = "1 234,5678 €",
    };

    [Fact]
    public async Task Export_ShowsTheHeaderBlockAndOneRowPerItem_WithThePriceColumnLeftEmpty()
    {
        var rows = await ExportedRowsAsync(Lot);

        Assert.Equal(["Consultation n°", "2026-TEL-01"], rows[1].Cells.Take(2));
        Assert.Equal(["Objet", "Services de téléphonie"], rows[2].Cells.Take(2));
        Assert.Equal(["Lot n°", 1d, "Intitulé du lot", "Téléphonie fixe"], rows[3].Cells.Take(4));
        Assert.Equal(BpuSpreadsheet.Headers, rows[8].Cells.Cast<string>());
        Assert.Equal(12, rows.Count);
        Assert.Equal(["TEL-MIN", "Communications vers les mobiles", "minute", "ponctuel", "par an", 120_000d, null], rows[9].Cells);
        Assert.Equal(["TEL-LIGNE", "Abonnement ligne fixe", "ligne", "mensuel", null, 40d, null], rows[10].Cells);
        Assert.Equal(["TEL-PBX", "Autocommutateur", "équipement", "ponctuel", "sur la durée", 2.5d, null], rows[11].Cells);
        Assert.Equal("BPU-2026-TEL-01-lot-1.xlsx", BpuSpreadsheetExport.FileName(Lot));
    }

    [Fact]
    public async Task FilledPrices_NumberAndFrenchText_RoundTripToExactTenThousandths()
    {
        var result = await ReadFilledAsync(ValidPrices());

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.Prepend(result.FileError ?? string.Empty)));
        Assert.Equal(
            [new BpuPrice(11, new UnitPrice(125)), new BpuPrice(12, new UnitPrice(125_000)), new BpuPrice(13, new UnitPrice(12_345_678))],
            result.Prices!.Prices);
        Assert.Equal("Télécoms du Nord", result.Prices.SupplierName);
        Assert.Equal("73282932000074", result.Prices.Siret);
    }

    [Fact]
    public async Task DqeFromImportedPrices_MatchesTheHandComputation()
    {
        var prices = (await ReadFilledAsync(ValidPrices())).Prices!.Prices.ToDictionary(p => p.ItemId, p => p.UnitPrice);

        // 36 months: 0,0125 € × 120 000 min per year × 3 years = 4 500 €; 12,5 € × 40 lines × 36 months = 18 000 €;
        // 1 234,5678 € × 2,5 once = 3 086,4195 €; total 25 586,4195 €, rounded once to 25 586,42 €.
        var total = Dqe.Total(Lot.Items.Select(i => new DqeLine(i.ItemId, prices[i.ItemId], i.DqeQuantityMilli, i.Period, i.Basis)), 36);

        Assert.Equal(2_558_642, total.Cents);
    }

    [Fact]
    public async Task Csv_SavedFromTheBpu_IsReadLikeTheWorkbook()
    {
        var csv = new StringBuilder()
            .Append("Bordereau des prix unitaires (BPU);;;;;;\r\n")
            .Append("Consultation n°;2026-TEL-01;;;;;\r\n")
            .Append("Lot n°;1;Intitulé du lot;Téléphonie fixe;;;\r\n")
            .Append("Candidat (raison sociale);Télécoms du Nord;;;;;\r\n")
            .Append("SIRET;73282932000074;;;;;\r\n")
            .Append("Code;Désignation;Unité;Période de prix;Base de quantité;Quantité DQE (indicative);Prix unitaire HT (€)\r\n")
            .Append("TEL-MIN;Communications vers les mobiles;minute;ponctuel;par an;120000;0,0125\r\n")
            .Append("TEL-LIGNE;Abonnement ligne fixe;ligne;mensuel;;40;12,50\r\n")
            .Append("TEL-PBX;Autocommutateur;équipement;ponctuel;sur la durée;2,5;\"1 234,5678\"\r\n")
            .ToString();

        var result = BpuSpreadsheetReader.ReadCsv([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)], Lot);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.Prepend(result.FileError ?? string.Empty)));
        Assert.Equal([125L, 125_000L, 12_345_678L], result.Prices!.Prices.Select(p => p.UnitPrice.TenThousandths));
    }

    [Fact]
    public async Task ItemOfAnotherLot_RefusedWithItsRowAndColumn_AndTheWholeFileRefused()
    {
        var rows = await ExportedRowsAsync(Lot);
        rows.Add((13, ["ENT-ELEVE", "Accès élève", "élève", "annuel", null, 3d, 4.5d]));

        var result = Read(Fill(rows, ValidPrices()));

        Assert.Null(result.Prices);
        Assert.Equal([BpuSpreadsheetReader.NothingSavedMessage, "Ligne 13, colonne Code : l'article « ENT-ELEVE » n'appartient pas au lot n° 1 (Téléphonie fixe)."], result.Errors);
    }

    [Fact]
    public async Task DuplicateItem_Refused_NamingTheFirstRow()
    {
        var rows = await ExportedRowsAsync(Lot);
        rows.Add((13, ["TEL-MIN", "Communications vers les mobiles", "minute", "ponctuel", "par an", 120_000d, 0.02d]));

        var result = Read(Fill(rows, ValidPrices()));

        Assert.Null(result.Prices);
        Assert.Equal([BpuSpreadsheetReader.NothingSavedMessage, "Ligne 13, colonne Code : l'article TEL-MIN figure déjà à la ligne 10."], result.Errors);
    }

    [Fact]
    public async Task MissingPrice_Refused()
    {
        var prices = ValidPrices();
        prices.Remove("TEL-LIGNE");

        var result = await ReadFilledAsync(prices);

        Assert.Null(result.Prices);
        Assert.Equal(
            [BpuSpreadsheetReader.NothingSavedMessage, $"Ligne 11, colonne {Price} : le prix unitaire HT de l'article TEL-LIGNE est vide : chaque article du lot doit avoir un prix."],
            result.Errors);
    }

    [Fact]
    public async Task MissingItemRow_Refused()
    {
        var rows = await ExportedRowsAsync(Lot);
        rows.RemoveAt(11);

        var result = Read(Fill(rows, ValidPrices()));

        Assert.Null(result.Prices);
        Assert.Equal(
            [BpuSpreadsheetReader.NothingSavedMessage, "Colonne Code : l'article TEL-PBX (Autocommutateur) du lot n'a pas de ligne dans le fichier : ajoutez-la avec son prix unitaire."],
            result.Errors);
    }

    [Theory]
    [InlineData(-12.5d, "le prix unitaire HT de l'article TEL-LIGNE est négatif (-12,5) : saisissez un prix positif ou nul.")]
    [InlineData("-0,01", "le prix unitaire HT de l'article TEL-LIGNE est négatif (-0,01) : saisissez un prix positif ou nul.")]
    [InlineData(0.01255d, "article TEL-LIGNE : le prix unitaire a au plus 4 décimales (un dix-millième d'euro) : arrondissez-le.")]
    [InlineData("12,50001", "article TEL-LIGNE : le prix unitaire a au plus 4 décimales (un dix-millième d'euro) : arrondissez-le.")]
    [InlineData("1.000", "article TEL-LIGNE : nombre ambigu (le point sépare-t-il les milliers ou les décimales ?) : écrivez 1000 ou 1,000 selon que vous voulez dire mille ou un.")]
    [InlineData("douze", "« douze » n'est pas un prix unitaire valide pour l'article TEL-LIGNE : saisissez un prix unitaire HT positif en euros, avec au plus 4 décimales (par exemple 0,0125).")]
    public async Task InvalidPrice_RefusedInFrench_WithRowAndColumn(object price, string message)
    {
        var prices = ValidPrices();
        prices["TEL-LIGNE"] = price;

        var result = await ReadFilledAsync(prices);

        Assert.Null(result.Prices);
        Assert.Equal([BpuSpreadsheetReader.NothingSavedMessage, $"Ligne 11, colonne {Price} : {message}"], result.Errors);
    }

    [Theory]
    [InlineData("12,5", 125_000L)]
    [InlineData("0", 0L)]
    [InlineData("0,0001", 1L)]
    [InlineData("12,50000", 125_000L)]
    [InlineData("1000000", 10_000_000_000L)]
    [InlineData(1234.5678d, 12_345_678L)]
    [InlineData(0.0001d, 1L)]
    [InlineData(0.30000000000000004d, 3_000L)]
    public async Task PriceBoundaries_Accepted(object price, long tenThousandths)
    {
        var prices = ValidPrices();
        prices["TEL-LIGNE"] = price;

        var result = await ReadFilledAsync(prices);

        Assert.Equal(tenThousandths, result.Prices!.Prices.Single(p => p.ItemId == Lines.ItemId).UnitPrice.TenThousandths);
    }

    [Fact]
    public async Task PriceAboveTheMaximum_Refused()
    {
        var prices = ValidPrices();
        prices["TEL-LIGNE"] = "1000000,0001";

        var result = await ReadFilledAsync(prices);

        Assert.Equal(
            [BpuSpreadsheetReader.NothingSavedMessage, $"Ligne 11, colonne {Price} : « 1000000,0001 » n'est pas un prix unitaire valide pour l'article TEL-LIGNE : saisissez un prix unitaire HT positif en euros, avec au plus 4 décimales (par exemple 0,0125)."],
            result.Errors);
    }

    [Fact]
    public async Task SeveralWrongRows_AllReported_NothingKept()
    {
        var prices = ValidPrices();
        prices["TEL-MIN"] = -1d;
        prices["TEL-PBX"] = null;

        var result = await ReadFilledAsync(prices);

        Assert.Null(result.Prices);
        Assert.Equal(3, result.Errors.Count);
        Assert.StartsWith($"Ligne 10, colonne {Price} : ", result.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith($"Ligne 12, colonne {Price} : ", result.Errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForAnotherTenderOrLot_Refused()
    {
        var filled = Fill(await ExportedRowsAsync(Lot), ValidPrices());

        var otherTender = Read(filled, Lot with { TenderReference = "2026-TEL-02" });
        var otherLot = Read(filled, Lot with { LotNumber = 2, LotTitle = "Téléphonie mobile" });

        Assert.Null(otherTender.Prices);
        Assert.Equal(
            "Ce fichier est le BPU de la consultation « 2026-TEL-01 », lot n° 1, pas celui de la consultation « 2026-TEL-02 », lot n° 1 : utilisez le fichier téléchargé pour ce lot. Rien n'a été enregistré.",
            otherTender.FileError);
        Assert.Null(otherLot.Prices);
        Assert.Equal(
            "Ce fichier est le BPU de la consultation « 2026-TEL-01 », lot n° 1, pas celui de la consultation « 2026-TEL-01 », lot n° 2 : utilisez le fichier téléchargé pour ce lot. Rien n'a été enregistré.",
            otherLot.FileError);
    }

    [Fact]
    public async Task HeaderBlockRemoved_Refused()
    {
        var rows = (await ExportedRowsAsync(Lot)).Where(r => r.Row >= 9).ToList();

        var result = Read(Fill(rows, ValidPrices()));

        Assert.Equal(BpuSpreadsheetReader.MissingIdentityMessage, result.FileError);
    }

    [Fact]
    public async Task FormulaTypedInADesignation_IsNeutralisedOnExport_AndTheCodeRoundTrips()
    {
        var trapped = Lot with
        {
            TenderObject = "=HYPERLINK(\"http://exemple.invalid\")",
            Items = [Minutes with { Code = "=TEL", Designation = "=HYPERLINK(\"http://exemple.invalid\",\"Cliquez\")", Unit = "@minute" }, Lines, Pbx with { Designation = "{{Reference}} $=1+1" }],
        };

        var exported = await BpuSpreadsheetExport.CreateAsync(trapped);

        Assert.Equal(0, IndependentSheetReader.FormulaCount(exported));
        var texts = IndependentSheetReader.XlsxCells(exported).Select(c => c.Text).ToList();
        Assert.Contains("'=HYPERLINK(\"http://exemple.invalid\",\"Cliquez\")", texts);
        Assert.Contains("'=HYPERLINK(\"http://exemple.invalid\")", texts);
        Assert.Contains("'@minute", texts);
        Assert.Contains("'=TEL", texts);
        Assert.Contains("{{Reference}} $=1+1", texts);

        var prices = ValidPrices();
        prices["=TEL"] = prices["TEL-MIN"];
        var result = Read(Fill(await ExportedRowsAsync(trapped), prices), trapped);
        Assert.Equal(125L, result.Prices!.Prices.Single(p => p.ItemId == Minutes.ItemId).UnitPrice.TenThousandths);
    }

    [Fact]
    public void CraftedFiles_RefusedByTheBoundedReader()
    {
        var limits = BpuSpreadsheetReader.Limits(Lot.Items.Count);

        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(limits.MaxRows, 20_001), Read(CraftedFiles.HugeDimension([["Code", Price]], BpuSpreadsheet.SheetName)).FileError);
        Assert.Equal(XlsxUpload.ZipBombMessage, Read(CraftedFiles.ZipBomb(BpuSpreadsheet.SheetName)).FileError);
        Assert.Equal(SpreadsheetReader.DtdMessage, Read(CraftedFiles.XmlEntityExpansion(BpuSpreadsheet.SheetName)).FileError);
        Assert.Equal(SpreadsheetReader.DtdMessage, Read(CraftedFiles.ExternalEntity(BpuSpreadsheet.SheetName)).FileError);
        Assert.Equal(XlsxUpload.NotXlsxMessage, Read(CraftedFiles.Truncated()).FileError);
        Assert.Equal(XlsxUpload.TooLargeMessage, Read(CraftedFiles.Oversize6MB()).FileError);
        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(limits.MaxRows, limits.MaxRows + 1), Read(CraftedFiles.LongCells(BpuSpreadsheet.SheetName)).FileError);
        Assert.Equal(BpuSpreadsheetReader.WrongSheetMessage, Read(CraftedFiles.Workbook("Sheet1", [(1, ["Code", Price])])).FileError);
    }

    [Fact]
    public async Task FileIdCell_ReadAsPlainText_NeverAsTheEntryBytes()
    {
        var cells = (await ExportedRowsAsync(Lot)).Select(r => (object?[])r.Cells.Clone()).ToList();
        foreach (var row in cells.Skip(9))
        {
            row[6] = 1d;
        }

        cells.Add([CraftedFiles.FileIdValue, null, null, null, null, null, 1d]);

        var result = Read(CraftedFiles.FileIdCells(cells, BpuSpreadsheet.SheetName));

        Assert.Null(result.Prices);
        Assert.Equal([BpuSpreadsheetReader.NothingSavedMessage, $"Ligne 13, colonne Code : l'article « {CraftedFiles.FileIdValue} » n'appartient pas au lot n° 1 (Téléphonie fixe)."], result.Errors);
    }

    [Fact]
    public async Task Upload_EmptyFileOrOtherExtension_RefusedInFrench()
    {
        using var empty = new MemoryStream();
        var none = await BpuSpreadsheetReader.ReadAsync(null, Lot);
        var zero = await BpuSpreadsheetReader.ReadAsync(new FormFile(empty, 0, 0, "File", "bpu.xlsx"), Lot);
        using var pdf = new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7"));
        var wrong = await BpuSpreadsheetReader.ReadAsync(new FormFile(pdf, 0, pdf.Length, "File", "bpu.pdf"), Lot);

        Assert.Equal(BpuSpreadsheetReader.RequiredMessage, none.FileError);
        Assert.Equal(BpuSpreadsheetReader.RequiredMessage, zero.FileError);
        Assert.Equal(BpuSpreadsheetReader.FormatMessage, wrong.FileError);
    }

    [Fact]
    public async Task Upload_FilledXlsx_ReadThroughTheFormFile()
    {
        var filled = Fill(await ExportedRowsAsync(Lot), ValidPrices());
        using var stream = new MemoryStream(filled);

        var result = await BpuSpreadsheetReader.ReadAsync(new FormFile(stream, 0, stream.Length, "File", "BPU-2026-TEL-01-lot-1.xlsx"), Lot);

        Assert.Equal([125L, 125_000L, 12_345_678L], result.Prices!.Prices.Select(p => p.UnitPrice.TenThousandths));
    }
}
