using System.Text;
using MiniExcelLibs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Features.Aggregation;

/// <summary>
/// The per-item and per-member tables as XLSX (two sheets) or CSV (<c>;</c>, UTF-8 with BOM, decimal comma and no
/// thousands separator, so French Excel reads numbers as numbers). Only submitted and validated forms, as on the page;
/// the per-item table also gives what drafts and returned forms would add.
/// </summary>
public static class AggregationExport
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

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

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(';', headers.Select(Quote))).Append("\r\n");
        foreach (var row in rows)
        {
            sb.Append(string.Join(';', row.Select(v => v switch
            {
                null => string.Empty,
                long l => FrenchNumber.ForSpreadsheet(l),
                decimal d => FrenchNumber.ForSpreadsheet(d),
                _ => Quote(v.ToString() ?? string.Empty),
            }))).Append("\r\n");
        }

        return [.. Utf8Bom, .. new UTF8Encoding(false).GetBytes(sb.ToString())];
    }

    public static async Task<byte[]> XlsxAsync(AggregationViewModel model, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>
        {
            ["Articles"] = Sheet(ItemHeaders, ItemRows(model)),
            ["Membres"] = Sheet(MemberHeaders, MemberRows(model)),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> headers, List<object?[]> rows) =>
        rows.Select(row =>
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < headers.Count; i++)
            {
                d[headers[i]] = row[i];
            }

            return d;
        }).ToList();

    /// <summary>Quotes a text cell when needed; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
