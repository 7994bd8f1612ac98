using ProcurementGroup.Core.Allocation;

namespace ProcurementGroup.Core.Tests.Allocation;

public sealed class StatementNumberTests
{
    [Theory]
    [InlineData(2026, 1, "2026-0001")]
    [InlineData(2026, 42, "2026-0042")]
    [InlineData(2026, 9999, "2026-9999")]
    [InlineData(2026, 10_000, "2026-10000")]
    [InlineData(2027, 123_456, "2027-123456")]
    public void Format_YearAndFourDigitsAtLeast(int year, int sequence, string text)
    {
        Assert.Equal(text, new StatementNumber(year, sequence).ToString());
        Assert.Equal(new StatementNumber(year, sequence), StatementNumber.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-1")] // fewer than four digits
    [InlineData("2026-001")]
    [InlineData("2026-0000")] // sequences start at 1
    [InlineData("2026-01234")] // leading zero beyond four digits: not the written form of 1234
    [InlineData("2026/0001")]
    [InlineData("2026-00a1")]
    [InlineData(" 2026-0001")]
    [InlineData("2026-0001 ")]
    [InlineData("26-000001")]
    [InlineData("0999-0001")]
    [InlineData("2026-+001")]
    [InlineData("2026-99999999999")] // beyond an int
    public void TryParse_RefusesAnyOtherForm(string? text)
    {
        Assert.False(StatementNumber.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsTheFrenchMessage()
    {
        var error = Assert.Throws<FormatException>(() => StatementNumber.Parse("2026-1"));
        Assert.Equal("Le numéro d'état doit avoir la forme AAAA-NNNN (par exemple 2026-0001).", error.Message);
    }

    [Theory]
    [InlineData(0, "2026-0001")] // first statement of the year
    [InlineData(41, "2026-0042")]
    [InlineData(9999, "2026-10000")]
    public void Next_FollowsTheCounter(int counter, string expected)
    {
        Assert.Equal(expected, StatementNumber.Next(2026, counter).ToString());
    }

    [Fact]
    public void Next_NegativeCounter_IsABug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatementNumber.Next(2026, -1));
    }
}
