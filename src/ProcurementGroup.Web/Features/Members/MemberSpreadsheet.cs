using ProcurementGroup.Web.Infrastructure.Uploads;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>
/// The members file, XLSX or CSV (<c>;</c>, UTF-8 with BOM, decimal comma, no thousands separator, so that French Excel reads
/// the numbers as numbers): its columns, limits and messages, shared by the export (<see cref="MemberSpreadsheetExport"/>),
/// the reading of an upload (<see cref="MemberSpreadsheetReader"/>) and the import (<see cref="MemberSpreadsheetImport"/>).
/// </summary>
public static class MemberSpreadsheet
{
    public const string RequiredMessage = "Choisissez un fichier XLSX ou CSV à importer.";
    public const string TooLargeMessage = XlsxUpload.TooLargeMessage;
    public const string FormatMessage = "Le fichier doit être un classeur XLSX ou un fichier CSV (séparateur « ; »).";
    public const string NotXlsxMessage = XlsxUpload.NotXlsxMessage;
    public const string ZipBombMessage = XlsxUpload.ZipBombMessage;
    public const string UnreadableMessage = XlsxUpload.UnreadableMessage;
    public const string EmptyMessage = "Le fichier ne contient aucune ligne de membre sous la ligne d'en-tête.";
    public const int MaxLines = 10_000;

    public const string Name = "Nom";
    public const string Kind = "Type";
    public const string SirenColumn = "SIREN";
    public const string BillingSiret = "SIRET facturation";
    public const string Chorus = "Code service Chorus";
    public const string Address1 = "Adresse 1";
    public const string Address2 = "Adresse 2";
    public const string PostalCode = "Code postal";
    public const string City = "Ville";
    public const string Email = "Courriel facturation";
    public const string Year = "Année";
    public const string PopulationMunicipale = "Population municipale";
    public const string PopulationTotale = "Population totale";
    public const string InseeYear = "Année INSEE";
    public const string Pupils = "Élèves";
    public const string Schools = "Écoles";
    public const string Sites = "Sites";
    public const string Lines = "Lignes";

    public static readonly IReadOnlyList<string> Headers =
        [Name, Kind, SirenColumn, BillingSiret, Chorus, Address1, Address2, PostalCode, City, Email, Year, PopulationMunicipale, PopulationTotale, InseeYear, Pupils, Schools, Sites, Lines];
}
