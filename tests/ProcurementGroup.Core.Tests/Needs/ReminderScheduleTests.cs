using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class ReminderScheduleTests
{
    private static readonly DateTime Deadline = new(2031, 3, 14, 17, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(-8.0, null)]
    [InlineData(-7.0001, null)] // just before J-7
    [InlineData(-7.0, "J-7")] // J-7 exactly
    [InlineData(-2.0001, "J-7")] // just before J-2
    [InlineData(-2.0, "J-2")] // J-2 exactly
    [InlineData(-0.0001, "J-2")]
    [InlineData(0.0, null)] // the deadline itself: too late
    [InlineData(1.0, null)]
    public void KindDue_AroundTheDeadline(double daysFromDeadline, string? expected)
    {
        Assert.Equal(expected, ReminderSchedule.KindDue(Deadline, Deadline.AddDays(daysFromDeadline)));
    }
}
