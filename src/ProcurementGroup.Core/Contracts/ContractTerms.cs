namespace ProcurementGroup.Core.Contracts;

/// <summary>What an amendment can change: the amount (or an accord-cadre's maximum), the duration and the holder.</summary>
public sealed record ContractTerms(Money.Money Amount, int DurationMonths, long SupplierId);

/// <summary>An avenant as recorded: its number, signature date and the terms it changes (null: unchanged).</summary>
public sealed record ContractAmendment(int Number, DateOnly SignedOn, Money.Money? NewAmount, int? NewDurationMonths, long? NewSupplierId)
{
    public bool ChangesSomething => NewAmount is not null || NewDurationMonths is not null || NewSupplierId is not null;
}

/// <summary>The field of an amendment a problem is about.</summary>
public enum AmendmentField
{
    SignedOn = 1,
    Changes = 2,
}

/// <summary>
/// Avenants: they are kept beside the contract's initial terms, never over them; the current terms are the initial ones
/// with each amendment applied in order of number (then signature date), each changing only what it names.
/// </summary>
public static class Amendments
{
    public const string NothingChangedMessage = "Un avenant modifie au moins le montant, la durée ou le titulaire du marché.";
    public const string BeforeContractMessage = "L'avenant ne peut être signé avant le marché (signé le {0}).";
    public const string BeforePreviousMessage = "L'avenant n° {0} a été signé le {1} : le suivant ne peut être signé avant.";

    public static ContractTerms Current(ContractTerms initial, IEnumerable<ContractAmendment> amendments)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(amendments);
        var current = initial;
        foreach (var a in amendments.OrderBy(a => a.Number).ThenBy(a => a.SignedOn))
        {
            current = new ContractTerms(a.NewAmount ?? current.Amount, a.NewDurationMonths ?? current.DurationMonths, a.NewSupplierId ?? current.SupplierId);
        }

        return current;
    }

    /// <summary>The next amendment's number: 1, then one more than the highest recorded.</summary>
    public static int NextNumber(IEnumerable<ContractAmendment> existing) =>
        existing.Select(a => a.Number).DefaultIfEmpty(0).Max() + 1;

    /// <summary>The problems of a new amendment (numbered <see cref="NextNumber"/>), in French; empty when it can be recorded.</summary>
    public static IReadOnlyList<(AmendmentField Field, string Message)> Check(DateOnly contractSignedOn, IReadOnlyList<ContractAmendment> existing, ContractAmendment amendment)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(amendment);
        var problems = new List<(AmendmentField, string)>();
        if (!amendment.ChangesSomething)
        {
            problems.Add((AmendmentField.Changes, NothingChangedMessage));
        }

        if (amendment.SignedOn < contractSignedOn)
        {
            problems.Add((AmendmentField.SignedOn, string.Format(Text.FrenchFormat.Culture, BeforeContractMessage, Text.FrenchFormat.Date(contractSignedOn))));
        }
        else if (existing.OrderByDescending(a => a.Number).FirstOrDefault() is { } last && amendment.SignedOn < last.SignedOn)
        {
            problems.Add((AmendmentField.SignedOn, string.Format(Text.FrenchFormat.Culture, BeforePreviousMessage, last.Number, Text.FrenchFormat.Date(last.SignedOn))));
        }

        return problems;
    }
}
