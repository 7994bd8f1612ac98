using ProcurementGroup.Core.Members;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Coordinator;

/// <summary>Demo step 10: the coordinator, Somme Numérique (address, SIRET and IBAN are fictitious but well-formed).</summary>
public sealed class CoordinatorDemoSeed(IDbConnectionFactory factory, ICoordinatorRepository repository, TimeProvider clock) : IDemoSeedStep
{
    public int Order => 10;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await repository.GetAsync(connection, tx) is not null)
        {
            return;
        }

        await repository.SaveAsync(connection, tx, new CoordinatorSettings
        {
            Name = "Somme Numérique",
            Siret = "20008012500012",
            AddressLine1 = "12 rue des Jacobins",
            AddressLine2 = "CS 10001",
            PostalCode = "80000",
            City = "Amiens",
            Email = "groupements@somme-numerique.example",
            Phone = "03 22 00 00 00",
            PublicAccountant = "Paierie départementale de la Somme",
            PaymentIban = "FR76 3000 1006 4000 0008 0123 488",
            PaymentBic = "BDFEFRPPCCT",
            PaymentDetails = "Paiement par virement au comptable public à réception de l'avis des sommes à payer, en rappelant son numéro.",
            PaymentTermDays = 30,
            BudgetAccount = "70878",
            UpdatedAtUtc = clock.GetUtcNow().UtcDateTime,
        });
        await tx.CommitAsync(cancellationToken);
    }
}
