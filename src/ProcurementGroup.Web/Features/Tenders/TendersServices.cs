using ProcurementGroup.Data.Tenders;
using ProcurementGroup.Documents.Tenders;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Tenders;

public static class TendersServices
{
    /// <summary>Tenders: their persistence (tenders and DQE snapshot, offers, scores, awards and contracts, the dated offer-period rules) and the texts of its documents (templates/tenders, checked at start-up); demo step 70, the awarded telecom tender.</summary>
    public static IServiceCollection AddTendersFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITenderRepository, TenderRepository>();
        services.AddSingleton<IOfferRepository, OfferRepository>();
        services.AddSingleton<IAwardRepository, AwardRepository>();
        services.AddSingleton<IOfferPeriodRuleRepository, OfferPeriodRuleRepository>();
        services.AddSingleton(sp => TenderTemplates.Load(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        services.AddScoped<Offers.OfferService>();
        services.AddScoped<AwardService>();
        services.AddScoped<TenderService>();
        services.AddScoped<IDemoSeedStep, TendersDemoSeed>();
        return services;
    }
}
