using Dapper;
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
/// A groupement with its members (through <see cref="Scenario"/>), and a contract they take part in. The contract rows are
/// written as the contracts slice records a contract without a tender (Contracts, ContractMembers, ContractItems and
/// ContractMemberQuantities of migration 0014); when that slice's repository is merged, <see cref="ContractAsync"/> should
/// call it instead.
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
        var contractId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO Contracts (PurchasingGroupId, Reference, Title, SupplierId, SignedOn, NotifiedOn, StartsOn, DurationMonths, AmountCents, IsMaximum, CpvCode, PriceForm, Version, CreatedAtUtc, UpdatedAtUtc)
            VALUES (@groupId, @reference, 'Hub télécom mutualisé', @supplierId, '2025-12-01', '2025-12-15', '2026-01-01', 36, 10000000, 0, '64200000', 'Unitaire', 1, @now, @now)
            RETURNING Id
            """,
            new { groupId = s.GroupId, reference = "M-" + s.Tag, supplierId, now });
        var itemId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO ContractItems (ContractId, Position, Label, Unit, UnitPriceTenThousandths, PricePeriod, QuantityBasis, VatRateBasisPoints) VALUES (@contractId, 1, 'Ligne', 'ligne', 100000, 2, 1, 2000) RETURNING Id",
            new { contractId });
        foreach (var (member, quantity) in participants)
        {
            var memberId = s.MemberId(member);
            await c.ExecuteAsync("INSERT INTO ContractMembers (ContractId, MemberId) VALUES (@contractId, @memberId)", new { contractId, memberId });
            await c.ExecuteAsync(
                "INSERT INTO ContractMemberQuantities (ContractId, MemberId, ContractItemId, QuantityMilli) VALUES (@contractId, @memberId, @itemId, @quantity)",
                new { contractId, memberId, itemId, quantity });
        }

        return contractId;
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
