using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Tenders;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>The tenders list: each tender with the title of its campaign.</summary>
public sealed record TenderListViewModel(IReadOnlyList<TenderRow> Tenders, IReadOnlyDictionary<long, string> CampaignTitles);

/// <summary>One campaign lot on the creation form: its maximum and whether the stored advice placed it under the small-lots exception.</summary>
public sealed record CreateLotInfo(long CampaignLotId, int LotNumber, string Title, long? MaximumCents, bool SmallLotException);

/// <summary>What the creation page shows from the closed campaign (never posted back).</summary>
public sealed class CreateTenderContext
{
    public NeedsCampaign Campaign { get; init; } = new();

    public IReadOnlyList<CreateLotInfo> Lots { get; init; } = [];

    /// <summary>The procedure the stored advice requires; formalised when no advice was stored (the safe side).</summary>
    public RequiredProcedure Advised { get; init; } = RequiredProcedure.Formalised;

    public bool HasAdvice { get; init; }
}

/// <summary>A lot's CPV code and procedure as typed on the creation form.</summary>
public sealed class TenderLotInput
{
    public long CampaignLotId { get; set; }

    [Display(Name = "Code CPV")]
    public string? CpvCode { get; set; }

    [Display(Name = "Procédure")]
    public string? Procedure { get; set; }
}

/// <summary>The creation form of a tender from a closed campaign (texts as typed; parsed by <see cref="TenderService"/>).</summary>
public sealed class CreateTenderForm
{
    [Display(Name = "Référence")]
    public string? Reference { get; set; }

    [Display(Name = "Objet")]
    public string? Object { get; set; }

    [Display(Name = "Durée en mois")]
    public string? DurationMonths { get; set; }

    [Display(Name = "Lieu d'exécution (code département)")]
    public string? LieuExecutionCode { get; set; }

    public List<TenderLotInput> Lots { get; set; } = [];

    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public CreateTenderContext Context { get; set; } = new();
}

/// <summary>A lot of a draft tender on the edit form.</summary>
public sealed class EditLotInput
{
    public long TenderLotId { get; set; }

    public string? CpvCode { get; set; }

    public string? Procedure { get; set; }
}

/// <summary>The edit form of a draft tender: object, duration, lots' CPV and procedure, and the DECP fields (the schema's codes: lists as checkboxes, single values as selects).</summary>
public sealed class EditTenderForm : IDecpInput
{
    public int Version { get; set; }

    [Display(Name = "Objet")]
    public string? Object { get; set; }

    [Display(Name = "Durée en mois")]
    public string? DurationMonths { get; set; }

    public List<EditLotInput> Lots { get; set; } = [];

    [Display(Name = "Techniques d'achat")]
    public List<string> Techniques { get; set; } = [];

    [Display(Name = "Modalités d'exécution")]
    public List<string> ModalitesExecution { get; set; } = [];

    [Display(Name = "Marché innovant")]
    public bool MarcheInnovant { get; set; }

    [Display(Name = "CCAG de référence")]
    public string? Ccag { get; set; }

    [Display(Name = "Avance attribuée")]
    public bool AttributionAvance { get; set; }

    [Display(Name = "Type de groupement d'opérateurs")]
    public string? TypeGroupementOperateurs { get; set; }

    [Display(Name = "Lieu d'exécution (code)")]
    public string? LieuExecutionCode { get; set; }

    [Display(Name = "Type de code du lieu d'exécution")]
    public string? LieuExecutionTypeCode { get; set; }

    [Display(Name = "Types de prix")]
    public List<string> TypesPrix { get; set; } = [];

    [Display(Name = "Forme du prix")]
    public string? FormePrix { get; set; }

    [Display(Name = "Considérations sociales")]
    public List<string> ConsiderationsSociales { get; set; } = [];

    [Display(Name = "Considérations environnementales")]
    public List<string> ConsiderationsEnvironnementales { get; set; } = [];

    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public TenderDetails? Details { get; set; }

    public static EditTenderForm From(TenderDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var t = details.Tender;
        var decp = t.Decp;
        return new EditTenderForm
        {
            Version = t.Version,
            Object = t.Object,
            DurationMonths = t.DurationMonths.ToString(CultureInfo.InvariantCulture),
            Lots = details.Lots.Select(l => new EditLotInput { TenderLotId = l.Id, CpvCode = l.CpvCode, Procedure = TenderForms.Value(l.ProcedureType) }).ToList(),
            Techniques = decp.Techniques.ToList(),
            ModalitesExecution = decp.ModalitesExecution.ToList(),
            MarcheInnovant = decp.MarcheInnovant,
            Ccag = decp.Ccag,
            AttributionAvance = decp.AttributionAvance,
            TypeGroupementOperateurs = decp.TypeGroupementOperateurs,
            LieuExecutionCode = decp.LieuExecutionCode,
            LieuExecutionTypeCode = decp.LieuExecutionTypeCode,
            TypesPrix = decp.TypesPrix.ToList(),
            FormePrix = decp.FormePrix,
            ConsiderationsSociales = decp.ConsiderationsSociales.ToList(),
            ConsiderationsEnvironnementales = decp.ConsiderationsEnvironnementales.ToList(),
            Details = details,
        };
    }
}

/// <summary>A sub-criterion row of the criteria editor; a row left blank is ignored.</summary>
public sealed class SubCriterionInput
{
    public string? Name { get; set; }

    public string? Weight { get; set; }

    public string? MaxScore { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Weight) && string.IsNullOrWhiteSpace(MaxScore);
}

/// <summary>A criterion row of the criteria editor; a row left blank is ignored.</summary>
public sealed class CriterionInput
{
    public string? Name { get; set; }

    public string? Kind { get; set; }

    public string? Weight { get; set; }

    public List<SubCriterionInput> SubCriteria { get; set; } = [];

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Weight) && SubCriteria.All(s => s.IsBlank);
}

/// <summary>The criteria editor of a draft tender: a fixed number of rows (no script), blank rows ignored.</summary>
public sealed class CriteriaForm
{
    public const int CriterionRows = 6;
    public const int SubCriterionRows = 4;

    public int Version { get; set; }

    [Display(Name = "Formule de notation du prix")]
    public string? PriceFormula { get; set; }

    [Display(Name = "Note maximale (Nmax)")]
    public string? MaxScore { get; set; }

    public List<CriterionInput> Criteria { get; set; } = [];

    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public TenderRow? Tender { get; set; }

    /// <summary>Pads the rows to the editor's fixed size so that a criterion or sub-criterion can be added without script.</summary>
    public CriteriaForm Padded()
    {
        Criteria ??= [];
        while (Criteria.Count < CriterionRows)
        {
            Criteria.Add(new CriterionInput());
        }

        foreach (var c in Criteria)
        {
            c.SubCriteria ??= [];
            while (c.SubCriteria.Count < SubCriterionRows)
            {
                c.SubCriteria.Add(new SubCriterionInput());
            }
        }

        return this;
    }

    public static CriteriaForm From(TenderDetails details)
    {
        var criteria = details.AwardCriteria;
        return new CriteriaForm
        {
            Version = details.Tender.Version,
            PriceFormula = ((int)criteria.Formula).ToString(CultureInfo.InvariantCulture),
            MaxScore = TenderForms.Score(criteria.MaxScore),
            Criteria = criteria.Criteria.Select(c => new CriterionInput
            {
                Name = c.Name,
                Kind = ((int)c.Kind).ToString(CultureInfo.InvariantCulture),
                Weight = c.Weight.ToString(CultureInfo.InvariantCulture),
                SubCriteria = c.SubCriteria.Select(s => new SubCriterionInput
                {
                    Name = s.Name,
                    Weight = s.Weight.ToString(CultureInfo.InvariantCulture),
                    MaxScore = TenderForms.Score(s.MaxScore),
                }).ToList(),
            }).ToList(),
            Tender = details.Tender,
        }.Padded();
    }
}

/// <summary>The publication form: the offer deadline typed in Paris time, and whether offers are received electronically.</summary>
public sealed class PublishInput
{
    public int Version { get; set; }

    [Display(Name = "Date limite de réception des offres (heure de Paris)")]
    public string? Deadline { get; set; }

    [Display(Name = "Offres reçues par voie électronique")]
    public bool ElectronicOffers { get; set; } = true;
}

/// <summary>A transition without data (closing after the deadline): the Version read.</summary>
public sealed class VersionInput
{
    public int Version { get; set; }
}

/// <summary>Infructueuse or sans suite: the mandatory reason.</summary>
public sealed class ReasonInput
{
    public int Version { get; set; }

    [Display(Name = "Motif")]
    public string? Reason { get; set; }
}

/// <summary>The decision of the commission d'appel d'offres.</summary>
public sealed class CommissionInput
{
    public int Version { get; set; }

    [Display(Name = "Date de la séance")]
    public string? Date { get; set; }

    [Display(Name = "Décision")]
    public string? Decision { get; set; }
}

/// <summary>The tender page: header, state and history, lots, items with the DQE snapshot, criteria, and the forms of the transitions allowed.</summary>
public sealed class TenderDetailsViewModel
{
    public required TenderDetails Details { get; init; }

    public required string CampaignTitle { get; init; }

    public required IReadOnlyList<AuditEntry> History { get; init; }

    public PublishInput Publish { get; set; } = new();

    public VersionInput Close { get; set; } = new();

    public VersionInput Evaluate { get; set; } = new();

    public ReasonInput Unsuccessful { get; set; } = new();

    public ReasonInput Abandon { get; set; } = new();

    public CommissionInput Commission { get; set; } = new();

    public TenderRow Tender => Details.Tender;
}

/// <summary>Labels and formatting shared by the tender pages.</summary>
public static class TenderForms
{
    public const int ObjectMaxLength = 500;
    public const int DecisionMaxLength = 2000;
    public const int DurationMaxMonths = 120;

    public const string ObjectMessage = "Indiquez l'objet de la consultation (500 caractères au plus).";
    public const string DurationMessage = "La durée s'exprime en mois entiers, de 1 à 120.";
    public const string ProcedureMessage = "Choisissez la procédure.";
    public const string LieuMessage = "Le lieu d'exécution est un code de département (par exemple 80, 2A ou 971).";
    public const string DuplicateReferenceMessage = "Une consultation porte déjà cette référence : prenez le numéro suivant (par exemple 2026-TEL-02 pour une relance).";
    public const string CampaignNotClosedMessage = "Une consultation se lance depuis une campagne clôturée : clôturez d'abord la campagne.";
    public const string NoLotMessage = "La campagne n'a aucun lot : une consultation porte sur au moins un lot.";
    public const string KindMessage = "Choisissez le type de chaque critère (prix, technique ou environnemental).";
    public const string WeightMessage = "Les pondérations sont des nombres entiers de points.";
    public const string ScoreMessage = "Les notes maximales sont des nombres (par exemple 10 ou 20), avec au plus 4 décimales.";
    public const string FormulaMessage = "Choisissez la formule de notation du prix.";
    public const string NotDraftMessage = "La consultation n'est plus en brouillon : ses critères et ses lots sont figés depuis la publication.";
    public const string CommissionDateMessage = "Saisissez la date de la séance de la commission au format jj/mm/aaaa.";
    public const string DraftUpdated = "DraftUpdated";
    public const string CommissionDecisionMessage = "Indiquez la décision de la commission (2 000 caractères au plus).";
    public const string LotNotEvaluatedMessage =
        "L'analyse du lot n° {0} n'est pas terminée : saisissez les prix et les notes de chaque offre, décidez des offres anormalement basses et départagez les égalités avant de clore l'analyse.";

    public static readonly IReadOnlyList<TenderProcedure> Procedures = [TenderProcedure.OpenCallForTenders, TenderProcedure.Mapa, TenderProcedure.NoPublicity];

    public static readonly IReadOnlyList<CriterionKind> Kinds = [CriterionKind.Price, CriterionKind.Technical, CriterionKind.Environmental];

    public static string Value(Enum value) => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    public static string Score(decimal score) => score.ToString("0.####", FrenchFormat.Culture);

    public static string Score(long tenThousandths) => Score(TenderScore.FromScaled(tenThousandths));

    public static string Kind(CriterionKind kind) => kind switch
    {
        CriterionKind.Price => "Prix",
        CriterionKind.Technical => "Valeur technique",
        _ => "Environnemental",
    };

    public static string StatusBadge(TenderStatus status) => status switch
    {
        TenderStatus.Draft => "text-bg-secondary",
        TenderStatus.Published => "text-bg-primary",
        TenderStatus.Awarded => "text-bg-success",
        TenderStatus.Unsuccessful or TenderStatus.Abandoned => "text-bg-danger",
        _ => "text-bg-info",
    };

    /// <summary>The French name of an audited action of a tender.</summary>
    public static string Action(string action) => action switch
    {
        TenderService.Created => "Création",
        TenderService.CriteriaUpdated => "Critères modifiés",
        DraftUpdated => "Brouillon modifié",
        TenderService.Published => "Publication",
        TenderService.Closed => "Clôture et ouverture des offres",
        TenderService.Evaluated => "Analyse des offres terminée",
        TenderService.Unsuccessful => "Déclarée infructueuse",
        TenderService.Abandoned => "Déclarée sans suite",
        TenderService.CommissionDecided => "Décision de la CAO",
        _ => action,
    };
}
