using System.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Members;
using ProcurementGroup.Web.Features.NeedsDocuments;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Tests.Uploads;

/// <summary>The shared bounded reader on the crafted files: what it refuses, and how many rows it reads at most.</summary>
public sealed class SpreadsheetReaderTests
{
    private static readonly object?[][] FormRows =
    [
        ["Formulaire n°", 1d, "Version", 1d],
        ["Lot", "Code", "Article", "Unité", "Prix unitaire HT", "Site", "Quantité", "Commentaire"],
        ["1 – ENT", "ENT-ELEVE", "Accès élève", "élève", 12.5d, null, 3d, null],
    ];

    private static SheetReadResult Read(byte[] bytes, SheetLimits limits, string? sheet = null)
    {
        using var stream = new MemoryStream(bytes);
        return SpreadsheetReader.ReadXlsx(stream, limits, sheet);
    }

    [Fact]
    public void HugeDimension_CellBeyondTheNeedsLimit_RefusedInFrench_BeforeAnyRowIsRead()
    {
        var bytes = CraftedFiles.HugeDimension(FormRows, "Besoins", 20_001);
        var limits = NeedsSpreadsheetReader.Limits(itemCount: 3, siteCount: 1);

        var result = Read(bytes, limits, "Besoins");

        Assert.True(bytes.Length < 8 * 1024);
        Assert.Null(result.Rows);
        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(limits.MaxRows, 20_001), result.Error);
        Assert.StartsWith($"Le fichier contient plus de {limits.MaxRows} lignes : la ligne 20", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.RowsRead);
        Assert.Equal(FormRows.Length + 1, result.RowsScanned);
    }

    [Fact]
    public void HugeDimension_WithinTheLimit_ReadsOnlyUpToTheLastRowAndTheAllowedColumns()
    {
        // Declares A1:XFD40 (16,384 columns); a reader trusting it would build 40 rows of 16,384 cells.
        var bytes = CraftedFiles.HugeDimension(FormRows, "Besoins", 40);

        var result = Read(bytes, new SheetLimits(100, NeedsSpreadsheet.MaxColumns), "Besoins");

        Assert.Null(result.Error);
        Assert.Equal(40, result.RowsRead);
        Assert.Equal([1, 2, 3, 40], result.Rows!.Select(r => r.Number));
        Assert.All(result.Rows!, r => Assert.Equal(NeedsSpreadsheet.MaxColumns, r.Cells.Length));
        Assert.Equal("x", result.Rows![3].Cells[0]);
    }

    [Fact]
    public void EmptyRowsBetweenValues_AreDroppedAndTheRowNumbersKept()
    {
        var bytes = CraftedFiles.Workbook("Sheet1", [(1, ["Nom", "Type"]), (2, [null, "  "]), (5, ["Amiens", "Commune"])]);

        var result = Read(bytes, new SheetLimits(10, 4));

        Assert.Equal([1, 5], result.Rows!.Select(r => r.Number));
        Assert.Equal(5, result.RowsRead);
    }

    [Fact]
    public void EmptyRowElementsBeyondTheLimit_TolerantUpToAThousand_ThenRefused()
    {
        static byte[] WithEmptyRowsBeyond(int count) => CraftedFiles.Workbook(
            "Sheet1",
            [(1, ["Nom", "Type"]), (2, ["Amiens", "Commune"]), .. Enumerable.Range(11, count).Select(r => (r, new object?[] { null }))]);
        var limits = new SheetLimits(10, 4);

        var tolerated = Read(WithEmptyRowsBeyond(SpreadsheetReader.MaxEmptyRowsBeyondLimit), limits);
        var refused = Read(WithEmptyRowsBeyond(SpreadsheetReader.MaxEmptyRowsBeyondLimit + 1), limits);

        Assert.Equal([1, 2], tolerated.Rows!.Select(r => r.Number));
        Assert.Equal(2, tolerated.RowsRead);
        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(10, 10 + SpreadsheetReader.MaxEmptyRowsBeyondLimit + 1), refused.Error);
        Assert.Equal(0, refused.RowsRead);
    }

    [Fact]
    public void ColumnsBeyondTheLimit_AreNotRead()
    {
        var bytes = CraftedFiles.Workbook("Sheet1", [(1, ["A", "B", "C", "D", "E"])]);

        var row = Assert.Single(Read(bytes, new SheetLimits(10, 3)).Rows!);

        Assert.Equal(["A", "B", "C"], row.Cells);
    }

    [Fact]
    public void FileIdCell_ComesBackAsPlainText_NeverAsTheEntryBytes()
    {
        var bytes = CraftedFiles.FileIdCells([["Code", "Commentaire"], ["ENT-ELEVE", CraftedFiles.FileIdValue]]);

        var result = Read(bytes, new SheetLimits(10, 4));

        var cell = result.Rows![1].Cells[1];
        Assert.IsType<string>(cell);
        Assert.Equal(CraftedFiles.FileIdValue, cell);
    }

    [Fact]
    public void EntityExpansion_RefusedInFrench()
    {
        var result = Read(CraftedFiles.XmlEntityExpansion(), new SheetLimits(10, 4));

        Assert.Null(result.Rows);
        Assert.Equal(SpreadsheetReader.DtdMessage, result.Error);
    }

    [Fact]
    public void ZipBombTruncatedEmptyAndOversize_EachRefusedWithItsFrenchMessage()
    {
        var limits = new SheetLimits(10, 4);
        Assert.Equal(XlsxUpload.ZipBombMessage, Read(CraftedFiles.ZipBomb(), limits).Error);
        Assert.Equal(XlsxUpload.NotXlsxMessage, Read(CraftedFiles.Truncated(), limits).Error);
        Assert.Equal(XlsxUpload.NotXlsxMessage, Read(CraftedFiles.Empty(), limits).Error);
        var oversize = CraftedFiles.Oversize6MB();
        Assert.True(oversize.Length > 6_000_000);
        Assert.Equal(XlsxUpload.TooLargeMessage, Read(oversize, limits).Error);
    }

    [Fact]
    public void LongCells_MoreTextThanTheLimit_RefusedInFrench_BeforeAnyRowIsRead()
    {
        var bytes = CraftedFiles.LongCells("Besoins");
        var limits = NeedsSpreadsheetReader.Limits(itemCount: 200, siteCount: 25);

        var result = Read(bytes, limits, "Besoins");

        Assert.True(bytes.Length < 1024 * 1024);
        Assert.Equal(SpreadsheetReader.TooMuchTextMessage(limits.MaxTextCharacters), result.Error);
        Assert.Equal(0, result.RowsRead);
        Assert.Equal(1 + (int)(limits.MaxTextCharacters / (8 * 1_100)), result.RowsScanned);
    }

    [Fact]
    public void NeutralisedText_ReadsBackAsWritten()
    {
        var bytes = CraftedFiles.Workbook("Sheet1", [(1, ["'=1+1", "''@x", "'texte", -12.5d])]);

        var row = Assert.Single(Read(bytes, new SheetLimits(10, 4)).Rows!);

        Assert.Equal(["=1+1", "'@x", "'texte", -12.5d], row.Cells);
    }

    [Fact]
    public void Csv_LineBeyondTheLimit_Refused_ColumnsCapped_EmptyLinesDropped()
    {
        var limits = new SheetLimits(3, 2);
        var ok = SpreadsheetReader.ReadCsv(Encoding.UTF8.GetBytes("Nom;Type;Extra\r\n\r\n'=Amiens;Commune;x\r\n"), limits, MemberSpreadsheet.FormatMessage);
        Assert.Equal([1, 3], ok.Rows!.Select(r => r.Number));
        Assert.Equal(["=Amiens", "Commune"], ok.Rows![1].Cells);

        var csv = new StringBuilder("Nom;Type\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append("Commune;Commune\r\n");
        }

        var refused = SpreadsheetReader.ReadCsv(Encoding.UTF8.GetBytes(csv.ToString()), limits, MemberSpreadsheet.FormatMessage);
        Assert.Equal(SpreadsheetReader.TooManyRowsMessage(3, 4), refused.Error);
        Assert.Equal(3, refused.RowsRead);
    }

    [Fact]
    public void CsvWriter_NumbersStayNumbers_TextNeutralised()
    {
        var csv = Encoding.UTF8.GetString(SpreadsheetWriter.Csv(["Nom", "Montant"], [["=HYPERLINK(\"http://x\";\"y\")", -12.50m], ["-12,50", 3L]])).TrimStart('\uFEFF');

        Assert.Equal("Nom;Montant\r\n\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";-12,5\r\n'-12,50;3\r\n", csv);
    }
}
