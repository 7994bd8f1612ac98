using ProcurementGroup.Core.Members;

namespace ProcurementGroup.Core.Tests;

/// <summary>What makes an imported line "unchanged": every identity and billing field, and every figure of the year's base.</summary>
public sealed class MemberComparisonTests
{
    private static Member Vimeu() => new()
    {
        Id = 7,
        Name = "CC du Vimeu",
        Kind = MemberKind.CommunauteCommunes,
        Siren = "248000556",
        BillingSiret = "24800055600013",
        ChorusServiceCode = "FACT",
        AddressLine1 = "29 rue Roger Salengro",
        AddressLine2 = null,
        PostalCode = "80130",
        City = "Friville-Escarbotin",
        BillingEmail = "factures@vimeu.example",
        Version = 4,
    };

    [Fact]
    public void SameDetails_IgnoreTheRowsIdAndBookkeeping()
    {
        var other = Vimeu();
        other.Id = 99;
        other.Version = 1;
        other.UpdatedAtUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(Vimeu().HasSameDetailsAs(other));
    }

    [Theory]
    [InlineData(nameof(Member.Name))]
    [InlineData(nameof(Member.Kind))]
    [InlineData(nameof(Member.Siren))]
    [InlineData(nameof(Member.BillingSiret))]
    [InlineData(nameof(Member.ChorusServiceCode))]
    [InlineData(nameof(Member.AddressLine1))]
    [InlineData(nameof(Member.AddressLine2))]
    [InlineData(nameof(Member.PostalCode))]
    [InlineData(nameof(Member.City))]
    [InlineData(nameof(Member.BillingEmail))]
    public void OneFieldDifferent_IsAChange(string field)
    {
        var other = Vimeu();
        switch (field)
        {
            case nameof(Member.Kind):
                other.Kind = MemberKind.Commune;
                break;
            case nameof(Member.AddressLine2):
                other.AddressLine2 = "BP 12";
                break;
            default:
                var property = typeof(Member).GetProperty(field)!;
                property.SetValue(other, (string)property.GetValue(other)! + "x");
                break;
        }

        Assert.False(Vimeu().HasSameDetailsAs(other));
    }

    [Fact]
    public void Copy_HasTheSameDetails_AndChangingItLeavesTheOriginal()
    {
        var original = Vimeu();
        var copy = original.Copy();
        Assert.True(copy.HasSameDetailsAs(original));
        Assert.Equal((original.Id, original.Version), (copy.Id, copy.Version));
        copy.City = "Abbeville";
        Assert.Equal("Friville-Escarbotin", original.City);
    }

    [Fact]
    public void NameDifferingOnlyInCase_IsAChange()
    {
        var other = Vimeu();
        other.Name = "CC DU VIMEU";
        Assert.False(Vimeu().HasSameDetailsAs(other));
    }

    private static MemberAllocationBase Base() => new()
    {
        MemberId = 7,
        Year = 2025,
        PopulationMunicipale = 22234,
        PopulationTotale = 22701,
        PopulationInseeYear = 2022,
        Pupils = 1800,
        Schools = 14,
        Sites = 31,
        Lines = 120,
    };

    [Fact]
    public void SameFigures_WhateverTheMember()
    {
        var other = Base();
        other.MemberId = 8;
        Assert.True(Base().HasSameFiguresAs(other));
    }

    [Theory]
    [InlineData(nameof(MemberAllocationBase.Year))]
    [InlineData(nameof(MemberAllocationBase.PopulationMunicipale))]
    [InlineData(nameof(MemberAllocationBase.PopulationTotale))]
    [InlineData(nameof(MemberAllocationBase.PopulationInseeYear))]
    [InlineData(nameof(MemberAllocationBase.Pupils))]
    [InlineData(nameof(MemberAllocationBase.Schools))]
    [InlineData(nameof(MemberAllocationBase.Sites))]
    [InlineData(nameof(MemberAllocationBase.Lines))]
    public void OneFigureDifferent_IsAChange(string field)
    {
        var other = Base();
        var property = typeof(MemberAllocationBase).GetProperty(field)!;
        if (field == nameof(MemberAllocationBase.Year))
        {
            other.Year++;
        }
        else
        {
            property.SetValue(other, null); // a figure left empty is a change too
        }

        Assert.False(Base().HasSameFiguresAs(other));
    }
}
