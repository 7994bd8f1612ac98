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

    // The schema's enumerations, in its order (reference/decp/schema_decp_v2.0.3.json, definitions/marche: techniqueArray,
    // modaliteExecutionArray, ccag, typeGroupementOperateurs, lieuExecution.typeCode, typePrixArray, formePrix,
    // considerationSocialeArray, considerationEnvironnementaleArray). A test compares them with a copy of the schema.
    public static readonly IReadOnlyList<string> Techniques =
        [TechniqueAccordCadre, "Concours", "Système de qualification", "Système d'acquisition dynamique", "Catalogue électronique", "Enchère électronique", SansObjet];

    public static readonly IReadOnlyList<string> ModalitesExecution = ["Tranches", ModaliteBonsDeCommande, ModaliteMarchesSubsequents, SansObjet];

    public static readonly IReadOnlyList<string> Ccags =
        ["Travaux", "Maitrise d'œuvre", CcagFournituresServices, "Marchés industriels", "Prestations intellectuelles", CcagTic, "Pas de CCAG"];

    public static readonly IReadOnlyList<string> TypesGroupementOperateurs = ["Conjoint", "Solidaire", PasDeGroupement];

    public static readonly IReadOnlyList<string> LieuExecutionTypes =
        ["Code postal", "Code commune", "Code arrondissement", "Code canton", LieuCodeDepartement, "Code région", "Code pays"];

    public static readonly IReadOnlyList<string> TypesPrix = ["Définitif ferme", "Définitif actualisable", PrixDefinitifRevisable, "Provisoire"];

    public static readonly IReadOnlyList<string> FormesPrix = [FormePrixUnitaire, "Forfaitaire", "Mixte"];

    public static readonly IReadOnlyList<string> ConsiderationsSociales = ["Clause sociale", "Critère social", "Marché réservé", PasDeConsiderationSociale];

    public static readonly IReadOnlyList<string> ConsiderationsEnvironnementales = ["Clause environnementale", CritereEnvironnemental, PasDeConsiderationEnvironnementale];

    public const string PasDeConsiderationEnvironnementale = "Pas de considération environnementale";

    public const int LieuExecutionCodeMaxLength = 20;

    public const string ListMessage = "Cochez au moins une des valeurs proposées (codes du schéma DECP 2.0.3).";
    public const string ChoiceMessage = "Choisissez une des valeurs proposées (codes du schéma DECP 2.0.3).";
    public const string LieuExecutionCodeMessage = "Saisissez le code du lieu d'exécution (20 caractères au plus, par exemple 80).";

    public static string ExclusiveMessage(string none) => $"« {none} » ne se combine avec aucune autre valeur.";

    /// <summary>
    /// What the DECP 2.0.3 schema refuses in <paramref name="fields"/>, keyed by the name of the <see cref="DecpFields"/>
    /// property: a value outside the field's enumeration, an empty or repeated list (minItems 1, uniqueItems), a "none"
    /// value (« Sans objet », « Pas de considération … ») together with another, a blank or overlong place code.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(DecpFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new List<(string, string)>();
        void List(string field, IReadOnlyList<string> values, IReadOnlyList<string> allowed, string? none)
        {
            if (values.Count == 0 || values.Any(v => !allowed.Contains(v, StringComparer.Ordinal)) || values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                errors.Add((field, ListMessage));
            }
            else if (none is not null && values.Count > 1 && values.Contains(none, StringComparer.Ordinal))
            {
                errors.Add((field, ExclusiveMessage(none)));
            }
        }

        void One(string field, string value, IReadOnlyList<string> allowed)
        {
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                errors.Add((field, ChoiceMessage));
            }
        }

        List(nameof(DecpFields.Techniques), fields.Techniques, Techniques, SansObjet);
        List(nameof(DecpFields.ModalitesExecution), fields.ModalitesExecution, ModalitesExecution, SansObjet);
        One(nameof(DecpFields.Ccag), fields.Ccag, Ccags);
        One(nameof(DecpFields.TypeGroupementOperateurs), fields.TypeGroupementOperateurs, TypesGroupementOperateurs);
        if (string.IsNullOrWhiteSpace(fields.LieuExecutionCode) || fields.LieuExecutionCode.Length > LieuExecutionCodeMaxLength)
        {
            errors.Add((nameof(DecpFields.LieuExecutionCode), LieuExecutionCodeMessage));
        }

        One(nameof(DecpFields.LieuExecutionTypeCode), fields.LieuExecutionTypeCode, LieuExecutionTypes);
        List(nameof(DecpFields.TypesPrix), fields.TypesPrix, TypesPrix, null);
        One(nameof(DecpFields.FormePrix), fields.FormePrix, FormesPrix);
        List(nameof(DecpFields.ConsiderationsSociales), fields.ConsiderationsSociales, ConsiderationsSociales, PasDeConsiderationSociale);
        List(nameof(DecpFields.ConsiderationsEnvironnementales), fields.ConsiderationsEnvironnementales, ConsiderationsEnvironnementales, PasDeConsiderationEnvironnementale);
        return errors;
    }

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

    // Open data (issue 10): the codes the DECP export writes beyond the tender's fields.

    /// <summary>The DECP nature of every contract the coordinator passes (not a partnership nor a defence contract).</summary>
    public const string NatureMarche = "Marché";

    /// <summary>The holders' identifier type: the app records suppliers by SIRET.</summary>
    public const string TypeIdentifiantSiret = "SIRET";

    /// <summary>The schema's procedure codes (definitions/marche/properties/procedure), in its order.</summary>
    public static readonly IReadOnlyList<string> Procedures =
    [
        "Procédure adaptée", "Appel d'offres ouvert", "Appel d'offres restreint", "Procédure avec négociation",
        "Marché passé sans publicité ni mise en concurrence préalable", "Dialogue compétitif",
    ];

    /// <summary>The DECP procedure code of the app's procedure.</summary>
    public static string Procedure(TenderProcedure procedure) => procedure switch
    {
        TenderProcedure.NoPublicity => Procedures[4],
        TenderProcedure.Mapa => Procedures[0],
        TenderProcedure.OpenCallForTenders => Procedures[1],
        _ => throw new ArgumentOutOfRangeException(nameof(procedure), procedure, "No DECP code for this procedure."),
    };
}
