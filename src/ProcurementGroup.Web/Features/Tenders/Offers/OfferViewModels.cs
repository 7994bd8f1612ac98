using System.Globalization;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Data.Tenders;

namespace ProcurementGroup.Web.Features.Tenders.Offers;

/// <summary>The register form: a supplier, the lots it answered, the date-time of receipt in Paris time.</summary>
public sealed class OfferRegisterForm
{
    public long SupplierId { get; set; }

    public string? ReceivedAt { get; set; }

    public List<long> LotIds { get; set; } = [];
}

/// <summary>The register of offers of a lot; prices (DQE totals) only once opened.</summary>
public sealed class OfferRegisterViewModel
{
    public required OfferLotContext Context { get; init; }

    public required IReadOnlyList<OfferWithDqe> Offers { get; init; }

    public required IReadOnlyList<SupplierListRow> Suppliers { get; init; }

    public OfferRegisterForm Form { get; init; } = new();
}

/// <summary>The typed unit prices, keyed by item id (field <c>Prices[id]</c>).</summary>
public sealed class OfferPricesForm
{
    public const string FileField = "File";

    public int Version { get; set; }

    public Dictionary<long, string?> Prices { get; set; } = [];

    public static string FieldName(long itemId) => "Prices[" + itemId.ToString(CultureInfo.InvariantCulture) + "]";
}

public sealed class OfferPricesViewModel
{
    public required OfferLotContext Context { get; init; }

    public required OfferWithDqe Offer { get; init; }

    public required OfferPricesForm Form { get; init; }

    /// <summary>The BPU reader's row/column messages of a refused upload.</summary>
    public IReadOnlyList<string> UploadErrors { get; init; } = [];
}

/// <summary>The technical scores and justifications, keyed by scored item code (<c>Scores[code]</c>, <c>Justifications[code]</c>).</summary>
public sealed class OfferScoresForm
{
    public int Version { get; set; }

    public Dictionary<string, string?> Scores { get; set; } = [];

    public Dictionary<string, string?> Justifications { get; set; } = [];

    public static string ScoreField(string code) => "Scores[" + code + "]";

    public static string JustificationField(string code) => "Justifications[" + code + "]";
}

public sealed class OfferScoresViewModel
{
    public required OfferLotContext Context { get; init; }

    public required OfferWithDqe Offer { get; init; }

    public required OfferScoresForm Form { get; init; }
}

public sealed class TieForm
{
    public long WinnerOfferId { get; set; }

    public string? Reason { get; set; }
}

public sealed class AbnormallyLowForm
{
    public long OfferId { get; set; }

    public int Version { get; set; }

    public string? Outcome { get; set; }

    public string? Justification { get; set; }
}

public sealed class OfferEvaluationViewModel
{
    public required OfferLotContext Context { get; init; }

    public required LotEvaluation Evaluation { get; init; }

    public required IReadOnlyList<OfferWithDqe> Offers { get; init; }

    public TieForm Tie { get; init; } = new();

    public AbnormallyLowForm AbnormallyLow { get; init; } = new();
}

/// <summary>Helpers of the offers views.</summary>
public static class OfferViews
{
    /// <summary>The first message ModelState holds for a field, or null.</summary>
    public static string? Error(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState.TryGetValue(key, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
    }

    /// <summary>The DQE total of an offer, exact and rounded once (<see cref="Core.Tenders.Dqe"/>).</summary>
    public static Core.Money.Money DqeTotal(OfferWithDqe offer, int durationMonths)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return Core.Tenders.Dqe.Total(offer.Lines, durationMonths);
    }
}
