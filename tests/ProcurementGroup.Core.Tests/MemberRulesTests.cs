using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Tests;

public sealed class MemberValidatorTests
{
    private static Member Valid() => new() { Name = "CA Amiens Métropole", Kind = MemberKind.CommunauteAgglomeration, Siren = "248000531" };

    [Fact]
    public void Validate_RealMember_HasNoError() => Assert.Empty(MemberValidator.Validate(Valid()));

    [Fact]
    public void Validate_EmptySiren_IsAllowedUntilKnown()
    {
        var m = Valid();
        m.Siren = null;
        Assert.Empty(MemberValidator.Validate(m));
    }

    [Theory]
    [InlineData("248000532")]
    [InlineData("24800053")]
    [InlineData("abcdefghi")]
    public void Validate_BadSiren_GivesFrenchMessageOnSiren(string siren)
    {
        var m = Valid();
        m.Siren = siren;
        var error = Assert.Single(MemberValidator.Validate(m));
        Assert.Equal(nameof(Member.Siren), error.Field);
        Assert.Contains("SIREN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyName_IsRequired()
    {
        var m = Valid();
        m.Name = "  ";
        Assert.Contains(MemberValidator.Validate(m), e => e.Field == nameof(Member.Name) && e.Message == "Le nom est obligatoire.");
    }

    [Fact]
    public void Validate_TenThousandCharacterName_IsRefused()
    {
        var m = Valid();
        m.Name = new string('A', 10_000);
        Assert.Contains(MemberValidator.Validate(m), e => e.Field == nameof(Member.Name) && e.Message.Contains("200", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SiretOfAnotherSiren_IsRefused()
    {
        var m = Valid();
        m.BillingSiret = "20008012500012";
        Assert.Contains(MemberValidator.Validate(m), e => e.Field == nameof(Member.BillingSiret));
    }

    [Theory]
    [InlineData("pas-un-courriel")]
    [InlineData("a@b")]
    [InlineData("a b@c.fr")]
    public void Validate_MalformedEmail_IsRefused(string email)
    {
        var m = Valid();
        m.BillingEmail = email;
        Assert.Contains(MemberValidator.Validate(m), e => e.Field == nameof(Member.BillingEmail));
    }

    [Fact]
    public void Validate_UnknownKind_IsRefused()
    {
        var m = Valid();
        m.Kind = 0;
        Assert.Contains(MemberValidator.Validate(m), e => e.Field == nameof(Member.Kind));
    }
}

public sealed class FrenchNumberTests
{
    [Theory]
    [InlineData("1234", 1234)]
    [InlineData("1 234", 1234)]
    [InlineData("1\u00A0234", 1234)]
    [InlineData("1\u202F234", 1234)]
    [InlineData("182\u202F854", 182854)]
    [InlineData("1 234,5", 1234.5)]
    [InlineData("1234.5", 1234.5)]
    [InlineData("1 234,50 €", 1234.5)]
    [InlineData("-12,25", -12.25)]
    public void TryParseDecimal_ReadsWhatFrenchUsersType(string input, double expected)
    {
        Assert.True(FrenchNumber.TryParseDecimal(input, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,2,3")]
    [InlineData("1.234,5")]
    [InlineData("1.2.3")]
    public void TryParseDecimal_RefusesAmbiguousOrNonNumbers(string input) => Assert.False(FrenchNumber.TryParseDecimal(input, out _));

    [Fact]
    public void TryParseInteger_RefusesFractions() => Assert.False(FrenchNumber.TryParseInteger("12,5", out _));

    [Fact]
    public void FormattedFrenchNumber_ParsesBackToSameValue()
    {
        var text = 182854m.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        Assert.True(FrenchNumber.TryParseInteger(text, out var value));
        Assert.Equal(182854, value);
    }

    [Fact]
    public void ForSpreadsheet_WritesDecimalCommaWithoutThousandsSeparator()
    {
        Assert.Equal("1234,5", FrenchNumber.ForSpreadsheet(1234.5m));
        Assert.Equal("182854", FrenchNumber.ForSpreadsheet(182854L));
    }
}

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Amiens Métropole", "AMIENS METROPOLE")]
    [InlineData("Département de la Somme", "DEPARTEMENT DE LA SOMME")]
    [InlineData("Nièvre et Somme", "NIEVRE ET SOMME")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Fold_UppercasesAndRemovesAccents(string? input, string expected) => Assert.Equal(expected, SearchText.Fold(input));

    [Fact]
    public void Fold_LowerCaseQuery_FindsAccentedName() =>
        Assert.Contains(SearchText.Fold("metropole"), SearchText.Fold("CA Amiens Métropole"), StringComparison.Ordinal);
}

public sealed class AdhesionRulesTests
{
    private static Adhesion A(long id, string joined, string? left) => new()
    {
        Id = id,
        PurchasingGroupId = 1,
        MemberId = 7,
        JoinedOn = DateOnly.Parse(joined, System.Globalization.CultureInfo.InvariantCulture),
        LeftOn = left is null ? null : DateOnly.Parse(left, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Validate_LeftBeforeJoined_IsRefused() =>
        Assert.Contains(AdhesionRules.Validate(A(0, "2025-03-01", "2025-02-01"), []), e => e.Field == nameof(Adhesion.LeftOn));

    [Fact]
    public void Validate_OverlapWithOpenAdhesion_IsRefused() =>
        Assert.Contains(AdhesionRules.Validate(A(0, "2026-01-01", null), [A(1, "2025-01-01", null)]), e => e.Field == nameof(Adhesion.JoinedOn));

    [Fact]
    public void Validate_RejoinOnTheDayItLeft_IsAllowed() =>
        Assert.Empty(AdhesionRules.Validate(A(0, "2025-06-01", null), [A(1, "2025-01-01", "2025-06-01")]));

    [Fact]
    public void Validate_SameAdhesionEdited_DoesNotOverlapItself() =>
        Assert.Empty(AdhesionRules.Validate(A(1, "2025-01-01", "2025-12-31"), [A(1, "2025-01-01", null)]));
}

public sealed class FrenchDateTests
{
    [Theory]
    [InlineData("28/11/2026")]
    [InlineData("2026-11-28")]
    public void TryParse_AcceptsFrenchAndIsoDates(string text)
    {
        Assert.True(FrenchDate.TryParse(text, out var d));
        Assert.Equal(new DateOnly(2026, 11, 28), d);
    }

    [Theory]
    [InlineData("31/02/2026")]
    [InlineData("demain")]
    [InlineData("11/28/2026")]
    public void TryParse_RefusesInvalidDates(string text) => Assert.False(FrenchDate.TryParse(text, out _));
}
