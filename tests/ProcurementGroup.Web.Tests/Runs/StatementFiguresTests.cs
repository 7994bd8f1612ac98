using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Features.Statements;
using ProcurementGroup.Web.Tests.Costs;
using ProcurementGroup.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace ProcurementGroup.Web.Tests.Runs;

/// <summary>
/// Issue 9, Done when: for every member of an issued run whose shares carry remainders, the statement PDF's text
/// (PdfPig) carries the same figures as the run page (AngleSharp) and the accounting CSV export: the totals HT, VAT and
/// TTC, and each of its lines. No Hangfire server runs: the test runs the batch as Hangfire would.
/// </summary>
public sealed class StatementFiguresTests(FinanceFlowTests.NoJobServerApp app) : IClassFixture<FinanceFlowTests.NoJobServerApp>
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly DateOnly LongAgo = new(2020, 1, 1);

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim();

    /// <summary>An amount as a page prints it (« 1 234,56 € », « avoir de 3,00 € ») in cents.</summary>
    private static long Cents(string text)
    {
        var plain = Plain(text);
        var credit = plain.StartsWith("avoir de ", StringComparison.Ordinal);
        var number = plain.Replace("avoir de ", string.Empty, StringComparison.Ordinal).Replace("€", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        var cents = (long)(decimal.Parse(number, NumberStyles.Number, French) * 100);
        return credit ? -cents : cents;
    }

    /// <summary>An amount as the CSV writes it (euros, French decimal comma) in cents.</summary>
    private static long CsvCents(string text) => (long)(decimal.Parse(text, NumberStyles.Number, French) * 100);

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return Plain(string.Join("\n", pdf.GetPages().Select(p => p.Text)));
    }

    [Fact]
    public async Task StatementPdf_CarriesTheRunPagesAndTheCsvsFigures_ForEveryMember_WithRemainders()
    {
        // Three members, quantities 1, 2 and 4; the key is 30 % equal shares + 70 % by quantity, so no share is whole:
        // 1 000,01 € HT at 20 % and 333,33 € HT at 5,5 % are split with remainders (largest remainder, to the cent).
        var s = await CostArrangement.MembersAsync(app, ("A", LongAgo), ("B", LongAgo), ("C", LongAgo));
        var contract = await CostArrangement.ContractAsync(app, s, ("A", 1000), ("B", 2000), ("C", 4000));
        var finance = await app.LoginAsync(CostsHttpTests.Finance);
        await CostsHttpTests.NoFeeAsync(finance); // the demo sets a 2 % fee for the whole coordinator
        await CostsHttpTests.KeyAsync(finance, contract, new() { ["PercentEqual"] = "30", ["PercentQuantity"] = "70" }, year: string.Empty);
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-R1", "Hub mutualisé", "1 000,01"));
        await CostsHttpTests.CreateAsync(finance, contract, CostsHttpTests.Entry("F-R2", "Ressources numériques", "333,33", vat: "5,5"));
        var runId = await CostsHttpTests.PreviewAsync(finance, s.GroupId);
        var runPage = "/Runs/Details/" + TestApp.Id(runId);
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(runPage, "/Runs/Issue/" + TestApp.Id(runId), new Dictionary<string, string> { ["version"] = "1", ["confirm"] = "true" })).StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatementBatchJob>().GenerateAsync(runId, CancellationToken.None);
        }

        // The screen: each member's totals and statement number, and its lines.
        var page = await finance.GetDocumentAsync(runPage);
        var screen = page.QuerySelectorAll("[data-testid=member-totals] tbody tr").ToDictionary(
            r => Plain(r.QuerySelector("[data-field=Number]")!.TextContent),
            r => (Name: Plain(r.QuerySelector("th")!.TextContent), Ht: Cents(r.QuerySelector("[data-field=Ht]")!.TextContent), Vat: Cents(r.QuerySelector("[data-field=Vat]")!.TextContent), Ttc: Cents(r.QuerySelector("[data-field=Ttc]")!.TextContent)));
        Assert.Equal(3, screen.Count);
        Assert.Equal(100_001L + 33_333, screen.Values.Sum(m => m.Ht));
        Assert.Equal(20_000L + 1_833, screen.Values.Sum(m => m.Vat));
        var lines = page.QuerySelectorAll("[data-testid=shares] tbody tr")
            .Select(r => (Member: Plain(r.QuerySelector("th")!.TextContent), Cells: r.QuerySelectorAll("td").Select(c => Plain(c.TextContent)).ToList()))
            .ToList();
        Assert.Equal(6, lines.Count);
        // With remainders: weights 0,2 / 0,3 / 0,5 of 1 000,01 € are 200,002 / 300,003 / 500,005 €; the leftover cent goes to
        // the largest remainder (C). Of 333,33 €: 66,666 / 99,999 / 166,665 €, two leftover cents to B then A.
        long Ht(string member, string label) => Cents(lines.Single(l => l.Member == s.MemberName(member) && l.Cells[1] == label).Cells[6]);
        Assert.Equal([20_000L, 30_000, 50_001], new[] { "A", "B", "C" }.Select(m => Ht(m, "Hub mutualisé")));
        Assert.Equal([6_667L, 10_000, 16_666], new[] { "A", "B", "C" }.Select(m => Ht(m, "Ressources numériques")));

        // The accounting CSV: one line per statement.
        var bytes = await finance.GetByteArrayAsync($"/Runs/Export/{TestApp.Id(runId)}?format=csv");
        var csv = IndependentSheetReader.CsvRecords(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), ';').Where(r => r.Count > 1).Skip(1)
            .ToDictionary(r => r[0], r => (Name: r[1], Ht: CsvCents(r[9]), Vat: CsvCents(r[10]), Ttc: CsvCents(r[11])));
        Assert.Equal(screen.Keys.Order(StringComparer.Ordinal), csv.Keys.Order(StringComparer.Ordinal));

        var statements = await app.QueryAsync<(long Id, string Number, long Ht, long Vat, long Ttc)>("SELECT Id, Number, HtCents, VatCents, TtcCents FROM Statements WHERE RunId = @runId", new { runId });
        Assert.Equal(3, statements.Count);
        foreach (var statement in statements)
        {
            var shown = screen[statement.Number];
            Assert.Equal((statement.Ht, statement.Vat, statement.Ttc), (shown.Ht, shown.Vat, shown.Ttc));
            Assert.Equal((shown.Name, shown.Ht, shown.Vat, shown.Ttc), csv[statement.Number]);

            using var response = await finance.GetAsync("/Statements/Download/" + TestApp.Id(statement.Id));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = PdfText(await response.Content.ReadAsByteArrayAsync());
            Assert.Contains(statement.Number, text, StringComparison.Ordinal);
            Assert.Contains(shown.Name, text, StringComparison.Ordinal);
            foreach (var amount in new[] { shown.Ht, shown.Vat, shown.Ttc })
            {
                Assert.True(text.Contains(Plain(FrenchFormat.Money(amount)), StringComparison.Ordinal), $"{statement.Number}: {FrenchFormat.Money(amount)} not in\n{text}");
            }

            // Each of the member's lines on the screen: its HT, VAT and TTC are in the PDF.
            var own = lines.Where(l => l.Member == shown.Name).ToList();
            Assert.Equal(2, own.Count);
            foreach (var line in own)
            {
                Assert.Contains(line.Cells[1], text, StringComparison.Ordinal);
                foreach (var cell in line.Cells.Skip(6))
                {
                    Assert.True(text.Contains(cell, StringComparison.Ordinal), $"{statement.Number}, {line.Cells[1]}: {cell} not in\n{text}");
                }
            }
        }
    }
}
