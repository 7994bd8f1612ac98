using ProcurementGroup.Core.Allocation;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class StatementIssueTests
{
    private static MemberRunTotal Total(long memberId, long ht, long vat) => new(memberId, new Money.Money(ht), new Money.Money(vat));

    [Fact]
    public void Receiving_LeavesOutMembersWithNothingToPay_AndOrdersByMemberId()
    {
        var receiving = StatementIssue.Receiving([Total(9, 100, 20), Total(3, 0, 0), Total(5, 0, 1), Total(1, -1, 0)]);

        Assert.Equal([1L, 5, 9], receiving.Select(r => r.MemberId));
    }

    [Fact]
    public void Number_ContinuesTheYearsCounter_WithoutGap()
    {
        var statements = StatementIssue.Number([Total(1, 100, 20), Total(2, 200, 40), Total(7, 300, 60)], counterBefore: 41, new DateOnly(2026, 4, 15), paymentTermDays: 30);

        Assert.Equal(["2026-0042", "2026-0043", "2026-0044"], statements.Select(s => s.Number.ToString()));
        Assert.Equal([1L, 2, 7], statements.Select(s => s.MemberId));
        Assert.All(statements, s => Assert.Equal(new DateOnly(2026, 5, 15), s.DueOn));
        Assert.Equal([120L, 240, 360], statements.Select(s => s.Ttc.Cents));
    }

    [Fact]
    public void Number_FirstOfTheYear_Is0001()
    {
        var statement = Assert.Single(StatementIssue.Number([Total(4, 1, 0)], counterBefore: 0, new DateOnly(2027, 1, 1), paymentTermDays: null));

        Assert.Equal("2027-0001", statement.Number.ToString());
        Assert.Null(statement.DueOn);
    }

    [Theory]
    [InlineData(-1, 0, true)]
    [InlineData(-2500, -500, true)]
    [InlineData(0, 0, false)]
    [InlineData(100, -100, false)]
    [InlineData(1, 0, false)]
    public void CreditStatement_WhenTtcIsNegative_HasNoDueDate(long ht, long vat, bool credit)
    {
        var statement = Assert.Single(StatementIssue.Number([Total(1, ht, vat)], 0, new DateOnly(2026, 6, 30), paymentTermDays: 30));

        Assert.Equal(credit, statement.IsCredit);
        Assert.Equal(credit ? null : new DateOnly(2026, 7, 30), statement.DueOn);
    }

    [Fact]
    public void Number_RefusesANegativePaymentTerm()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatementIssue.Number([Total(1, 1, 0)], 0, new DateOnly(2026, 1, 1), paymentTermDays: -1));
    }
}
