namespace ProcurementGroup.Core.Members;

public enum MemberKind
{
    Departement = 1,
    CommunauteAgglomeration = 2,
    CommunauteCommunes = 3,
    Commune = 4,
    Other = 9,
}

/// <summary>A collectivité that adheres to one or more groupements (membre).</summary>
public sealed class Member
{
    public const int NameMaxLength = 200;

    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public MemberKind Kind { get; set; }

    /// <summary>9 digits, Luhn-checked; empty until known (e.g. the Département in the DGCL file).</summary>
    public string? Siren { get; set; }

    public string? BillingSiret { get; set; }

    /// <summary>Chorus Pro service code the invoices must carry.</summary>
    public string? ChorusServiceCode { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? BillingEmail { get; set; }

    /// <summary>Optimistic concurrency: incremented on every save.</summary>
    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>A copy to change while the stored one stays as it was (all fields are values or strings).</summary>
    public Member Copy() => (Member)MemberwiseClone();

    /// <summary>Whether the two hold the same identity and billing details (the row's id and bookkeeping aside).</summary>
    public bool HasSameDetailsAs(Member other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name && Kind == other.Kind && Siren == other.Siren && BillingSiret == other.BillingSiret
            && ChorusServiceCode == other.ChorusServiceCode && AddressLine1 == other.AddressLine1
            && AddressLine2 == other.AddressLine2 && PostalCode == other.PostalCode && City == other.City
            && BillingEmail == other.BillingEmail;
    }
}

/// <summary>The figures an allocation key may use for one member and one year.</summary>
public sealed class MemberAllocationBase
{
    public long MemberId { get; set; }

    public int Year { get; set; }

    /// <summary>INSEE population municipale.</summary>
    public long? PopulationMunicipale { get; set; }

    /// <summary>INSEE population totale.</summary>
    public long? PopulationTotale { get; set; }

    /// <summary>The INSEE year the populations come from (legal populations are published with a lag).</summary>
    public int? PopulationInseeYear { get; set; }

    public long? Pupils { get; set; }

    public long? Schools { get; set; }

    public long? Sites { get; set; }

    public long? Lines { get; set; }

    /// <summary>Whether the two give the same figures for the same year (whoever they belong to).</summary>
    public bool HasSameFiguresAs(MemberAllocationBase other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Year == other.Year && PopulationMunicipale == other.PopulationMunicipale
            && PopulationTotale == other.PopulationTotale && PopulationInseeYear == other.PopulationInseeYear
            && Pupils == other.Pupils && Schools == other.Schools && Sites == other.Sites && Lines == other.Lines;
    }
}
