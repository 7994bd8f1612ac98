using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class FormWorkflowTests
{
    private static readonly DateTime Deadline = new(2026, 3, 31, 22, 0, 0, DateTimeKind.Utc);

    private static NeedsCampaign Campaign(CampaignStatus status) => new() { Status = status, ClosesAtUtc = Deadline };

    private static NeedsForm Form(NeedsFormStatus status, bool reopened = false) =>
        new() { Status = status, ReopenedAtUtc = reopened ? Deadline.AddDays(2) : null };

    [Fact]
    public void Buyer_UntilTheDeadline_NotAtIt()
    {
        var open = Campaign(CampaignStatus.Open);
        Assert.True(FormWorkflow.MayEdit(false, true, open, Form(NeedsFormStatus.Draft), Deadline, Deadline.AddTicks(-1)));
        Assert.False(FormWorkflow.MayEdit(false, true, open, Form(NeedsFormStatus.Draft), Deadline, Deadline));
        Assert.False(FormWorkflow.MayEdit(false, true, open, Form(NeedsFormStatus.Submitted), Deadline, Deadline.AddDays(-1)));
    }

    [Fact]
    public void Buyer_AfterClosing_OnlyWhenReopened()
    {
        var closed = Campaign(CampaignStatus.Closed);
        var later = Deadline.AddDays(5);
        Assert.False(FormWorkflow.MayEdit(false, true, closed, Form(NeedsFormStatus.Returned), Deadline, later));
        Assert.True(FormWorkflow.MayEdit(false, true, closed, Form(NeedsFormStatus.Returned, reopened: true), Deadline, later));
        Assert.False(FormWorkflow.MayEdit(false, true, Campaign(CampaignStatus.Archived), Form(NeedsFormStatus.Returned, reopened: true), Deadline, later));
    }

    [Fact]
    public void Officer_AnyStateButValidated_NeverAnArchivedCampaign()
    {
        var later = Deadline.AddDays(5);
        Assert.True(FormWorkflow.MayEdit(true, false, Campaign(CampaignStatus.Closed), Form(NeedsFormStatus.Submitted), Deadline, later));
        Assert.False(FormWorkflow.MayEdit(true, false, Campaign(CampaignStatus.Closed), Form(NeedsFormStatus.Validated), Deadline, later));
        Assert.False(FormWorkflow.MayEdit(true, false, Campaign(CampaignStatus.Archived), Form(NeedsFormStatus.Draft), Deadline, later));
        Assert.False(FormWorkflow.MayEdit(false, false, Campaign(CampaignStatus.Open), Form(NeedsFormStatus.Draft), Deadline, Deadline.AddDays(-1)));
    }

    [Theory]
    [InlineData(true, NeedsFormStatus.Submitted, true)]
    [InlineData(true, NeedsFormStatus.Draft, false)]
    [InlineData(true, NeedsFormStatus.Returned, false)]
    [InlineData(false, NeedsFormStatus.Submitted, false)]
    public void ChangeNeedsReason_OnlyAnOfficerChangingASubmittedForm(bool officer, NeedsFormStatus status, bool expected) =>
        Assert.Equal(expected, FormWorkflow.ChangeNeedsReason(officer, Form(status)));
}
