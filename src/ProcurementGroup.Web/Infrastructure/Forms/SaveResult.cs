namespace ProcurementGroup.Web.Infrastructure.Forms;

public enum SaveStatus
{
    Saved,
    Invalid,
    NotFound,

    /// <summary>Someone else saved the record since the form was opened (optimistic concurrency).</summary>
    Conflict,
}

/// <summary>What a write did: the new id, or French messages keyed by field for the form.</summary>
public sealed record SaveResult(SaveStatus Status, long Id = 0, IReadOnlyList<(string Field, string Message)>? Errors = null)
{
    public const string ConflictMessage =
        "Cet enregistrement a été modifié par quelqu'un d'autre depuis que vous avez ouvert la page. Vos saisies sont conservées ci-dessous : rechargez la page pour voir la nouvelle version, puis enregistrez à nouveau.";

    public static SaveResult Ok(long id) => new(SaveStatus.Saved, id);

    public static SaveResult Invalid(IReadOnlyList<(string Field, string Message)> errors) => new(SaveStatus.Invalid, 0, errors);

    public static SaveResult Invalid(string field, string message) => new(SaveStatus.Invalid, 0, [(field, message)]);

    public static readonly SaveResult Missing = new(SaveStatus.NotFound);

    public static readonly SaveResult Conflicted = new(SaveStatus.Conflict);
}
