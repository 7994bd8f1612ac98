using System.Text;
using MiniExcelLibs;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.NeedsDocuments;

namespace ProcurementGroup.Web.Tests.Aggregation;

/// <summary>Issue 6, defect 3 on the aggregation exports: text neutralised, numbers still numbers.</summary>
public sealed class AggregationExportSafetyTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Exports_FormulaLikeLotTitleAndMemberName_AreNeutralisedText_AmountsStayNumbers()
    {
        var b = await app.ClosedCampaign(12, new DateOnly(2027, 1, 15), c => c
                .Lot(1, "=HYPERLINK(\"http://exemple.invalid\")", l => l.Item("MOB", 1250, PricePeriod.OneOff)))
            .Member("@Zeta")
            .Form("@Zeta", f => f.Line("MOB", 2).Submitted())
            .BuildAsync();
        var client = await app.LoginAsync("marches@demo.local");

        var items = Csv(await client.GetByteArrayAsync($"/Aggregation/{b.CampaignId}/Export?format=csv&table=items"));
        var members = Csv(await client.GetByteArrayAsync($"/Aggregation/{b.CampaignId}/Export?format=csv&table=members"));
        var xlsx = await client.GetByteArrayAsync($"/Aggregation/{b.CampaignId}/Export?format=xlsx");

        Assert.Contains("1;\"'=HYPERLINK(\"\"http://exemple.invalid\"\")\";MOB;", items, StringComparison.Ordinal);
        Assert.Contains($"'{b.MemberName("@Zeta")};Soumis;25;30", members, StringComparison.Ordinal);
        Assert.Equal(0, IndependentSheetReader.FormulaCount(xlsx));
        var lot = new MemoryStream(xlsx).Query(useHeaderRow: true, sheetName: "Articles").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal("'=HYPERLINK(\"http://exemple.invalid\")", lot["Titre du lot"]);
        Assert.Equal(12.5d, lot["Prix unitaire HT (€)"]);
    }

    private static string Csv(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
}
