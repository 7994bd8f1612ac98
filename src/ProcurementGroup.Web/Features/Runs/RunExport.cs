using MiniExcelLibs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Web.Infrastructure.Spreadsheets;

namespace ProcurementGroup.Web.Features.Runs;

public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The accounting export of an issued run (issue 9 item 9), ready for issuing the titres de recettes: one line per member
/// statement, and a detail file with one line per member and cost line. Written by <see cref="SpreadsheetWriter"/>: amounts
/// in euros as French Excel reads them, every text neutralised so that no cell becomes a formula.
/// </summary>
public sealed class RunExport(IAllocationRunRepository runs)
{
    public static readonly IReadOnlyList<string> StatementHeaders =
        ["N° d'état", "Membre", "SIREN", "SIRET de facturation", "Code service Chorus Pro", "Date", "Échéance", "Compte budgétaire", "Avoir", "HT (€)", "TVA (€)", "TTC (€)"];

    public static readonly IReadOnlyList<string> DetailHeaders =
        ["N° d'état", "Membre", "SIREN", "Marché", "Ligne", "Clé", "Base", "Base totale", "HT (€)", "TVA (€)", "TTC (€)"];

    /// <summary>The file's bytes, content type and name; null when the run does not exist or is not issued.</summary>
    public async Task<(byte[] Bytes, string ContentType, string FileName)?> ExportAsync(long runId, ExportFormat format, bool detail, CancellationToken cancellationToken = default)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { State: RunState.Issued })
        {
            return null;
        }

        var statements = await runs.StatementsAsync(runId, cancellationToken);
        IReadOnlyList<string> headers;
        List<object?[]> rows;
        if (detail)
        {
            headers = DetailHeaders;
            rows = await DetailRowsAsync(runId, statements, cancellationToken);
        }
        else
        {
            headers = StatementHeaders;
            var account = await runs.BudgetAccountAsync(cancellationToken);
            rows = statements.Select(s => new object?[]
            {
                s.Number, s.MemberName, s.Siren, s.BillingSiret, s.ChorusServiceCode, FrenchFormat.Date(s.IssuedOn), s.DueOn is { } due ? FrenchFormat.Date(due) : null,
                account, s.IsCredit ? "oui" : "non", Euros(s.HtCents), Euros(s.VatCents), Euros(s.TtcCents),
            }).ToList();
        }

        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repartition-{runId}{(detail ? "-detail" : string.Empty)}");
        if (format == ExportFormat.Csv)
        {
            return (SpreadsheetWriter.Csv(headers, rows), "text/csv; charset=utf-8", name + ".csv");
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(SpreadsheetWriter.Sheet(headers, rows), sheetName: detail ? "Détail" : "États", excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return (stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    private async Task<List<object?[]>> DetailRowsAsync(long runId, IReadOnlyList<StatementRow> statements, CancellationToken cancellationToken)
    {
        var numbers = statements.ToDictionary(s => s.MemberId);
        var lines = (await runs.LinesAsync(runId, cancellationToken)).ToDictionary(l => l.Id);
        var rows = new List<object?[]>();
        foreach (var share in await runs.SharesAsync(runId, cancellationToken))
        {
            var statement = numbers.GetValueOrDefault(share.MemberId);
            var line = share.IsFee ? null : lines[share.RunCostLineId];
            rows.Add(
            [
                statement?.Number, share.MemberName, statement?.Siren, line?.ContractReference, line?.Label ?? RunText.FeeLabel, line?.KeyText,
                RunText.Base(share.BaseText), RunText.Base(share.TotalBaseText), Euros(share.HtCents), Euros(share.VatCents), Euros(share.HtCents + share.VatCents),
            ]);
        }

        return rows;
    }

    private static decimal Euros(long cents) => cents / 100m;
}
