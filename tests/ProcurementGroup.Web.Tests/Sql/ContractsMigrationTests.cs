using Dapper;
using Microsoft.Data.Sqlite;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// Migration 0014 rebuilds Contracts on SQLite (TenderLotId becomes NULL-able): a database with signed contracts keeps
/// their rows and ids, gets PurchasingGroupId, Title, LotLabel and StartsOn from the tender, the same indexes (the lot's
/// unique index filtered), and its AUTOINCREMENT counter goes on (a deleted contract's id is not reused).
/// </summary>
public sealed class ContractsMigrationTests
{
    [Fact]
    public void Migration0014_OnADatabaseWithContracts_KeepsRowsIdsIndexesAndCounter_BackfillsFromTheTender()
    {
        using var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        var scripts = MigrationRunner.ScriptNames(DatabaseProvider.Sqlite);
        var migration = scripts.Single(n => n.EndsWith("0014_contracts_costs.sql", StringComparison.Ordinal));
        foreach (var name in scripts.TakeWhile(n => n != migration))
        {
            connection.Execute(MigrationRunner.ReadScript(name));
        }

        // The state issue 8 left: two signed lots (written as its signing did), and a third contract deleted since.
        connection.Execute(
            """
            INSERT INTO PurchasingGroups (Id, Name, NameSearch, Domain, StartDate, CreatedAtUtc, UpdatedAtUtc) VALUES (7, 'Télécoms', 'telecoms', 1, '2024-01-01', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            INSERT INTO NeedsCampaigns (Id, PurchasingGroupId, Title, OpensAtUtc, ClosesAtUtc, PlannedLaunchDate, DurationMonths, Status, Version, CreatedAtUtc, UpdatedAtUtc, Nature, ContractForm)
                VALUES (3, 7, 'Téléphonie', '2026-01-01 00:00:00', '2026-02-01 00:00:00', '2026-03-01', 24, 2, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 2, 1);
            INSERT INTO Tenders (Id, CampaignId, Reference, Object, Nature, ProcedureType, ContractForm, DurationMonths, Techniques, ModalitesExecution, Ccag, TypeGroupementOperateurs,
                LieuExecutionCode, LieuExecutionTypeCode, TypesPrix, FormePrix, ConsiderationsSociales, ConsiderationsEnvironnementales, SnapshotDate, SnapshotAtUtc, CreatedAtUtc, UpdatedAtUtc)
                VALUES (5, 3, '2026-TEL-01', 'Services de télécommunications', 2, 2, 1, 24, 'Accord-cadre', 'Bons de commande', 'CCAG-TIC', 'Pas de groupement', '80', 'Code département',
                'Définitif révisable', 'Unitaire', 'Pas de considération sociale', 'Critère environnemental', '2026-03-01', '2026-03-01 00:00:00', '2026-03-01 00:00:00', '2026-03-01 00:00:00');
            INSERT INTO TenderLots (Id, TenderId, LotNumber, Title, ProcedureType) VALUES (11, 5, 1, 'Téléphonie fixe', 2), (12, 5, 2, 'Téléphonie mobile', 2), (13, 5, 3, 'Internet', 2);
            INSERT INTO Suppliers (Id, Name, NameSearch, Siret, AddressLine1, PostalCode, City, ContactEmail, CreatedAtUtc, UpdatedAtUtc)
                VALUES (2, 'Alpha', 'alpha', '51299765100017', '1 rue', '80000', 'Amiens', 'a@example.org', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            INSERT INTO Contracts (Id, TenderLotId, Reference, SupplierId, SignedOn, NotifiedOn, DurationMonths, AmountCents, IsMaximum, CpvCode, PriceForm, Version, CreatedAtUtc, UpdatedAtUtc)
                VALUES (4, 11, 'M-TEL-01', 2, '2026-05-02', '2026-05-04', 24, 50000000, 1, '64210000-1', 'Unitaire', 1, '2026-05-02 00:00:00', '2026-05-02 00:00:00'),
                       (9, 12, 'M-TEL-02', 2, '2026-05-03', NULL, 24, 30000000, 1, '64212000-5', 'Unitaire', 2, '2026-05-03 00:00:00', '2026-05-03 00:00:00'),
                       (10, 13, 'M-TEL-03', 2, '2026-05-03', NULL, 24, 10000000, 1, '72400000', 'Unitaire', 1, '2026-05-03 00:00:00', '2026-05-03 00:00:00');
            DELETE FROM Contracts WHERE Id = 10;
            """);

        connection.Execute(MigrationRunner.ReadScript(migration));

        Assert.Equal(
            [(4L, 7L, 11L, "M-TEL-01", "Services de télécommunications", "Téléphonie fixe", "2026-05-04", 50_000_000L, 1L), (9L, 7L, 12L, "M-TEL-02", "Services de télécommunications", "Téléphonie mobile", (string?)null, 30_000_000L, 2L)],
            connection.Query<(long, long, long, string, string, string, string?, long, long)>(
                "SELECT Id, PurchasingGroupId, TenderLotId, Reference, Title, LotLabel, StartsOn, AmountCents, Version FROM Contracts ORDER BY Id"));
        Assert.Equal(
            ["IX_Contracts_AccordCadre", "IX_Contracts_Group", "IX_Contracts_Supplier", "UX_Contracts_Lot", "UX_Contracts_Reference"],
            connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Contracts' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        Assert.Empty(connection.Query<string>("SELECT name FROM sqlite_master WHERE name = 'Contracts_Old'"));
        Assert.Empty(connection.Query("PRAGMA foreign_key_check"));

        // A contract without a tender is now possible, and takes the next id after the deleted one.
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO Contracts (PurchasingGroupId, TenderLotId, Reference, Title, SupplierId, SignedOn, DurationMonths, AmountCents, CpvCode, PriceForm, CreatedAtUtc, UpdatedAtUtc)
            VALUES (7, NULL, 'ENT-2024-01', 'ENT', 2, '2024-06-14', 48, 48000000, '48190000-6', 'Unitaire', '2026-06-01 00:00:00', '2026-06-01 00:00:00') RETURNING Id
            """);
        Assert.Equal(11, id);

        // Still one contract per tender lot.
        Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO Contracts (PurchasingGroupId, TenderLotId, Reference, Title, SupplierId, SignedOn, DurationMonths, AmountCents, CpvCode, PriceForm, CreatedAtUtc, UpdatedAtUtc) VALUES (7, 11, 'M-TEL-09', 'x', 2, '2026-05-02', 24, 1, '64210000-1', 'Unitaire', '2026-06-01', '2026-06-01')"));
    }
}
