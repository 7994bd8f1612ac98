using System.Globalization;
using System.Numerics;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Statements;

namespace ProcurementGroup.Web.Features.Statements;

/// <summary>
/// Builds a statement's document model from what the issued run froze (its shares, cost lines and contracts, the
/// statement's number and totals) and the coordinator's settings at generation time. Only the batch calls it: once a
/// statement's bytes are stored, downloads serve those bytes and never build it again.
/// </summary>
public sealed class StatementComposer(IStatementRepository statements, ICoordinatorRepository coordinator)
{
    public const string OtherCosts = "Dépenses communes";

    public async Task<(StatementModel Model, StatementRow Row)?> BuildAsync(long statementId, CancellationToken cancellationToken)
    {
        if (await statements.GetAsync(statementId, cancellationToken) is not { } row
            || await statements.GetRunAsync(row.RunId, cancellationToken) is not { } run
            || await statements.GetMemberAsync(row.MemberId, cancellationToken) is not { } member)
        {
            return null;
        }

        var shares = await statements.SharesAsync(row.RunId, row.MemberId, cancellationToken);
        var settings = await coordinator.GetAsync(cancellationToken);
        var contracts = shares
            .Where(s => s.RunCostLineId is not null)
            .GroupBy(s => (s.ContractId, s.ContractReference, s.ContractTitle))
            .Select(g => new StatementContract(g.Key.ContractReference ?? string.Empty, g.Key.ContractTitle ?? OtherCosts, g.Select(Line).ToList()))
            .ToList();
        var fee = shares.FirstOrDefault(s => s.RunCostLineId is null);

        var model = new StatementModel
        {
            Coordinator = settings is null
                ? new DocumentParty("Coordonnateur du groupement de commandes", [])
                : new DocumentParty(
                    settings.Name,
                    [.. settings.Siret is { Length: > 0 } siret ? new[] { "SIRET " + siret } : [], .. DocumentParty.Address(settings.AddressLine1, settings.AddressLine2, settings.PostalCode, settings.City)],
                    settings.Logo),
            Member = new DocumentParty(
                member.Name,
                [.. member.Siren is { Length: > 0 } siren ? new[] { "SIREN " + siren } : [], .. DocumentParty.Address(member.AddressLine1, member.AddressLine2, member.PostalCode, member.City)]),
            Number = row.Number,
            IssuedOn = row.IssuedOn,
            PeriodFrom = run.PeriodFrom,
            PeriodTo = run.PeriodTo,
            DueOn = row.DueOn,
            IsCredit = row.IsCredit,
            RectifiesNumber = run.RectifiesRunId is null ? null : await statements.RectifiedNumberAsync(row.RunId, row.MemberId, cancellationToken),
            Contracts = contracts,
            CoordinationFee = fee is null ? null : Line(fee) with { Label = "Frais de coordination", Key = FeeKey(run) },
            HtCents = row.HtCents,
            VatCents = row.VatCents,
            TtcCents = row.TtcCents,
            Payment = new StatementPayment(settings?.PublicAccountant, settings?.PaymentIban, settings?.PaymentBic, settings?.PaymentDetails),
            Place = settings?.City ?? string.Empty,
        };
        return (model, row);
    }

    /// <summary>An exact fraction as stored (<c>133755</c>, <c>7/2</c>) as printed: <c>133 755</c>, <c>3,5</c> (up to 4 decimals).</summary>
    public static string Number(string fractionText)
    {
        var (numerator, denominator) = Parse(fractionText);
        if (denominator.IsOne && numerator >= long.MinValue && numerator <= long.MaxValue)
        {
            return FrenchFormat.Number((long)numerator);
        }

        return Decimal(numerator, denominator, 4).ToString("#,##0.####", FrenchFormat.Culture);
    }

    /// <summary>A share stored as an exact fraction of 1, in percent rounded to 4 decimals (never used to compute an amount).</summary>
    public static decimal Percent(string shareText)
    {
        var (numerator, denominator) = Parse(shareText);
        return Decimal(numerator * 100, denominator, 4);
    }

    private static StatementLine Line(StatementShare share) =>
        new(share.Label ?? string.Empty, AllocationKeyText.DescribeRunLine(share.KeyText), Number(share.BaseText), Number(share.TotalBaseText), Percent(share.ShareText), share.HtCents, share.VatCents);

    private static string FeeKey(StatementRunInfo run) => run.FeeKind switch
    {
        1 when run.FeeValue is { } basisPoints => (basisPoints / 100m).ToString("0.##", FrenchFormat.Culture) + " % du montant HT",
        2 => "Forfait par membre",
        _ => string.Empty,
    };

    /// <summary>
    /// A stored fraction (<c>n/d</c> or an integer); a difference of a rectifying run may have no base (empty: 0), and a
    /// fraction too long for its column is stored as its decimal value prefixed with ≈.
    /// </summary>
    private static (BigInteger Numerator, BigInteger Denominator) Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (BigInteger.Zero, BigInteger.One);
        }

        if (text[0] == '≈' && decimal.TryParse(text.AsSpan(1), NumberStyles.Number, CultureInfo.InvariantCulture, out var approx))
        {
            var exact = Core.Tenders.Fraction.FromDecimal(approx);
            return (exact.Numerator, exact.Denominator);
        }

        var parts = text.Split('/');
        var numerator = BigInteger.Parse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var denominator = parts.Length > 1 ? BigInteger.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : BigInteger.One;
        return denominator.IsZero ? (BigInteger.Zero, BigInteger.One) : (numerator, denominator);
    }

    private static decimal Decimal(BigInteger numerator, BigInteger denominator, int decimals)
    {
        var scale = BigInteger.Pow(10, decimals);
        var scaled = BigInteger.DivRem(BigInteger.Abs(numerator) * scale * 2 + denominator, denominator * 2).Quotient;
        var value = (decimal)scaled / (decimal)scale;
        return numerator.Sign < 0 ? -value : value;
    }
}
