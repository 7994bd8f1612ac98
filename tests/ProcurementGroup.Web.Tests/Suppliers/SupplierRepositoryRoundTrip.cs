using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Tests.Sql;

namespace ProcurementGroup.Web.Tests.Suppliers;

/// <summary>Insert, get, search by name (accents ignored) or SIRET, paging, update with the version check, SIRET lookup: on both providers.</summary>
public sealed class SupplierRepositoryRoundTrip : DualProviderTest
{
    protected override async Task RunAsync(IDbConnectionFactory factory)
    {
        var repository = new SupplierRepository(factory);
        var tag = "Z" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var created = new DateTime(2026, 3, 29, 0, 30, 0, DateTimeKind.Utc);
        var sirets = new[] { TestSirets.Random(), TestSirets.Random(), TestSirets.Random() };
        var names = new[] { $"Télécom Écluse {tag} A", $"Telecom Ecluse {tag} B", $"Informatique {tag} C" };
        var ids = new List<long>();
        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await repository.InsertAsync(connection, tx, new Supplier
                {
                    Name = names[i],
                    Siret = sirets[i],
                    AddressLine1 = "1 rue de la Gare",
                    AddressLine2 = i == 0 ? "CS 20001" : null,
                    PostalCode = "80000",
                    City = "Amiens",
                    ContactEmail = $"contact{i}@exemple.fr",
                    CreatedAtUtc = created,
                    UpdatedAtUtc = created,
                }));
            }

            await tx.CommitAsync();
        }

        var first = await repository.GetAsync(ids[0]);
        Assert.NotNull(first);
        Assert.Equal(names[0], first.Name);
        Assert.Equal(sirets[0], first.Siret);
        Assert.Equal("CS 20001", first.AddressLine2);
        Assert.Equal(1, first.Version);
        Assert.Equal(created, first.CreatedAtUtc);
        Assert.Equal(DateTimeKind.Utc, first.CreatedAtUtc.Kind);

        // "ecluse" finds both spellings; the tag keeps rows of earlier runs out.
        var (byName, byNameTotal) = await repository.SearchAsync(new SupplierQuery($"ecluse {tag.ToLowerInvariant()}", 0, 50));
        Assert.Equal(2, byNameTotal);
        Assert.Equal(new[] { ids[0], ids[1] }.Order(), byName.Select(r => r.Id).Order());

        var (bySiret, bySiretTotal) = await repository.SearchAsync(new SupplierQuery(TestSirets.Spaced(sirets[2]), 0, 50));
        Assert.Equal(1, bySiretTotal);
        Assert.Equal(ids[2], Assert.Single(bySiret).Id);

        // Paging: one row per page, ordered by the folded name (INFORMATIQUE, TELECOM ECLUSE … A, TELECOM ECLUSE … B).
        var (page2, pagedTotal) = await repository.SearchAsync(new SupplierQuery(tag, 1, 1));
        Assert.Equal(3, pagedTotal);
        Assert.Equal(ids[0], Assert.Single(page2).Id);

        await using (var connection = await factory.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.Equal(ids[1], (await repository.GetBySiretAsync(connection, tx, sirets[1]))!.Id);
            Assert.Null(await repository.GetBySiretAsync(connection, tx, TestSirets.Random()));

            var edited = (await repository.GetAsync(connection, tx, ids[0]))!;
            edited.Name = $"Télécom Écluse {tag} A renommée";
            edited.UpdatedAtUtc = created.AddDays(1);
            Assert.True(await repository.UpdateAsync(connection, tx, edited));
            Assert.Equal(2, edited.Version);

            // The same version again: someone else saved first, nothing changes.
            var stale = (await repository.GetAsync(connection, tx, ids[0]))!;
            stale.Version = 1;
            stale.Name = "Écrasé";
            Assert.False(await repository.UpdateAsync(connection, tx, stale));
            await tx.CommitAsync();
        }

        var after = await repository.GetAsync(ids[0]);
        Assert.Equal($"Télécom Écluse {tag} A renommée", after!.Name);
        Assert.Equal(2, after.Version);
        Assert.Equal(created.AddDays(1), after.UpdatedAtUtc);
        Assert.Equal(created, after.CreatedAtUtc);
        Assert.True(await repository.CountAsync() >= 3);
    }
}
