using ProcurementGroup.Core.Contracts;

namespace ProcurementGroup.Core.Tests.Contracts;

public sealed class AmendmentsTests
{
    private static readonly ContractTerms Initial = new(new Money.Money(100_000_00), 36, 7);
    private static readonly DateOnly Signed = new(2024, 6, 14);

    [Fact]
    public void Current_WithoutAmendment_IsTheInitialTerms()
    {
        Assert.Equal(Initial, Amendments.Current(Initial, []));
    }

    [Fact]
    public void Current_EachAmendmentChangesOnlyWhatItNames_InOrderOfNumber()
    {
        ContractAmendment[] amendments =
        [
            // Given out of order: number 2 applies after number 1 whatever the list order.
            new(2, new DateOnly(2025, 3, 1), new Money.Money(130_000_00), null, null),
            new(1, new DateOnly(2025, 1, 10), new Money.Money(120_000_00), 48, null),
            new(3, new DateOnly(2025, 6, 1), null, null, 9),
        ];

        var current = Amendments.Current(Initial, amendments);

        Assert.Equal(new ContractTerms(new Money.Money(130_000_00), 48, 9), current);
    }

    [Fact]
    public void Current_TheSameNumberTwice_TheLaterSignatureWins()
    {
        ContractAmendment[] amendments =
        [
            new(1, new DateOnly(2025, 2, 1), new Money.Money(150_000_00), null, null),
            new(1, new DateOnly(2025, 1, 1), new Money.Money(110_000_00), null, null),
        ];

        Assert.Equal(new Money.Money(150_000_00), Amendments.Current(Initial, amendments).Amount);
    }

    [Fact]
    public void NextNumber_StartsAtOne_ThenFollowsTheHighest()
    {
        Assert.Equal(1, Amendments.NextNumber([]));
        Assert.Equal(4, Amendments.NextNumber([new(1, Signed, null, 12, null), new(3, Signed, null, 24, null)]));
    }

    [Fact]
    public void Check_AnAmendmentThatChangesNothing_IsRefused()
    {
        var problems = Amendments.Check(Signed, [], new ContractAmendment(1, Signed, null, null, null));

        Assert.Equal([(AmendmentField.Changes, Amendments.NothingChangedMessage)], problems);
    }

    [Fact]
    public void Check_SignedTheContractsDay_Accepted_TheDayBefore_Refused()
    {
        Assert.Empty(Amendments.Check(Signed, [], new ContractAmendment(1, Signed, null, 48, null)));

        var problem = Assert.Single(Amendments.Check(Signed, [], new ContractAmendment(1, Signed.AddDays(-1), null, 48, null)));
        Assert.Equal(AmendmentField.SignedOn, problem.Field);
        Assert.Equal("L'avenant ne peut être signé avant le marché (signé le 14/06/2024).", problem.Message);
    }

    [Fact]
    public void Check_SignedThePreviousAmendmentsDay_Accepted_TheDayBefore_Refused()
    {
        ContractAmendment[] existing = [new(1, new DateOnly(2025, 1, 10), null, 48, null)];

        Assert.Empty(Amendments.Check(Signed, existing, new ContractAmendment(2, new DateOnly(2025, 1, 10), new Money.Money(1), null, null)));
        var problem = Assert.Single(Amendments.Check(Signed, existing, new ContractAmendment(2, new DateOnly(2025, 1, 9), new Money.Money(1), null, null)));
        Assert.Equal("L'avenant n° 1 a été signé le 10/01/2025 : le suivant ne peut être signé avant.", problem.Message);
    }
}
