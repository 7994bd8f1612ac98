using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Localization;

namespace ProcurementGroup.Web.Features.Campaigns;

public static class CampaignLabels
{
    public static string Status(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "En préparation",
        CampaignStatus.Open => "Ouverte",
        CampaignStatus.Closed => "Clôturée",
        CampaignStatus.Archived => "Archivée",
        _ => status.ToString(),
    };

    public static string StatusBadge(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "text-bg-secondary",
        CampaignStatus.Open => "text-bg-success",
        CampaignStatus.Closed => "text-bg-warning",
        _ => "text-bg-light",
    };
}

public sealed class CampaignIndexViewModel
{
    public long? GroupId { get; init; }

    public IReadOnlyList<PurchasingGroup> Groups { get; init; } = [];

    public IReadOnlyList<CampaignListRow> Rows { get; init; } = [];
}

public sealed class CampaignForm
{
    public long Id { get; set; }

    public int Version { get; set; }

    [Display(Name = "Groupement")]
    public string? PurchasingGroupId { get; set; }

    [Display(Name = "Titre")]
    public string? Title { get; set; }

    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Ouverture (heure de Paris)")]
    public string? OpensAt { get; set; }

    [Display(Name = "Clôture (heure de Paris)")]
    public string? ClosesAt { get; set; }

    [Display(Name = "Lancement prévu de la procédure")]
    public string? PlannedLaunchDate { get; set; }

    [Display(Name = "Durée du marché en mois, reconductions comprises")]
    public string? DurationMonths { get; set; }

    [Display(Name = "Nature de l'achat")]
    public string? Nature { get; set; } = ((int)PurchaseNature.Supplies).ToString(CultureInfo.InvariantCulture);

    [Display(Name = "Forme du contrat")]
    public string? ContractForm { get; set; } = ((int)Core.Procedures.ContractForm.Ordinary).ToString(CultureInfo.InvariantCulture);

    /// <summary>Dates can be changed only while a draft; after that, the deadline is extended from the details page.</summary>
    public bool DatesLocked { get; set; }

    public string GroupName { get; set; } = string.Empty;

    public IReadOnlyList<PurchasingGroup> Groups { get; set; } = [];

    public static CampaignForm From(NeedsCampaign c) => new()
    {
        Id = c.Id,
        Version = c.Version,
        PurchasingGroupId = c.PurchasingGroupId.ToString(CultureInfo.InvariantCulture),
        Title = c.Title,
        Description = c.Description,
        OpensAt = ParisTime.ForInput(c.OpensAtUtc),
        ClosesAt = ParisTime.ForInput(c.ClosesAtUtc),
        PlannedLaunchDate = FrenchDate.ForInput(c.PlannedLaunchDate),
        DurationMonths = c.DurationMonths.ToString(CultureInfo.InvariantCulture),
        Nature = ((int)c.Nature).ToString(CultureInfo.InvariantCulture),
        ContractForm = ((int)c.ContractForm).ToString(CultureInfo.InvariantCulture),
        DatesLocked = c.Status != CampaignStatus.Draft,
    };

    /// <summary>The form field showing a message about a campaign property.</summary>
    public static string FieldFor(string property) => property switch
    {
        nameof(NeedsCampaign.OpensAtUtc) => nameof(OpensAt),
        nameof(NeedsCampaign.ClosesAtUtc) => nameof(ClosesAt),
        _ => property,
    };

    public (NeedsCampaign Campaign, List<(string Field, string Message)> Errors) Parse()
    {
        var errors = new List<(string, string)>();
        var c = new NeedsCampaign
        {
            Id = Id,
            Version = Version,
            Title = (Title ?? string.Empty).Trim(),
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        };
        if (long.TryParse(PurchasingGroupId, NumberStyles.None, CultureInfo.InvariantCulture, out var groupId))
        {
            c.PurchasingGroupId = groupId;
        }
        else if (Id == 0)
        {
            errors.Add((nameof(PurchasingGroupId), "Choisissez un groupement."));
        }

        var opens = ParisTime.ToUtc(OpensAt, out var opensError);
        var closes = ParisTime.ToUtc(ClosesAt, out var closesError);
        if (opensError is not null && !DatesLocked)
        {
            errors.Add((nameof(OpensAt), opensError));
        }

        if (closesError is not null && !DatesLocked)
        {
            errors.Add((nameof(ClosesAt), closesError));
        }

        c.OpensAtUtc = opens ?? DateTime.MinValue;
        c.ClosesAtUtc = closes ?? DateTime.MaxValue;

        if (FrenchDate.TryParse(PlannedLaunchDate, out var launch))
        {
            c.PlannedLaunchDate = launch;
        }
        else
        {
            errors.Add((nameof(PlannedLaunchDate), "Saisissez la date de lancement prévue au format jj/mm/aaaa."));
        }

        if (FrenchNumber.TryParseInteger(DurationMonths, out var months) && months is >= 1 and <= CampaignValidator.MaxDurationMonths)
        {
            c.DurationMonths = (int)months;
        }
        else
        {
            errors.Add((nameof(DurationMonths), FrenchNumber.Message(DurationMonths, $"La durée doit être un nombre entier de mois entre 1 et {CampaignValidator.MaxDurationMonths}.")));
        }

        if (int.TryParse(Nature, NumberStyles.None, CultureInfo.InvariantCulture, out var nature) && Enum.IsDefined((PurchaseNature)nature))
        {
            c.Nature = (PurchaseNature)nature;
        }
        else
        {
            errors.Add((nameof(Nature), "Choisissez la nature de l'achat : fournitures, services ou travaux."));
        }

        if (int.TryParse(ContractForm, NumberStyles.None, CultureInfo.InvariantCulture, out var contract) && Enum.IsDefined((Core.Procedures.ContractForm)contract))
        {
            c.ContractForm = (Core.Procedures.ContractForm)contract;
        }
        else
        {
            errors.Add((nameof(ContractForm), "Choisissez la forme du contrat : marché ordinaire ou accord-cadre."));
        }

        // The cross-field rules (closing after opening...) are the Core validator's, run by the service.
        return (c, errors);
    }
}

public sealed class LotForm
{
    public long Id { get; set; }

    [Display(Name = "Numéro de lot")]
    public string? LotNumber { get; set; }

    [Display(Name = "Intitulé du lot")]
    public string? Title { get; set; }

    [Display(Name = "Maximum du lot en euros HT (accord-cadre)")]
    public string? Maximum { get; set; }

    /// <summary>The Version the page was loaded with, posted back in a hidden field.</summary>
    public int Version { get; set; }

    public static LotForm From(CampaignLot lot) => new()
    {
        Id = lot.Id,
        Version = lot.Version,
        LotNumber = lot.LotNumber.ToString(CultureInfo.InvariantCulture),
        Title = lot.Title,
        Maximum = lot.MaximumCents is { } max ? CatalogueText.Euros(max) : null,
    };

    public (CampaignLot Lot, List<(string Field, string Message)> Errors) Parse(long campaignId, ContractForm contractForm = Core.Procedures.ContractForm.Ordinary)
    {
        var errors = new List<(string, string)>();
        var lot = new CampaignLot { Id = Id, CampaignId = campaignId, Title = (Title ?? string.Empty).Trim(), Version = Version };
        if (FrenchNumber.TryParseInteger(LotNumber, out var number) && number is >= 1 and <= 999)
        {
            lot.LotNumber = (int)number;
        }
        else
        {
            errors.Add((nameof(LotNumber), FrenchNumber.Message(LotNumber, "Le numéro de lot doit être un entier entre 1 et 999.")));
            lot.LotNumber = 1;
        }

        if (string.IsNullOrWhiteSpace(Maximum))
        {
            if (ContractRules.IsFramework(contractForm))
            {
                errors.Add((nameof(Maximum), ContractRules.MaximumRequiredMessage));
            }
        }
        else if (CatalogueText.TryPriceCents(Maximum, out var maximum) && maximum > 0)
        {
            lot.MaximumCents = maximum;
        }
        else
        {
            errors.Add((nameof(Maximum), CatalogueMessages.LotMaximum(Maximum)));
        }

        return (lot, errors);
    }
}

public sealed class ItemForm
{
    public long Id { get; set; }

    public int Version { get; set; }

    [Display(Name = "Lot")]
    public string? LotId { get; set; }

    [Display(Name = "Code")]
    public string? Code { get; set; }

    [Display(Name = "Libellé")]
    public string? Label { get; set; }

    [Display(Name = "Unité")]
    public string? Unit { get; set; }

    [Display(Name = "Unités entières seulement")]
    public bool WholeNumbersOnly { get; set; } = true;

    [Display(Name = "Prix unitaire HT estimé (€)")]
    public string? UnitPrice { get; set; }

    [Display(Name = "Périodicité du prix")]
    public string? PricePeriod { get; set; } = nameof(Core.Needs.PricePeriod.OneOff);

    [Display(Name = "Quantité d'un prix ponctuel")]
    public string? QuantityBasis { get; set; } = nameof(Core.Needs.QuantityBasis.WholeDuration);

    [Display(Name = "Taux de TVA (%)")]
    public string? VatRate { get; set; } = "20";

    [Display(Name = "Maximum par membre (facultatif)")]
    public string? MaxPerMember { get; set; }

    public static ItemForm From(CatalogueItem item) => new()
    {
        Id = item.Id,
        Version = item.Version,
        LotId = item.LotId.ToString(CultureInfo.InvariantCulture),
        Code = item.Code,
        Label = item.Label,
        Unit = item.Unit,
        WholeNumbersOnly = item.WholeNumbersOnly,
        UnitPrice = CatalogueText.Euros(item.UnitPriceCents),
        PricePeriod = item.PricePeriod.ToString(),
        QuantityBasis = item.QuantityBasis.ToString(),
        VatRate = CatalogueText.VatPercent(item.VatRateBasisPoints),
        MaxPerMember = item.MaxPerMemberMilli is { } max ? CatalogueText.Quantity(max) : null,
    };

    public static string FieldFor(string property) => property switch
    {
        nameof(CatalogueItem.UnitPriceCents) => nameof(UnitPrice),
        nameof(CatalogueItem.VatRateBasisPoints) => nameof(VatRate),
        nameof(CatalogueItem.MaxPerMemberMilli) => nameof(MaxPerMember),
        _ => property,
    };

    public (CatalogueItem Item, List<(string Field, string Message)> Errors) Parse(long campaignId)
    {
        var errors = new List<(string, string)>();
        var item = new CatalogueItem
        {
            Id = Id,
            Version = Version,
            CampaignId = campaignId,
            Code = (Code ?? string.Empty).Trim(),
            Label = (Label ?? string.Empty).Trim(),
            Unit = (Unit ?? string.Empty).Trim(),
            WholeNumbersOnly = WholeNumbersOnly,
        };
        if (long.TryParse(LotId, NumberStyles.None, CultureInfo.InvariantCulture, out var lotId))
        {
            item.LotId = lotId;
        }
        else
        {
            errors.Add((nameof(LotId), "Choisissez un lot."));
        }

        if (CatalogueText.TryPriceCents(UnitPrice, out var cents))
        {
            item.UnitPriceCents = cents;
        }
        else
        {
            errors.Add((nameof(UnitPrice), CatalogueMessages.Price(UnitPrice)));
        }

        if (CatalogueText.TryPeriod(PricePeriod, out var period))
        {
            item.PricePeriod = period;
        }
        else
        {
            errors.Add((nameof(PricePeriod), CatalogueMessages.Period(PricePeriod)));
        }

        if (CatalogueText.TryBasis(QuantityBasis, out var basis))
        {
            item.QuantityBasis = basis;
        }
        else
        {
            errors.Add((nameof(QuantityBasis), CatalogueMessages.Basis(QuantityBasis)));
        }

        if (CatalogueText.TryVatBasisPoints(VatRate, out var vat))
        {
            item.VatRateBasisPoints = vat;
        }
        else
        {
            errors.Add((nameof(VatRate), CatalogueMessages.Vat(VatRate)));
        }

        if (CatalogueText.TryOptionalQuantityMilli(MaxPerMember, out var max))
        {
            item.MaxPerMemberMilli = max;
        }
        else
        {
            errors.Add((nameof(MaxPerMember), CatalogueMessages.Max(MaxPerMember)));
        }

        return (item, errors);
    }
}

/// <summary>The French messages shared by the item form and the catalogue import.</summary>
public static class CatalogueMessages
{
    public static string Price(string? value) =>
        FrenchNumber.Message(value, $"« {value} » n'est pas un prix valide : un montant en euros positif, deux décimales au plus (par exemple 12,50).");

    public static string Period(string? value) => $"« {value} » n'est pas une périodicité : ponctuel, mensuel ou annuel.";

    public static string Basis(string? value) => $"« {value} » ne dit pas ce que couvre la quantité : « sur la durée » ou « par an ».";

    public static string Vat(string? value) =>
        FrenchNumber.Message(value?.Trim().TrimEnd('%'), $"« {value} » n'est pas un taux de TVA : un pourcentage entre 0 et 100 (par exemple 20 ou 5,5).");

    public static string Max(string? value) =>
        FrenchNumber.Message(value, $"« {value} » n'est pas un maximum valide : une quantité positive, trois décimales au plus, ou vide.");

    public static string YesNo(string? value) => $"« {value} » : répondez oui ou non.";

    /// <summary>A lot's maximum (accord-cadre) that is not a positive amount in euros HT, on the lot form and in the catalogue file.</summary>
    public static string LotMaximum(string? value) =>
        FrenchNumber.Message(value, $"« {value} » n'est pas un maximum valide : un montant en euros HT positif, deux décimales au plus (par exemple 150 000).");
}

public sealed class ExtensionForm
{
    /// <summary>Empty: the deadline of every member; otherwise one member's own deadline.</summary>
    [Display(Name = "Pour")]
    public string? MemberId { get; set; }

    [Display(Name = "Nouvelle échéance (heure de Paris)")]
    public string? ClosesAt { get; set; }
}

public sealed class CampaignDetailsViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    public string GroupName { get; init; } = string.Empty;

    public IReadOnlyList<CampaignLot> Lots { get; init; } = [];

    public IReadOnlyList<CatalogueItem> Items { get; init; } = [];

    public IReadOnlyList<MemberDeadlineRow> MemberDeadlines { get; init; } = [];

    public IReadOnlyList<(long Id, string Name)> FormMembers { get; init; } = [];

    /// <summary>Members taking part (adhering on the launch day) without a form: they joined after the opening.</summary>
    public IReadOnlyList<(long MemberId, string Name)> EligibleWithoutForm { get; init; } = [];

    /// <summary>The other campaigns of the groupement that have a catalogue to copy.</summary>
    public IReadOnlyList<CampaignListRow> CopySources { get; init; } = [];

    /// <summary>The tenders launched from the campaign, oldest first (a relaunch after an infructueuse one follows it).</summary>
    public IReadOnlyList<Data.Tenders.TenderRow> Tenders { get; init; } = [];

    public ExtensionForm Extension { get; init; } = new();

    public string? DurationWarning => CampaignValidator.DurationWarning(Campaign.DurationMonths);

    public bool CatalogueEditable => CampaignValidator.CatalogueEditable(Campaign.Status);

    public bool ItemCorrectable => CampaignValidator.ItemCorrectable(Campaign.Status);
}

public sealed class LotPageViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    public LotForm Form { get; init; } = new();
}

public sealed class ItemPageViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    public IReadOnlyList<CampaignLot> Lots { get; init; } = [];

    public ItemForm Form { get; init; } = new();

    /// <summary>The campaign is open or closed: saving is an audited correction that notifies the members who entered the item.</summary>
    public bool IsCorrection => Campaign.Status != CampaignStatus.Draft;
}

public sealed class CatalogueImportViewModel
{
    public required NeedsCampaign Campaign { get; init; }

    public IReadOnlyList<string> Report { get; init; } = [];

    public bool Done { get; init; }
}
