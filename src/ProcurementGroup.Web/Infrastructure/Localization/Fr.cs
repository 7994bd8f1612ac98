using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Infrastructure.Localization;

/// <summary>French display of dates, instants and amounts for views and e-mails: short names for <see cref="FrenchFormat"/>, which defines them.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = FrenchFormat.Culture;

    public static readonly TimeZoneInfo Paris = ParisTime.Zone;

    public static string Date(DateOnly? date) => FrenchFormat.Date(date);

    public static DateTime ToParis(DateTime utc) => ParisTime.FromUtc(utc);

    public static string Instant(DateTime? utc) => FrenchFormat.Instant(utc);

    public static string Money(long cents) => FrenchFormat.Money(cents);

    public static string Number(long value) => FrenchFormat.Number(value);

    public static string Number(decimal value) => FrenchFormat.Number(value);
}
