using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Members;

namespace ProcurementGroup.Web.Features.Members;

public sealed class MemberIndexViewModel
{
    public string? Q { get; init; }

    public MemberSort Sort { get; init; }

    public bool Desc { get; init; }

    public int Page { get; init; }

    public int PageCount { get; init; }

    public int Total { get; init; }

    public IReadOnlyDictionary<MemberKind, int> ByKind { get; init; } = new Dictionary<MemberKind, int>();

    public IReadOnlyList<MemberListRow> Rows { get; init; } = [];
}

public sealed class MemberDetailsViewModel
{
    public required Member Member { get; init; }

    public IReadOnlyList<MemberAllocationBase> Bases { get; init; } = [];

    public IReadOnlyList<AdhesionRow> Adhesions { get; init; } = [];
}

/// <summary>The member form. Every field is text so that nothing typed is lost and every message is ours, in French.</summary>
public sealed class MemberForm
{
    public long Id { get; set; }

    public int Version { get; set; }

    [Display(Name = "Nom")]
    public string? Name { get; set; }

    [Display(Name = "Type")]
    public string? Kind { get; set; }

    [Display(Name = "SIREN")]
    public string? Siren { get; set; }

    [Display(Name = "SIRET de facturation")]
    public string? BillingSiret { get; set; }

    [Display(Name = "Code service Chorus Pro")]
    public string? ChorusServiceCode { get; set; }

    [Display(Name = "Adresse (ligne 1)")]
    public string? AddressLine1 { get; set; }

    [Display(Name = "Adresse (ligne 2)")]
    public string? AddressLine2 { get; set; }

    [Display(Name = "Code postal")]
    public string? PostalCode { get; set; }

    [Display(Name = "Ville")]
    public string? City { get; set; }

    [Display(Name = "Courriel de facturation")]
    public string? BillingEmail { get; set; }

    public static MemberForm From(Member m) => new()
    {
        Id = m.Id,
        Version = m.Version,
        Name = m.Name,
        Kind = m.Kind.ToString(),
        Siren = m.Siren,
        BillingSiret = m.BillingSiret,
        ChorusServiceCode = m.ChorusServiceCode,
        AddressLine1 = m.AddressLine1,
        AddressLine2 = m.AddressLine2,
        PostalCode = m.PostalCode,
        City = m.City,
        BillingEmail = m.BillingEmail,
    };

    public Member ToMember() => new()
    {
        Id = Id,
        Version = Version,
        Name = Name ?? string.Empty,

        // An unknown value becomes 0, which MemberValidator reports in French.
        Kind = Enum.TryParse<MemberKind>(Kind, out var kind) && Enum.IsDefined(kind) && !int.TryParse(Kind, System.Globalization.CultureInfo.InvariantCulture, out _) ? kind : 0,
        Siren = Siren,
        BillingSiret = BillingSiret,
        ChorusServiceCode = ChorusServiceCode,
        AddressLine1 = AddressLine1,
        AddressLine2 = AddressLine2,
        PostalCode = PostalCode,
        City = City,
        BillingEmail = BillingEmail,
    };
}

/// <summary>One year of allocation bases, typed as text and parsed tolerantly (<c>1 234</c>).</summary>
public sealed class BaseForm
{
    [Display(Name = "Année")]
    public string? Year { get; set; }

    [Display(Name = "Population municipale")]
    public string? PopulationMunicipale { get; set; }

    [Display(Name = "Population totale")]
    public string? PopulationTotale { get; set; }

    [Display(Name = "Année INSEE des populations")]
    public string? PopulationInseeYear { get; set; }

    [Display(Name = "Élèves")]
    public string? Pupils { get; set; }

    [Display(Name = "Écoles")]
    public string? Schools { get; set; }

    [Display(Name = "Sites")]
    public string? Sites { get; set; }

    [Display(Name = "Lignes")]
    public string? Lines { get; set; }

    public static BaseForm From(MemberAllocationBase b) => new()
    {
        Year = b.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PopulationMunicipale = Text(b.PopulationMunicipale),
        PopulationTotale = Text(b.PopulationTotale),
        PopulationInseeYear = Text(b.PopulationInseeYear),
        Pupils = Text(b.Pupils),
        Schools = Text(b.Schools),
        Sites = Text(b.Sites),
        Lines = Text(b.Lines),
    };

    private static string? Text(long? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses the form; returns French messages keyed by field when a value is not a whole, non-negative number.</summary>
    public (MemberAllocationBase? Base, List<(string Field, string Message)> Errors) Parse(long memberId)
    {
        var errors = new List<(string, string)>();
        var b = new MemberAllocationBase { MemberId = memberId };
        if (!AllocationInput.TryYear(Year, out var year))
        {
            errors.Add((nameof(Year), AllocationInput.YearMessage));
        }

        b.Year = year;
        b.PopulationMunicipale = AllocationInput.Count(PopulationMunicipale, nameof(PopulationMunicipale), errors);
        b.PopulationTotale = AllocationInput.Count(PopulationTotale, nameof(PopulationTotale), errors);
        if (!string.IsNullOrWhiteSpace(PopulationInseeYear))
        {
            if (AllocationInput.TryYear(PopulationInseeYear, out var insee))
            {
                b.PopulationInseeYear = insee;
            }
            else
            {
                errors.Add((nameof(PopulationInseeYear), AllocationInput.YearMessage));
            }
        }

        b.Pupils = AllocationInput.Count(Pupils, nameof(Pupils), errors);
        b.Schools = AllocationInput.Count(Schools, nameof(Schools), errors);
        b.Sites = AllocationInput.Count(Sites, nameof(Sites), errors);
        b.Lines = AllocationInput.Count(Lines, nameof(Lines), errors);
        return (errors.Count == 0 ? b : null, errors);
    }
}

/// <summary>Parsing rules for allocation bases, shared by the form and the spreadsheet import.</summary>
public static class AllocationInput
{
    public const string YearMessage = "L'année doit être un nombre entier entre 1900 et 2200.";
    public const string CountMessage = "Saisissez un nombre entier positif ou nul (par exemple 1 234).";

    public static bool TryYear(string? text, out int year)
    {
        year = 0;
        if (FrenchNumber.TryParseInteger(text, out var value) && value is >= 1900 and <= 2200)
        {
            year = (int)value;
            return true;
        }

        return false;
    }

    /// <summary>An empty cell is "unknown" (null); anything else must be a whole number, 0 or more.</summary>
    public static long? Count(string? text, string field, List<(string Field, string Message)> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (FrenchNumber.TryParseInteger(text, out var value) && value >= 0)
        {
            return value;
        }

        errors.Add((field, FrenchNumber.Message(text, CountMessage)));
        return null;
    }
}

public sealed class MemberBasesViewModel
{
    public required Member Member { get; init; }

    public IReadOnlyList<MemberAllocationBase> Bases { get; init; } = [];

    public BaseForm Form { get; init; } = new();
}

public sealed class ImportViewModel
{
    public IReadOnlyList<string> Report { get; init; } = [];

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    public bool Done { get; init; }
}
