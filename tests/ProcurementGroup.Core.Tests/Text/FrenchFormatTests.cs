using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Text;

public sealed class FrenchFormatTests
{
    [Theory]
    [InlineData(0, "0,00 €")]
    [InlineData(1, "0,01 €")]
    [InlineData(99_999, "999,99 €")]
    [InlineData(100_000, "1 000,00 €")]
    [InlineData(1_234_567_89, "1 234 567,89 €")]
    [InlineData(-1_050, "-10,50 €")]
    public void Money_GroupsThousandsAndWritesTwoDecimals(long cents, string expected) =>
        Assert.Equal(expected, Spaces(FrenchFormat.Money(cents)));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "0,001")]
    [InlineData(125, "0,125")]
    [InlineData(2_500, "2,5")]
    [InlineData(999_000, "999")]
    [InlineData(1_000_000, "1 000")]
    [InlineData(1_234_500, "1 234,5")]
    public void Quantity_ReadsThousandthsWithoutTrailingZeros(long milli, string expected) =>
        Assert.Equal(expected, Spaces(FrenchFormat.Quantity(milli)));

    [Fact]
    public void Number_GroupsThousands() =>
        Assert.Equal("12 345", Spaces(FrenchFormat.Number(12_345L)));

    [Fact]
    public void Date_IsDayMonthYear_EmptyForNone()
    {
        Assert.Equal("05/01/2027", FrenchFormat.Date(new DateOnly(2027, 1, 5)));
        Assert.Equal(string.Empty, FrenchFormat.Date(null));
    }

    [Theory]
    [InlineData(2026, 3, 29, 0, 59, "29/03/2026 01:59")] // last minute of winter time: UTC+1
    [InlineData(2026, 3, 29, 1, 0, "29/03/2026 03:00")] // first minute of summer time: UTC+2
    [InlineData(2026, 10, 25, 0, 59, "25/10/2026 02:59")] // last minute of summer time
    [InlineData(2026, 10, 25, 1, 0, "25/10/2026 02:00")] // winter time again
    [InlineData(2026, 12, 31, 23, 30, "01/01/2027 00:30")] // the Paris day is the next one
    public void Instant_IsTheParisWallClock(int y, int mo, int d, int h, int mi, string expected) =>
        Assert.Equal(expected, FrenchFormat.Instant(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc)));

    [Fact]
    public void Instant_EmptyForNone() => Assert.Equal(string.Empty, FrenchFormat.Instant(null));

    /// <summary>The kind of space fr-FR puts between thousands and before the euro sign depends on the ICU version: read them all as spaces.</summary>
    private static string Spaces(string s) => s.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
