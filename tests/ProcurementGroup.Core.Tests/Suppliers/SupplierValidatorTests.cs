using System.Text.Json;
using ProcurementGroup.Core.Suppliers;

namespace ProcurementGroup.Core.Tests.Suppliers;

public sealed class SupplierValidatorTests
{
    // 73282932000074: a valid SIRET of the published vectors (TestData/siren_siret_vectors.json).
    private static Supplier Valid() => new()
    {
        Name = "Picardie Réseaux Télécom",
        Siret = "73282932000074",
        AddressLine1 = "4 rue de la Hotoie",
        PostalCode = "80000",
        City = "Amiens",
        ContactEmail = "marches@picardie-reseaux.example",
    };

    private static IReadOnlyList<(string Field, string Message)> ErrorsOn(Supplier s, string field) =>
        SupplierValidator.Validate(s).Where(e => e.Field == field).ToList();

    [Fact]
    public void Validate_CompleteSupplier_HasNoError() => Assert.Empty(SupplierValidator.Validate(Valid()));

    [Fact]
    public void Validate_EmptySupplier_GivesOneFrenchMessagePerRequiredField()
    {
        var errors = SupplierValidator.Validate(new Supplier());

        Assert.Equal(
            new[]
            {
                (nameof(Supplier.Name), "Le nom est obligatoire."),
                (nameof(Supplier.Siret), "Le SIRET est obligatoire."),
                (nameof(Supplier.AddressLine1), "L'adresse est obligatoire."),
                (nameof(Supplier.PostalCode), "Le code postal est obligatoire."),
                (nameof(Supplier.City), "La ville est obligatoire."),
                (nameof(Supplier.ContactEmail), "Le courriel de contact est obligatoire."),
            },
            errors);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Validate_NameLength_BoundedAt200(int length, bool valid)
    {
        var s = Valid();
        s.Name = new string('A', length);
        var errors = ErrorsOn(s, nameof(Supplier.Name));
        Assert.Equal(valid ? 0 : 1, errors.Count);
        if (!valid)
        {
            Assert.Equal("Ce champ ne doit pas dépasser 200 caractères.", errors[0].Message);
        }
    }

    [Fact]
    public void Validate_BlankName_IsRequired()
    {
        var s = Valid();
        s.Name = "   ";
        Assert.Equal("Le nom est obligatoire.", Assert.Single(SupplierValidator.Validate(s)).Message);
    }

    public static TheoryData<string, bool> SiretVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "siren_siret_vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var data = new TheoryData<string, bool>();
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray().Where(v => v.GetProperty("kind").GetString() == "SIRET"))
        {
            var input = v.GetProperty("input").GetString()!;
            if (!string.IsNullOrWhiteSpace(input) && !data.Any(row => (string)row[0] == input))
            {
                data.Add(input, v.GetProperty("expected_valid").GetBoolean());
            }
        }

        return data;
    }

    [Fact]
    public void SiretVectors_HoldValidAndInvalidNumbers()
    {
        var vectors = SiretVectors().Select(row => (bool)row[1]).ToList();
        Assert.Contains(true, vectors);
        Assert.Contains(false, vectors);
    }

    /// <summary>The supplier's SIRET is checked by the one Siret rule: the published vectors give the same answer here.</summary>
    [Theory]
    [MemberData(nameof(SiretVectors))]
    public void Validate_Siret_FollowsThePublishedVectors(string siret, bool expected)
    {
        var s = Valid();
        s.Siret = siret;
        var errors = ErrorsOn(s, nameof(Supplier.Siret));
        if (expected)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(SupplierValidator.SiretMessage, Assert.Single(errors).Message);
        }
    }

    [Theory]
    [InlineData("7328293200007")]
    [InlineData("732829320000740")]
    [InlineData("73282932000075")]
    [InlineData("7328293200007A")]
    public void Validate_SiretWrongLengthOrKey_IsRefusedOnSiret(string siret)
    {
        var s = Valid();
        s.Siret = siret;
        var error = Assert.Single(SupplierValidator.Validate(s));
        Assert.Equal((nameof(Supplier.Siret), SupplierValidator.SiretMessage), error);
    }

    [Fact]
    public void Normalize_SiretTypedWithSpaces_IsCompactedAndValid()
    {
        var s = Valid();
        s.Siret = " 732 829 320 00074 ";
        s.Name = "  Picardie Réseaux Télécom ";
        s.AddressLine2 = "   ";
        SupplierValidator.Normalize(s);

        Assert.Equal("73282932000074", s.Siret);
        Assert.Equal("Picardie Réseaux Télécom", s.Name);
        Assert.Null(s.AddressLine2);
        Assert.Empty(SupplierValidator.Validate(s));
    }

    [Theory]
    [InlineData("80000", true)]
    [InlineData("01000", true)]
    [InlineData("8000", false)]
    [InlineData("800000", false)]
    [InlineData("8000A", false)]
    [InlineData("2A004", false)]
    public void Validate_PostalCode_FiveDigits(string postalCode, bool valid)
    {
        var s = Valid();
        s.PostalCode = postalCode;
        var errors = ErrorsOn(s, nameof(Supplier.PostalCode));
        Assert.Equal(valid ? 0 : 1, errors.Count);
        if (!valid)
        {
            Assert.Equal("Le code postal doit comporter 5 chiffres.", errors[0].Message);
        }
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Validate_AddressLines_BoundedAt200(int length, bool valid)
    {
        var s = Valid();
        s.AddressLine1 = new string('r', length);
        s.AddressLine2 = new string('c', length);
        Assert.Equal(valid ? 0 : 1, ErrorsOn(s, nameof(Supplier.AddressLine1)).Count);
        Assert.Equal(valid ? 0 : 1, ErrorsOn(s, nameof(Supplier.AddressLine2)).Count);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_City_BoundedAt100(int length, bool valid)
    {
        var s = Valid();
        s.City = new string('v', length);
        Assert.Equal(valid ? 0 : 1, ErrorsOn(s, nameof(Supplier.City)).Count);
    }

    [Theory]
    [InlineData("pas-un-courriel")]
    [InlineData("a@b")]
    [InlineData("a b@c.fr")]
    [InlineData("contact@@exemple.fr")]
    public void Validate_MalformedEmail_IsRefusedInFrench(string email)
    {
        var s = Valid();
        s.ContactEmail = email;
        Assert.Equal((nameof(Supplier.ContactEmail), "L'adresse électronique n'est pas valide."), Assert.Single(SupplierValidator.Validate(s)));
    }

    [Fact]
    public void Validate_EmailOf254Characters_IsAccepted_255Refused()
    {
        var s = Valid();
        var domain = "@exemple.fr";
        s.ContactEmail = new string('a', 254 - domain.Length) + domain;
        Assert.Empty(SupplierValidator.Validate(s));
        s.ContactEmail = new string('a', 255 - domain.Length) + domain;
        Assert.Single(ErrorsOn(s, nameof(Supplier.ContactEmail)));
    }
}
