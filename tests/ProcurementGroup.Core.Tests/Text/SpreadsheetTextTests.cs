using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests.Text;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 3 22 00 00 00", "'+33 3 22 00 00 00")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("$=HYPERLINK(\"http://x\")", "'$=HYPERLINK(\"http://x\")")]
    [InlineData("=", "'=")]
    [InlineData("'=1+1", "''=1+1")]
    [InlineData("''-", "'''-")]
    public void Neutralise_FormulaTrigger_GetsOnePrefix(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Neutralise(text));

    [Theory]
    [InlineData("")]
    [InlineData("Collège du Vimeu")]
    [InlineData(" =1+1")]
    [InlineData("$")]
    [InlineData("$5")]
    [InlineData("1=1")]
    [InlineData("'")]
    [InlineData("'texte")]
    [InlineData("''")]
    [InlineData("\n=1")]
    public void Neutralise_HarmlessText_Unchanged(string text) =>
        Assert.Same(text, SpreadsheetText.Neutralise(text));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+1")]
    [InlineData("-12,50")]
    [InlineData("@a")]
    [InlineData("\t")]
    [InlineData("\r\n")]
    [InlineData("$=A1")]
    [InlineData("'=1")]
    [InlineData("''=1")]
    [InlineData("'")]
    [InlineData("'texte")]
    [InlineData("texte")]
    [InlineData("")]
    public void Restore_OfNeutralise_GivesBackTheText(string text) =>
        Assert.Equal(text, SpreadsheetText.Restore(SpreadsheetText.Neutralise(text)));

    [Theory]
    [InlineData("'texte", "'texte")]
    [InlineData("'", "'")]
    [InlineData("'=1", "=1")]
    [InlineData("''=1", "'=1")]
    [InlineData("=1", "=1")]
    public void Restore_RemovesOnlyThePrefixNeutraliseAdds(string cell, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Restore(cell));

    [Fact]
    public void Cell_NumbersStayNumbers_TextIsNeutralised()
    {
        Assert.Equal(-12.50m, SpreadsheetText.Cell(-12.50m));
        Assert.Equal(-3L, SpreadsheetText.Cell(-3L));
        Assert.Null(SpreadsheetText.Cell(null));
        Assert.Equal("'-12,50", SpreadsheetText.Cell("-12,50"));
    }
}
