using ProcurementGroup.Core.Needs;

namespace ProcurementGroup.Core.Tests.Needs;

public sealed class CampaignValidatorTests
{
    private static readonly DateTime Opens = new(2026, 9, 1, 6, 0, 0, DateTimeKind.Utc);

    private static NeedsCampaign Campaign(CampaignStatus status = CampaignStatus.Draft, int months = 48) => new()
    {
        Title = "Télécommunications",
        OpensAtUtc = Opens,
        ClosesAtUtc = Opens.AddDays(44),
        PlannedLaunchDate = new DateOnly(2027, 1, 15),
        DurationMonths = months,
        Status = status,
    };

    [Fact]
    public void Validate_ClosingAtOrBeforeOpening_IsRefusedOnTheClosingField()
    {
        var c = Campaign();
        c.ClosesAtUtc = c.OpensAtUtc;
        var error = Assert.Single(CampaignValidator.Validate(c));
        Assert.Equal((nameof(NeedsCampaign.ClosesAtUtc), "La clôture doit être postérieure à l'ouverture."), error);

        c.ClosesAtUtc = c.OpensAtUtc.AddMinutes(1);
        Assert.Empty(CampaignValidator.Validate(c));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(120, true)]
    [InlineData(121, false)]
    public void Validate_DurationBetweenOneAndHundredTwentyMonths(int months, bool valid) =>
        Assert.Equal(valid, CampaignValidator.Validate(Campaign(months: months)).Count == 0);

    [Theory]
    [InlineData(48, false)]
    [InlineData(49, true)]
    public void DurationWarning_AboveFourYears_IsAWarningNotAnError(int months, bool warned)
    {
        Assert.Equal(warned, CampaignValidator.DurationWarning(months) is not null);
        Assert.Empty(CampaignValidator.Validate(Campaign(months: months)));
    }

    [Theory]
    [InlineData(CampaignStatus.Draft, true, true)]
    [InlineData(CampaignStatus.Open, false, true)]
    [InlineData(CampaignStatus.Closed, false, true)]
    [InlineData(CampaignStatus.Archived, false, false)]
    public void Catalogue_FreezesAtOpening_CorrectionsUntilArchived(CampaignStatus status, bool editable, bool correctable)
    {
        Assert.Equal(editable, CampaignValidator.CatalogueEditable(status));
        Assert.Equal(correctable, CampaignValidator.ItemCorrectable(status));
    }

    [Fact]
    public void CheckOpen_OnlyADraftWhoseClosingIsStillToCome()
    {
        var c = Campaign();
        Assert.Null(CampaignValidator.CheckOpen(c, Opens));
        Assert.NotNull(CampaignValidator.CheckOpen(c, c.ClosesAtUtc));
        Assert.NotNull(CampaignValidator.CheckOpen(Campaign(CampaignStatus.Open), Opens));
    }

    [Fact]
    public void CheckExtension_LaterAndFuture_OnlyWhileOpenOrClosed()
    {
        var now = Opens.AddDays(50);
        var open = Campaign(CampaignStatus.Open);
        Assert.Null(CampaignValidator.CheckExtension(open, now.AddDays(1), now));
        Assert.NotNull(CampaignValidator.CheckExtension(open, open.ClosesAtUtc, now));
        Assert.NotNull(CampaignValidator.CheckExtension(open, now.AddMinutes(-1), now));
        Assert.Null(CampaignValidator.CheckExtension(Campaign(CampaignStatus.Closed), now.AddDays(1), now));
        Assert.NotNull(CampaignValidator.CheckExtension(Campaign(CampaignStatus.Draft), now.AddDays(1), now));
        Assert.NotNull(CampaignValidator.CheckExtension(Campaign(CampaignStatus.Archived), now.AddDays(1), now));
    }

    [Fact]
    public void ValidateItem_FractionalMaximumOnAWholeNumbersItem_IsRefused()
    {
        var item = new CatalogueItem { Code = "FIXE-TRONC", Label = "Trunk SIP", Unit = "trunk", UnitPriceCents = 9500, PricePeriod = PricePeriod.Monthly, MaxPerMemberMilli = 5500 };
        Assert.Contains(CampaignValidator.ValidateItem(item), e => e.Field == nameof(CatalogueItem.MaxPerMemberMilli));
        item.MaxPerMemberMilli = 5000;
        Assert.Empty(CampaignValidator.ValidateItem(item));
        item.Code = "FIXE TRONC";
        Assert.Contains(CampaignValidator.ValidateItem(item), e => e.Field == nameof(CatalogueItem.Code));
    }
}

public sealed class CatalogueTextTests
{
    [Theory]
    [InlineData("12,00", 1200)]
    [InlineData("12.5", 1250)]
    [InlineData("1 234,56 €", 123456)]
    [InlineData("0", 0)]
    public void TryPriceCents_ReadsEurosWithCommaOrDot(string input, long cents)
    {
        Assert.True(CatalogueText.TryPriceCents(input, out var value));
        Assert.Equal(cents, value);
    }

    [Theory]
    [InlineData("12,345")]
    [InlineData("-1")]
    [InlineData("douze")]
    [InlineData("")]
    public void TryPriceCents_RefusesThreeDecimalsNegativeOrText(string input) => Assert.False(CatalogueText.TryPriceCents(input, out _));

    [Theory]
    [InlineData("20", 2000)]
    [InlineData("5,5", 550)]
    [InlineData("5.5 %", 550)]
    [InlineData("2,1", 210)]
    [InlineData("0", 0)]
    public void TryVatBasisPoints_ReadsPercent(string input, int basisPoints)
    {
        Assert.True(CatalogueText.TryVatBasisPoints(input, out var value));
        Assert.Equal(basisPoints, value);
    }

    [Theory]
    [InlineData("101")]
    [InlineData("vingt")]
    [InlineData("5,555")]
    public void TryVatBasisPoints_RefusesOutOfRangeOrText(string input) => Assert.False(CatalogueText.TryVatBasisPoints(input, out _));

    [Theory]
    [InlineData("ponctuel", PricePeriod.OneOff)]
    [InlineData("Mensuel", PricePeriod.Monthly)]
    [InlineData("ANNUEL", PricePeriod.Annual)]
    [InlineData("Monthly", PricePeriod.Monthly)]
    public void TryPeriod_ReadsFrenchLabels(string input, PricePeriod period)
    {
        Assert.True(CatalogueText.TryPeriod(input, out var value));
        Assert.Equal(period, value);
        Assert.True(CatalogueText.TryPeriod(CatalogueText.PeriodLabel(value), out var back));
        Assert.Equal(period, back);
    }

    [Theory]
    [InlineData("oui", true, true)]
    [InlineData("Non", true, false)]
    [InlineData("peut-être", false, false)]
    public void TryYesNo(string input, bool ok, bool expected)
    {
        Assert.Equal(ok, CatalogueText.TryYesNo(input, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryOptionalQuantityMilli_EmptyIsNoMaximum_ZeroIsRefused()
    {
        Assert.True(CatalogueText.TryOptionalQuantityMilli(" ", out var none));
        Assert.Null(none);
        Assert.True(CatalogueText.TryOptionalQuantityMilli("7,5", out var max));
        Assert.Equal(7500, max);
        Assert.False(CatalogueText.TryOptionalQuantityMilli("0", out _));
        Assert.False(CatalogueText.TryOptionalQuantityMilli("1,0005", out _));
    }
}
