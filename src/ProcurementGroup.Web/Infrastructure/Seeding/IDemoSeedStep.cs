namespace ProcurementGroup.Web.Infrastructure.Seeding;

/// <summary>One part of the demo data; steps run in <see cref="Order"/> on an empty database in Development or with -- seed-demo.</summary>
public interface IDemoSeedStep
{
    int Order { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}
