using System.Globalization;
using System.Numerics;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Allocation;

namespace ProcurementGroup.Web.Features.Runs;

/// <summary>How the runs pages and exports print a run's figures.</summary>
public static class RunText
{
    public const string FeeLabel = "Frais de coordination";

    public static string State(RunState state, long? rectifiesRunId) => (state, rectifiesRunId) switch
    {
        (RunState.Preview, null) => "Prévisualisation",
        (RunState.Preview, _) => "Rectificative (prévisualisation)",
        (RunState.Issued, null) => "Émise",
        _ => "Rectificative émise",
    };

    /// <summary>A stored exact base (<c>n/d</c>) as a French number with at most 3 decimals; empty when there is none (fee, difference).</summary>
    public static string Base(string text) =>
        TryParse(text, out var value) ? FrenchFormat.Number(decimal.Round(value.ToDecimal(), 3, MidpointRounding.AwayFromZero)) : string.Empty;

    /// <summary>A stored exact share (<c>n/d</c> of the line) as a French percentage with 4 decimals; empty when there is none.</summary>
    public static string Share(string text) =>
        TryParse(text, out var value)
            ? decimal.Round((value * 100).ToDecimal(), 4, MidpointRounding.AwayFromZero).ToString("0.0000", FrenchFormat.Culture) + " %"
            : string.Empty;

    private static bool TryParse(string text, out Fraction value)
    {
        value = Fraction.Zero;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !BigInteger.TryParse(text.AsSpan(0, slash), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numerator)
            || !BigInteger.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            || denominator.IsZero)
        {
            return false;
        }

        value = new Fraction(numerator, denominator);
        return true;
    }
}

public sealed class RunIndexViewModel
{
    public IReadOnlyList<RunSummaryRow> Runs { get; init; } = [];
}

/// <summary>One member's line in the run page: its totals and statement.</summary>
public sealed record RunMemberTotal(long MemberId, string Name, long HtCents, long VatCents, StatementRow? Statement)
{
    public long TtcCents => HtCents + VatCents;
}

public sealed class RunDetailsViewModel
{
    public required AllocationRunRow Run { get; init; }

    public AllocationRunRow? Rectifies { get; init; }

    public IReadOnlyList<RunCostLineRow> Lines { get; init; } = [];

    public IReadOnlyList<RunShareRow> Shares { get; init; } = [];

    public IReadOnlyList<RunMemberTotal> Members { get; init; } = [];

    public IReadOnlyList<StatementRow> Statements { get; init; } = [];

    /// <summary>The statements batch of an issued run (progress and stored files), null for a preview.</summary>
    public Statements.RunStatementsViewModel? Batch { get; init; }

    /// <summary>The rectifying runs of this run.</summary>
    public IReadOnlyList<RunSummaryRow> Rectifications { get; init; } = [];

    /// <summary>The original run and all its rectifying runs, oldest first (empty: the run was never rectified).</summary>
    public IReadOnlyList<RunSummaryRow> Chain { get; init; } = [];

    /// <summary>
    /// An issued run can be rectified as often as needed: from the original or any of its issued rectifications, the
    /// rectification is the original's and carries the differences against the chain's latest state.
    /// </summary>
    public bool CanRectify => IsIssued;

    /// <summary>The chain's issued runs, each with the net TTC billed once it was issued (the original plus the rectifications up to it).</summary>
    public IReadOnlyList<(RunSummaryRow Run, long CumulativeTtcCents)> IssuedChain
    {
        get
        {
            var total = 0L;
            return Chain.Where(r => r.State == RunState.Issued).Select(r => (r, total += r.HtCents + r.VatCents)).ToList();
        }
    }

    public long HtCents => Members.Sum(m => m.HtCents);

    public long VatCents => Members.Sum(m => m.VatCents);

    public long TtcCents => HtCents + VatCents;

    public bool IsIssued => Run.State == RunState.Issued;
}
