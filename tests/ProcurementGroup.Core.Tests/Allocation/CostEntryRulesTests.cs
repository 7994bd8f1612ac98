using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class CostEntryRulesTests
{
    private static CostEntryText Text(
        string? number = "F-2026-001",
        string? date = "15/04/2026",
        string? from = "01/01/2026",
        string? to = "31/03/2026",
        string? label = "Hub télécom mutualisé",
        string? amount = "1 234,56",
        string? vat = "20") => new(number, date, from, to, label, amount, vat);

    private static IReadOnlyList<(string Field, string Message)> Read(CostEntryText text, out CostEntry entry)
    {
        entry = new CostEntry();
        return CostEntryRules.Read(text, entry);
    }

    [Fact]
    public void Read_CompleteLine_GivesTheEntryInCents()
    {
        var errors = Read(Text(), out var entry);

        Assert.Empty(errors);
        Assert.Equal("F-2026-001", entry.InvoiceNumber);
        Assert.Equal(new DateOnly(2026, 4, 15), entry.InvoiceDate);
        Assert.Equal(new DateOnly(2026, 1, 1), entry.PeriodFrom);
        Assert.Equal(new DateOnly(2026, 3, 31), entry.PeriodTo);
        Assert.Equal(123_456, entry.AmountHtCents);
        Assert.Equal(2000, entry.VatRateBasisPoints);
    }

    [Fact]
    public void Read_EmptyLine_GivesOneFrenchMessagePerField()
    {
        var errors = Read(new CostEntryText(null, null, null, null, null, null, null), out _);

        Assert.Equal(
            new[]
            {
                (nameof(CostEntry.InvoiceDate), CostEntryRules.InvoiceDateRequired),
                (nameof(CostEntry.PeriodFrom), CostEntryRules.PeriodFromRequired),
                (nameof(CostEntry.PeriodTo), CostEntryRules.PeriodToRequired),
                (nameof(CostEntry.AmountHtCents), CostEntryRules.AmountRequired),
                (nameof(CostEntry.VatRateBasisPoints), CostEntryRules.VatRequired),
                (nameof(CostEntry.InvoiceNumber), CostEntryRules.InvoiceNumberRequired),
                (nameof(CostEntry.Label), CostEntryRules.LabelRequired),
            },
            errors);
    }

    [Theory]
    [InlineData("01/01/2026", "31/03/2026", true)]
    [InlineData("31/03/2026", "31/03/2026", true)] // from = to: one day
    [InlineData("01/04/2026", "31/03/2026", false)] // the end the day before the start
    public void Read_PeriodEnd_MayEqualItsStartButNotPrecedeIt(string from, string to, bool valid)
    {
        var errors = Read(Text(from: from, to: to), out _);

        Assert.Equal(valid ? [] : [(nameof(CostEntry.PeriodTo), CostEntryRules.PeriodOrder)], errors);
    }

    [Theory]
    [InlineData("0,01", 1L)]
    [InlineData("1", 100L)]
    [InlineData("1234,5", 123_450L)]
    [InlineData("1 234,56 €", 123_456L)]
    [InlineData("1000000000", CostEntryRules.MaxAmountCents)]
    public void Read_Amount_AcceptsPositiveEurosWithTwoDecimals(string amount, long cents)
    {
        Assert.Empty(Read(Text(amount: amount), out var entry));
        Assert.Equal(cents, entry.AmountHtCents);
    }

    [Theory]
    [InlineData("0", CostEntryRules.AmountInvalid)]
    [InlineData("0,00", CostEntryRules.AmountInvalid)]
    [InlineData("-5", CostEntryRules.AmountInvalid)]
    [InlineData("1,234", CostEntryRules.AmountInvalid)] // three decimals
    [InlineData("abc", CostEntryRules.AmountInvalid)]
    [InlineData("1000000000,01", CostEntryRules.AmountTooLarge)]
    [InlineData("1.000", FrenchNumber.AmbiguousMessage)]
    public void Read_Amount_RefusesZeroNegativeOverPreciseAndAmbiguous(string amount, string message)
    {
        Assert.Equal([(nameof(CostEntry.AmountHtCents), message)], Read(Text(amount: amount), out _));
    }

    [Theory]
    [InlineData("20", 2000)]
    [InlineData("10 %", 1000)]
    [InlineData("5,5", 550)]
    [InlineData("2.1", 210)]
    [InlineData("0", 0)]
    public void Read_Vat_AcceptsTheFrenchRates(string vat, int basisPoints)
    {
        Assert.Empty(Read(Text(vat: vat), out var entry));
        Assert.Equal(basisPoints, entry.VatRateBasisPoints);
    }

    [Theory]
    [InlineData("19,6")] // the rate before 2014
    [InlineData("7")]
    [InlineData("8,5")] // overseas only
    [InlineData("21")]
    [InlineData("-20")]
    [InlineData("vingt")]
    public void Read_Vat_RefusesOtherRates(string vat)
    {
        Assert.Equal([(nameof(CostEntry.VatRateBasisPoints), CostEntryRules.VatInvalid)], Read(Text(vat: vat), out _));
    }

    [Theory]
    [InlineData(CostEntry.InvoiceNumberMaxLength, true)]
    [InlineData(CostEntry.InvoiceNumberMaxLength + 1, false)]
    public void Read_InvoiceNumber_IsLimitedInLength(int length, bool valid)
    {
        var errors = Read(Text(number: new string('7', length)), out _);

        Assert.Equal(valid ? [] : [(nameof(CostEntry.InvoiceNumber), CostEntryRules.TooLong(CostEntry.InvoiceNumberMaxLength))], errors);
    }

    [Theory]
    [InlineData(CostEntry.LabelMaxLength, true)]
    [InlineData(CostEntry.LabelMaxLength + 1, false)]
    public void Read_Label_IsLimitedInLength(int length, bool valid)
    {
        var errors = Read(Text(label: new string('x', length)), out _);

        Assert.Equal(valid ? [] : [(nameof(CostEntry.Label), CostEntryRules.TooLong(CostEntry.LabelMaxLength))], errors);
    }

    [Fact]
    public void Read_BadDates_AreRefusedWithoutAPeriodOrderMessage()
    {
        var errors = Read(Text(date: "31/02/2026", to: "2026-13-01"), out _);

        Assert.Equal(
            new[] { (nameof(CostEntry.InvoiceDate), CostEntryRules.InvoiceDateRequired), (nameof(CostEntry.PeriodTo), CostEntryRules.PeriodToRequired) },
            errors);
    }

    [Fact]
    public void Validate_ZeroAmountAndIllegalRate_OnAnEntryBuiltInCode()
    {
        var entry = new CostEntry
        {
            InvoiceNumber = "F1", Label = "Hub", PeriodFrom = new(2026, 1, 1), PeriodTo = new(2026, 1, 1), AmountHtCents = 0, VatRateBasisPoints = 1960,
        };

        Assert.Equal(
            new[] { (nameof(CostEntry.AmountHtCents), CostEntryRules.AmountInvalid), (nameof(CostEntry.VatRateBasisPoints), CostEntryRules.VatInvalid) },
            CostEntryRules.Validate(entry));
    }

    [Fact]
    public void KeyText_RoundTripsAMix()
    {
        var key = AllocationKey.Mix(2026, new KeyComponent(AllocationBasis.Equal, 30), new KeyComponent(AllocationBasis.PopulationMunicipale, 70));

        var text = AllocationKeyText.Format(key);

        Assert.Equal("Equal:30+PopulationMunicipale:70", text);
        Assert.True(AllocationKeyText.TryParse(text, 2026, out var read));
        Assert.Equal(key.Components, read.Components);
        Assert.Equal(2026, read.Year);
        Assert.Equal("30 % parts égales + 70 % population municipale (2026)", AllocationKeyText.Describe(read));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Equal")]
    [InlineData("Equal:")]
    [InlineData("Equal:-3")]
    [InlineData("Nope:100")]
    [InlineData("8:100")]
    [InlineData("Equal:50+")]
    public void KeyText_RefusesAnythingElse(string text) => Assert.False(AllocationKeyText.TryParse(text, null, out _));
}
