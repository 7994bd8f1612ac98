using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Text;

public sealed class FrenchNumberTests
{
    [Theory]
    [InlineData("1.000")]
    [InlineData("12.000")]
    [InlineData("999.999")]
    [InlineData("100.500")]
    [InlineData(" 1.000 € ")]
    [InlineData("-1.000")]
    public void ThousandsOrDecimals_Ambiguous_Refused(string input)
    {
        Assert.True(FrenchNumber.IsAmbiguous(input));
        Assert.False(FrenchNumber.TryParseDecimal(input, out _));
        Assert.False(FrenchNumber.TryParseInteger(input, out _));
        Assert.Contains("écrivez 1000 ou 1,000", FrenchNumber.Message(input, "autre"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.125", "0.125")]
    [InlineData("1000.000", "1000")]
    [InlineData("1 000", "1000")]
    [InlineData("1\u202F000", "1000")]
    [InlineData("1,5", "1.5")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.00", "1")]
    [InlineData("1.0000", "1")]
    [InlineData("1,000", "1")]
    [InlineData("12,000", "12")]
    [InlineData("1000", "1000")]
    [InlineData("-2,5", "-2.5")]
    public void Unambiguous_Parsed(string input, string expected)
    {
        Assert.False(FrenchNumber.IsAmbiguous(input));
        Assert.True(FrenchNumber.TryParseDecimal(input, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("beaucoup")]
    [InlineData("1.000.000")]
    [InlineData("1,5,0")]
    [InlineData("")]
    [InlineData(null)]
    public void NotANumber_RefusedWithTheCallersMessage(string? input)
    {
        Assert.False(FrenchNumber.TryParseDecimal(input, out _));
        Assert.Equal("autre", FrenchNumber.Message(input, "autre"));
    }
}
