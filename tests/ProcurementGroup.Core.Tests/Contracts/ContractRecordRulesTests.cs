using ProcurementGroup.Core.Contracts;

namespace ProcurementGroup.Core.Tests.Contracts;

public sealed class ContractRecordRulesTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(600, true)]
    [InlineData(601, false)]
    public void IsDuration_FromOneTo600Months(int? months, bool expected) =>
        Assert.Equal(expected, ContractRecordRules.IsDuration(months));

    [Theory]
    [InlineData("125 000,50", 12_500_050L)]
    [InlineData("0,01", 1L)]
    [InlineData("1000000000000", 100_000_000_000_000L)]
    [InlineData("1000000000000,01", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("12,345", null)]
    [InlineData("douze", null)]
    [InlineData(null, null)]
    public void AmountCents_PositiveEurosWithAtMostTwoDecimals(string? input, long? expected)
    {
        var cents = ContractRecordRules.AmountCents(input, out var error);

        Assert.Equal(expected, cents);
        Assert.Equal(expected is null, error is not null);
    }

    [Fact]
    public void CheckDates_NotifiedTheSignaturesDay_Accepted_TheDayBefore_Refused()
    {
        var signed = new DateOnly(2024, 6, 14);

        Assert.Equal((null, null), ContractRecordRules.CheckDates(signed, signed, signed));
        Assert.Equal(ContractRecordRules.NotifiedBeforeSignedMessage, ContractRecordRules.CheckDates(signed, signed.AddDays(-1), null).Notified);
    }

    [Fact]
    public void CheckDates_StartsTheNotificationsDay_Accepted_TheDayBefore_Refused_WithoutNotificationTheSignatureCounts()
    {
        var signed = new DateOnly(2024, 6, 14);
        var notified = new DateOnly(2024, 6, 28);

        Assert.Null(ContractRecordRules.CheckDates(signed, notified, notified).Starts);
        Assert.Equal(ContractRecordRules.StartsBeforeNotifiedMessage, ContractRecordRules.CheckDates(signed, notified, notified.AddDays(-1)).Starts);
        Assert.Null(ContractRecordRules.CheckDates(signed, null, signed).Starts);
        Assert.Equal(ContractRecordRules.StartsBeforeNotifiedMessage, ContractRecordRules.CheckDates(signed, null, signed.AddDays(-1)).Starts);
    }

    [Fact]
    public void Correction_OfARecordedContractNothingRefersTo_IsAllowed()
    {
        Assert.Null(ContractRecordRules.CorrectionRefusal(fromTender: false, costEntries: 0, orders: 0, amendments: 0));
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(3, 2, 1)]
    public void Correction_OnceACostEntryAnOrderOrAnAmendmentRefersToIt_IsRefused_PointingToTheAmendment(int costEntries, int orders, int amendments)
    {
        var refusal = ContractRecordRules.CorrectionRefusal(false, costEntries, orders, amendments);

        Assert.Equal(ContractRecordRules.InUseMessage, refusal);
        Assert.Contains("avenant", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Correction_OfAContractFromATender_IsRefused_EvenUnused()
    {
        Assert.Equal(ContractRecordRules.FromTenderMessage, ContractRecordRules.CorrectionRefusal(fromTender: true, 0, 0, 0));
    }

    [Fact]
    public void Correction_NegativeCount_IsAProgrammingError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ContractRecordRules.CorrectionRefusal(false, -1, 0, 0));
    }
}
