namespace ProcurementGroup.Core.Allocation;

/// <summary>One member's totals in a run being issued: the sum of its shares (a rectifying run's differences may be negative).</summary>
public readonly record struct MemberRunTotal(long MemberId, Money.Money Ht, Money.Money Vat)
{
    public Money.Money Ttc => Ht + Vat;
}

/// <summary>A statement as the issue numbers it: a credit statement (avoir) when the member's TTC is negative.</summary>
public sealed record IssuedStatement(long MemberId, StatementNumber Number, Money.Money Ht, Money.Money Vat, DateOnly IssuedOn, DateOnly? DueOn)
{
    public Money.Money Ttc => Ht + Vat;

    public bool IsCredit => Ttc.Cents < 0;
}

/// <summary>
/// The statements of an issue: one per member whose HT or VAT is not zero, numbered in ascending member id from the
/// year's counter (read and advanced under a lock in SQL, so the numbers are gapless); due the issue date plus the
/// payment term of the settings, except a credit statement, which the member does not pay.
/// </summary>
public static class StatementIssue
{
    /// <summary>The members that receive a statement, in ascending member id (the numbering order).</summary>
    public static IReadOnlyList<MemberRunTotal> Receiving(IEnumerable<MemberRunTotal> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return totals.Where(t => t.Ht.Cents != 0 || t.Vat.Cents != 0).OrderBy(t => t.MemberId).ToList();
    }

    /// <summary>
    /// Numbers <paramref name="receiving"/> (as <see cref="Receiving"/> ordered them) after <paramref name="counterBefore"/>,
    /// the year's last sequence before this issue.
    /// </summary>
    public static IReadOnlyList<IssuedStatement> Number(IReadOnlyList<MemberRunTotal> receiving, int counterBefore, DateOnly issuedOn, int? paymentTermDays)
    {
        ArgumentNullException.ThrowIfNull(receiving);
        if (paymentTermDays is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(paymentTermDays), paymentTermDays, "A payment term cannot be negative.");
        }

        var statements = new List<IssuedStatement>(receiving.Count);
        for (var i = 0; i < receiving.Count; i++)
        {
            var total = receiving[i];
            var due = total.Ttc.Cents >= 0 && paymentTermDays is { } days ? issuedOn.AddDays(days) : (DateOnly?)null;
            statements.Add(new IssuedStatement(total.MemberId, StatementNumber.Next(issuedOn.Year, checked(counterBefore + i)), total.Ht, total.Vat, issuedOn, due));
        }

        return statements;
    }
}
