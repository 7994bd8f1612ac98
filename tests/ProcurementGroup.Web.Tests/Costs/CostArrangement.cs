using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Testing;
using ProcurementGroup.Web.Tests.Infrastructure;
using ProcurementGroup.Web.Tests.Suppliers;

namespace ProcurementGroup.Web.Tests.Costs;

/// <summary>
/// A groupement with its members (through <see cref="Scenario"/>), and a contract they take part in, recorded through
/// <see cref="Scenario.ContractAsync"/> as the contracts slice records a contract without a tender.
/// </summary>
internal static class CostArrangement
{
    public static Task<ScenarioResult> MembersAsync(TestApp app, params (string Name, DateOnly Joined)[] members)
    {
        var scenario = app.Arrange();
        foreach (var (name, joined) in members)
        {
            scenario.Member(name, m => m.Joined(joined));
        }

        return scenario.Campaign("Dépenses", c => c.Lot(1, "Lot unique", l => l.Item("ART", 100, PricePeriod.Monthly))).BuildAsync();
    }

    public static async Task<long> ContractAsync(TestApp app, ScenarioResult s, params (string Member, long QuantityMilli)[] participants)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        var now = DateTime.UtcNow;
        var supplierId = await new SupplierRepository(app.ConnectionFactory).InsertAsync(c, null, new Supplier
        {
            Name = "Fournisseur " + s.Tag, Siret = TestSirets.Random(), AddressLine1 = "1 rue de la Gare", PostalCode = "80000", City = "Amiens",
            ContactEmail = "contact@fournisseur.example", CreatedAtUtc = now, UpdatedAtUtc = now,
        });
        return await Scenario.ContractAsync(
            app.ConnectionFactory, s.GroupId, supplierId, "M-" + s.Tag, 10_000_000, [("Ligne", 100_000)], [.. participants.Select(p => (s.MemberId(p.Member), new[] { p.QuantityMilli }))]);
    }

    /// <summary>The member's recorded allocation bases for the year, as the members' bases page saves them.</summary>
    public static async Task BaseAsync(TestApp app, long memberId, int year, long population, long? pupils = null)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        await new MemberRepository(app.ConnectionFactory).UpsertBaseAsync(c, null, new MemberAllocationBase
        {
            MemberId = memberId, Year = year, PopulationMunicipale = population, PopulationTotale = population + 100, Pupils = pupils,
        });
    }
}
