using System.Globalization;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Core.Needs;

/// <summary>
/// The rules of a campaign and its catalogue that do not need the database: fields, the life cycle
/// (draft → open → closed → archived), the catalogue freeze and deadline extensions. Messages are French, keyed by field.
/// </summary>
public static class CampaignValidator
{
    public const int MaxDurationMonths = 120;

    /// <summary>An accord-cadre lasts 4 years at most (L2125-1, R2162-4): longer is allowed to type but earns a warning.</summary>
    public const int FrameworkAgreementMaxMonths = 48;

    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCodeLength = 50;
    public const int MaxLabelLength = 300;
    public const int MaxUnitLength = 50;

    public static IReadOnlyList<(string Field, string Message)> Validate(NeedsCampaign campaign)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(campaign.Title))
        {
            errors.Add((nameof(NeedsCampaign.Title), "Le titre est obligatoire."));
        }
        else if (campaign.Title.Length > MaxTitleLength)
        {
            errors.Add((nameof(NeedsCampaign.Title), $"Le titre ne peut pas dépasser {MaxTitleLength} caractères."));
        }

        if (campaign.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add((nameof(NeedsCampaign.Description), $"La description ne peut pas dépasser {MaxDescriptionLength} caractères."));
        }

        if (campaign.ClosesAtUtc <= campaign.OpensAtUtc)
        {
            errors.Add((nameof(NeedsCampaign.ClosesAtUtc), "La clôture doit être postérieure à l'ouverture."));
        }

        if (campaign.DurationMonths is < 1 or > MaxDurationMonths)
        {
            errors.Add((nameof(NeedsCampaign.DurationMonths), $"La durée doit être comprise entre 1 et {MaxDurationMonths} mois."));
        }

        return errors;
    }

    /// <summary>A warning, not an error: the campaign may prepare several successive contracts.</summary>
    public static string? DurationWarning(int durationMonths) => durationMonths > FrameworkAgreementMaxMonths
        ? $"Un accord-cadre dure 4 ans au plus ({FrameworkAgreementMaxMonths} mois) sauf cas exceptionnel justifié : vérifiez la durée saisie."
        : null;

    /// <summary>Lots and items may be added, deleted or imported only while the campaign is a draft: the catalogue freezes when it opens.</summary>
    public static bool CatalogueEditable(CampaignStatus status) => status == CampaignStatus.Draft;

    /// <summary>After opening, an item may still be corrected (an audited change notifying the members concerned), until archiving.</summary>
    public static bool ItemCorrectable(CampaignStatus status) => status is CampaignStatus.Draft or CampaignStatus.Open or CampaignStatus.Closed;

    public const string FrozenMessage =
        "Le catalogue est figé depuis l'ouverture de la campagne : on ne peut plus ajouter ni supprimer de lot ou d'article, seulement corriger un article.";

    public const string ArchivedMessage = "Cette campagne est archivée : elle ne peut plus être modifiée.";

    /// <summary>
    /// The item-freeze rule: null when the catalogue change is allowed, otherwise why not (in French). Adding, removing or
    /// replacing lots and items (<paramref name="correctingAnItem"/> false) is allowed in a draft only; correcting an
    /// existing item until the campaign is archived.
    /// </summary>
    public static string? CatalogueChangeRefusal(CampaignStatus status, bool correctingAnItem)
    {
        if (correctingAnItem ? ItemCorrectable(status) : CatalogueEditable(status))
        {
            return null;
        }

        return status == CampaignStatus.Archived ? ArchivedMessage : FrozenMessage;
    }

    public static string? CheckOpen(NeedsCampaign campaign, DateTime nowUtc)
    {
        if (campaign.Status != CampaignStatus.Draft)
        {
            return "Seule une campagne en préparation peut être ouverte.";
        }

        return campaign.ClosesAtUtc <= nowUtc
            ? "La date de clôture est déjà passée : modifiez-la avant d'ouvrir la campagne."
            : null;
    }

    public static string? CheckClose(NeedsCampaign campaign) =>
        campaign.Status == CampaignStatus.Open ? null : "Seule une campagne ouverte peut être clôturée.";

    public static string? CheckArchive(NeedsCampaign campaign) =>
        campaign.Status == CampaignStatus.Closed ? null : "Seule une campagne clôturée peut être archivée.";

    /// <summary>
    /// Extending the deadline for all: only an open or closed campaign, to a later date still to come. A closed campaign
    /// reopens (the caller sets it back to Open).
    /// </summary>
    public static string? CheckExtension(NeedsCampaign campaign, DateTime newClosesAtUtc, DateTime nowUtc)
    {
        if (campaign.Status is not (CampaignStatus.Open or CampaignStatus.Closed))
        {
            return campaign.Status == CampaignStatus.Draft
                ? "Une campagne en préparation se modifie directement : changez sa date de clôture."
                : "Une campagne archivée ne peut plus être prolongée.";
        }

        if (newClosesAtUtc <= campaign.ClosesAtUtc)
        {
            return "La nouvelle échéance doit être postérieure à la clôture actuelle.";
        }

        return newClosesAtUtc <= nowUtc ? "La nouvelle échéance doit être dans le futur." : null;
    }

    /// <summary>Extending the deadline for one member: same conditions, against the campaign's own closing.</summary>
    public static string? CheckMemberExtension(NeedsCampaign campaign, DateTime newClosesAtUtc, DateTime nowUtc) =>
        CheckExtension(campaign, newClosesAtUtc, nowUtc);

    public static IReadOnlyList<(string Field, string Message)> ValidateLot(CampaignLot lot)
    {
        var errors = new List<(string, string)>();
        if (lot.LotNumber is < 1 or > 999)
        {
            errors.Add((nameof(CampaignLot.LotNumber), "Le numéro de lot doit être un entier entre 1 et 999."));
        }

        if (string.IsNullOrWhiteSpace(lot.Title))
        {
            errors.Add((nameof(CampaignLot.Title), "L'intitulé du lot est obligatoire."));
        }
        else if (lot.Title.Length > MaxTitleLength)
        {
            errors.Add((nameof(CampaignLot.Title), $"L'intitulé du lot ne peut pas dépasser {MaxTitleLength} caractères."));
        }

        return errors;
    }

    public static IReadOnlyList<(string Field, string Message)> ValidateItem(CatalogueItem item)
    {
        var errors = new List<(string, string)>();
        Required(item.Code, nameof(CatalogueItem.Code), "Le code", MaxCodeLength, errors);
        if (item.Code.Length > 0 && item.Code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add((nameof(CatalogueItem.Code), "Le code ne peut pas contenir d'espace."));
        }

        Required(item.Label, nameof(CatalogueItem.Label), "Le libellé", MaxLabelLength, errors);
        Required(item.Unit, nameof(CatalogueItem.Unit), "L'unité", MaxUnitLength, errors);
        if (item.UnitPriceCents < 0)
        {
            errors.Add((nameof(CatalogueItem.UnitPriceCents), "Le prix unitaire ne peut pas être négatif."));
        }

        if (!Enum.IsDefined(item.PricePeriod))
        {
            errors.Add((nameof(CatalogueItem.PricePeriod), "Choisissez une périodicité : ponctuel, mensuel ou annuel."));
        }

        if (!Enum.IsDefined(item.QuantityBasis))
        {
            errors.Add((nameof(CatalogueItem.QuantityBasis), "Choisissez si la quantité est par an ou sur la durée du marché."));
        }
        else if (item.QuantityBasis == QuantityBasis.PerYear && item.PricePeriod != PricePeriod.OneOff)
        {
            errors.Add((nameof(CatalogueItem.QuantityBasis), "Une quantité « par an » ne s'applique qu'à un prix ponctuel : un prix mensuel ou annuel compte déjà la durée."));
        }

        if (item.VatRateBasisPoints is < 0 or > 10_000)
        {
            errors.Add((nameof(CatalogueItem.VatRateBasisPoints), "Le taux de TVA doit être compris entre 0 et 100 %."));
        }

        if (item.MaxPerMemberMilli is { } max)
        {
            if (max <= 0)
            {
                errors.Add((nameof(CatalogueItem.MaxPerMemberMilli), "Le maximum par membre doit être positif."));
            }
            else if (item.WholeNumbersOnly && max % EstimatedValue.QuantityScale != 0)
            {
                errors.Add((nameof(CatalogueItem.MaxPerMemberMilli), "Le maximum par membre doit être un nombre entier pour un article commandé par unités entières."));
            }
        }

        return errors;
    }

    private static void Required(string value, string field, string label, int maxLength, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, $"{label} est obligatoire."));
        }
        else if (value.Length > maxLength)
        {
            errors.Add((field, $"{label} ne peut pas dépasser {maxLength} caractères."));
        }
    }
}

/// <summary>Catalogue values as officers type them in a form or a spreadsheet cell.</summary>
public static class CatalogueText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly IReadOnlyDictionary<PricePeriod, string> PeriodLabels = new Dictionary<PricePeriod, string>
    {
        [PricePeriod.OneOff] = "ponctuel",
        [PricePeriod.Monthly] = "mensuel",
        [PricePeriod.Annual] = "annuel",
    };

    public static string PeriodLabel(PricePeriod period) => PeriodLabels.TryGetValue(period, out var label) ? label : period.ToString();

    /// <summary>ponctuel, mensuel, annuel (any case, with or without accents; also the English names).</summary>
    public static bool TryPeriod(string? input, out PricePeriod period)
    {
        var folded = SearchText.Fold(input?.Trim());
        foreach (var (value, label) in PeriodLabels)
        {
            if (folded == SearchText.Fold(label) || folded == SearchText.Fold(value.ToString()))
            {
                period = value;
                return true;
            }
        }

        period = default;
        return false;
    }

    public static readonly IReadOnlyDictionary<QuantityBasis, string> BasisLabels = new Dictionary<QuantityBasis, string>
    {
        [QuantityBasis.WholeDuration] = "sur la durée",
        [QuantityBasis.PerYear] = "par an",
    };

    public static string BasisLabel(QuantityBasis basis) => BasisLabels.TryGetValue(basis, out var label) ? label : basis.ToString();

    /// <summary>What the quantity of an item covers, said next to it: "par an" or "sur la durée" for a one-off price, nothing otherwise.</summary>
    public static string? QuantityNote(CatalogueItem item) =>
        item.PricePeriod == PricePeriod.OneOff ? BasisLabel(item.QuantityBasis) : null;

    /// <summary>
    /// « sur la durée », « par an » (any case, with or without accents; also the English names). An empty value is the whole
    /// duration, as for every item created before the basis existed and every catalogue file without the column.
    /// </summary>
    public static bool TryBasis(string? input, out QuantityBasis basis)
    {
        basis = QuantityBasis.WholeDuration;
        var folded = SearchText.Fold(input?.Trim());
        if (string.IsNullOrEmpty(folded))
        {
            return true;
        }

        foreach (var (value, label) in BasisLabels)
        {
            if (folded == SearchText.Fold(label) || folded == SearchText.Fold(value.ToString()))
            {
                basis = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>oui / non (also o/n, vrai/faux, 1/0).</summary>
    public static bool TryYesNo(string? input, out bool value)
    {
        switch (SearchText.Fold(input?.Trim()))
        {
            case "OUI" or "O" or "VRAI" or "1" or "TRUE" or "YES":
                value = true;
                return true;
            case "NON" or "N" or "FAUX" or "0" or "FALSE" or "NO":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static string YesNo(bool value) => value ? "oui" : "non";

    /// <summary>Euros with a decimal comma or dot, at most two decimals, not negative: <c>12,5</c> → 1250 cents.</summary>
    public static bool TryPriceCents(string? input, out long cents)
    {
        cents = 0;
        if (!FrenchNumber.TryParseDecimal(input, out var euros) || euros < 0 || euros > 1_000_000_000m)
        {
            return false;
        }

        var scaled = euros * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        cents = (long)scaled;
        return true;
    }

    /// <summary>A VAT rate in percent (<c>20</c>, <c>5,5</c>, <c>5.5 %</c>) → basis points (2000, 550); at most two decimals, 0 to 100.</summary>
    public static bool TryVatBasisPoints(string? input, out int basisPoints)
    {
        basisPoints = 0;
        var text = input?.Trim().TrimEnd('%').Trim();
        if (!FrenchNumber.TryParseDecimal(text, out var percent) || percent < 0 || percent > 100)
        {
            return false;
        }

        var scaled = percent * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        basisPoints = (int)scaled;
        return true;
    }

    /// <summary>20 %, 5,5 % (for display and export).</summary>
    public static string VatPercent(int basisPoints) => (basisPoints / 100m).ToString("0.##", French);

    /// <summary>An optional positive quantity, at most three decimals, in thousandths; empty means no maximum.</summary>
    public static bool TryOptionalQuantityMilli(string? input, out long? milli)
    {
        milli = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return true;
        }

        if (!FrenchNumber.TryParseDecimal(input, out var quantity) || quantity <= 0 || CampaignRules.ToMilli(quantity) is not { } value)
        {
            return false;
        }

        milli = value;
        return true;
    }

    public static string Quantity(long milli) => (milli / (decimal)EstimatedValue.QuantityScale).ToString("0.###", French);

    /// <summary>Euros for a form input or a spreadsheet cell: <c>12,50</c>.</summary>
    public static string Euros(long cents) => (cents / 100m).ToString("0.00", French);
}
