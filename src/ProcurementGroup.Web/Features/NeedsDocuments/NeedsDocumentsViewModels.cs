using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

/// <summary>The model of _NeedsDocumentsActions.cshtml, rendered on the needs form page.</summary>
public sealed record NeedsDocumentsActionsModel(long FormId, NeedsFormStatus Status, bool UploadAllowed, bool ReasonRequired = false)
{
    public bool RecapAvailable => Status is NeedsFormStatus.Submitted or NeedsFormStatus.Validated;
}

public sealed class NeedsUploadViewModel
{
    public required NeedsFormContext Context { get; init; }

    public bool UploadAllowed { get; init; }

    /// <summary>An officer uploading over a submitted form gives the reason sent to the member's buyers.</summary>
    public bool ReasonRequired { get; init; }

    public IReadOnlyList<string> Report { get; init; } = [];

    public bool Saved { get; init; }

    public NeedsDocumentsActionsModel Actions => new(Context.Form.Id, Context.Form.Status, UploadAllowed, ReasonRequired);
}
