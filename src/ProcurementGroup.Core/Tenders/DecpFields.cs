using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// What the DECP 2.0.3 schema (arrêtés of 22 December 2022, <c>reference/decp/schema_decp_v2.0.3.json</c>) requires of
/// each contract beyond its figures, recorded on the tender so that the open-data publication can publish every
/// contract. Values are the schema's own codes (its enumerations, in French); the lists have at least one code.
/// </summary>
public sealed record DecpFields(
    IReadOnlyList<string> Techniques,
    IReadOnlyList<string> ModalitesExecution,
    bool MarcheInnovant,
    string Ccag,
    bool AttributionAvance,
    string TypeGroupementOperateurs,
    string LieuExecutionCode,
    string LieuExecutionTypeCode,
    IReadOnlyList<string> TypesPrix,
    string FormePrix,
    IReadOnlyList<string> ConsiderationsSociales,
    IReadOnlyList<string> ConsiderationsEnvironnementales);

/// <summary>The DECP 2.0.3 codes the app uses, and sensible defaults for a tender of the coordinator.</summary>
public static class DecpCodes
{
    public const string TechniqueAccordCadre = "Accord-cadre";
    public const string SansObjet = "Sans objet";
    public const string ModaliteBonsDeCommande = "Bons de commande";
    public const string ModaliteMarchesSubsequents = "Marchés subséquents";
    public const string CcagTic = "Techniques de l'information et de la communication";
    public const string CcagFournituresServices = "Fournitures courantes et services";
    public const string PasDeGroupement = "Pas de groupement";
    public const string LieuCodeDepartement = "Code département";
    public const string PrixDefinitifRevisable = "Définitif révisable";
    public const string FormePrixUnitaire = "Unitaire";
    public const string PasDeConsiderationSociale = "Pas de considération sociale";
    public const string CritereEnvironnemental = "Critère environnemental";

    /// <summary>The separator of a list field as stored (no code of the schema contains it).</summary>
    public const char ListSeparator = '|';

    /// <summary>
    /// Defaults for a tender of the coordinator (telecom, ENT and IT: the CCAG-TIC), executed in
    /// <paramref name="lieuExecutionCode"/> (e.g. the département, "80"): the technique and the modality follow the contract
    /// form; BPU unit prices, revisable over a multi-year contract; no innovation, advance, groupement of operators nor
    /// social consideration declared; an environmental criterion (required from 21 August 2026, L2152-7).
    /// </summary>
    public static DecpFields Defaults(ContractForm form, string lieuExecutionCode, string lieuExecutionTypeCode = LieuCodeDepartement) => new(
        [form == ContractForm.Ordinary ? SansObjet : TechniqueAccordCadre],
        [form switch
        {
            ContractForm.FrameworkPurchaseOrders => ModaliteBonsDeCommande,
            ContractForm.FrameworkSubsequentContracts => ModaliteMarchesSubsequents,
            _ => SansObjet,
        }],
        false,
        CcagTic,
        false,
        PasDeGroupement,
        lieuExecutionCode,
        lieuExecutionTypeCode,
        [PrixDefinitifRevisable],
        FormePrixUnitaire,
        [PasDeConsiderationSociale],
        [CritereEnvironnemental]);

    public static string Join(IEnumerable<string> codes) => string.Join(ListSeparator, codes);

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(ListSeparator);
}
