namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// Scores and maximum scores as stored: integer ten-thousandths of a point (7,5 = 75 000), exact, comparable and summed
/// without the floating-point conversions SQLite applies to decimals. A score typed with more than 4 decimals is refused,
/// never rounded.
/// </summary>
public static class TenderScore
{
    public const long Scale = 10_000;

    public const string TooManyDecimalsMessage = "Une note a au plus 4 décimales : arrondissez-la.";

    /// <summary>The scaled integer, or false when the score has a significant 5th decimal or is out of range.</summary>
    public static bool TryToScaled(decimal score, out long scaled)
    {
        scaled = 0;
        var value = score * Scale;
        if (value != decimal.Truncate(value) || value < long.MinValue || value > long.MaxValue)
        {
            return false;
        }

        scaled = (long)value;
        return true;
    }

    public static decimal FromScaled(long scaled) => scaled / (decimal)Scale;
}
