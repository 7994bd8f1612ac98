using System.Text;
using Microsoft.AspNetCore.Http;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Costs;
using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Tests.Costs;

/// <summary>Issue 9 item 3: supplier invoices imported from CSV or XLSX, all or nothing, with French row and column errors.</summary>
public sealed class CostSpreadsheetTests
{
    private const string Header = "N° de facture;Date de facture;Début de période;Fin de période;Libellé;Montant HT (€);Taux de TVA (%);SIREN du membre (coût propre à un membre)";

    // Two participants of the contract: Amiens (200040715) and Vimeu (248000531).
    private static readonly CostImportContext Context = new(
        new Dictionary<string, long> { ["200040715"] = 1, ["248000531"] = 2 },
        new HashSet<(string, string)> { CostImportContext.KeyOf("F-OLD", "Hub") });

    private static CostImportResult Csv(string text, bool bom = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var read = SpreadsheetReader.ReadCsv(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, CostSpreadsheet.Limits, CostSpreadsheet.FormatMessage);
        Assert.NotNull(read.Rows);
        return CostSpreadsheet.Parse(read.Rows, Context);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Csv_WithOrWithoutBom_GivesEachLineInCents(bool bom)
    {
        var result = Csv(
            Header + "\r\n"
            + "F-1;15/04/2026;01/01/2026;31/03/2026;Hub télécom mutualisé;1 234,56;20;\r\n"
            + "F-1;15/04/2026;01/01/2026;31/03/2026;Ligne propre d'Amiens;10;5,5;200 040 715\r\n",
            bom);

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Equal(2, result.Lines!.Count);
        var hub = result.Lines[0].Entry;
        Assert.Equal(("F-1", "Hub télécom mutualisé", 123_456L, 2000, (long?)null), (hub.InvoiceNumber, hub.Label, hub.AmountHtCents, hub.VatRateBasisPoints, hub.MemberId));
        Assert.Equal((new DateOnly(2026, 4, 15), new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), (hub.InvoiceDate, hub.PeriodFrom, hub.PeriodTo));
        Assert.Equal((3, 1_000L, 550, (long?)1), (result.Lines[1].RowNumber, result.Lines[1].Entry.AmountHtCents, result.Lines[1].Entry.VatRateBasisPoints, result.Lines[1].MemberId));
    }

    [Fact]
    public void Csv_OneBadLine_RefusesTheWholeFileNamingRowAndColumn()
    {
        var result = Csv(
            Header + "\r\n"
            + "F-1;15/04/2026;01/01/2026;31/03/2026;Hub;100;20;\r\n"
            + "F-2;15/04/2026;01/04/2026;31/03/2026;Hub;-5;19,6;\r\n"
            + "F-3;15/04/2026;01/01/2026;31/03/2026;Hub;1.000;20;\r\n");

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                CostSpreadsheet.NothingSavedMessage,
                "Ligne 3, colonne Montant HT (€) : « -5 » : " + LowerFirst(CostEntryRules.AmountInvalid),
                "Ligne 3, colonne Taux de TVA (%) : « 19,6 » : " + LowerFirst(CostEntryRules.VatInvalid),
                "Ligne 3, colonne Fin de période : " + LowerFirst(CostEntryRules.PeriodOrder),
                "Ligne 4, colonne Montant HT (€) : " + LowerFirst(FrenchNumber.AmbiguousMessage),
            ],
            result.Errors);
    }

    [Fact]
    public void Csv_TheSameInvoiceLineTwice_OrOneAlreadyRecorded_IsRefused()
    {
        var result = Csv(
            Header + "\r\n"
            + "F-1;15/04/2026;01/01/2026;31/03/2026;Hub;100;20;\r\n"
            + "f-1;15/04/2026;01/01/2026;31/03/2026;HUB;200;20;\r\n"
            + "F-OLD;15/04/2026;01/01/2026;31/03/2026;Hub;100;20;\r\n");

        Assert.Equal(
            [
                CostSpreadsheet.NothingSavedMessage,
                "Ligne 3, colonne N° de facture : la facture f-1, libellé « HUB », figure déjà à la ligne 2 du fichier.",
                "Ligne 4, colonne N° de facture : la facture F-OLD, libellé « Hub », est déjà enregistrée pour ce marché.",
            ],
            result.Errors);
    }

    [Fact]
    public void Csv_AMemberThatDoesNotTakePart_OrAnInvalidSiren_IsRefused()
    {
        var result = Csv(
            Header + "\r\n"
            + "F-1;15/04/2026;01/01/2026;31/03/2026;Hub;100;20;218000198\r\n"
            + "F-2;15/04/2026;01/01/2026;31/03/2026;Hub;100;20;123\r\n");

        Assert.Equal(
            [
                CostSpreadsheet.NothingSavedMessage,
                "Ligne 2, colonne SIREN du membre (coût propre à un membre) : le membre de SIREN 218000198 ne participe pas à ce marché : une dépense propre à un membre ne peut être imputée qu'à un membre participant.",
                "Ligne 3, colonne SIREN du membre (coût propre à un membre) : « 123 » n'est pas un SIREN valide (9 chiffres et une clé de contrôle).",
            ],
            result.Errors);
    }

    [Fact]
    public void Csv_WithoutTheHeader_OrWithoutLines_IsRefused()
    {
        Assert.Equal(
            ["Ligne d'en-tête introuvable : les colonnes attendues sont " + string.Join(" | ", CostSpreadsheet.Headers) + "."],
            Csv("Facture;Montant\r\nF-1;100\r\n").Errors);
        Assert.Equal([CostSpreadsheet.EmptyMessage], Csv(Header + "\r\n").Errors);
    }

    [Fact]
    public async Task Template_ReadBack_GivesItsExampleLine()
    {
        var template = await CostSpreadsheet.TemplateAsync();

        var read = SpreadsheetReader.ReadXlsx(new MemoryStream(template), CostSpreadsheet.Limits);
        var result = CostSpreadsheet.Parse(read.Rows!, Context);

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        var line = Assert.Single(result.Lines!).Entry;
        Assert.Equal(("F-2026-0001", 123_456L, 2000, new DateOnly(2026, 4, 15), new DateOnly(2026, 3, 31)), (line.InvoiceNumber, line.AmountHtCents, line.VatRateBasisPoints, line.InvoiceDate, line.PeriodTo));
    }

    [Fact]
    public void Xlsx_NumberCellsAndIsoDates_AreRead()
    {
        var xlsx = CraftedFiles.Workbook(
            CostSpreadsheet.SheetName,
            [
                (1, [.. CostSpreadsheet.Headers]),
                (2, ["F-9", "2026-05-02", "01/04/2026", "30/06/2026", "Plateforme ENT", 2500.5d, 10d, "248000531"]),
            ]);

        var read = SpreadsheetReader.ReadXlsx(new MemoryStream(xlsx), CostSpreadsheet.Limits);
        var result = CostSpreadsheet.Parse(read.Rows!, Context);

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        var line = Assert.Single(result.Lines!);
        Assert.Equal((250_050L, 1000, new DateOnly(2026, 5, 2), (long?)2), (line.Entry.AmountHtCents, line.Entry.VatRateBasisPoints, line.Entry.InvoiceDate, line.MemberId));
    }

    [Fact]
    public async Task Upload_OfAnotherKindOfFile_IsRefusedInFrench()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("hello"));
        var file = new FormFile(stream, 0, stream.Length, "File", "factures.txt");

        var result = await CostSpreadsheet.ReadAsync(file, Context);

        Assert.Equal([CostSpreadsheet.FormatMessage], result.Errors);
        Assert.Equal([CostSpreadsheet.RequiredMessage], (await CostSpreadsheet.ReadAsync(null, Context)).Errors);
    }

    private static string LowerFirst(string message) => char.ToLower(message[0], Core.Text.FrenchFormat.Culture) + message[1..];
}
