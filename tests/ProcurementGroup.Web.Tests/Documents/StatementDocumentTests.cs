using System.Security.Cryptography;
using ProcurementGroup.Documents;
using ProcurementGroup.Documents.Statements;
using ProcurementGroup.Testing;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Documents;

/// <summary>The member's statement PDF (<see cref="StatementDocument"/>) over <see cref="StatementSample"/>, read back with PdfPig.</summary>
public sealed class StatementDocumentTests
{
    private static StatementTemplates Templates => StatementTemplates.Load(AppContext.BaseDirectory);

    private static string Text(PdfDocument pdf) =>
        string.Join("\n", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static void ContainsAll(string text, params string[] expected)
    {
        foreach (var e in expected)
        {
            Assert.True(text.Contains(e, StringComparison.Ordinal), $"Not found: {e}\nIn the document's text:\n{text}");
        }
    }

    [Fact]
    public void Statement_PrintsIdentitiesNumberPeriodLinesByContractTotalsAndPayment()
    {
        using var pdf = PdfDocument.Open(StatementDocument.Render(StatementSample.Quarter(), Templates));
        var text = Text(pdf);

        Assert.Equal("État de répartition n° 2026-0001", pdf.Information.Title);
        Assert.Equal(1, pdf.NumberOfPages);
        ContainsAll(
            text,
            "Somme Numérique",
            "SIRET 25800012300018",
            "CA Amiens Métropole",
            "SIREN 248000531",
            "À Amiens, le 15/04/2026",
            "État de répartition n° 2026-0001",
            "Période du 01/01/2026 au 31/03/2026",
            "Date limite de paiement : 15/05/2026",
            "Marché 2026-TEL-01 – Téléphonie fixe et accès internet",
            "2026133 755571 21123,4161 %3 512,42 €702,48 €4 214,90 €",
            "marché4121 65024,9697 %1 248,48 €249,70 €1 498,18 €",
            "Sous-total4 760,90 €952,18 €5 713,08 €",
            "Marché ENT-2024 – Espace numérique de travail des écoles",
            "Élèves 202612 48048 00026 %5 200,00 €1 040,00 €6 240,00 €",
            "Frais de coordination",
            "HT9 960,90 €—2 %199,22 €39,84 €239,06 €",
            "Total HT : 10 160,12 €",
            "TVA : 2 032,02 €",
            "Total TTC à payer : 12 192,14 €",
            "régler la somme de 12 192,14 € avant le 15/05/2026",
            "Trésorerie d'Amiens Municipale",
            "IBAN FR76 3000 1000 6400 0000 0000 123 (BIC",
            "BDFEFRPPCCT), en rappelant la référence 2026-0001",
            "référence 2026-0001",
            "Service financier : finances@somme-numerique.fr",
            "Somme Numérique – 2026-0001",
            "Page 1 / 1");
    }

    [Fact]
    public void Credit_IsAnAvoirWithItsRectifiedNumberAndNoPaymentDemand()
    {
        var credit = StatementSample.Quarter() with
        {
            Number = "2026-0017",
            IsCredit = true,
            RectifiesNumber = "2026-0001",
            Contracts = [new StatementContract("ENT-2024", "Espace numérique de travail des écoles", [new StatementLine("Abonnement ENT – correction des effectifs", "Élèves 2026", "-120", "48 000", -0.25m, -5_000, -1_000)])],
            CoordinationFee = null,
            HtCents = -5_000,
            VatCents = -1_000,
            TtcCents = -6_000,
        };

        using var pdf = PdfDocument.Open(StatementDocument.Render(credit, Templates));
        var text = Text(pdf);

        Assert.Equal("avoir-2026-0017.pdf", StatementDocument.FileName(credit));
        ContainsAll(text, "Avoir n° 2026-0017", "Cet état rectifie l'état n° 2026-0001.", "Montant de l'avoir TTC : -60,00 €", "Le montant de 60,00 € sera déduit");
        Assert.DoesNotContain("Date limite de paiement", text, StringComparison.Ordinal);
        Assert.DoesNotContain("régler la somme", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Frais de coordination", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SameModel_TwoGenerations_AreByteIdentical_AndAnotherStatementDiffers()
    {
        var first = StatementDocument.Render(StatementSample.Quarter(), Templates);
        var second = StatementDocument.Render(StatementSample.Quarter(), Templates);
        var other = StatementDocument.Render(StatementSample.Quarter(2), Templates);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        using var pdf = PdfDocument.Open(first);
        using var otherPdf = PdfDocument.Open(other);
        Assert.Equal("D:20260415000000+00'00", pdf.Information.CreationDate?.TrimEnd('\''));
        Assert.Equal(pdf.Information.CreationDate, pdf.Information.ModifiedDate);
        Assert.NotEqual(DocumentId(first), DocumentId(other));
        var raw = System.Text.Encoding.Latin1.GetString(first);
        Assert.Contains("/AAAAAA+Liberation", raw, StringComparison.Ordinal);

        var withLogo = StatementSample.Quarter() with { Coordinator = StatementSample.Coordinator with { Logo = Logo() } };
        Assert.Equal(StatementDocument.Render(withLogo, Templates), StatementDocument.Render(withLogo, Templates));
    }

    [Fact]
    public void Statement_EmbedsOneFontSubset_RegularFaceOnly_AndStaysUnder60KB()
    {
        var bytes = StatementDocument.Render(StatementSample.Quarter(), Templates);
        var raw = System.Text.Encoding.Latin1.GetString(bytes);

        // One face (issue 9 benchmarks): one subset, the regular one; a second face would embed a second ~35 KB subset.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(raw, "/FontFile2 "));
        Assert.Contains("/AAAAAA+Liberation", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/AAAAAB+", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Bold", raw, StringComparison.Ordinal);
        Assert.InRange(bytes.Length, 1, 60_000);
        using var pdf = PdfDocument.Open(bytes);
        Assert.All(pdf.GetPage(1).Letters, l => Assert.DoesNotContain("Bold", l.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void LongStatement_BreaksPagesAndStaysIdentical()
    {
        var lines = Enumerable.Range(1, 80)
            .Select(i => new StatementLine($"Ligne mobile n° {i}", "Quantités du marché", "1", "80", 1.25m, 1_000, 200))
            .ToList();
        var model = StatementSample.Quarter() with { Contracts = [new StatementContract("2026-MOB-01", "Téléphonie mobile", lines)], CoordinationFee = null, HtCents = 80_000, VatCents = 16_000, TtcCents = 96_000 };

        var bytes = StatementDocument.Render(model, Templates);
        using var pdf = PdfDocument.Open(bytes);

        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} page(s)");
        Assert.Contains("Ligne mobile n° 80", Text(pdf), StringComparison.Ordinal);
        Assert.Equal(bytes, StatementDocument.Render(model, Templates));
    }

    [SkippableFact]
    public async Task Statement_PassesQpdfCheck()
    {
        await Qpdf.CheckAsync(StatementDocument.Render(StatementSample.Quarter(), Templates));
        await Qpdf.CheckAsync(StatementDocument.Render(StatementSample.Quarter() with { Coordinator = StatementSample.Coordinator with { Logo = Logo() } }, Templates));
    }

    [Fact]
    public void Templates_MissingFileOrSection_IsRefusedByName()
    {
        var folder = Directory.CreateTempSubdirectory("statements-");
        try
        {
            var missingFile = Assert.Throws<FileNotFoundException>(() => StatementTemplates.FromDirectory(folder.FullName));
            Assert.Contains("templates/statements/statement.txt", missingFile.Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(folder.FullName, "statement.txt"), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "templates", "statements", "statement.txt")).Replace("## Paiement", "## Autre", StringComparison.Ordinal));
            var missingSection = Assert.Throws<InvalidDataException>(() => StatementTemplates.FromDirectory(folder.FullName));
            Assert.Contains("## Paiement", missingSection.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string DocumentId(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var at = text.LastIndexOf("/ID", StringComparison.Ordinal);
        return text.Substring(at, 80);
    }

    // A 1×1 PNG: the letterhead's logo must not bring randomness back in.
    private static byte[] Logo() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
