using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>One row of the form as typed: strings, so that anything typed comes back as typed with a message.</summary>
public sealed class LineInput
{
    public long ItemId { get; set; }

    public string? SiteId { get; set; }

    public string? Quantity { get; set; }

    public string? Comment { get; set; }
}

/// <summary>What the form posts: the version it was read at and every row.</summary>
public sealed class NeedsFormInput
{
    public int Version { get; set; }

    /// <summary>Why an officer changes a form the member submitted (<see cref="ProcurementGroup.Core.Needs.FormWorkflow.ChangeNeedsReason"/>).</summary>
    public string? ChangeReason { get; set; }

    public List<LineInput> Lines { get; set; } = [];
}

/// <summary>A form with everything its page and its rules need, read once.</summary>
public sealed record FormContext
{
    public required NeedsForm Form { get; init; }

    public required NeedsCampaign Campaign { get; init; }

    public required string MemberName { get; init; }

    public required IReadOnlyList<CampaignLot> Lots { get; init; }

    public required IReadOnlyList<CatalogueItem> Items { get; init; }

    public required IReadOnlyList<MemberSite> Sites { get; init; }

    public required IReadOnlyList<NeedLine> Lines { get; init; }

    public required DateTime DeadlineUtc { get; init; }

    /// <summary>The latest earlier campaign of the groupement with a form for this member, when that form has lines.</summary>
    public string? PreviousCampaignTitle { get; init; }
}

/// <summary>The form page: header (progress, totals, deadline), the catalogue by lot with the rows typed, and the actions allowed.</summary>
public sealed class NeedsFormPage
{
    public required FormContext Context { get; init; }

    public required NeedsFormInput Input { get; init; }

    public required FormTotals Totals { get; init; }

    /// <summary>Indexes into <see cref="NeedsFormInput.Lines"/> for each item, in display order.</summary>
    public required IReadOnlyDictionary<long, List<int>> RowsByItem { get; init; }

    public bool CanEdit { get; init; }

    public bool CanSubmit { get; init; }

    /// <summary>An officer changing a form the member submitted: the save asks for the reason sent to the buyers.</summary>
    public bool ChangeReasonRequired { get; init; }

    public bool IsOfficer { get; init; }

    public bool CanValidate { get; init; }

    public bool CanReturn { get; init; }

    public bool CanReopen { get; init; }

    /// <summary>Title of the earlier campaign whose quantities can be copied into this empty draft, or null.</summary>
    public string? PreviousCampaignTitle { get; init; }

    public string? ReturnReason { get; set; }

    public string? ReopenReason { get; set; }

    public string ReopenTarget { get; set; } = nameof(NeedsFormStatus.Returned);

    public string? Notice { get; init; }
}

/// <summary>A campaign's forms for the officer, with each member's totals.</summary>
public sealed class OfficerViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    public required IReadOnlyList<(NeedsFormListRow Row, FormTotals Totals)> Forms { get; init; }

    public required Core.Money.Money TotalHt { get; init; }

    public required Core.Money.Money TotalTtc { get; init; }
}

public sealed class NeedsFormsIndexViewModel
{
    public IReadOnlyList<NeedsFormListRow> Forms { get; init; } = [];

    public IReadOnlyList<CampaignFormsSummary> Campaigns { get; init; } = [];

    public bool IsStaff { get; init; }
}
