using System.Globalization;

namespace ProcurementGroup.Core.Text;

/// <summary>
/// Instants are stored in UTC; the days and times users and rules speak of are those of Europe/Paris. The one place that
/// converts between them, both ways, including the typed date-times of forms.
/// </summary>
public static class ParisTime
{
    public const string Message = "Saisissez une date et une heure au format jj/mm/aaaa hh:mm (heure de Paris).";

    public const string MissingHourMessage = "Cette heure n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure.";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A datetime-local input's value, or <c>15/10/2026 18:00</c>, or a bare day (midnight).</summary>
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "dd/MM/yyyy HH:mm", "d/M/yyyy HH:mm", "dd/MM/yyyy"];

    public static DateTime FromUtc(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The calendar day in Paris of a UTC instant.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(FromUtc(utc));

    /// <summary>
    /// The UTC instant of a Paris wall-clock time. A time skipped by the change to summer time (02:30 on the last Sunday
    /// of March) does not exist: null. A time that occurs twice at the change back to winter time (02:30 on the last
    /// Sunday of October) is read as winter time, the later of the two, so a deadline typed that way is never earlier
    /// than the buyer could think.
    /// </summary>
    public static DateTime? ToUtc(DateTime parisWallClock)
    {
        var local = DateTime.SpecifyKind(parisWallClock, DateTimeKind.Unspecified);
        return Zone.IsInvalidTime(local) ? null : TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>Null, with the French message in <paramref name="error"/>, when the text is not a date-time or names a time skipped in March.</summary>
    public static DateTime? ToUtc(string? input, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 30
            || !DateTime.TryParseExact(input.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = Message;
            return null;
        }

        var utc = ToUtc(local);
        if (utc is null)
        {
            error = MissingHourMessage;
        }

        return utc;
    }

    /// <summary>The value a datetime-local input expects, in Paris time.</summary>
    public static string ForInput(DateTime utc) => FromUtc(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
