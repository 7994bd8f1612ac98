using ProcurementGroup.Core.Procedures;

namespace ProcurementGroup.Core.Tests.Procedures;

/// <summary>Issue 7, item 6: a threshold row cited by a stored advice is only end-dated, not before the latest citing launch.</summary>
public sealed class ThresholdHistoryTests
{
    private static readonly Threshold Row = new(8, ThresholdKind.PublicationBoampOrJal, new DateOnly(2024, 1, 1), null, Money.Money.FromEuros(90_000m), "R2131-12");
    private static readonly DateOnly Launch = new(2027, 6, 30);

    [Fact]
    public void UncitedRow_ChangesFreely()
    {
        Assert.Null(ThresholdHistory.CheckEdit(Row, Row with { Amount = Money.Money.FromEuros(95_000m) }, null));
    }

    [Fact]
    public void CitedRow_AmountKindStartOrArticleChanged_Refused()
    {
        Assert.Equal(ThresholdHistory.CitedEditMessage, ThresholdHistory.CheckEdit(Row, Row with { Amount = Money.Money.FromEuros(90_000.01m) }, Launch)!.Value.Message);
        Assert.Equal(ThresholdHistory.CitedEditMessage, ThresholdHistory.CheckEdit(Row, Row with { Kind = ThresholdKind.DecpPublication }, Launch)!.Value.Message);
        Assert.Equal(ThresholdHistory.CitedEditMessage, ThresholdHistory.CheckEdit(Row, Row with { ValidFrom = new DateOnly(2024, 1, 2) }, Launch)!.Value.Message);
        Assert.Equal(ThresholdHistory.CitedEditMessage, ThresholdHistory.CheckEdit(Row, Row with { Article = "R2131-13" }, Launch)!.Value.Message);
    }

    [Fact]
    public void CitedRow_EndDatedTheDayBeforeTheLatestLaunch_Refused_OnTheLaunchDay_Allowed()
    {
        var early = ThresholdHistory.CheckEdit(Row, Row with { ValidUntil = Launch.AddDays(-1) }, Launch);
        Assert.Equal("ValidUntil", early!.Value.Field);
        Assert.Contains("30/06/2027", early.Value.Message, StringComparison.Ordinal);

        Assert.Null(ThresholdHistory.CheckEdit(Row, Row with { ValidUntil = Launch }, Launch));
        Assert.Null(ThresholdHistory.CheckEdit(Row, Row, Launch));
    }

    [Fact]
    public void CitedRow_EndDateRemoved_Refused()
    {
        var ended = Row with { ValidUntil = new DateOnly(2027, 12, 31) };
        Assert.Equal(ThresholdHistory.CitedEditMessage, ThresholdHistory.CheckEdit(ended, ended with { ValidUntil = null }, Launch)!.Value.Message);
        Assert.Null(ThresholdHistory.CheckEdit(ended, ended with { ValidUntil = new DateOnly(2028, 12, 31) }, Launch));
    }
}
