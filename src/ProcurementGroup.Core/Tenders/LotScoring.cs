using System.Globalization;

namespace ProcurementGroup.Core.Tenders;

/// <summary>An offer of a lot as the scoring sees it: its DQE total, the officers' scores by item code, and what excludes it.</summary>
public sealed record OfferForScoring(
    long OfferId,
    string SupplierName,
    Money.Money DqeTotal,
    IReadOnlyDictionary<string, decimal> Scores,
    string? LateReason = null,
    AbnormallyLowDecision? AbnormallyLowDecision = null);

/// <summary>The officer's settlement of a tie: which of the offers with equal exact totals comes first, and why.</summary>
public sealed record TieSettlement(long WinnerOfferId, string Reason);

public sealed record ItemScore(ScoredItem Item, Fraction Score, Fraction Weighted);

/// <summary>
/// One offer's result. An excluded offer (late, or abnormally low and rejected) has its reason and no score nor rank.
/// <see cref="Tied"/> is set on every offer whose exact total equals another's, settled or not.
/// </summary>
public sealed record ScoredOffer(
    OfferForScoring Offer,
    bool AbnormallyLowFlag,
    string? ExclusionReason,
    Fraction? PriceScore,
    IReadOnlyList<ItemScore> Scores,
    Fraction? Total,
    int? Rank,
    bool Tied,
    TieSettlement? Settlement)
{
    /// <summary>Flagged and still waiting for the officer's decision.</summary>
    public bool AbnormallyLowPending => AbnormallyLowFlag && Offer.AbnormallyLowDecision is null;

    public decimal? TotalValue => Total?.ToDecimal();

    public decimal? PriceScoreValue => PriceScore?.ToDecimal();
}

public sealed record LotScore(IReadOnlyList<ScoredOffer> Offers, IReadOnlyList<string> Errors)
{
    /// <summary>Ranked offers, by rank, then by supplier name for a stable display of ties.</summary>
    public IEnumerable<ScoredOffer> Ranked => Offers.Where(o => o.Rank is not null).OrderBy(o => o.Rank).ThenBy(o => o.Offer.SupplierName, StringComparer.Ordinal);

    /// <summary>Groups of two or more offers with equal exact totals that no settlement has decided yet.</summary>
    public bool HasUnsettledTie => Ranked.GroupBy(o => o.Rank).Any(g => g.Count() > 1);

    /// <summary>The offer ranked first alone (a tie for first place settled), or null while there is none.</summary>
    public ScoredOffer? ProposedAwardee => Ranked.Where(o => o.Rank == 1).ToList() is [var first] ? first : null;

    /// <summary>
    /// Whether the lot's evaluation may be closed: every offer scored, every flagged abnormally low offer decided, and a
    /// single offer ranked first. A tie below the first place needs no settlement.
    /// </summary>
    public bool IsComplete => Errors.Count == 0 && !Offers.Any(o => o.AbnormallyLowPending && o.ExclusionReason is null) && ProposedAwardee is not null;
}

/// <summary>
/// Scores and ranks the offers of one lot (R2152-7, R2152-12): the price score by the announced formula from the DQE
/// totals of the offers in competition, each other item scored 0..its maximum, total = Σ weight × score / max (weights in
/// points of 100, so the total is out of 100). Computed exactly (<see cref="Fraction"/>), ranked on the exact totals;
/// equal exact totals share a rank and are flagged as a tie, broken only by an officer's <see cref="TieSettlement"/>.
/// Late offers and abnormally low offers the officer rejected are excluded, with their reason.
/// </summary>
public static class LotScoring
{
    public const int TieReasonMaxLength = 2000;
    public const string TieReasonMissingMessage = "Indiquez le motif du départage de l'égalité : il figure au rapport d'analyse des offres.";
    public const string NotTiedMessage = "Cette offre n'est pas (ou plus) à égalité avec une autre : aucun départage à enregistrer.";
    public const string NotPositiveMessage = "Le montant du DQE de l'offre de {0} doit être positif.";

    public static LotScore Score(
        AwardCriteria criteria,
        IReadOnlyList<OfferForScoring> offers,
        IReadOnlyList<TieSettlement>? settlements = null,
        AbnormallyLowRule? lowRule = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(offers);
        lowRule ??= new AbnormallyLowRule();
        var errors = new List<string>();
        var items = criteria.ScoredItems();
        var nmax = Fraction.FromDecimal(criteria.MaxScore);

        // The flag compares each offer received in time with the others received in time, before any decision.
        var inTime = new List<OfferForScoring>(offers.Count);
        foreach (var o in offers)
        {
            if (o.LateReason is null)
            {
                inTime.Add(o);
            }
        }

        var inTimeTotals = new Money.Money[inTime.Count];
        for (var i = 0; i < inTime.Count; i++)
        {
            inTimeTotals[i] = inTime[i].DqeTotal;
        }

        var lowFlags = lowRule.Flags(inTimeTotals);
        var flags = new Dictionary<long, bool>(inTime.Count);
        for (var i = 0; i < inTime.Count; i++)
        {
            flags.Add(inTime[i].OfferId, lowFlags[i]);
        }

        var competing = new List<OfferForScoring>(inTime.Count);
        foreach (var o in inTime)
        {
            if (!(flags[o.OfferId] && o.AbnormallyLowDecision?.Outcome == AbnormallyLowOutcome.Rejected))
            {
                competing.Add(o);
            }
        }

        var minPrice = 0L;
        var maxPrice = 0L;
        var priced = 0;
        foreach (var o in competing)
        {
            if (o.DqeTotal.Cents <= 0)
            {
                errors.Add(string.Format(CultureInfo.InvariantCulture, NotPositiveMessage, o.SupplierName));
                continue;
            }

            (minPrice, maxPrice) = priced++ == 0 ? (o.DqeTotal.Cents, o.DqeTotal.Cents) : (Math.Min(minPrice, o.DqeTotal.Cents), Math.Max(maxPrice, o.DqeTotal.Cents));
        }

        // Each item's weight ÷ maximum, once per lot rather than once per offer (computed when first used, as the
        // division by the maximum was): weight × score ÷ maximum is score × (weight ÷ maximum), the same exact fraction.
        var maxima = new Fraction[items.Count];
        var weights = new Fraction[items.Count];
        var factors = new Fraction?[items.Count];
        for (var k = 0; k < items.Count; k++)
        {
            maxima[k] = items[k].Kind == CriterionKind.Price ? nmax : Fraction.FromDecimal(items[k].MaxScore);
            weights[k] = items[k].Weight;
        }

        var results = new Dictionary<long, (Fraction Price, ItemScore[] Items, Fraction Total)>(competing.Count);
        foreach (var offer in competing)
        {
            if (offer.DqeTotal.Cents <= 0)
            {
                continue;
            }

            var price = PriceScore(criteria.Formula, nmax, offer.DqeTotal.Cents, minPrice, maxPrice);
            var scores = new ItemScore[items.Count];

            // The other items first, then the price: the same exact sum, with the price's large denominator entering it
            // once instead of at every addition.
            var others = Fraction.Zero;
            var priceWeighted = Fraction.Zero;
            var valid = true;
            for (var k = 0; k < items.Count; k++)
            {
                var item = items[k];
                Fraction score;
                if (item.Kind == CriterionKind.Price)
                {
                    score = price;
                }
                else if (!offer.Scores.TryGetValue(item.Code, out var typed))
                {
                    errors.Add($"L'offre de {offer.SupplierName} n'a pas de note pour « {item.Name} ».");
                    valid = false;
                    continue;
                }
                else if (!TechnicalScore.InRange(typed, item))
                {
                    errors.Add(ScoreRangeMessage(offer.SupplierName, item));
                    valid = false;
                    continue;
                }
                else
                {
                    score = Fraction.FromDecimal(typed);
                }

                var weighted = score * (factors[k] ??= weights[k] / maxima[k]);
                scores[k] = new ItemScore(item, score, weighted);
                if (item.Kind == CriterionKind.Price)
                {
                    priceWeighted += weighted;
                }
                else
                {
                    others += weighted;
                }
            }

            if (valid)
            {
                results[offer.OfferId] = (price, scores, others + priceWeighted);
            }
        }

        var ranks = Rank(results, settlements ?? [], errors, out var tied, out var settledBy);
        var scored = new ScoredOffer[offers.Count];
        for (var i = 0; i < offers.Count; i++)
        {
            var o = offers[i];
            var flagged = flags.GetValueOrDefault(o.OfferId);
            var exclusion = o.LateReason is { } late ? $"Offre hors délai : {late}"
                : flagged && o.AbnormallyLowDecision is { Outcome: AbnormallyLowOutcome.Rejected } d ? $"Offre anormalement basse rejetée : {d.Justification}"
                : null;
            scored[i] = results.TryGetValue(o.OfferId, out var r)
                ? new ScoredOffer(o, flagged, exclusion, r.Price, r.Items, r.Total, ranks[o.OfferId], tied.Contains(o.OfferId), settledBy.GetValueOrDefault(o.OfferId))
                : new ScoredOffer(o, flagged, exclusion, null, [], null, null, false, null);
        }

        return new LotScore(scored, errors);
    }

    public static string ScoreRangeMessage(string supplierName, ScoredItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"La note de l'offre de {supplierName} pour « {item.Name} » doit être comprise entre 0 et {ScoreDisplay.Format(item.MaxScore)}.";
    }

    /// <summary>
    /// The price score. Proportional: Nmax × Pmin / P. Linear: Nmax × (Pmax − P) / (Pmax − Pmin), and Nmax for every offer
    /// when Pmax = Pmin (a single offer or equal prices). Either way the cheapest offer gets Nmax.
    /// </summary>
    public static Fraction PriceScore(PriceFormula formula, Fraction nmax, long priceCents, long minCents, long maxCents) =>
        formula == PriceFormula.Linear
            ? maxCents == minCents ? nmax : nmax * new Fraction(maxCents - priceCents, maxCents - minCents)
            : nmax * new Fraction(minCents, priceCents);

    /// <summary>
    /// Standard competition ranking on exact totals (1, 1, 3): equal totals share a rank and are tied. A settlement puts
    /// its winner first in its tie; the others of that tie take the next rank (still tied among themselves if several).
    /// </summary>
    private static Dictionary<long, int?> Rank(
        Dictionary<long, (Fraction Price, ItemScore[] Items, Fraction Total)> results,
        IReadOnlyList<TieSettlement> settlements,
        List<string> errors,
        out HashSet<long> tied,
        out Dictionary<long, TieSettlement> settledBy)
    {
        var ranks = new Dictionary<long, int?>(results.Count);
        tied = [];
        settledBy = [];

        // Sorted once by exact total, best first: equal totals are adjacent (the representation is canonical), and each
        // run of equal totals takes the rank of its first place and is tied when it holds two offers or more.
        var totals = new Dictionary<long, Fraction>(results.Count);
        var ordered = new (long Id, Fraction Total)[results.Count];
        var n = 0;
        foreach (var (id, result) in results)
        {
            totals.Add(id, result.Total);
            ordered[n++] = (id, result.Total);
        }

        Array.Sort(ordered, static (a, b) => b.Total.CompareTo(a.Total));
        for (var start = 0; start < ordered.Length;)
        {
            var end = start + 1;
            while (end < ordered.Length && ordered[end].Total == ordered[start].Total)
            {
                end++;
            }

            for (var i = start; i < end; i++)
            {
                ranks[ordered[i].Id] = start + 1;
                if (end - start > 1)
                {
                    tied.Add(ordered[i].Id);
                }
            }

            start = end;
        }

        foreach (var settlement in settlements)
        {
            // The offers still sharing the winner's rank: a settled tie of three leaves two tied at the next rank,
            // which a second settlement may decide.
            var group = totals.TryGetValue(settlement.WinnerOfferId, out var total)
                ? totals.Where(t => t.Value == total && ranks[t.Key] == ranks[settlement.WinnerOfferId]).Select(t => t.Key).ToList()
                : [];
            if (group.Count < 2)
            {
                errors.Add(NotTiedMessage);
                continue;
            }

            if (string.IsNullOrWhiteSpace(settlement.Reason) || settlement.Reason.Length > TieReasonMaxLength)
            {
                errors.Add(TieReasonMissingMessage);
                continue;
            }

            foreach (var id in group)
            {
                settledBy[id] = settlement;
                if (id != settlement.WinnerOfferId)
                {
                    ranks[id] = ranks[id] + 1;
                }
            }
        }

        foreach (var key in totals.Keys)
        {
            ranks.TryAdd(key, null);
        }

        return ranks;
    }
}

/// <summary>Scores as shown: two decimals, half away from zero, French comma. Display only; ranking uses the exact values.</summary>
public static class ScoreDisplay
{
    public static string Format(decimal score) =>
        decimal.Round(score, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.GetCultureInfo("fr-FR"));

    public static string Format(Fraction score) => Format(score.ToDecimal());
}

/// <summary>One offer ranked under both price formulas.</summary>
public sealed record SimulatedOffer(long OfferId, string SupplierName, Fraction? ProportionalTotal, int? ProportionalRank, Fraction? LinearTotal, int? LinearRank)
{
    public bool RankChanged => ProportionalRank != LinearRank;
}

/// <summary>
/// The simulator: the same offers ranked under the proportional and the linear formulas side by side, with each offer's
/// rank under each and whether it changed. Ties stay unsettled here: settlements belong to the announced formula.
/// </summary>
public static class PriceFormulaSimulator
{
    public static IReadOnlyList<SimulatedOffer> Compare(AwardCriteria criteria, IReadOnlyList<OfferForScoring> offers, AbnormallyLowRule? lowRule = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var proportional = LotScoring.Score(criteria with { Formula = PriceFormula.Proportional }, offers, null, lowRule).Offers;
        var linear = LotScoring.Score(criteria with { Formula = PriceFormula.Linear }, offers, null, lowRule).Offers;
        return Pair(proportional, linear);
    }

    /// <summary>
    /// The lot scored under the announced formula (with the officer's settlements) and the simulator, scoring the announced
    /// formula only once when no tie was settled: without settlements the announced scoring is exactly the simulator's
    /// column for that formula (same offers, same rule, ties unsettled), so it is reused rather than computed again.
    /// </summary>
    public static (LotScore Announced, IReadOnlyList<SimulatedOffer> Simulation) ScoreAndCompare(
        AwardCriteria criteria, IReadOnlyList<OfferForScoring> offers, IReadOnlyList<TieSettlement>? settlements, AbnormallyLowRule? lowRule = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var announced = LotScoring.Score(criteria, offers, settlements, lowRule);
        var unsettled = settlements is null or { Count: 0 } ? announced : LotScoring.Score(criteria, offers, null, lowRule);
        var other = LotScoring.Score(
            criteria with { Formula = criteria.Formula == PriceFormula.Linear ? PriceFormula.Proportional : PriceFormula.Linear }, offers, null, lowRule);
        var (proportional, linear) = criteria.Formula == PriceFormula.Linear ? (other, unsettled) : (unsettled, other);
        return (announced, Pair(proportional.Offers, linear.Offers));
    }

    private static SimulatedOffer[] Pair(IReadOnlyList<ScoredOffer> proportional, IReadOnlyList<ScoredOffer> linear)
    {
        var pairs = new SimulatedOffer[Math.Min(proportional.Count, linear.Count)];
        for (var i = 0; i < pairs.Length; i++)
        {
            var (p, l) = (proportional[i], linear[i]);
            pairs[i] = new SimulatedOffer(p.Offer.OfferId, p.Offer.SupplierName, p.Total, p.Rank, l.Total, l.Rank);
        }

        return pairs;
    }
}
