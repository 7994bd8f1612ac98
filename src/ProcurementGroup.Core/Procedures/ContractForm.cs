namespace ProcurementGroup.Core.Procedures;

/// <summary>The nature of the purchase: it selects the thresholds (supplies and services share theirs; works have their own).</summary>
public enum PurchaseNature
{
    Supplies = 1,
    Services = 2,
    Works = 3,
}

/// <summary>The form of the contract the campaign prepares.</summary>
public enum ContractForm
{
    /// <summary>An ordinary contract (marché ordinaire).</summary>
    Ordinary = 0,

    /// <summary>Accord-cadre executed by purchase orders (à bons de commande, R2162-13).</summary>
    FrameworkPurchaseOrders = 1,

    /// <summary>Accord-cadre executed by subsequent contracts (avec marchés subséquents, R2162-7).</summary>
    FrameworkSubsequentContracts = 2,
}

/// <summary>The rules the contract form brings to the procedure advice.</summary>
public static class ContractRules
{
    public const string MaximumRequiredMessage = "Un accord-cadre doit fixer un maximum par lot (obligatoire depuis 2022, R2121-8) : indiquez le maximum HT de ce lot.";

    public static bool IsFramework(ContractForm form) => form is ContractForm.FrameworkPurchaseOrders or ContractForm.FrameworkSubsequentContracts;

    /// <summary>
    /// The value compared with the thresholds: the estimate, or for an accord-cadre the larger of the estimate and the
    /// sum of the lots' maxima (R2121-8: the maximum is the value of the accord-cadre).
    /// </summary>
    public static Money.Money ValueCompared(ContractForm form, Money.Money estimate, IEnumerable<long?> lotMaximaCents)
    {
        if (!IsFramework(form))
        {
            return estimate;
        }

        var maxima = new Money.Money(lotMaximaCents.Sum(m => m ?? 0));
        return maxima > estimate ? maxima : estimate;
    }

    /// <summary>French messages for each lot (by number) of an accord-cadre that has no maximum; empty for an ordinary contract.</summary>
    public static IReadOnlyList<string> MissingMaxima(ContractForm form, IEnumerable<(int LotNumber, long? MaximumCents)> lots) =>
        IsFramework(form)
            ? lots.Where(l => l.MaximumCents is null or <= 0)
                .Select(l => $"Le lot {l.LotNumber} n'a pas de maximum : un accord-cadre doit fixer un maximum par lot (obligatoire depuis 2022).")
                .ToList()
            : [];

    public static string Label(ContractForm form) => form switch
    {
        ContractForm.FrameworkPurchaseOrders => "Accord-cadre à bons de commande",
        ContractForm.FrameworkSubsequentContracts => "Accord-cadre avec marchés subséquents",
        _ => "Marché ordinaire",
    };

    public static string Label(PurchaseNature nature) => nature switch
    {
        PurchaseNature.Services => "Services",
        PurchaseNature.Works => "Travaux",
        _ => "Fournitures",
    };
}
