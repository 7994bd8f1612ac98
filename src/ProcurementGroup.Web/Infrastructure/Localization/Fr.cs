using System.Globalization;
using ProcurementGroup.Core.Money;

namespace ProcurementGroup.Web.Infrastructure.Localization;

/// <summary>French display of dates, instants and amounts: <c>28/11/2026</c>, Europe/Paris times, <c>12 345,67 €</c>.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly TimeZoneInfo Paris = Core.Text.ParisTime.Zone;

    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", Culture) ?? string.Empty;

    public static DateTime ToParis(DateTime utc) => Core.Text.ParisTime.FromUtc(utc);

    public static string Instant(DateTime? utc) => utc is null ? string.Empty : ToParis(utc.Value).ToString("dd/MM/yyyy HH:mm", Culture);

    public static string Money(long cents) => new Money(cents).ToString(Culture);

    public static string Number(long value) => value.ToString("N0", Culture);

    public static string Number(decimal value) => value.ToString("#,##0.###", Culture);
}
