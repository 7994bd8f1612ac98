using MiniExcelLibs;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>
/// The per-item and per-member tables as XLSX (two sheets) or CSV (<c>;</c>, UTF-8 with BOM, decimal comma and no
/// thousands separator, so French Excel reads numbers as numbers). Only submitted and validated forms, as on the page;
/// the per-item table also gives what drafts and returned forms would add. Written by <see cref="SpreadsheetWriter"/>.
/// </summary>
public static class AggregationExport
{
    public static readonly IReadOnlyList<string> ItemHeaders =
    [
        "Lot", "Titre du lot", "Code", "Libellé", "Unité", "Prix unitaire HT (€)", "Période de prix", "Quantité", "Membres",
        "Valeur estimée HT (€)", "Valeur estimée TTC (€)", "Quantité en attente (brouillons et retournés)", "Valeur HT en attente (€)",
    ];

    public static readonly IReadOnlyList<string> MemberHeaders = ["Membre", "État du formulaire", "Valeur estimée HT (€)", "Valeur estimée TTC (€)"];

    public static List<object?[]> ItemRows(AggregationViewModel model) =>
        model.Result.Lots.SelectMany(lot => lot.Items.Select(i => new object?[]
        {
            (long)lot.Lot.LotNumber, lot.Lot.Title, i.Item.Code, i.Item.Label, i.Item.Unit, i.Item.UnitPriceCents / 100m,
            AggregationLabels.Period(i.Item.PricePeriod), i.Counted.Quantity, (long)i.Counted.MemberCount, i.Counted.Ht.Euros, i.Counted.Ttc.Euros,
            i.Pending.Quantity, i.Pending.Ht.Euros,
        })).ToList();

    /// <summary>Counted members first, then the drafts and returned forms (their state says they do not count).</summary>
    public static List<object?[]> MemberRows(AggregationViewModel model) =>
        model.CountedMembers.Concat(model.PendingMembers)
            .Select(m => new object?[] { m.Name, AggregationLabels.Status(m.Status), m.Ht.Euros, m.Ttc.Euros })
            .ToList();

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows) => SpreadsheetWriter.Csv(headers, rows);

    public static async Task<byte[]> XlsxAsync(AggregationViewModel model, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>
        {
            ["Articles"] = SpreadsheetWriter.Sheet(ItemHeaders, ItemRows(model)),
            ["Membres"] = SpreadsheetWriter.Sheet(MemberHeaders, MemberRows(model)),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }
}
