using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>One item of a lot as its BPU shows it: the DQE quantity is the tender's snapshot, in thousandths.</summary>
public sealed record BpuItem(long ItemId, string Code, string Designation, string Unit, PricePeriod Period, QuantityBasis Basis, long DqeQuantityMilli);

/// <summary>What the BPU of one lot is generated from and checked against: the tender, the lot and its items.</summary>
public sealed record BpuLot(string TenderReference, string TenderObject, int LotNumber, string LotTitle, IReadOnlyList<BpuItem> Items);

/// <summary>The unit price a supplier gave for one item of the lot.</summary>
public sealed record BpuPrice(long ItemId, UnitPrice UnitPrice);

/// <summary>
/// A filled BPU read back: one price for every item of the lot (in the lot's order), and the supplier's name and SIRET as
/// typed in the header block (informative: the offer's supplier is chosen on the page).
/// </summary>
public sealed record BpuPrices(IReadOnlyList<BpuPrice> Prices, string? SupplierName, string? Siret);

/// <summary>
/// The result of reading a BPU: the prices, or why the whole file is refused — <see cref="FileError"/> for the file itself
/// (unreadable, another tender or lot), <see cref="Errors"/> for its rows, each "Ligne n, colonne X : …". Nothing is
/// taken from a file with any error.
/// </summary>
public sealed record BpuReadResult(BpuPrices? Prices, string? FileError, IReadOnlyList<string> Errors)
{
    public bool IsValid => Prices is not null;

    public static BpuReadResult Refused(string message) => new(null, message, []);
}

/// <summary>
/// The BPU (bordereau des prix unitaires) spreadsheet of a lot: generated from the operator-editable template
/// templates/bpu.xlsx by <see cref="BpuSpreadsheetExport"/>, sent to suppliers, filled with their unit prices HT (up to 4
/// decimals, <see cref="UnitPrice"/>) and read back by <see cref="BpuSpreadsheetReader"/>. The names both share.
/// </summary>
public static class BpuSpreadsheet
{
    public const string SheetName = "BPU";
    public const string TemplateFile = "bpu.xlsx";

    public const string CodeColumn = "Code";
    public const string DesignationColumn = "Désignation";
    public const string UnitColumn = "Unité";
    public const string PeriodColumn = "Période de prix";
    public const string BasisColumn = "Base de quantité";
    public const string QuantityColumn = "Quantité DQE (indicative)";
    public const string PriceColumn = "Prix unitaire HT (€)";

    /// <summary>The labels of the header block, each followed on its right by its value.</summary>
    public const string ReferenceLabel = "Consultation n°";
    public const string LotLabel = "Lot n°";
    public const string SupplierLabel = "Candidat (raison sociale)";
    public const string SiretLabel = "SIRET";

    public static readonly IReadOnlyList<string> Headers = [CodeColumn, DesignationColumn, UnitColumn, PeriodColumn, BasisColumn, QuantityColumn, PriceColumn];

    /// <summary>The price period as the needs form names it: ponctuel, mensuel, annuel.</summary>
    public static string PeriodText(BpuItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return CatalogueText.PeriodLabel(item.Period);
    }

    /// <summary>What a one-off item's quantity covers (par an, sur la durée), as the needs form says it; empty for a periodic price.</summary>
    public static string BasisText(BpuItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Period == PricePeriod.OneOff ? CatalogueText.BasisLabel(item.Basis) : string.Empty;
    }
}
