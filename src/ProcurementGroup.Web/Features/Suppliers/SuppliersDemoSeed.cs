using ProcurementGroup.Core.Suppliers;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Suppliers;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Suppliers;

/// <summary>
/// Demo step 60: six telecom and IT suppliers. The companies are fictitious; their SIRETs pass the Luhn checks of
/// SIREN and SIRET but belong to no one we know of.
/// </summary>
public sealed class SuppliersDemoSeed(IDbConnectionFactory factory, ISupplierRepository suppliers, TimeProvider clock) : IDemoSeedStep
{
    public int Order => 60;

    public static IReadOnlyList<Supplier> Demo { get; } =
    [
        Make("Picardie Fibre Entreprises", "51299765100017", "14 boulevard d'Alsace-Lorraine", null, "80000", "Amiens", "appels-offres@picardie-fibre.example"),
        Make("Hauts-de-France Télécom Services", "74131297900015", "220 avenue de la République", "CS 40012", "59000", "Lille", "marches-publics@hdf-telecom.example"),
        Make("Somme Réseaux et Téléphonie", "84373335300018", "3 rue du Moulin Quignon", null, "80100", "Abbeville", "contact@somme-reseaux.example"),
        Make("Nord Numérique Informatique", "58353681800011", "45 rue de la Haute-Borne", null, "59650", "Villeneuve-d'Ascq", "collectivites@nord-numerique.example"),
        Make("Éducation Connectée ENT", "55509158600019", "8 rue de Lyon", "Bâtiment B", "75012", "Paris", "secteur-public@education-connectee.example"),
        Make("Opale Mobile Pro", "52364198300011", "27 quai Gambetta", null, "62200", "Boulogne-sur-Mer", "ao@opale-mobile.example"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await suppliers.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var template in Demo)
        {
            var supplier = Copy(template);
            supplier.CreatedAtUtc = supplier.UpdatedAtUtc = now;
            await suppliers.InsertAsync(connection, tx, supplier);
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static Supplier Make(string name, string siret, string address1, string? address2, string postalCode, string city, string email) => new()
    {
        Name = name,
        Siret = siret,
        AddressLine1 = address1,
        AddressLine2 = address2,
        PostalCode = postalCode,
        City = city,
        ContactEmail = email,
    };

    private static Supplier Copy(Supplier s) => Make(s.Name, s.Siret, s.AddressLine1, s.AddressLine2, s.PostalCode, s.City, s.ContactEmail);
}
