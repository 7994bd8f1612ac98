using System.Globalization;
using ProcurementGroup.Core.Needs;
using Amount = ProcurementGroup.Core.Money.Money;

namespace ProcurementGroup.Core.Text;

/// <summary>
/// How figures are shown to French readers, on pages, in e-mails and in documents: <c>28/11/2026</c>, instants in Paris
/// time (<c>28/11/2026 09:30</c>), <c>12 345,67 €</c>, <c>1 234,5</c>, quantities stored in thousandths. The one
/// definition; the web's <c>Fr</c> and the Documents project use it.
/// </summary>
public static class FrenchFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary><c>28/11/2026</c>; empty for no date.</summary>
    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", Culture) ?? string.Empty;

    /// <summary>A stored UTC instant as the Paris wall clock reads it: <c>28/11/2026 09:30</c>; empty for no instant.</summary>
    public static string Instant(DateTime? utc) => utc is null ? string.Empty : ParisTime.FromUtc(utc.Value).ToString("dd/MM/yyyy HH:mm", Culture);

    /// <summary><c>12 345,67 €</c>, thousands grouped with the narrow no-break space .NET writes for fr-FR.</summary>
    public static string Money(long cents) => new Amount(cents).ToString(Culture);

    /// <summary><c>12 345</c>.</summary>
    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary><c>1 234,5</c>: thousands grouped, up to three decimals, no trailing zero.</summary>
    public static string Number(decimal value) => value.ToString("#,##0.###", Culture);

    /// <summary>A quantity stored in thousandths (<see cref="EstimatedValue.QuantityScale"/>): 2 500 → <c>2,5</c>, 1 200 000 → <c>1 200</c>.</summary>
    public static string Quantity(long milli) => Number(milli / (decimal)EstimatedValue.QuantityScale);
}
