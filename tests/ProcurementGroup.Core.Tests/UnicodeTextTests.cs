using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests;

public sealed class UnicodeTextTests
{
    // Built in code, not in [InlineData]: attribute metadata cannot carry a lone surrogate intact.
    [Fact]
    public void Fold_NoncharacterOrLoneSurrogate_ReplacedInsteadOfThrowing()
    {
        Assert.Equal("A\uFFFDB", SearchText.Fold("a\uFFFEb"));
        Assert.Equal("A\uFFFDB", SearchText.Fold("a" + '\uD83D' + "b"));
        Assert.Equal("A\uFFFDB", SearchText.Fold("a" + '\uDE00' + "b"));
        Assert.Equal("\uFFFD", SearchText.Fold(new string('\uD83D', 1)));
        Assert.Equal("\uFFFD\uFFFD", SearchText.Fold(new string(['\uDE00', '\uD83D'])));
    }

    [Fact]
    public void ReplaceInvalid_ValidSurrogatePair_Kept()
    {
        const string Emoji = "école 🏫";
        Assert.Same(Emoji, UnicodeText.ReplaceInvalid(Emoji));
        Assert.Equal("ECOLE 🏫", SearchText.Fold(Emoji));
    }
}
