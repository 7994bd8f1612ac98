using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Costs;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>The list of cost entries, filtered by contract and period.</summary>
public sealed class CostIndexViewModel
{
    public long? ContractId { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public IReadOnlyList<CostContract> Contracts { get; init; } = [];

    public IReadOnlyList<CostEntryRow> Rows { get; init; } = [];

    public CostContract? Contract => Contracts.FirstOrDefault(c => c.Id == ContractId);

    public string? KeyDescription { get; init; }
}

/// <summary>The cost entry form, as typed: every field is text so that a wrong value comes back unchanged.</summary>
public sealed class CostEntryForm
{
    public long Id { get; set; }

    public long ContractId { get; set; }

    public int Version { get; set; }

    [Display(Name = "N° de facture")]
    public string? InvoiceNumber { get; set; }

    [Display(Name = "Date de facture")]
    public string? InvoiceDate { get; set; }

    [Display(Name = "Début de la période couverte")]
    public string? PeriodFrom { get; set; }

    [Display(Name = "Fin de la période couverte")]
    public string? PeriodTo { get; set; }

    [Display(Name = "Libellé")]
    public string? Label { get; set; }

    [Display(Name = "Montant HT (€)")]
    public string? AmountHtCents { get; set; }

    [Display(Name = "Taux de TVA")]
    public string? VatRateBasisPoints { get; set; } = "20";

    [Display(Name = "Membre (dépense propre à un membre)")]
    public long? MemberId { get; set; }

    [Display(Name = "N° interne du bon de commande (facultatif)")]
    public long? OrderId { get; set; }

    /// <summary>Shown, not posted: the contract and its participants for the member list.</summary>
    public CostContract? Contract { get; set; }

    public IReadOnlyList<ContractParticipantRow> Participants { get; set; } = [];

    public CostEntryText ToText() => new(InvoiceNumber, InvoiceDate, PeriodFrom, PeriodTo, Label, AmountHtCents, VatRateBasisPoints);

    public static CostEntryForm From(CostEntry e) => new()
    {
        Id = e.Id,
        ContractId = e.ContractId,
        Version = e.Version,
        InvoiceNumber = e.InvoiceNumber,
        InvoiceDate = FrenchFormat.Date(e.InvoiceDate),
        PeriodFrom = FrenchFormat.Date(e.PeriodFrom),
        PeriodTo = FrenchFormat.Date(e.PeriodTo),
        Label = e.Label,
        AmountHtCents = CatalogueText.Euros(e.AmountHtCents),
        VatRateBasisPoints = CatalogueText.VatPercent(e.VatRateBasisPoints),
        MemberId = e.MemberId,
        OrderId = e.OrderId,
    };
}

/// <summary>The import page: the contract, and the messages of a refused file.</summary>
public sealed class CostImportViewModel
{
    public CostContract Contract { get; init; } = new();

    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>The key form: a percentage per basis, the year of the bases, a custom weight per participant.</summary>
public sealed class KeyForm
{
    public long ContractId { get; set; }

    public long? EntryId { get; set; }

    public int Version { get; set; }

    public string? PercentQuantity { get; set; }

    public string? PercentPopulationMunicipale { get; set; }

    public string? PercentPopulationTotale { get; set; }

    public string? PercentPupils { get; set; }

    public string? PercentSchools { get; set; }

    public string? PercentLines { get; set; }

    public string? PercentSites { get; set; }

    public string? PercentEqual { get; set; }

    public string? PercentCustom { get; set; }

    [Display(Name = "Année des bases")]
    public string? Year { get; set; }

    public Dictionary<string, string?> Weights { get; set; } = [];

    /// <summary>Shown, not posted.</summary>
    public CostContract? Contract { get; set; }

    public CostEntry? Entry { get; set; }

    public IReadOnlyList<ContractParticipantRow> Participants { get; set; } = [];

    public string? Percent(AllocationBasis basis) => basis switch
    {
        AllocationBasis.Quantity => PercentQuantity,
        AllocationBasis.PopulationMunicipale => PercentPopulationMunicipale,
        AllocationBasis.PopulationTotale => PercentPopulationTotale,
        AllocationBasis.Pupils => PercentPupils,
        AllocationBasis.Schools => PercentSchools,
        AllocationBasis.Lines => PercentLines,
        AllocationBasis.Sites => PercentSites,
        AllocationBasis.Equal => PercentEqual,
        AllocationBasis.Custom => PercentCustom,
        _ => null,
    };

    public void SetPercent(AllocationBasis basis, string? value)
    {
        switch (basis)
        {
            case AllocationBasis.Quantity: PercentQuantity = value; break;
            case AllocationBasis.PopulationMunicipale: PercentPopulationMunicipale = value; break;
            case AllocationBasis.PopulationTotale: PercentPopulationTotale = value; break;
            case AllocationBasis.Pupils: PercentPupils = value; break;
            case AllocationBasis.Schools: PercentSchools = value; break;
            case AllocationBasis.Lines: PercentLines = value; break;
            case AllocationBasis.Sites: PercentSites = value; break;
            case AllocationBasis.Equal: PercentEqual = value; break;
            case AllocationBasis.Custom: PercentCustom = value; break;
        }
    }

    public KeyInput ToInput() => new(
        Enum.GetValues<AllocationBasis>().ToDictionary(b => b, Percent),
        Year,
        Participants.ToDictionary(p => p.MemberId, p => Weights.GetValueOrDefault(p.MemberId.ToString(CultureInfo.InvariantCulture))));

    public void Fill(StoredKey stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var component in stored.Key.Components)
        {
            SetPercent(component.Basis, component.Percent.ToString(CultureInfo.InvariantCulture));
        }

        Year = stored.Key.Year?.ToString(CultureInfo.InvariantCulture);
        Weights = stored.CustomWeights.ToDictionary(w => w.Key.ToString(CultureInfo.InvariantCulture), w => (string?)FrenchFormat.Number(w.Value));
    }
}

/// <summary>The preview form and the comparison form: a groupement and a period (and for the comparison, two keys).</summary>
public sealed class PeriodForm
{
    [Display(Name = "Groupement")]
    public long? GroupId { get; set; }

    [Display(Name = "Début de la période")]
    public string? From { get; set; }

    [Display(Name = "Fin de la période")]
    public string? To { get; set; }

    public IReadOnlyList<(long Id, string Name)> Groups { get; set; } = [];

    public IReadOnlyList<string> Errors { get; set; } = [];
}

/// <summary>The comparison page: two keys typed as in the key form (A and B), and the members' figures under each.</summary>
public sealed class CompareViewModel
{
    public PeriodForm Period { get; set; } = new();

    public KeyForm First { get; set; } = new();

    public KeyForm Second { get; set; } = new();

    public string? FirstDescription { get; set; }

    public string? SecondDescription { get; set; }

    public IReadOnlyList<MemberComparison>? Members { get; set; }

    public IReadOnlyList<string> Errors { get; set; } = [];
}

/// <summary>A saved run as the preview page shows it, read back from its stored lines and shares.</summary>
public sealed class RunViewModel
{
    public AllocationRunRow Run { get; init; } = new();

    public string GroupName { get; init; } = string.Empty;

    public IReadOnlyList<RunCostLineRow> Lines { get; init; } = [];

    public IReadOnlyList<RunShareRow> Shares { get; init; } = [];

    public IReadOnlyDictionary<long, string> ContractReferences { get; init; } = new Dictionary<long, string>();

    /// <summary>Per member: cost HT and VAT (the lines), fee HT and VAT, TTC; ordered by name.</summary>
    public IReadOnlyList<(long MemberId, string Name, long Ht, long Vat, long FeeHt, long FeeVat)> Totals =>
        [.. Shares.GroupBy(s => (s.MemberId, s.MemberName)).OrderBy(g => g.Key.MemberName, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true))
            .Select(g => (g.Key.MemberId, g.Key.MemberName,
                g.Where(s => !s.IsFee).Sum(s => s.HtCents), g.Where(s => !s.IsFee).Sum(s => s.VatCents),
                g.Where(s => s.IsFee).Sum(s => s.HtCents), g.Where(s => s.IsFee).Sum(s => s.VatCents)))];

    public IEnumerable<RunShareRow> SharesOf(long lineId) => Shares.Where(s => !s.IsFee && s.RunCostLineId == lineId);

    public string? FeeDescription => (int?)Run.FeeKind switch
    {
        1 => string.Format(CultureInfo.GetCultureInfo("fr-FR"), "{0} % du montant HT de chaque membre, TVA {1}", FrenchFormat.Number((Run.FeeValue ?? 0) / 100m), CostEntryRules.VatLabel(Run.FeeVatRateBasisPoints ?? 0)),
        2 => string.Format(CultureInfo.GetCultureInfo("fr-FR"), "{0} HT par membre, TVA {1}", FrenchFormat.Money(Run.FeeValue ?? 0), CostEntryRules.VatLabel(Run.FeeVatRateBasisPoints ?? 0)),
        _ => null,
    };
}

/// <summary>The coordination fee form (finance): kind, value and VAT rate.</summary>
public sealed class FeeForm
{
    [Display(Name = "Frais de coordination")]
    public string? Kind { get; set; }

    [Display(Name = "Taux (%) ou montant HT par membre (€)")]
    public string? Value { get; set; }

    [Display(Name = "Taux de TVA des frais")]
    public string? VatRate { get; set; } = "20";
}

/// <summary>How the cost pages print keys, bases and shares.</summary>
public static class CostText
{
    /// <summary>« 30 % parts égales + 70 % population municipale (2026) », « dépense propre au membre » for a member's own cost.</summary>
    public static string Key(string keyText) => AllocationKeyText.DescribeRunLine(keyText);

    /// <summary>A stored exact fraction (<c>n/d</c> or an integer) as a French decimal with up to 3 decimals.</summary>
    public static string Number(string text) => Parse(text) is { } value ? FrenchFormat.Number(decimal.Round(value.ToDecimal(), 3, MidpointRounding.AwayFromZero)) : text;

    /// <summary>A stored share (fraction of 1) in percent with 4 decimals: « 28,5714 % ».</summary>
    public static string Percent(string text) => Parse(text) is { } value
        ? decimal.Round(value.ToDecimal() * 100m, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.GetCultureInfo("fr-FR")) + " %"
        : text;

    public static Fraction? Parse(string text)
    {
        if (string.IsNullOrEmpty(text) || text.StartsWith('≈'))
        {
            return text is { Length: > 1 } && decimal.TryParse(text[1..], NumberStyles.Number, CultureInfo.InvariantCulture, out var approx) ? Fraction.FromDecimal(approx) : null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? new Fraction(whole, BigInteger.One) : null;
        }

        return BigInteger.TryParse(text[..slash], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && BigInteger.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var d) && !d.IsZero
            ? new Fraction(n, d)
            : null;
    }
}
