namespace ProcurementGroup.Core.Tenders;

/// <summary>What is wrong with a typed technical score: each message goes next to its own field; none when it may be saved.</summary>
public sealed record TechnicalScoreCheck(long Scaled, string Justification, string? ScoreError, string? JustificationError)
{
    public bool IsValid => ScoreError is null && JustificationError is null;
}

/// <summary>
/// The rule for a score an officer gives an offer on a technical (or environmental) item: from 0 to the item's own maximum,
/// bounds included, with at most 4 decimals (<see cref="TenderScore.Scale"/>, refused rather than rounded), and a written
/// justification, which the rapport d'analyse des offres prints. Every writer of scores (the scores form, any import) and
/// the scoring of stored scores (<see cref="LotScoring"/>) ask this rule.
/// </summary>
public static class TechnicalScore
{
    public const int JustificationMaxLength = 4000;

    public const string JustificationMessage = "Justifiez la note : la justification figure au rapport d'analyse des offres.";

    /// <summary>True when <paramref name="score"/> lies in [0, the item's maximum].</summary>
    public static bool InRange(decimal score, ScoredItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return score >= 0 && score <= item.MaxScore;
    }

    /// <summary>Checks one score of <paramref name="supplierName"/>'s offer on <paramref name="item"/> and its justification (trimmed).</summary>
    public static TechnicalScoreCheck Check(decimal score, ScoredItem item, string supplierName, string? justification)
    {
        ArgumentNullException.ThrowIfNull(item);
        long scaled = 0;
        var scoreError = !InRange(score, item) ? LotScoring.ScoreRangeMessage(supplierName, item)
            : !TenderScore.TryToScaled(score, out scaled) ? TenderScore.TooManyDecimalsMessage
            : null;
        return new TechnicalScoreCheck(scoreError is null ? scaled : 0, justification?.Trim() ?? string.Empty, scoreError, JustificationError(justification));
    }

    /// <summary>The message when the justification is missing (blank) or longer than <see cref="JustificationMaxLength"/>.</summary>
    public static string? JustificationError(string? justification)
    {
        var text = justification?.Trim() ?? string.Empty;
        return text.Length == 0 || text.Length > JustificationMaxLength ? JustificationMessage : null;
    }
}
