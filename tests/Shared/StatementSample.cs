using System.Globalization;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Statements;

namespace ProcurementGroup.Testing;

/// <summary>
/// A member's statement for the first quarter of 2026, as the statement document's tests and benchmarks use it: two
/// contracts (telecom: a hub shared by population and lines by quantity; the ENT by pupils) and a 2 % coordination fee.
/// Figures (cents): hub 351 242 HT + 70 248 VAT, lines 124 848 + 24 970, ENT 520 000 + 104 000; fee 2 % of 996 090 =
/// 19 922 HT + 3 984 VAT; totals 1 016 012 HT, 203 202 VAT, 1 219 214 TTC.
/// </summary>
public static class StatementSample
{
    public const long HtCents = 1_016_012;
    public const long VatCents = 203_202;
    public const long TtcCents = 1_219_214;

    public static readonly DocumentParty Coordinator = new("Somme Numérique", ["SIRET 25800012300018", "1 rue de la République", "80000 Amiens"]);

    /// <summary>Statement n of 2026 (<c>2026-0001</c>…), for « Membre n » except n = 1, Amiens Métropole.</summary>
    public static StatementModel Quarter(int n = 1)
    {
        var name = n == 1 ? "CA Amiens Métropole" : "Membre " + n.ToString("0000", CultureInfo.InvariantCulture);
        return new StatementModel
        {
            Coordinator = Coordinator,
            Member = new DocumentParty(name, ["SIREN 248000531", "Place de l'Hôtel de Ville", "80000 Amiens"]),
            Number = "2026-" + n.ToString("0000", CultureInfo.InvariantCulture),
            IssuedOn = new DateOnly(2026, 4, 15),
            PeriodFrom = new DateOnly(2026, 1, 1),
            PeriodTo = new DateOnly(2026, 3, 31),
            DueOn = new DateOnly(2026, 5, 15),
            Contracts =
            [
                new StatementContract("2026-TEL-01", "Téléphonie fixe et accès internet",
                [
                    new StatementLine("Hub télécom mutualisé – facture F-2026-0042", "Population municipale 2026", "133 755", "571 211", 23.4161m, 351_242, 70_248),
                    new StatementLine("Lignes fixes – facture F-2026-0043", "Quantités du marché", "412", "1 650", 24.9697m, 124_848, 24_970),
                ]),
                new StatementContract("ENT-2024", "Espace numérique de travail des écoles",
                [
                    new StatementLine("Abonnement ENT – 1er trimestre", "Élèves 2026", "12 480", "48 000", 26m, 520_000, 104_000),
                ]),
            ],
            CoordinationFee = new StatementLine("Frais de coordination", "2 % du montant HT", "9 960,90 €", "—", 2m, 19_922, 3_984),
            HtCents = HtCents,
            VatCents = VatCents,
            TtcCents = TtcCents,
            Payment = new StatementPayment("Trésorerie d'Amiens Municipale", "FR76 3000 1000 6400 0000 0000 123", "BDFEFRPPCCT", "Service financier : finances@somme-numerique.fr"),
            Place = "Amiens",
        };
    }
}
