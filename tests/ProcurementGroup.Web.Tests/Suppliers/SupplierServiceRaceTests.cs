using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Features.Suppliers;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Suppliers;

/// <summary>
/// Two officers saving the same SIRET at once: the second passes the check before the first commits, and the unique
/// index refuses its write. The answer is the French message next to the SIRET, not a server error.
/// </summary>
public sealed class SupplierServiceRaceTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The real repository, except that the in-transaction SIRET check runs "before the other save committed".</summary>
    private sealed class CheckBeforeOtherCommit(ISupplierRepository inner) : ISupplierRepository
    {
        public Task<(IReadOnlyList<SupplierListRow> Rows, int Total)> SearchAsync(SupplierQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

        public Task<Supplier?> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<Supplier?> GetAsync(DbConnection connection, DbTransaction? transaction, long id) => inner.GetAsync(connection, transaction, id);

        public Task<Supplier?> GetBySiretAsync(DbConnection connection, DbTransaction? transaction, string siret) =>
            transaction is null ? inner.GetBySiretAsync(connection, transaction, siret) : Task.FromResult<Supplier?>(null);

        public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier) => inner.InsertAsync(connection, transaction, supplier);

        public Task<bool> UpdateAsync(DbConnection connection, DbTransaction? transaction, Supplier supplier) => inner.UpdateAsync(connection, transaction, supplier);

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
    }

    private static Supplier New(string name, string siret) => new()
    {
        Name = name,
        Siret = siret,
        AddressLine1 = "1 place Gambetta",
        PostalCode = "80000",
        City = "Amiens",
        ContactEmail = "contact@exemple.fr",
    };

    private async Task<long> ScalarAsync(string sql, object args)
    {
        await using var c = await app.ConnectionFactory.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task CreateAndEdit_SiretTakenBetweenCheckAndWrite_FrenchMessageOnSiret_NothingSaved()
    {
        using var scope = app.Services.CreateScope();
        var real = scope.ServiceProvider.GetRequiredService<ISupplierRepository>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var service = new SupplierService(app.ConnectionFactory, real, audit, TimeProvider.System);
        var racing = new SupplierService(app.ConnectionFactory, new CheckBeforeOtherCommit(real), audit, TimeProvider.System);
        var (siret, other) = (TestSirets.Random(), TestSirets.Random());
        Assert.Equal(SaveStatus.Saved, (await service.CreateAsync(New("Premier arrivé", siret))).Status);
        var second = await service.CreateAsync(New("Autre fournisseur", other));

        var created = await racing.CreateAsync(New("Second arrivé", siret));
        var edit = New("Autre fournisseur", siret);
        edit.Id = second.Id;
        edit.Version = 1;
        var edited = await racing.UpdateAsync(edit);

        foreach (var result in new[] { created, edited })
        {
            Assert.Equal(SaveStatus.Invalid, result.Status);
            Assert.Equal((nameof(Supplier.Siret), "Ce SIRET est déjà celui du fournisseur « Premier arrivé »."), Assert.Single(result.Errors!));
        }

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Suppliers WHERE Siret = @siret", new { siret }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Suppliers WHERE Name = 'Second arrivé'", new { }));
        Assert.Equal(1, await ScalarAsync("SELECT Version FROM Suppliers WHERE Id = @id AND Siret = @other", new { id = second.Id, other }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM AuditLog WHERE EntityType = 'Supplier' AND EntityId = @id AND Action = 'Updated'", new { id = second.Id }));
    }
}
