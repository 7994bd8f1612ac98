namespace ProcurementGroup.Web.Infrastructure.Forms;

public enum FormOutcome
{
    Done,
    Invalid,
    NotFound,

    /// <summary>Someone else saved or changed the form's status since the page was opened.</summary>
    Conflict,
}

/// <summary>What a form action did, with French messages keyed by field.</summary>
public sealed record FormResult(FormOutcome Outcome, IReadOnlyList<(string Field, string Message)> Errors)
{
    public const string ConflictMessage =
        "Ce formulaire a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rien n'a été enregistré. Vos saisies sont conservées ci-dessous ; rechargez la page pour voir la nouvelle version, puis reportez vos modifications.";

    public static readonly FormResult Ok = new(FormOutcome.Done, []);

    public static readonly FormResult Missing = new(FormOutcome.NotFound, []);

    public static readonly FormResult Conflicted = new(FormOutcome.Conflict, [(string.Empty, ConflictMessage)]);

    public static FormResult Invalid(IReadOnlyList<(string Field, string Message)> errors) => new(FormOutcome.Invalid, errors);

    public static FormResult Invalid(string field, string message) => new(FormOutcome.Invalid, [(field, message)]);
}
