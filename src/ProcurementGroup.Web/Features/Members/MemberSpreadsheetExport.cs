using MiniExcelLibs;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;
using static ProcurementGroup.Web.Features.Members.MemberSpreadsheet;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>The members with their latest year's bases as XLSX or CSV, in the columns the import reads back.</summary>
public sealed class MemberSpreadsheetExport(IMemberRepository members)
{
    /// <summary>One row per member with its latest year's bases; numbers stay numbers (long), texts stay texts.</summary>
    private async Task<List<object?[]>> RowsAsync(CancellationToken cancellationToken)
    {
        var all = await members.ListAllAsync(cancellationToken);
        var bases = await members.LatestBasesAsync(cancellationToken);
        return all.Select(m =>
        {
            bases.TryGetValue(m.Id, out var b);
            return new object?[]
            {
                m.Name, MemberLabels.Kind(m.Kind), m.Siren, m.BillingSiret, m.ChorusServiceCode, m.AddressLine1, m.AddressLine2, m.PostalCode, m.City,
                m.BillingEmail, (long?)b?.Year, b?.PopulationMunicipale, b?.PopulationTotale, (long?)b?.PopulationInseeYear, b?.Pupils, b?.Schools, b?.Sites, b?.Lines,
            };
        }).ToList();
    }

    public async Task<byte[]> ExportCsvAsync(CancellationToken cancellationToken = default) =>
        SpreadsheetWriter.Csv(Headers, await RowsAsync(cancellationToken));

    public async Task<byte[]> ExportXlsxAsync(CancellationToken cancellationToken = default)
    {
        var sheet = SpreadsheetWriter.Sheet(Headers, await RowsAsync(cancellationToken));
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "Membres", excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }
}
