using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>
/// The needs form as a spreadsheet: its sheet, columns, limits and messages, shared by the download
/// (<see cref="NeedsSpreadsheetExport"/>), the reading of an upload (<see cref="NeedsSpreadsheetReader"/>) and its saving
/// (<see cref="NeedsSpreadsheetImport"/>). The downloaded file comes from the operator-editable template
/// templates/needs-form.xlsx (catalogue, the member's current lines, the form's id and Version); the uploaded file is the
/// whole form.
/// </summary>
public static class NeedsSpreadsheet
{
    public const string SheetName = "Besoins";
    public const string TemplateFile = "needs-form.xlsx";

    public const string LotColumn = "Lot";
    public const string CodeColumn = "Code";
    public const string ArticleColumn = "Article";
    public const string UnitColumn = "Unité";
    public const string PriceColumn = "Prix unitaire HT";
    public const string SiteColumn = "Site";
    public const string QuantityColumn = "Quantité";
    public const string CommentColumn = "Commentaire";

    public const string RequiredMessage = "Choisissez le fichier XLSX du formulaire à importer.";
    public const string WrongSheetMessage = "Le classeur ne contient pas d'onglet « Besoins » : utilisez le fichier téléchargé depuis ce formulaire.";
    public const string UnreadableMessage = "Le classeur n'a pas pu être lu. Vérifiez qu'il s'agit du fichier téléchargé depuis ce formulaire, enregistré au format XLSX.";
    public const string StaleMessage = "Le formulaire a changé depuis le téléchargement de ce fichier : téléchargez-le à nouveau et reportez-y vos saisies. Rien n'a été enregistré.";
    public const string NothingSavedMessage = "Aucune ligne n'a été enregistrée : corrigez les lignes suivantes puis importez à nouveau le fichier.";
    public const int MaxRows = 20_000;
    public const int MaxPreambleRows = 50;
    public const int MaxColumns = 16;
    public const int MaxReportedErrors = 200;

    public static readonly IReadOnlyList<string> Headers = [LotColumn, CodeColumn, ArticleColumn, UnitColumn, PriceColumn, SiteColumn, QuantityColumn, CommentColumn];

    /// <summary>The unit as the spreadsheet and the PDF recap show it beside the quantity: what the price or the quantity covers.</summary>
    public static string UnitText(CatalogueItem item) => item.PricePeriod switch
    {
        PricePeriod.Monthly => $"{item.Unit} (prix mensuel)",
        PricePeriod.Annual => $"{item.Unit} (prix annuel)",
        _ => $"{item.Unit} (quantité {CatalogueText.BasisLabel(item.QuantityBasis)})",
    };
}
