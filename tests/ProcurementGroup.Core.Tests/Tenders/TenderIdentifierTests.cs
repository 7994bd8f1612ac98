using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class TenderIdentifierTests
{
    [Theory]
    [InlineData("64200000", "64200000")]
    [InlineData("64200000-8", "64200000-8")]
    [InlineData(" 32412000-4 ", "32412000-4")]
    [InlineData("6420000", null)]
    [InlineData("642000001", null)]
    [InlineData("64200000-", null)]
    [InlineData("64200000-88", null)]
    [InlineData("64200000_8", null)]
    [InlineData("64200000-X", null)]
    [InlineData("6420000A", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void CpvCode_EightDigitsAndAnOptionalCheckDigit(string? input, string? expected)
    {
        Assert.Equal(expected, CpvCode.Normalize(input));
        Assert.Equal(expected is not null, CpvCode.IsValid(input));
    }

    [Theory]
    [InlineData("2026-TEL-01", "2026-TEL-01")]
    [InlineData(" 2026-tel-02 ", "2026-TEL-02")]
    [InlineData("2026-ENT2-99", "2026-ENT2-99")]
    [InlineData("2026-AB-01", "2026-AB-01")]
    [InlineData("2026-ABCDEFGH-01", "2026-ABCDEFGH-01")]
    [InlineData("2026-ABCDEFGHI-01", null)]
    [InlineData("2026-T-01", null)]
    [InlineData("2026-TEL-00", null)]
    [InlineData("2026-TEL-1", null)]
    [InlineData("2026-TEL-001", null)]
    [InlineData("26-TEL-01", null)]
    [InlineData("2026-TÉL-01", null)]
    [InlineData("2026 TEL 01", null)]
    [InlineData("2026-TEL-01-02", null)]
    [InlineData(null, null)]
    public void TenderReference_YearCodeAndTwoDigitNumber(string? input, string? expected)
    {
        Assert.Equal(expected, TenderReference.Normalize(input));
    }

    [Theory]
    [InlineData("2026TEL01L1-0001", true)]
    [InlineData("2026TEL01L1-00012", false)]
    [InlineData("2026/TEL_01.L1", true)]
    [InlineData("2026 TEL", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    public void ContractReference_AtMostSixteenCharacters(string input, bool valid)
    {
        Assert.Equal(valid, ContractReference.IsValid(input));
    }

    [Fact]
    public void Messages_AreFrench()
    {
        Assert.Contains("8 chiffres", CpvCode.Message, StringComparison.Ordinal);
        Assert.Contains("2026-TEL-01", TenderReference.Message, StringComparison.Ordinal);
        Assert.Contains("16 caractères", ContractReference.Message, StringComparison.Ordinal);
    }
}
