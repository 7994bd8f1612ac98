using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Text;

public sealed class ParisTimeTests
{
    [Theory]
    [InlineData("2026-10-15T18:00", 2026, 10, 15, 16, 0)] // summer time: UTC+2
    [InlineData("15/12/2026 18:00", 2026, 12, 15, 17, 0)] // winter time: UTC+1
    [InlineData("2026-03-29T01:59", 2026, 3, 29, 0, 59)] // last minute of winter time, last Sunday of March
    [InlineData("2026-03-29T03:00", 2026, 3, 29, 1, 0)] // first minute of summer time
    [InlineData("2026-10-25T01:59", 2026, 10, 24, 23, 59)] // last Sunday of October, still summer time
    [InlineData("2026-10-25T02:30", 2026, 10, 25, 1, 30)] // ambiguous: read as winter time, the later of the two
    [InlineData("2026-10-25T03:00", 2026, 10, 25, 2, 0)]
    public void ToUtc_ReadsParisWallClockTimes(string input, int y, int mo, int d, int h, int mi)
    {
        Assert.Equal(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc), ParisTime.ToUtc(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("2026-03-29T02:00")]
    [InlineData("2026-03-29T02:30")]
    [InlineData("29/03/2026 02:59")]
    public void ToUtc_RefusesTheHourSkippedInMarch(string input)
    {
        Assert.Null(ParisTime.ToUtc(input, out var error));
        Assert.Equal(ParisTime.MissingHourMessage, error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("demain")]
    [InlineData("31/02/2026 10:00")]
    public void ToUtc_RefusesWhatIsNotADateTime(string? input)
    {
        Assert.Null(ParisTime.ToUtc(input, out var error));
        Assert.Equal(ParisTime.Message, error);
    }

    [Fact]
    public void ForInput_RoundTripsBothSidesOfTheOctoberChange()
    {
        // The two instants that read 02:30 in Paris on 25 October 2026: the form shows both as 02:30; typed back, the later is meant.
        var summer = new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc);
        var winter = new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc);
        Assert.Equal("2026-10-25T02:30", ParisTime.ForInput(summer));
        Assert.Equal("2026-10-25T02:30", ParisTime.ForInput(winter));
        Assert.Equal(winter, ParisTime.ToUtc(ParisTime.ForInput(winter), out _));
    }

    [Theory]
    [InlineData(2026, 3, 28, 23, 0, 2026, 3, 29)] // midnight in Paris (UTC+1)
    [InlineData(2026, 10, 24, 21, 59, 2026, 10, 24)] // 23:59 in Paris (UTC+2)
    [InlineData(2026, 10, 24, 22, 0, 2026, 10, 25)] // midnight in Paris (UTC+2)
    public void Day_IsTheParisCalendarDay(int y, int mo, int d, int h, int mi, int ey, int emo, int ed)
    {
        Assert.Equal(new DateOnly(ey, emo, ed), ParisTime.Day(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc)));
    }
}
