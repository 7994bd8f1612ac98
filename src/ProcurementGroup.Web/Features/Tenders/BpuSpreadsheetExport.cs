using System.Globalization;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// Writes the BPU of one lot from the operator-editable template templates/bpu.xlsx (MiniExcel's template feature, like the
/// needs form): the header block (tender reference, object, lot number and title; the supplier's name and SIRET left to
/// fill) and one row per item with its code, designation, unit, price period, quantity basis and DQE quantity, the unit
/// price column left empty. Every text goes through <see cref="SpreadsheetText.Neutralise"/>: the template engine turns a
/// value starting with <c>$=</c> into a live formula, and a spreadsheet one starting with <c>=</c>.
/// </summary>
public static class BpuSpreadsheetExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The download's file name: BPU-2026-TEL-01-lot-1.xlsx (characters unfit for a file name replaced).</summary>
    public static string FileName(BpuLot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var reference = new string([.. lot.TenderReference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        return string.Create(CultureInfo.InvariantCulture, $"BPU-{reference}-lot-{lot.LotNumber}.xlsx");
    }

    public static async Task<byte[]> CreateAsync(BpuLot lot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var items = lot.Items.Select(item => new Dictionary<string, object?>
        {
            ["Code"] = SpreadsheetText.Neutralise(item.Code),
            ["Designation"] = SpreadsheetText.Neutralise(item.Designation),
            ["Unit"] = SpreadsheetText.Neutralise(item.Unit),
            ["Period"] = BpuSpreadsheet.PeriodText(item),
            ["Basis"] = BpuSpreadsheet.BasisText(item),
            ["Quantity"] = item.DqeQuantityMilli / (decimal)EstimatedValue.QuantityScale,
            ["Price"] = null,
        }).ToList();

        var values = new Dictionary<string, object?>
        {
            ["Reference"] = SpreadsheetText.Neutralise(lot.TenderReference),
            ["Object"] = SpreadsheetText.Neutralise(lot.TenderObject),
            ["LotNumber"] = lot.LotNumber,
            ["LotTitle"] = SpreadsheetText.Neutralise(lot.LotTitle),
            ["Items"] = items,
        };

        return await SpreadsheetTemplate.FillAsync(BpuSpreadsheet.TemplateFile, values, cancellationToken);
    }
}
