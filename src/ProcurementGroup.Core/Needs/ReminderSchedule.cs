namespace ProcurementGroup.Core.Needs;

/// <summary>When a member that has not submitted is reminded of its deadline: 7 days before (J-7), then 2 days before (J-2).</summary>
public static class ReminderSchedule
{
    public const string SevenDays = "J-7";
    public const string TwoDays = "J-2";

    public static readonly TimeSpan SevenDaysBefore = TimeSpan.FromDays(7);
    public static readonly TimeSpan TwoDaysBefore = TimeSpan.FromDays(2);

    /// <summary>J-7 from exactly 7 days before the deadline until J-2 takes over, J-2 from exactly 2 days before; nothing once the deadline is reached.</summary>
    public static string? KindDue(DateTime deadlineUtc, DateTime nowUtc)
    {
        if (nowUtc >= deadlineUtc)
        {
            return null;
        }

        if (nowUtc >= deadlineUtc - TwoDaysBefore)
        {
            return TwoDays;
        }

        return nowUtc >= deadlineUtc - SevenDaysBefore ? SevenDays : null;
    }
}
