namespace ProcurementGroup.Core.Tenders;

public enum TenderStatus
{
    Draft = 0,
    Published = 1,

    /// <summary>The deadline has passed and the offers were opened.</summary>
    Closed = 2,
    Evaluated = 3,

    /// <summary>The groupement's commission d'appel d'offres recorded its decision (formalised procedures, L1414-3 CGCT).</summary>
    CommissionDecided = 4,
    Awarded = 5,

    /// <summary>Infructueuse: no offer, or none acceptable.</summary>
    Unsuccessful = 6,

    /// <summary>Sans suite: the buyer abandons the procedure (R2185-1), for a reason it states.</summary>
    Abandoned = 7,
}

public enum TenderTransition
{
    Publish = 1,
    OpenOffers = 2,
    Evaluate = 3,
    RecordCommissionDecision = 4,
    Award = 5,
    DeclareUnsuccessful = 6,
    Abandon = 7,
}

/// <summary>
/// The tender's states: draft → published → closed (offers opened after the deadline) → evaluated → (formalised
/// procedure only) decision of the commission d'appel d'offres → awarded; or infructueuse or sans suite from any state
/// that is not final, each with a mandatory reason. The publication's own guards (criteria, offer period) are
/// <see cref="PublicationRules.Check"/>; the SQL update checks the source state again.
/// </summary>
public static class TenderWorkflow
{
    public const int ReasonMaxLength = 2000;

    public const string ReasonMissingMessage = "Indiquez le motif : il est exigé pour déclarer une procédure infructueuse ou sans suite, et figure au rapport de présentation.";
    public const string DeadlineNotPassedMessage = "Les offres restent scellées jusqu'à la date limite de réception : elles ne peuvent pas être ouvertes avant.";
    public const string CommissionNotFormalisedMessage = "Seule une procédure formalisée passe devant la commission d'appel d'offres.";

    public static bool IsFinal(TenderStatus status) => status is TenderStatus.Awarded or TenderStatus.Unsuccessful or TenderStatus.Abandoned;

    public static TenderStatus Target(TenderTransition transition) => transition switch
    {
        TenderTransition.Publish => TenderStatus.Published,
        TenderTransition.OpenOffers => TenderStatus.Closed,
        TenderTransition.Evaluate => TenderStatus.Evaluated,
        TenderTransition.RecordCommissionDecision => TenderStatus.CommissionDecided,
        TenderTransition.Award => TenderStatus.Awarded,
        TenderTransition.DeclareUnsuccessful => TenderStatus.Unsuccessful,
        TenderTransition.Abandon => TenderStatus.Abandoned,
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };

    /// <summary>The states a transition may start from (for the SQL update's <c>WHERE Status IN (…)</c>).</summary>
    public static IReadOnlyList<TenderStatus> Sources(TenderTransition transition, bool formalised) => transition switch
    {
        TenderTransition.Publish => [TenderStatus.Draft],
        TenderTransition.OpenOffers => [TenderStatus.Published],
        TenderTransition.Evaluate => [TenderStatus.Closed],
        TenderTransition.RecordCommissionDecision => formalised ? [TenderStatus.Evaluated] : [],
        TenderTransition.Award => [formalised ? TenderStatus.CommissionDecided : TenderStatus.Evaluated],
        TenderTransition.DeclareUnsuccessful or TenderTransition.Abandon =>
            Enum.GetValues<TenderStatus>().Where(s => !IsFinal(s)).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };

    /// <summary>Null when the transition is allowed now; the French refusal message otherwise.</summary>
    public static string? Check(TenderStatus status, TenderTransition transition, bool formalised, DateTime nowUtc, DateTime? deadlineUtc, string? reason = null)
    {
        if (transition == TenderTransition.RecordCommissionDecision && !formalised)
        {
            return CommissionNotFormalisedMessage;
        }

        var sources = Sources(transition, formalised);
        if (!sources.Contains(status))
        {
            return IsFinal(status)
                ? $"Le marché est « {Label(status)} » : la procédure est terminée, il ne peut plus changer d'état."
                : $"Action impossible : le marché est « {Label(status)} » ; « {Label(transition)} » n'est possible que depuis « {string.Join(" » ou « ", sources.Select(Label))} ».";
        }

        if (transition == TenderTransition.OpenOffers && (deadlineUtc is null || nowUtc < deadlineUtc))
        {
            return DeadlineNotPassedMessage;
        }

        if (transition is TenderTransition.DeclareUnsuccessful or TenderTransition.Abandon
            && (string.IsNullOrWhiteSpace(reason) || reason.Length > ReasonMaxLength))
        {
            return ReasonMissingMessage;
        }

        return null;
    }

    public static string Label(TenderStatus status) => status switch
    {
        TenderStatus.Draft => "Brouillon",
        TenderStatus.Published => "Publié",
        TenderStatus.Closed => "Offres ouvertes",
        TenderStatus.Evaluated => "Offres analysées",
        TenderStatus.CommissionDecided => "Décision de la CAO enregistrée",
        TenderStatus.Awarded => "Attribué",
        TenderStatus.Unsuccessful => "Infructueux",
        TenderStatus.Abandoned => "Sans suite",
        _ => status.ToString(),
    };

    public static string Label(TenderTransition transition) => transition switch
    {
        TenderTransition.Publish => "publier",
        TenderTransition.OpenOffers => "ouvrir les offres",
        TenderTransition.Evaluate => "clore l'analyse",
        TenderTransition.RecordCommissionDecision => "enregistrer la décision de la CAO",
        TenderTransition.Award => "attribuer",
        TenderTransition.DeclareUnsuccessful => "déclarer infructueux",
        TenderTransition.Abandon => "déclarer sans suite",
        _ => transition.ToString(),
    };
}

/// <summary>What publication requires of a tender besides its draft state.</summary>
public static class PublicationRules
{
    /// <summary>French messages; empty when the tender may be published: valid criteria, an environmental criterion from 21 August 2026, a long enough offer period.</summary>
    public static IReadOnlyList<string> Check(
        AwardCriteria criteria, TenderProcedure procedure, bool electronicOffers, DateTime publicationUtc, DateTime deadlineUtc, IEnumerable<OfferPeriodRule> periods)
    {
        var errors = CriteriaRules.Validate(criteria).Select(e => e.Message).ToList();
        if (CriteriaRules.CheckEnvironmental(criteria, publicationUtc) is { } environmental)
        {
            errors.Add(environmental);
        }

        if (OfferPeriod.CheckDeadline(procedure, electronicOffers, publicationUtc, deadlineUtc, periods) is { } deadline)
        {
            errors.Add(deadline);
        }

        return errors;
    }
}
