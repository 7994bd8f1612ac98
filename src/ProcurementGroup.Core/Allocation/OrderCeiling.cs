using System.Globalization;

namespace ProcurementGroup.Core.Allocation;

public enum OrderCeilingStatus
{
    Accepted = 1,

    /// <summary>Accepted, but the orders have reached 80 % of the maximum or more.</summary>
    Warning = 2,

    /// <summary>The order would take the orders beyond the maximum.</summary>
    Refused = 3,
}

/// <summary>What an order does to a lot's consumption: the status, the consumed total with the order, and the French message.</summary>
public sealed record OrderCeilingCheck(OrderCeilingStatus Status, Money.Money ConsumedWithOrder, Money.Money Maximum, string? Message);

/// <summary>
/// Orders (bons de commande) against an accord-cadre's maximum: the consumed total including the new order is compared
/// with the maximum exactly (in cents): at 80 % or more the order is accepted with a warning (exactly 80 % warns), beyond the
/// maximum it is refused (exactly the maximum is accepted).
/// </summary>
public static class OrderCeiling
{
    public const int WarningPercent = 80;
    public const string WarningMessage = "Les commandes atteignent {0} du maximum de l'accord-cadre ({1} sur {2}).";
    public const string RefusalMessage = "Cette commande porterait le total commandé à {0}, au-delà du maximum de l'accord-cadre ({1}) : elle ne peut être enregistrée.";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static OrderCeilingCheck Check(Money.Money maximum, Money.Money consumedBefore, Money.Money order)
    {
        var consumed = consumedBefore + order;
        if (consumed > maximum)
        {
            return new(OrderCeilingStatus.Refused, consumed, maximum, string.Format(French, RefusalMessage, consumed, maximum));
        }

        if ((Int128)consumed.Cents * 100 >= (Int128)maximum.Cents * WarningPercent)
        {
            var percent = maximum.Cents == 0 ? 100m : decimal.Round(consumed.Cents * 100m / maximum.Cents, 1, MidpointRounding.ToZero);
            return new(OrderCeilingStatus.Warning, consumed, maximum, string.Format(French, WarningMessage, percent.ToString("0.#", French) + " %", consumed, maximum));
        }

        return new(OrderCeilingStatus.Accepted, consumed, maximum, null);
    }
}
